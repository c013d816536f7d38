"""Queries that name a language: "English", "arabiska", "på arabiska", "suomeksi", "العربية".

A parent who types a language's name into the search box is most likely
looking for the guide in that language, not for a service page that
happens to mention it. ``named_languages`` finds the versions a query
names (in Swedish, in English and in the language itself), and ``/sok``
and ``/api/sok`` offer a link to that version's home page (or, for the
languages with only the short guide, its ``/<lang>/om``), besides any hits.
"""

from __future__ import annotations

import re
from urllib.parse import quote_plus

from ..languages import LANGUAGES
from ..text import fold

#: Names per version code, as people type them, separated by commas; folded when the module loads.
NAMES = {
    "lattlast": "lättläst, lattläst, lättläst svenska, enkel svenska, lätt svenska, easy swedish, easy-to-read swedish",
    "en": "english, engelska, englanti, engelsk, انجليزي, انجليزية, الانجليزية, الإنجليزية, انكليزي",
    "ar": "arabic, arabiska, arabia, arabiaksi, عربي, عربية, العربية, بالعربي, بالعربية",
    "fi": "finnish, finska, suomi, suomeksi, finsk, الفنلندية",
    "so": "somali, somaliska, soomaali, af-soomaali",
    "ti": "tigrinya, tigrinja, tigrinska, ትግርኛ",
    "prs": "dari, دری, دري",
    "uk": "ukrainian, ukrainska, українська, украинский",
    "fit": "meänkieli, meankieli, tornedalsfinska",
    "se": "samiska, nordsamiska, sami, sámi, davvisámegiella",
    "rom": "romani, romska, romanes, romani chib",
    "yi": "yiddish, jiddisch, ייִדיש, יידיש",
}
_PATTERN = None


def _compiled():
    global _PATTERN
    if _PATTERN is None:
        names = {fold(name.strip()): code for code, text in NAMES.items() for name in text.split(",")}
        alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
        _PATTERN = (re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), names)
    return _PATTERN


def named_languages(text: str) -> list[str]:
    """The version codes a query names, when the query is little more than the names ("på arabiska").

    "stöd på arabiska" names Arabic too; "arabiska" inside a longer
    question about something else ("tolk arabiska skilsmässa") still
    names it: the link is offered beside the hits, never instead of them.
    """
    if not text:
        return []
    pattern, names = _compiled()
    found = []
    for match in pattern.finditer(fold(text)):
        code = names[match.group(0)]
        if code in LANGUAGES and code not in found:
            found.append(code)
    return found


def language_links(text: str, query_language: str | None = None, here: str = "sv") -> list[dict]:
    """``[{code, name, tag, dir, url}]``: the versions a query names (their home page, or the short guide),
    then, for a query in another version's words ("youth clinic" on ``/sok``, ``query_language``), the
    same search in that version, unless it is the page's own (``here``) or already named.
    """
    links = []
    for code in named_languages(text):
        language = LANGUAGES[code]
        url = f"{language.prefix}/" if language.full else f"{language.prefix}/om"
        links.append(_link(language, url))
    if query_language and query_language != here and query_language in LANGUAGES and \
            not any(link["code"] == query_language for link in links):
        language = LANGUAGES[query_language]
        links.append(_link(language, f"{language.prefix}/sok?q={quote_plus(text)}"))
    return links


def _link(language, url: str) -> dict:
    return {"code": language.code, "name": language.name, "tag": language.tag, "dir": language.direction, "url": url}
