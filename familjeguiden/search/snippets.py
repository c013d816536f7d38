"""Highlighted snippets from stored text and stored character positions.

Re-analysing a page's text to find the matched words costs more than the
search itself, so each document stores where every body term occurs (the
``marks`` field, see ``schema.marks_for``). For the (at most ten) hits
shown, the positions of the query's terms are read from there; the best
window of text is then cut at word boundaries.

Every piece of page text is HTML-escaped; the only markup in a snippet is
the ``<mark>`` this module adds, so templates may render it as is.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

WIDTH = 200
LEAD = 50
MARK_OPEN, MARK_CLOSE = Markup("<mark>"), Markup("</mark>")
ELLIPSIS_BEFORE, ELLIPSIS_AFTER = Markup("… "), Markup(" …")
_SPACE = re.compile(r"\s+")


def char_spans(marks: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """``[(start, end, term)]`` for ``terms`` in a page, from its stored marks."""
    spans = []
    for term in terms:
        start = marks.find(f";{term}:")
        if start < 0:
            continue
        end = marks.find(";", start + 1)
        for pair in marks[start + len(term) + 2:end].split(","):
            first, _, last = pair.partition("-")
            spans.append((int(first), int(last), term))
    return spans


def _word_start(text: str, index: int) -> int:
    """Move ``index`` back to the start of a sentence or word."""
    if index <= 0:
        return 0
    sentence = max(text.rfind(". ", 0, index + 1), text.rfind("\n", 0, index + 1))
    if sentence != -1 and index - sentence < LEAD:
        return sentence + 1
    space = text.find(" ", index)
    return 0 if space == -1 else space + 1


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index)
    return index if space == -1 else space


def _plain(text: str) -> Markup:
    """Page text for HTML: whitespace collapsed (line breaks become spaces), escaped."""
    return escape(_SPACE.sub(" ", text))


def make_snippet(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """The window of ``text`` with the most distinct matched terms, marked."""
    spans = sorted(set(spans))
    if not spans:
        end = _word_end(text, WIDTH) if len(text) > WIDTH else len(text)
        return _plain(text[:end].strip()) + (ELLIPSIS_AFTER if end < len(text) else "")
    best, best_count = 0, -1
    for i, (start, _end, _term) in enumerate(spans):
        count = len({t for s, _e, t in spans[i:] if s < start + WIDTH - LEAD})
        if count > best_count:
            best, best_count = i, count
    first = spans[best][0]
    begin = _word_start(text, first - LEAD)
    finish = _word_end(text, begin + WIDTH) if begin + WIDTH < len(text) else len(text)
    finish = max(finish, min(spans[best][1], len(text)))

    pieces: list[Markup] = [ELLIPSIS_BEFORE] if begin > 0 else []
    cursor = begin
    for start, end, _term in spans:
        if start < cursor or end > finish:
            continue
        pieces += [_plain(text[cursor:start]), MARK_OPEN, _plain(text[start:end]), MARK_CLOSE]
        cursor = end
    pieces.append(_plain(text[cursor:finish].rstrip()))
    if finish < len(text):
        pieces.append(ELLIPSIS_AFTER)
    return Markup("").join(pieces)
