"""Is a text really in its language? Language identification and LIX, for the version tests.

``py3langid`` (a maintained port of langid.py) names the language of a
text from character n-grams. It knows Swedish, English, Arabic, Finnish,
Somali, Ukrainian, Persian (Dari is written Persian), Northern Sami,
Amharic (Ethiopic script) and Hebrew, but not Tigrinya, Yiddish, Romani or
meänkieli: for those the test checks the script, and that the text is not
Swedish or English (``EXPECTED`` says which holds for each code).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import py3langid

#: Site code -> the answers langid may give for a text in it (meänkieli is close kin to Finnish).
EXPECTED = {
    "sv": {"sv"}, "lattlast": {"sv"}, "en": {"en"}, "ar": {"ar"}, "fi": {"fi"},
    "so": {"so"}, "uk": {"uk"}, "prs": {"fa"}, "se": {"se"}, "fit": {"fi", "et", "se"},
}
#: Codes langid cannot name: the script the text must mostly be written in.
SCRIPT = {"ti": re.compile(r"[\u1200-\u137f]"), "yi": re.compile(r"[\u0590-\u05ff]"),
          "rom": re.compile(r"[a-zA-ZčšžČŠŽ]")}


class _MainText(HTMLParser):
    """The text inside ``<main>``, less anything marked as another language (``lang="sv"`` names, quotes)."""

    def __init__(self, language_tag: str):
        super().__init__(convert_charrefs=True)
        self.tag = language_tag
        self.depth = 0
        self.foreign: list[str] = []
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "main":
            self.depth += 1
        lang = values.get("lang")
        foreign = bool(lang and lang.split("-")[0] != self.tag.split("-")[0])
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.stack.append((tag, foreign))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not any(foreign for _, foreign in self.stack):
            self.parts.append(data)


def main_text(html: str, language_tag: str) -> str:
    parser = _MainText(language_tag)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def identify(text: str) -> str:
    return py3langid.classify(text)[0]


def is_in(text: str, code: str) -> tuple[bool, str]:
    """Whether ``text`` reads as the site language ``code``, and what langid said."""
    said = identify(text)
    if code in SCRIPT:
        letters = [c for c in text if c.isalpha()]
        share = sum(bool(SCRIPT[code].match(c)) for c in letters) / max(1, len(letters))
        return share > 0.7 and said not in ("sv", "en"), f"{said}, {share:.0%} i rätt skrift"
    return said in EXPECTED[code], said


def lix(text: str) -> float:
    """Läsbarhetsindex: words per sentence plus the share (in %) of words longer than six letters."""
    sentences = max(1, len(re.findall(r"[.!?:]+(?:\s|$)", text)))
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    long_words = sum(len(word) > 6 for word in words)
    return len(words) / sentences + 100 * long_words / len(words)
