"""The index's own vocabulary: which words exist, and how to split compounds.

Swedish makes new words by joining old ones: ``klamydiatest``,
``ångestattacker``, ``pappaproblem``, ``föräldrautbildning``. A curated
list of compound parts (``analysis.COMPOUND_PARTS``) can never hold them
all, so a typed word the index does not know is split against the words
the pages themselves use (the unstemmed ``spell`` field, read once per
index generation):

* every part except the last must be a known word, a known stem written as
  the stem itself (``skol``, not the inflected ``ångestat``, which Snowball
  also stems to ``ångest``: "ångest+at+tacker" is no reading of
  ``ångestattacker``), a curated part, or the beginning of a known word
  (``skol`` of ``skolan``), and may
  be followed by a Swedish linking letter (``-s-``, ``-a-``, ``-e-``,
  ``-u-``, ``-o-``: ``tonår-s-kurs``, ``föräldr-a-stöd``, ``gat-u-barn``);
* the last part must be a known word or stem (``kurser`` -> ``kurs``), the
  end of a known compound (``attacker`` of ``panikattacker``) or, clipped,
  the beginning of a known word (``barnpsyk``: ``psyk`` of ``psykiatri``);
* words of the synonym list count as known, and a part in ``-o``/``-u``
  may be the linking form of a word in ``-a`` (``skilsmässo-``);
* fewer parts win, then parts that are whole words over beginnings and
  ends, then parts that more pages use (``föräldragrupp+s+träffar``, not
  ``föräldragrupp+straffar``), then longer shortest parts, so
  ``familjebehandlare`` is ``familje+behandlare``, never ``famil+jeb+...``.

Each part is searched as the index terms it stands for (its stem; for a
beginning or an end, the stems of the known words it begins or ends, at
most ``MAX_EXPANSIONS``). ``ranking.py`` then prefers pages with every
part and falls back to the best partial match when no page has them all.

The curated list still decides what the vocabulary cannot: a part no page
uses on its own (``småbarns-``) and the splits made at index time, where
the analyzer sees one token and no vocabulary.

A word that splits into no known parts at all, but begins with a known
word (``umgänges+sabotage``: no page says "sabotage"), is searched as that
beginning, with less weight (``head_of``, ``concepts.HEAD_WEIGHT``), when
the beginning is not a very common word.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from .analysis import COMPOUND_PARTS, STOP_WORDS, fold, split_compound, stem

LINKING_LETTERS = "saeuo"
MIN_PART = 3
MIN_AFFIX_PART = 4
MIN_COMPOUND = 6
MAX_PARTS = 3
MAX_EXPANSIONS = 8
#: A beginning may stand for known words at most this many letters longer
#: (``drog`` -> ``droger``, ``drogerna``), not for any word it starts.
MAX_PREFIX_EXTENSION = 5

WHOLE, AFFIX = 2, 1
#: Verbs and small words that end no Swedish compound in this domain: "hottar" is a typo of
#: "hotar", not "hot" + "tar"; "kollegans" is no "koll" + "ganska".
NOT_PARTS = frozenset(fold(w) for w in """tar ta tog går gå gick gör göra gjort gjorde vill ville står stå
    kommer kom blir bli säger sa låter lät fått fick ligger gått åker åkte ganska mycket""".split())


@dataclass(frozen=True)
class Part:
    """One piece of a split compound and the index terms it stands for."""

    text: str
    terms: tuple[str, ...]
    kind: int  # WHOLE or AFFIX


class Vocabulary:
    """The folded, unstemmed words of one index generation.

    ``known_stem(stem)`` answers whether the stemmed text fields have a
    term (from ``scoring.TermScores``); it is passed in so this module
    does not need the index.
    """

    def __init__(self, words, known_stem, extra_words=(), frequency=None):
        self.words = frozenset(words)
        #: Words the synonym list knows: whole parts too ("alkoholist" + "förälder").
        self.extra_words = frozenset(extra_words)
        self._sorted = sorted(self.words)
        self._reversed = sorted(w[::-1] for w in self.words)
        self._known_stem = known_stem
        #: Pages having an index term; splits into common parts are likelier readings.
        self._frequency = frequency or (lambda _term: 1)
        self.split = lru_cache(maxsize=4096)(self._split)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def knows(self, word: str) -> bool:
        """A folded word the pages use as typed or in another form."""
        return word in self.words or self._known_stem(stem(word))

    def starting_with(self, prefix: str, longest: int) -> list[str]:
        found = []
        for i in range(bisect.bisect_left(self._sorted, prefix), len(self._sorted)):
            word = self._sorted[i]
            if not word.startswith(prefix):
                break
            if len(word) <= longest:
                found.append(word)
        return found

    def ending_with(self, suffix: str) -> list[str]:
        backwards, found = suffix[::-1], []
        for i in range(bisect.bisect_left(self._reversed, backwards), len(self._reversed)):
            word = self._reversed[i]
            if not word.startswith(backwards):
                break
            found.append(word[::-1])
        return found

    # ----------------------------------------------------------------------

    def _whole(self, piece: str, head: bool = False) -> tuple[str, ...] | None:
        """The terms of a piece that is a word of its own; a head must not be an inflected form."""
        if piece in STOP_WORDS or piece in NOT_PARTS:
            return None
        stemmed = stem(piece)
        if piece in self.words or (self._known_stem(stemmed) and (not head or stemmed == piece)):
            return (stemmed,)
        if piece in COMPOUND_PARTS or piece in self.extra_words:
            return (stemmed,)
        return None

    def _terms(self, words: list[str]) -> tuple[str, ...]:
        words = [w for w in words if w not in STOP_WORDS and w not in NOT_PARTS]
        shortest = sorted(words, key=lambda w: (len(w), w))[:MAX_EXPANSIONS]
        return tuple(dict.fromkeys(stem(w) for w in shortest if self._known_stem(stem(w))))

    def _head(self, piece: str) -> Part | None:
        terms = self._whole(piece, head=True)
        if terms:
            return Part(piece, terms, WHOLE)
        if piece[-1] in "ou":  # linking forms of words in -a: skilsmässo-, gatu-
            terms = self._whole(piece[:-1] + "a")
            if terms:
                return Part(piece, terms, WHOLE)
        if len(piece) >= MIN_AFFIX_PART:
            terms = self._terms(self.starting_with(piece, len(piece) + MAX_PREFIX_EXTENSION))
            if terms:
                return Part(piece, terms, AFFIX)
        return None

    def _tail(self, piece: str) -> Part | None:
        terms = self._whole(piece)
        if terms:
            return Part(piece, terms, WHOLE)
        if len(piece) >= MIN_AFFIX_PART + 1:
            terms = self._terms([w for w in self.ending_with(piece) if len(w) > len(piece)])
            if terms:
                return Part(piece, terms, AFFIX)
        if len(piece) >= MIN_AFFIX_PART:  # a clipped last part: barn+psyk
            terms = self._terms(self.starting_with(piece, len(piece) + MAX_PREFIX_EXTENSION))
            if terms:
                return Part(piece, terms, AFFIX)
        return None

    def head_of(self, word: str) -> Part | None:
        """The longest known word an unsplittable word begins with ("umgänge" of "umgängessabotage").

        Only for a word nothing else reads (``concepts.word_concept``): its
        pages are the best partial match. Never for the typo check, or every
        misspelt compound whose first part is right would count as known.
        """
        if len(word) < MIN_COMPOUND:
            return None
        for end in range(len(word) - MIN_PART, MIN_AFFIX_PART - 1, -1):
            terms = self._whole(word[:end], head=True)
            if terms:
                return Part(word[:end], terms, WHOLE)
        return None

    def _split(self, word: str) -> tuple[Part, ...] | None:
        """The best split of a folded word into known parts, or ``None``."""
        if len(word) < MIN_COMPOUND:
            return None
        best, best_key = None, None
        for parts in self._splits(word, 0, MAX_PARTS):
            if len({p.terms for p in parts}) < len(parts):
                continue  # "barn" + "barn": a word repeated is not a compound to split
            key = (-len(parts), sum(p.kind for p in parts), self._commonness(parts), min(len(p.text) for p in parts))
            if best_key is None or key > best_key:
                best, best_key = parts, key
        if best is None:
            curated = split_compound(word)
            if curated:
                best = tuple(Part(p, (stem(p),), WHOLE) for p in curated)
        return best

    def _commonness(self, parts) -> float:
        """The geometric mean of the parts' page counts (Koehn and Knight's rule)."""
        product = 1.0
        for part in parts:
            product *= max(1, max(self._frequency(t) for t in part.terms))
        return product ** (1 / len(parts))

    def _splits(self, word: str, start: int, budget: int):
        rest = word[start:]
        if start:
            tail = self._tail(rest) if len(rest) >= MIN_PART else None
            if tail:
                yield (tail,)
        if budget < 2:
            return
        for end in range(len(word) - MIN_PART, start + MIN_PART - 1, -1):
            head = self._head(word[start:end])
            if head is None:
                continue
            for tail in self._splits(word, end, budget - 1):
                yield (head, *tail)
            if word[end] in LINKING_LETTERS and len(word) - end - 1 >= MIN_PART:
                for tail in self._splits(word, end + 1, budget - 1):
                    yield (head, *tail)
