"""The pages of one index generation, as a compact table and as boolean masks.

A worker keeps, per generation, what a result list shows about each page
(slug, title, summary, topics, age groups, ages) and, per page number,
which pages are alive and in each age group and topic. At 29 pages this is
nothing; at 10,000 it is a good part of a worker's memory, so:

* slugs, titles and summaries are kept as one UTF-8 ``bytes`` with
  offsets, not as three Python strings per page;
* the topics, age groups and ages of a page are tuples shared by every
  page with the same ones (pages share a handful of combinations);
* a ``DocInfo`` is made when a page is shown (at most ten per search);
* the masks are numpy arrays: filters, facet counts and the age boost are
  array operations over a ranking, however many pages match.
"""

from __future__ import annotations

from array import array

import numpy as np

from ..taxonomy import AGE_GROUPS, TOPICS


class DocInfo:
    """What a result list shows about one page."""

    __slots__ = ("slug", "title", "summary", "topics", "age_groups", "ages")

    def __init__(self, slug: str, title: str, summary: str, topics: tuple, age_groups: tuple, ages: tuple):
        self.slug, self.title, self.summary = slug, title, summary
        self.topics, self.age_groups, self.ages = topics, age_groups, ages


class DocTable:
    """Every page of a generation by page number: ``table[docnum]``, ``get``, ``len``, ``items``.

    Built from Whoosh's stored fields (``reader.iter_docs()``); ``size`` is
    the number of page numbers (deleted ones included). Slugs, titles and
    summaries are one UTF-8 ``bytes`` with offsets: one "–" in any title
    makes a joined ``str`` two bytes a letter, and a Python string per
    value costs a header each and pins memory the stored fields leave.
    """

    def __init__(self, stored, size: int):
        #: Per page number: its topics, age groups and ages, each a tuple shared by the pages with the same.
        self._topics: list[tuple | None] = [None] * size
        self._groups: list[tuple | None] = [None] * size
        self._ages: list[tuple | None] = [None] * size
        self._starts = array("I", [0]) * (3 * size + 1)
        shared: dict[tuple, tuple] = {}
        pieces: list[bytes] = []
        position = 0
        count = 0
        for docnum, fields in stored:
            for column, value in ((self._topics, fields.get("topic", "")), (self._groups, fields.get("alder", ""))):
                parts = tuple(shared.setdefault(v, v) for v in value.split(",") if v)
                column[docnum] = shared.setdefault(parts, parts)
            ages = tuple(fields.get("ages") or ())
            self._ages[docnum] = shared.setdefault(ages, ages)
            for i, text in enumerate((fields["slug"], fields.get("title", ""), fields.get("summary", ""))):
                self._starts[3 * docnum + i] = position
                piece = text.encode("utf-8")
                pieces.append(piece)
                position += len(piece)
            self._starts[3 * docnum + 3] = position
            count += 1
        self._blob = b"".join(pieces)
        self._count = count
        self._by_slug: dict[str, int] | None = None
        # A deleted page number keeps the start of the next one: nothing in it.
        for docnum in range(size - 1, -1, -1):
            if self._ages[docnum] is None:
                for i in range(3):
                    self._starts[3 * docnum + i] = self._starts[3 * docnum + 3]

    def __len__(self) -> int:
        return self._count

    def __contains__(self, docnum: int) -> bool:
        return 0 <= docnum < len(self._ages) and self._ages[docnum] is not None

    def _text(self, docnum: int, i: int) -> str:
        return self._blob[self._starts[3 * docnum + i]:self._starts[3 * docnum + i + 1]].decode("utf-8")

    def get(self, docnum: int) -> DocInfo | None:
        if docnum not in self:
            return None
        return DocInfo(self._text(docnum, 0), self._text(docnum, 1), self._text(docnum, 2),
                       self._topics[docnum], self._groups[docnum], self._ages[docnum])

    def __getitem__(self, docnum: int) -> DocInfo:
        found = self.get(docnum)
        if found is None:
            raise KeyError(docnum)
        return found

    def docnum_of(self, slug: str) -> int | None:
        """The page number of a published page, by slug (the table is made at the first call)."""
        if self._by_slug is None:
            self._by_slug = {self._text(docnum, 0): docnum for docnum, ages in enumerate(self._ages)
                             if ages is not None}
        return self._by_slug.get(slug)

    def facts(self):
        """``(docnum, topics, age groups, ages)`` of every page, without making a ``DocInfo`` each."""
        for docnum, ages in enumerate(self._ages):
            if ages is not None:
                yield docnum, self._topics[docnum], self._groups[docnum], ages

    def items(self):
        for docnum, ages in enumerate(self._ages):
            if ages is not None:
                yield docnum, self.get(docnum)


class PageMasks:
    """Per page number, as boolean arrays: which pages are alive, in each age group, in each topic."""

    def __init__(self, docs: DocTable, size: int):
        self.alive = np.zeros(size, bool)
        self.age_masks = {group: np.zeros(size, bool) for group in AGE_GROUPS}
        self.topic_masks = {topic: np.zeros(size, bool) for topic in TOPICS}
        for docnum, topics, age_groups, _ages in docs.facts():
            self.alive[docnum] = True
            for group in age_groups:
                if group in self.age_masks:
                    self.age_masks[group][docnum] = True
            for topic in topics:
                if topic in self.topic_masks:
                    self.topic_masks[topic][docnum] = True
        #: Every topic's mask, then every age group's, as rows of one matrix: facet counts in one sum.
        self.facet_matrix = np.array([self.topic_masks[t] for t in TOPICS] + [self.age_masks[g] for g in AGE_GROUPS],
                                     dtype=np.int32).reshape(len(TOPICS) + len(AGE_GROUPS), size)
