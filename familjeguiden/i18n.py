"""Interface strings through gettext (Flask-Babel), in the language the address chose.

Swedish is the source language: message ids are the Swedish texts people
read, so a template or module reads naturally and the Swedish site needs
no catalogue at all. The other versions are catalogues under
``familjeguiden/translations/<locale>/LC_MESSAGES/messages.po`` (lättläst
is the locale ``sv@lattlast``: a POSIX locale modifier, as ``sr@latin``).
Python code never holds a user-visible string outside ``_`` / ``_l`` /
``ngettext``, so every text can be translated.

``_l`` (lazy) is for texts defined at import time (labels, choices),
``_`` for texts made during a request. Which language a request is in is
decided by its address (``languages.LanguagePrefix``).
"""

from __future__ import annotations

from flask import Flask, redirect, request
from flask_babel import Babel, force_locale, gettext, lazy_gettext, ngettext
from jinja2 import pass_context
from markupsafe import Markup

from . import languages

__all__ = ["_", "_l", "ngettext", "in_swedish", "babel", "init_app", "current_language", "template_gettext"]

_ = gettext
_l = lazy_gettext
babel = Babel()


def in_swedish(message: str, **variables) -> str:
    """A text stored for the (Swedish-only) staff pages, whatever language the request is in.

    A case's history is written while the asker's request runs, perhaps on
    ``/ar/fraga``; the coordinator must still read it in Swedish.
    """
    with force_locale(languages.SWEDISH):
        return gettext(message, **variables)


def current_language() -> str:
    """The code of the page's language version (``sv``, ``en``, ``lattlast`` ...)."""
    return languages.current().code


def _locale() -> str:
    return languages.current().locale


def _only_where_it_exists():
    """Staff pages are Swedish; the short guide languages have one page (``/<lang>/om``)."""
    language = languages.current()
    if language.code == languages.SWEDISH or request.endpoint == "static":
        return None
    if request.path.startswith("/personal") or (not language.full and request.path.rstrip("/") != "/om"):
        query = ("?" + request.query_string.decode("latin-1")) if request.query_string else ""
        return redirect(request.path + query, code=302)
    return None


def template_gettext(translations) -> dict:
    """``gettext`` and ``ngettext`` for a template's context, bound to one catalogue.

    They behave as the ones Flask-Babel installs with Jinja's new-style
    gettext (the text is Markup when autoescaping, and always a format
    string); the template's ``_`` finds ``gettext`` in the context first.
    Flask-Babel's own look up the locale and the catalogue again for every
    text, which made up a sixth of storing a question (its two e-mails) and
    much of the search page; ``translations`` is looked up once instead.
    """
    @pass_context
    def gettext(context, text: str, **variables) -> str:
        found = translations.ugettext(text)
        return (Markup(found) if context.eval_ctx.autoescape else found) % variables  # noqa: S704  # nosec B704 (catalogue text)

    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        found = translations.ungettext(singular, plural, num)
        return (Markup(found) if context.eval_ctx.autoescape else found) % variables  # noqa: S704  # nosec B704 (catalogue text)

    return {"gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", languages.SWEDISH)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm")
    babel.init_app(app, locale_selector=_locale)
    app.wsgi_app = languages.LanguagePrefix(app.wsgi_app)
    app.before_request(languages.pick_language)
    app.before_request(_only_where_it_exists)
