"""What a person changed between two revisions, in the editor's own words.

The stored revision is front matter plus Markdown. A diff of the source
file would show YAML, ``@@`` hunks and the order keys happen to be saved
in (saving the form writes topics in the form's order, which the editor
never chose). Instead the history shows:

* the front matter field by field, under the labels of the edit form, with
  lists of choices compared as sets and shown by their names;
* the body as the text a visitor reads (rendered, without Markdown), line by
  line, with a line of context around each change.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from ..pages.rendering import render_markdown
from ..taxonomy import AUDIENCES, REGISTRATION, TOPICS

#: Front matter fields in the order of the edit form, with its labels.
FIELDS = (
    ("title", "Rubrik"), ("summary", "Sammanfattning"), ("ages", "Ålder"), ("topics", "Ämnen"),
    ("audience", "För vem"), ("organizer", "Vem ordnar"), ("cost", "Kostnad"),
    ("contact.phone", "Telefon"), ("contact.email", "E-post"), ("contact.address", "Adress"),
    ("contact.web", "Webbadress"), ("contact.office", "Kontakt från kontaktlistan"), ("hours", "Tider"),
    ("schedule", "Öppettider som regler"), ("how_to_start", "Så börjar du"),
    ("course.next_start", "Nästa kursstart"), ("course.registration", "Anmälan"), ("keywords", "Sökord"),
    ("reviewed", "Granskad"),
)
#: Lists whose order carries no meaning (checkboxes in the form).
AS_SETS = {"topics", "audience"}
NAMES = {"topics": TOPICS, "audience": AUDIENCES, "course.registration": REGISTRATION}
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|dd|dt|tr|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TextLine:
    kind: str  # "same", "added", "removed" or "gap" (unchanged lines left out)
    text: str


def _value(front_matter: dict, key: str):
    value = front_matter
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _text(key: str, value) -> str:
    if value in (None, "", [], {}):
        return "–"
    if key == "ages":
        return f"{value[0]}–{value[1]} år"
    if key == "schedule":
        return "; ".join(", ".join(f"{k}: {v}" for k, v in rule.items()) for rule in value)
    names = NAMES.get(key, {})
    if isinstance(value, list):
        return ", ".join(str(names.get(item, item)) for item in value)
    return str(names.get(value, value))


def field_changes(before: dict, after: dict) -> list[FieldChange]:
    """The front matter fields that differ, in the form's order."""
    changes = []
    for key, label in FIELDS:
        old, new = _value(before, key), _value(after, key)
        if key in AS_SETS:
            same = set(old or []) == set(new or [])
        else:
            same = (old or None) == (new or None)
        if not same:
            changes.append(FieldChange(label, _text(key, old), _text(key, new)))
    return changes


def visible_text(body: str) -> list[str]:
    """The body as the lines of text a visitor reads."""
    rendered = _BLOCK_END.sub("\n", render_markdown(body))
    text = html.unescape(_TAG.sub("", rendered))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def text_changes(before: str, after: str, context: int = 1) -> list[TextLine]:
    """Changed lines of the visible text, with ``context`` unchanged lines around each change."""
    old, new = visible_text(before), visible_text(after)
    lines: list[TextLine] = []
    for group in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(TextLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [TextLine("same", line) for line in old[i1:i2]]
                continue
            lines += [TextLine("removed", line) for line in old[i1:i2]]
            lines += [TextLine("added", line) for line in new[j1:j2]]
    return lines
