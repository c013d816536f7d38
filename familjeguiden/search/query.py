"""From what a person typed to a parsed query, read once per request.

Input is never given to Whoosh's query parser: people type ``?``, ``:``,
``AND``, ``*`` or half a quote without meaning query syntax, and a parser
error must not become a 500. Everything is read as plain words, except a
complete ``"quoted phrase"``, which is searched as a phrase.

``parse_typed`` does all the reading of the raw text, and nothing after it
looks at the text again:

* **ages** written as numbers (``3-åring``, ``3 år``, ``14å``, ``18 mån``,
  ``barn 3-12 år``, and without the unit ``min son på 13``, ``dottern
  15``, ``på sexton``, ``jag är 16 och ...``) are read as ages and taken
  out of the words, so that ``åring`` or ``mån`` are never treated as
  typos or stop words; age words
  (``tonåring``, ``bebis``) stay words *and* name an age group; any other
  number of one or two digits is not searched (the pages have such numbers
  only in phone numbers and times);
* **acronyms** typed in capitals (``SIG``, ``BUP``, ``BVC``) are never stop
  words: ``SIG`` is a service's name, ``sig`` is a pronoun;
* a **speaker's role** (``jag är pappa``, ``jag är en ensamstående
  mamma``, ``mormor här``) says who is asking, not what about: "jag är
  pappa och min son vill inte gå till skolan" is about school, not fathers
  (``speakers``; the ranking counts such a word like an everyday word);
* everything else is split into words (``\\w+``), stop words dropped;
  an everyday phrase that names a problem without its word ("har slutat
  äta") adds the word the pages use (``phrases.py``).

The concepts built from those words (``concepts.py``) and their scoring
(``scoring.py``, ``ranking.py``) work on the ``ParsedQuery`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..taxonomy import AGE_GROUPS
from .analysis import STOP_WORDS, fold, is_acronym, stem
from .phrases import implied_words

MAX_QUERY_LENGTH = 200

_QUOTED = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+")

#: A number of years or months, alone or as a range, in digits or words:
#: ``3-åring``, ``3 år``, ``3år``, ``fyra år``, ``18 mån``, ``18 månader``,
#: ``barn 3-12 år``, ``6–12 ar``. The unit must follow the number, so "112"
#: or "116 111" stay words.
NUMBER_WORDS = {w: n for n, w in enumerate(
    "noll ett två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton "
    "arton nitton tjugo".split())}
NUMBER_WORDS.update({"en": 1, "tva": 2, "atta": 8})
#: A number in digits may have a decimal part ("2,5 år": two and a half), which is dropped.
_NUMBER = r"\d{1,2}(?:[,.]\d)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
#: "å" is the short form of "år" in a text message ("14å", "sonen 16 å").
_AGE_NUMBER = re.compile(
    rf"(?<![\w,.-])({_NUMBER})(?:\s*[-–]\s*({_NUMBER}))?\s*-?\s*"
    r"(åringar|åringen|åring|aringar|aringen|aring|års|år|å|ars|ar|månader|manader|månad|manad|mån|man)"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
_MONTHS = ("mån", "man")
#: An age without its unit, as parents write it: "min son på 13", "dottern 15 har ...": a number
#: of one or two digits after "på" or a word for the child. A number followed by what it counts
#: ("på 2 veckor", "på 10 minuter", "12 kr") is not an age.
_CHILD_BEFORE_AGE = (r"son|sonen|dotter|dottern|barn|barnet|barnen|kille|killen|tjej|tjejen|pojke|pojken|flicka|"
                     r"flickan|lillebror|lillasyster|storebror|storasyster|bror|syster|barnbarn|barnbarnet|elev|eleven")
#: After "på" the number may be a word ("min tjej på sexton"), but not "en", "ett" ("på en gång") or
#: "sex" (the word for sex as well as six).
_BARE_NUMBER = r"\d{1,2}|" + "|".join(sorted((w for w in NUMBER_WORDS if w not in ("en", "ett", "noll", "sex")),
                                             key=len, reverse=True))
_BARE_AGE = re.compile(
    rf"(?<![\w-])(?:(på|pa)\s+({_BARE_NUMBER})|({_CHILD_BEFORE_AGE})\s+(\d{{1,2}}))"
    r"(?![\w.,:/-]|\s*(?:%|[^\W\d_]*(?:kr|kronor|st|procent|timm|tim|dag|veck|minut|sekund|gång|gang|mil|meter|"
    r"km|kg|kilo|gram)))",
    re.IGNORECASE,
)

#: "jag är 16 och gravid", "hon e 14": a number after "är" that ends the sentence or a clause
#: ("vi är 2 vuxna" counts adults).
_AGE_AFTER_IS = re.compile(r"(?<![\w-])(?:är|ar|e)\s+(\d{1,2})(?=\s*(?:$|[,.!?]|och\b|men\b))", re.IGNORECASE)

#: Small children named in two words ("små barn", "barnen är små"), as "småbarn" is in one.
_SMALL_CHILDREN = re.compile(r"(?<![\w-])(?:sm[aå] ?barn\w*|barnen (?:är|e|ar) sm[aå])(?![\w-])", re.IGNORECASE)

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


#: Who may introduce themselves in a query: a parent, a step-parent, a grandparent, a relative, a
#: sibling, a neighbour, a professional.
SPEAKER_ROLES = frozenset(fold(w) for w in (
    "mamma pappa förälder mor far styvmamma styvpappa bonusmamma bonuspappa plastpappa plastmamma "
    "mormor morfar farmor farfar moster faster morbror farbror storebror storasyster bror syster "
    "granne lärare förskollärare mentor tränare ledare sjuksköterska skolsköterska socialsekreterare").split())
#: Words that may stand between "jag är" and the role ("jag är en ensamstående mamma").
_BEFORE_ROLE = frozenset("en ensam ensamstående ny nybliven ung orolig separerad skild".split())


def _speakers(tokens: list[str]) -> set[str]:
    """The (folded) words with which the asker says who they are.

    "jag är (en ensamstående) pappa", "mormor här", "lärare här", and a
    query that begins "mormor till en tvååring ...".

    ``tokens`` are the typed words in lower case, not folded: "här" (here)
    must not be read as "har" (has), as in "mamma har druckit".
    """
    found = set()
    for i, token in enumerate(tokens):
        role = fold(token)
        if role not in SPEAKER_ROLES:
            continue
        before = tokens[max(0, i - 4):i]
        described = []
        while before and before[-1] in _BEFORE_ROLE:
            described.append(fold(before.pop()))
        introduced = before[-2:] in (["jag", "är"], ["jag", "e"]) or tokens[i + 1:i + 2] == ["här"]
        if introduced or (i == 0 and tokens[1:2] == ["till"]):  # "mormor till en tvååring som ..."
            found.add(role)
            found.update(described)  # "ensamstående" in "jag är ensamstående mamma" describes the asker too
    return found


@lru_cache(maxsize=20_000)
def age_group_of(folded: str) -> str | None:
    """The age group a (folded) word names, if any; remembered, as it is asked per word of every query."""
    return AGE_WORDS.get(stem(folded))



@dataclass
class ParsedQuery:
    """What a person typed, read once: words, phrases, ages and acronyms.

    ``words`` are folded, searchable (not stop words) and unique, in the
    order typed. ``age_groups`` are the groups that age words or numbers
    name; ``ages`` the ages (in years) read from numbers.
    """

    text: str
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    age_groups: list[str] = field(default_factory=list)
    ages: list[tuple[int, int]] = field(default_factory=list)
    acronyms: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases


def _groups_for(low: int, high: int) -> list[str]:
    return [g for g, (g_low, g_high, _label) in AGE_GROUPS.items() if low <= g_high and high >= g_low]


def _number(text: str) -> int:
    if text[:1].isdigit():
        return int(text.replace(",", ".").split(".")[0])  # "2,5" -> 2
    return NUMBER_WORDS[text.lower()]


def _read_ages(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Ages written as numbers, and the text with them taken out."""
    ages = []

    def take(match: re.Match) -> str:
        first = _number(match.group(1))
        last = _number(match.group(2)) if match.group(2) else first
        unit = match.group(3).lower()
        if unit in _MONTHS or unit.startswith(("mån", "manad")):
            first, last = first // 12, last // 12
        if first <= last <= 20:
            ages.append((first, last))
        return " "

    def take_bare(match: re.Match) -> str:
        age = _number(match.group(2) or match.group(4))
        if age <= 20:
            ages.append((age, age))
        return f" {match.group(3)} " if match.group(3) else " "  # the child word stays, "på" goes

    def take_after_is(match: re.Match) -> str:
        age = int(match.group(1))
        if age <= 20:
            ages.append((age, age))
        return " "

    rest = _BARE_AGE.sub(take_bare, _AGE_NUMBER.sub(take, text))
    return _AGE_AFTER_IS.sub(take_after_is, rest), ages


