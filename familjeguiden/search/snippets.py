"""Highlighted snippets from stored text and stored character positions.

Re-analysing a page's text to find the matched words costs more than the
search itself, so each document stores where every body term occurs (the
``marks`` field, see ``schema.marks_for``). For the (at most ten) hits
shown, the positions of the query's terms are read from there; the best
window of text is then cut at word boundaries.

A page shown once is likely to be shown again, so its text and an index of
its marks (term -> positions) are kept per generation (``PageText``,
``state.page_text``): finding a query's dozen terms is then a dictionary
lookup each instead of a scan of the marks per term.

Every piece of page text is HTML-escaped; the only markup in a snippet is
the ``<mark>`` this module adds, so templates may render it as is.
"""

from __future__ import annotations

import sys

from markupsafe import Markup, escape

WIDTH = 200
LEAD = 50
MARK_OPEN, MARK_CLOSE = Markup("<mark>"), Markup("</mark>")
ELLIPSIS_BEFORE, ELLIPSIS_AFTER = Markup("… "), Markup(" …")
#: Stand-ins for <mark> and </mark> while the window is escaped in one go
#: (``PageText`` makes sure a page's own text has none).
_OPEN, _CLOSE = "\x00", "\x01"
_STAND_INS = str.maketrans({_OPEN: " ", _CLOSE: " "})


class PageText:
    """A page's plain text and where each of its body terms occurs.

    The marks are indexed (term -> positions) when the page is shown a
    second time: indexing costs as much as a dozen scans of the marks, and
    of 10,000 pages most are shown once or never.
    """

    __slots__ = ("text", "_marks", "_where", "_shown", "nbytes")

    def __init__(self, text: str, marks: str):
        if _OPEN in text or _CLOSE in text:  # same length: the marks' positions still hold
            text = text.translate(_STAND_INS)
        self.text, self._marks, self._where, self._shown = text, marks, None, False
        #: About what it takes in memory once indexed: the text, and per term a key, a value and a slot.
        self.nbytes = sys.getsizeof(text) + 3 * len(marks) + 200

    def spans(self, terms) -> list[tuple[int, int, str]]:
        """``[(start, end, term)]`` for those of ``terms`` the page's text has."""
        where, marks = self._where, self._marks
        if where is None and marks is not None:
            if not self._shown:
                self._shown = True
                return _scan(marks, terms)
            where = self._where = _index(marks)
            self._marks = None
        where = where if where is not None else self._where  # another thread indexed it meanwhile
        found = []
        for term in terms:
            ranges = where.get(term)
            if ranges:
                _add(found, ranges, term)
        return found


def _index(marks: str) -> dict[str, str]:
    where = {}
    for entry in marks.split(";"):
        term, _colon, ranges = entry.partition(":")
        if ranges:
            where[term] = ranges
    return where


def _scan(marks: str, terms) -> list[tuple[int, int, str]]:
    found = []
    for term in terms:
        start = marks.find(f";{term}:")
        if start >= 0:
            _add(found, marks[start + len(term) + 2:marks.find(";", start + 1)], term)
    return found


def _add(found: list, ranges: str, term: str) -> None:
    for pair in ranges.split(","):
        first, _, last = pair.partition("-")
        found.append((int(first), int(last), term))


def char_spans(marks: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """``[(start, end, term)]`` for ``terms`` in a page, from its stored marks."""
    return _scan(marks, terms)


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
    return escape(_collapse(text))


def _collapse(text: str) -> str:
    """Every run of whitespace as one space (``str.split`` is several times faster than a regex)."""
    collapsed = " ".join(text.split())
    if text[:1].isspace():
        collapsed = " " + collapsed if collapsed else " "
    if text[-1:].isspace() and collapsed != " ":
        collapsed += " "
    return collapsed


def _best_window(spans: list[tuple[int, int, str]]) -> int:
    """The span starting the window of ``WIDTH - LEAD`` characters with the most distinct terms (first on ties)."""
    best, best_count, end = 0, -1, 0
    inside: dict[str, int] = {}
    for i, (start, _end, _term) in enumerate(spans):
        while end < len(spans) and spans[end][0] < start + WIDTH - LEAD:
            inside[spans[end][2]] = inside.get(spans[end][2], 0) + 1
            end += 1
        if len(inside) > best_count:
            best, best_count = i, len(inside)
        term = spans[i][2]
        inside[term] -= 1
        if not inside[term]:
            del inside[term]
    return best


def make_snippet(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """The window of ``text`` with the most distinct matched terms, marked.

    ``text`` must not hold the stand-ins for the marks (``PageText.text`` never does).
    """
    spans = sorted(set(spans))
    if not spans:
        end = _word_end(text, WIDTH) if len(text) > WIDTH else len(text)
        return _plain(text[:end].strip()) + (ELLIPSIS_AFTER if end < len(text) else "")
    best = _best_window(spans)
    first = spans[best][0]
    begin = _word_start(text, first - LEAD)
    finish = _word_end(text, begin + WIDTH) if begin + WIDTH < len(text) else len(text)
    finish = max(finish, min(spans[best][1], len(text)))

    # The window with stand-ins around the marked words, whitespace collapsed
    # and escaped once; then the stand-ins become <mark> and </mark>.
    pieces = []
    cursor = begin
    for start, end, _term in spans:
        if start < cursor or end > finish:
            continue
        pieces += [text[cursor:start], _OPEN, text[start:end], _CLOSE]
        cursor = end
    pieces.append(text[cursor:finish])
    marked = str(_plain("".join(pieces).rstrip())).replace(_OPEN, str(MARK_OPEN)).replace(_CLOSE, str(MARK_CLOSE))
    before = str(ELLIPSIS_BEFORE) if begin > 0 else ""
    after = str(ELLIPSIS_AFTER) if finish < len(text) else ""
    # Safe: every piece of page text in it was escaped above (``_plain``).
    return Markup(before + marked + after)  # noqa: S704  # nosec B704
