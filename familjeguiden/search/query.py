"""From what a person typed to concepts to score pages by.

Input is never given to Whoosh's query parser: people type ``?``, ``:``,
``AND``, ``*`` or half a quote without meaning query syntax, and a parser
error must not become a 500. Everything is read as plain words, except a
complete ``"quoted phrase"``, which is searched as a phrase.

Each typed word becomes a *concept*: its stem, OR the stems of its synonyms
(weighing less), OR - for a compound - all of its parts together.
``scoring.py`` scores each concept in every text field with the field's
weight and combines them, so a page matching more of the typed words ranks
higher, and a word no page contains does not empty the result list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from ..taxonomy import AGE_GROUPS
from .analysis import STOP_WORDS, fold, split_compound, stem
from .schema import FIELD_WEIGHTS

MAX_QUERY_LENGTH = 200
SYNONYM_WEIGHT = 0.6
PARTS_WEIGHT = 0.8
KNOWN_COMPOUND_PARTS_WEIGHT = 0.25
FUZZY_WEIGHT = 0.7
PHRASE_WEIGHT = 2.0
PHRASE_FIELDS = ("title", "keywords", "summary", "body")

_QUOTED = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+")
_AGE_NUMBER = re.compile(r"\b(\d{1,2})\s*-?\s*(?:år|ar|åring\w*|aring\w*)\b", re.IGNORECASE)

#: Words that say how old the child is; services for that age group get a
#: boost (they are not filtered out: the words may be used loosely).
AGE_WORDS_TEXT = {
    "0-5": "bebis bebisar bäbis baby spädbarn nyfödd nyfödda småbarn förskolebarn ettåring "
           "tvååring treåring fyraåring femåring gravid dagisbarn",
    "6-12": "skolbarn lågstadiet lågstadieelev mellanstadiet mellanstadieelev sexåring sjuåring "
            "åttaåring nioåring tioåring elvaåring tolvåring",
    "13-20": "tonåring tonåringar tonåren tonår tonårsbarn ungdom ungdomar högstadiet gymnasiet "
             "trettonåring fjortonåring femtonåring sextonåring sjuttonåring artonåring",
}
AGE_WORDS = {stem(fold(w)): group for group, words in AGE_WORDS_TEXT.items() for w in words.split()}


@dataclass
class TypedQuery:
    """What a person typed, split into plain words and quoted phrases."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    age_groups: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases


def parse_typed(text: str) -> TypedQuery:
    """Split input into words and complete quoted phrases; ignore all syntax."""
    typed = TypedQuery()
    for inner in _QUOTED.findall(text):
        words = _WORD.findall(inner)
        if len(words) > 1:
            typed.phrases.append(words)
        else:
            typed.words.extend(words)
    typed.words = _WORD.findall(_QUOTED.sub(" ", text)) + typed.words
    groups = []
    for word in typed.words + [w for p in typed.phrases for w in p]:
        group = AGE_WORDS.get(stem(fold(word)))
        if group and group not in groups:
            groups.append(group)
    for match in _AGE_NUMBER.finditer(text):
        age = int(match.group(1))
        for group, (low, high, _label) in AGE_GROUPS.items():
            if low <= age <= high and group not in groups:
                groups.append(group)
    typed.age_groups = groups
    return typed


def searchable(word: str) -> str | None:
    """The folded word if it can be searched (not a stop word, 2+ letters)."""
    lowered = word.lower()
    folded = fold(lowered)
    if len(folded) < 2 or lowered in STOP_WORDS or folded in STOP_WORDS:
        return None
    return folded


def _with_synonyms(term: str, weight: float, synonyms) -> dict[str, float]:
    terms = {term: weight}
    for other in synonyms.expand(term):
        terms.setdefault(other, weight * SYNONYM_WEIGHT)
    return terms


@dataclass
class Concept:
    """One typed word (or quoted phrase) as something to score pages by.

    A page matches when it has any of ``terms`` (term -> weight, in any
    text field), or all of ``parts`` (each a term -> weight mapping), or
    the ``phrase``, or serves the ``age_group``.
    """

    terms: dict[str, float] = field(default_factory=dict)
    parts: list[dict[str, float]] = field(default_factory=list)
    parts_weight: float = PARTS_WEIGHT
    phrase: wq.Query | None = None
    #: An age word ("tioåring") also matches every service for its age group.
    age_group: str | None = None

    def all_terms(self) -> set[str]:
        found = set(self.terms)
        for part in self.parts:
            found.update(part)
        if self.phrase is not None:
            found.update(text for _f, text in self.phrase.iter_all_terms())
        return found

    def merge(self, other: Concept) -> Concept:
        """This concept OR ``other`` (used to add typo candidates)."""
        terms = dict(other.terms)
        terms.update(self.terms)
        return Concept(terms, self.parts or other.parts, self.parts_weight, self.phrase, self.age_group)


def concept(folded: str, synonyms, weight: float = 1.0, whole_known: bool = False) -> Concept:
    """One typed (folded) word: its stem | its synonyms | all its compound parts.

    When the pages use the compound itself (``whole_known``), pages that
    only have its parts somewhere count for less: "föräldrastöd" should
    find the page about föräldrastöd before every page that mentions
    both "föräldrar" and "stöd".
    """
    stemmed = stem(folded)
    result = Concept(_with_synonyms(stemmed, weight, synonyms), age_group=AGE_WORDS.get(stemmed))
    parts = split_compound(folded)
    if parts:
        result.parts = [_with_synonyms(stem(p), weight, synonyms) for p in dict.fromkeys(parts)]
        result.parts_weight = KNOWN_COMPOUND_PARTS_WEIGHT if whole_known else PARTS_WEIGHT
    return result


def candidates_concept(candidates: list[str], synonyms) -> Concept:
    """Typo candidates (folded words) as one concept, weighing less than exact words."""
    merged = Concept()
    for candidate in candidates:
        for term, weight in _with_synonyms(stem(candidate), FUZZY_WEIGHT, synonyms).items():
            merged.terms.setdefault(term, weight)
    return merged


def phrase_concept(words: list[str]) -> Concept | None:
    """A quoted phrase: the words in this order in one field, no synonyms."""
    terms = [stem(f) for f in (searchable(w) for w in words) if f]
    if not terms:
        return None
    if len(terms) == 1:
        return Concept({terms[0]: 1.0})
    return Concept(phrase=wq.Or([wq.Phrase(f, terms, boost=PHRASE_WEIGHT * FIELD_WEIGHTS[f])
                                 for f in PHRASE_FIELDS]))