def searchable(word: str) -> str | None:
    """The folded word if it can be searched (not a stop word, 2+ letters, not a number of 1-2 digits).

    An acronym typed in capitals is always searchable.
    """
    folded = fold(word)
    if is_acronym(word):
        return folded
    if folded.isdigit() and len(folded) <= 2:
        return None  # "13", "6": an age or a count; on the pages only in phone numbers and times
    lowered = word.lower()
    if len(folded) < 2 or lowered in STOP_WORDS or folded in STOP_WORDS:
        return None
    return folded


def parse_typed(text: str) -> ParsedQuery:
    """Read input once: phrases, ages, words; ignore all query syntax."""
    parsed = ParsedQuery(text=text)
    rest, parsed.ages = _read_ages(text)
    for inner in _QUOTED.findall(rest):
        words = _WORD.findall(inner)
        if len(words) > 1:
            parsed.phrases.append(words)
    outside = _QUOTED.sub(lambda m: " " if len(_WORD.findall(m.group(1))) > 1 else m.group(1), rest)
    seen = set()
    tokens = _WORD.findall(outside)
    for word in tokens:
        folded = searchable(word)
        if folded and folded not in seen:
            seen.add(folded)
            parsed.words.append(folded)
            if is_acronym(word):
                parsed.acronyms.add(folded)
    lowered = [t.lower() for t in tokens]
    for implied in implied_words(lowered):  # "har slutat äta": also "ätstörning" (phrases.py)
        if implied not in seen:
            seen.add(implied)
            parsed.words.append(implied)
    parsed.speakers = _speakers(lowered) & set(parsed.words)
    groups: list[str] = []
    for folded in parsed.words + [fold(w) for p in parsed.phrases for w in p]:
        group = age_group_of(folded)
        if group and group not in groups:
            groups.append(group)
    if "0-5" not in groups and _SMALL_CHILDREN.search(text):
        groups.append("0-5")
    for low, high in parsed.ages:
        groups.extend(g for g in _groups_for(low, high) if g not in groups)
    parsed.age_groups = groups
    return parsed
