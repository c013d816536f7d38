"""Interface strings through gettext (Flask-Babel).

Swedish is the source language: message ids are the Swedish texts people
read, so a template or module reads naturally and the Swedish site needs
no catalogue at all. Other language versions are catalogues under
``familjeguiden/translations/``. Python code never holds a user-visible
string outside ``_`` / ``_l`` / ``ngettext``, so every text can be
translated.

``_l`` (lazy) is for texts defined at import time (labels, choices),
``_`` for texts made during a request.
"""

from __future__ import annotations

from flask import Flask, g
from flask_babel import Babel, gettext, lazy_gettext, ngettext

__all__ = ["_", "_l", "ngettext", "babel", "init_app", "current_language"]

_ = gettext
_l = lazy_gettext
babel = Babel()

DEFAULT_LANGUAGE = "sv"


def current_language() -> str:
    """The language of the page being made (the URL says it; Swedish by default)."""
    return getattr(g, "language", None) or DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm")
    babel.init_app(app, locale_selector=current_language)
