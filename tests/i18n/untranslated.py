"""Find interface text in templates that is not passed through gettext."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "familjeguiden" / "templates"
#: Templates a visitor (or an asker's mailbox) sees; staff screens are Swedish only (README).
PUBLIC = ["base.html", "_forms.html", "_macros.html", "pages/*.html", "questions/*.html", "safety/*.html",
          "search/*.html", "courses/*.html", "mail/receipt.*", "mail/news.*", "mail/case_link.*",
          "mail/course_*"]
VISIBLE_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "aria-description"}
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_WORD = re.compile(r"[^\W\d_]{2,}")
#: Names that are the same in every language may stay bare.
#: "Language" beside "Språk" names the language menu for someone who reads no Swedish.
SAME_IN_EVERY_LANGUAGE = {"Familjeguiden", "BRIS", "JavaScript", "Exempelby", "Language"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            is_button_text = name == "value" and dict(attrs).get("type") in ("submit", "button")
            if (name in VISIBLE_ATTRIBUTES or is_button_text) and value:
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.found.append((self.getpos()[0], data))


def public_templates() -> list[Path]:
    found: set[Path] = set()
    for pattern in PUBLIC:
        found.update(TEMPLATES.glob(pattern))
    return sorted(found)


def bare_text(path: Path) -> list[str]:
    """Words in ``path`` outside ``{{ }}``/``{% %}`` that a reader would see, untranslated."""
    # An expression becomes one letter ("x", so "<{{ heading }}>" stays a tag), a statement nothing.
    source = _JINJA.sub(lambda m: ("x" if m.group(0).startswith("{{") else "") + "\n" * m.group(0).count("\n"),
                        path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        texts = [(number, line) for number, line in enumerate(source.splitlines(), 1)]
    else:
        parser = _Text()
        parser.feed(source)
        parser.close()
        texts = parser.found
    problems = []
    for lineno, text in texts:
        words = [word for word in _WORD.findall(text) if word not in SAME_IN_EVERY_LANGUAGE and word.strip("x")]
        if words:
            problems.append(f"{path.relative_to(TEMPLATES)}:{lineno}: {' '.join(words)[:70]}")
    return problems
