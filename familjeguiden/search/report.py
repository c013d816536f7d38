"""The zero-result report: what parents searched for in vain, and what would help.

For each frequent query without results (``misses.top_misses``) it says
whether the search finds something now (after a synonym or page edit and
a rebuild), and which synonym group of ``synonymer.txt`` would answer it:
a group with a word that is the typed word in another form (same stem),
or one typing slip away (edit distance 1 on folded words), and with at
least one word the pages use. Adding the typed word to that group and
rebuilding the index makes the query find those pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import fold, stem
from .query import parse_typed
from .searching import search
from .spelling import distance
from .state import get_state


@dataclass
class MissLine:
    query: str
    count: int
    found_now: int
    groups: list[list[str]]


def _groups_for(state, folded: str) -> list[list[str]]:
    stemmed = stem(folded)
    found = []
    for group in state.synonyms.groups:
        close = any(stem(fold(w)) == stemmed or (len(folded) >= 4 and distance(fold(w), folded) <= 1)
                    for w in group)
        useful = any(state.scores.known(stem(fold(w))) for w in group)
        if close and useful and group not in found:
            found.append(group)
    return found


def miss_report(rows: list[tuple[str, int]]) -> list[MissLine]:
    state = get_state()
    lines = []
    for query, count in rows:
        groups: list[list[str]] = []
        for folded in parse_typed(query).words:
            groups += [g for g in _groups_for(state, folded) if g not in groups]
        lines.append(MissLine(query, count, search(query).total, groups))
    return lines
