"""The language versions of the site, and the address prefix that chooses one.

Swedish is the source and has no prefix (``/tjanster/steget``); every
other version puts its code first (``/en/tjanster/steget``,
``/lattlast/tjanster/steget``). ``LanguagePrefix`` is a small WSGI
middleware that moves the prefix from the path into ``SCRIPT_NAME`` and
notes the language, so the app's routes stay the same and every
``url_for`` on a page in English points at English pages by itself: the
choice of language is remembered by the address, never by a cookie.

Two kinds of version (DESIGN.md section 8):

* ``FULL``: lättläst, English, Arabic and Finnish – the whole public site,
  interface and pages; a page not yet written in the language is shown in
  Swedish with a notice in the visitor's language, never a 404;
* the short guide (``/so/om``, ``/ti/om`` ...): one page in Somali,
  Tigrinya, Dari, Ukrainian and the national minority languages; any other
  address under those prefixes leads to the Swedish page.

Staff pages (``/personal``) are Swedish only: an address with a prefix is
sent to the one without.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask, g, has_request_context, request


@dataclass(frozen=True)
class Language:
    code: str  #: the address prefix ("" for Swedish), also the suffix of content files
    tag: str  #: BCP 47, for <html lang>
    name: str  #: the language's name in itself, for the language menu
    locale: str  #: the Babel locale of its interface catalogue (the short guide's chrome stays Swedish)
    direction: str = "ltr"
    full: bool = True  #: the whole site, or only the short guide
    hreflang: str = ""
    swedish_name: str = ""  #: what the (Swedish-only) staff pages call it

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def prefix(self) -> str:
        return f"/{self.code}" if self.code != SWEDISH else ""


SWEDISH = "sv"
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language("sv", "sv", "Svenska", "sv", hreflang="sv", swedish_name="svenska"),
    Language("lattlast", "sv", "Lättläst", "sv@lattlast", hreflang="sv-x-lattlast", swedish_name="lättläst svenska"),
    Language("en", "en", "English", "en", hreflang="en", swedish_name="engelska"),
    Language("ar", "ar", "العربية", "ar", "rtl", hreflang="ar", swedish_name="arabiska"),
    Language("fi", "fi", "Suomi", "fi", hreflang="fi", swedish_name="finska"),
    Language("so", "so", "Soomaali", "sv", full=False, hreflang="so", swedish_name="somaliska"),
    Language("ti", "ti", "ትግርኛ", "sv", full=False, hreflang="ti", swedish_name="tigrinja"),
    Language("prs", "prs", "دری", "sv", "rtl", full=False, hreflang="prs", swedish_name="dari"),
    Language("uk", "uk", "Українська", "sv", full=False, hreflang="uk", swedish_name="ukrainska"),
    Language("fit", "fit", "Meänkieli", "sv", full=False, hreflang="fit", swedish_name="meänkieli"),
    Language("se", "se", "Davvisámegiella", "sv", full=False, hreflang="se", swedish_name="nordsamiska"),
    Language("rom", "rom", "Romani chib", "sv", full=False, hreflang="rom", swedish_name="romani chib"),
    Language("yi", "yi", "ייִדיש", "sv", "rtl", full=False, hreflang="yi", swedish_name="jiddisch"),
)}
#: The versions of the whole site, in menu order.
FULL = tuple(code for code, lang in LANGUAGES.items() if lang.full)
#: The versions of the short guide only.
GUIDE_ONLY = tuple(code for code, lang in LANGUAGES.items() if not lang.full)
#: Content files: ``<name>.<suffix>.md`` for each version.
VERSION_CODES = tuple(code for code in LANGUAGES if code != SWEDISH)
ENVIRON_KEY = "familjeguiden.language"


class LanguagePrefix:
    """WSGI middleware: ``/en/tjanster/steget`` is ``/tjanster/steget`` in English."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        first, _, rest = path.lstrip("/").partition("/")
        if first in VERSION_CODES:
            environ[ENVIRON_KEY] = first
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "").rstrip("/") + "/" + first
            environ["PATH_INFO"] = "/" + rest
        return self.app(environ, start_response)


def current() -> Language:
    """The language of the page being made (Swedish outside a request)."""
    code = getattr(g, "language", None) if g else None
    return LANGUAGES.get(code or SWEDISH, LANGUAGES[SWEDISH])


def pick_language() -> None:
    """``before_request``: note the language the address asks for (see ``LanguagePrefix``)."""
    g.language = request.environ.get(ENVIRON_KEY, SWEDISH)


#: Root paths that are the same in every version (files, staff pages, the API).
_NOT_TRANSLATED = ("static", "personal", "api", "hsds", "openapi.json", "healthz", *VERSION_CODES)
_LOCAL_LINK = re.compile(r'href="/(?!/)([^"]*)"')


def prefix_links(html: str, code: str) -> str:
    """Links inside a page written in ``code`` lead to the pages in the same version.

    A translated page links ``[Steget](/tjanster/steget)`` like the Swedish
    one; the English reader should land on ``/en/tjanster/steget`` (which
    falls back to Swedish if that version is missing).
    """
    if code == SWEDISH or code not in LANGUAGES:
        return html

    def rewrite(match: re.Match) -> str:
        path = match.group(1)
        if path.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] in _NOT_TRANSLATED:
            return match.group(0)
        return f'href="{LANGUAGES[code].prefix}/{path}"'

    return _LOCAL_LINK.sub(rewrite, html)


def shared_url(url: str) -> str:
    """``url`` without the language prefix when it points at something every version shares.

    ``url_for`` inside ``/en/...`` builds on the prefixed script root, so
    ``/en/static/site.css`` – one copy of each file per language in every
    cache, and outside the folder a proxy serves as ``/static/``. Files,
    staff pages and the API have one address (see ``Familjeguiden.url_for``).
    """
    from urllib.parse import urlsplit, urlunsplit

    if not has_request_context() or ENVIRON_KEY not in request.environ:
        return url
    root = request.script_root
    parts = urlsplit(url)
    if not parts.path.startswith(root + "/"):
        return url
    rest = parts.path[len(root):]
    if rest.lstrip("/").split("/", 1)[0] not in _NOT_TRANSLATED:
        return url
    base = root[: -len(LANGUAGES[request.environ[ENVIRON_KEY]].prefix)]
    return urlunsplit(parts._replace(path=base + rest))


class Familjeguiden(Flask):
    """Flask, with ``url_for`` giving shared things one address in every language (``shared_url``)."""

    def url_for(self, endpoint: str, *args, **values) -> str:
        return shared_url(super().url_for(endpoint, *args, **values))


def path_in(code: str, path: str | None = None) -> str:
    """The address of this page (``path`` without prefix) in another version."""
    path = request.path if path is None else path
    return LANGUAGES[code].prefix + path
