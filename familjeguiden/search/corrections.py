"""Typos: which typed words to correct, to what, and when to say "Menade du ...?".

A word is only treated as a typo when nothing knows it:

* the index (as typed, stemmed, or split into known parts: see
  ``vocabulary.py``), an age word, or the synonym list;
* the Swedish word list (``wordlist.py``): "folk" and "stan" are words,
  not typos of "tolk" and "står";
* English function words and contractions typed without the apostrophe
  ("dont", "doesnt", "with"): "i dont know" is not a typo of "ont";
  another language version's words as typed
  (``another_language_knows_a_correction``), and an English sentence
  gets no Swedish suggestion (``written_in_english``);
* an acronym typed in capitals is never corrected;
* words shorter than ``MIN_FUZZY_LENGTH`` letters are never corrected.

A typo is replaced by the closest words of the unstemmed ``spell`` field
and the synonym list (edit distance 1, or 2 for words of 8+ letters; an
"e" may stand for "ä"), never by an everyday word
(``analysis.EVERYDAY_WORDS``: "help" is not "hela"). Two typed words the
pages have as one are joined (``join_split_words``); a word no page has
may be read as the telling word it ends in (``known_tail``).

"Menade du ...?" is only offered when the correction finds clearly more
than the query as typed: its words must be telling (not a word on half of
the pages) and bring pages the query without it does not list
(``searching.py`` checks that with the already computed scores).
"""

from __future__ import annotations

import re
from dataclasses import replace

from whoosh.lang.stopwords import stoplists

from .analysis import EVERYDAY_WORDS, STOP_WORDS, fold, stem
from .query import AGE_WORDS, ParsedQuery
from .ranking import COMMON_IDF
from .wordlist import is_swedish

MIN_FUZZY_LENGTH = 4
#: English words that are on no page but are no typos (Whoosh's English stop words and contractions).
ENGLISH_FUNCTION_WORDS = frozenset(stoplists["en"]) | frozenset(
    "dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt arent wasnt werent havent hasnt im ive "
    "youre hes shes thats whats theres theyre".split())
#: English function words that are also Swedish words (folded): "i", "by", "is" (ice), "over" (över).
_SWEDISH_TOO = frozenset("i a in all as at be by for has is just most nor over s so under".split())
#: Two of these in a query say it is written in English.
ENGLISH_ONLY = ENGLISH_FUNCTION_WORDS - _SWEDISH_TOO
MAX_CANDIDATES = 3
_WORD = re.compile(r"[^\W_]+")


def is_known(state, folded: str) -> bool:
    """Whether a typed (folded) word is a real word rather than a typo."""
    stemmed = stem(folded)
    if stemmed in AGE_WORDS or state.vocabulary.knows(folded) or state.synonyms.knows(stemmed):
        return True
    if any(state.scores.known(t) for t in state.synonyms.expand(stemmed)):
        return True
    split = state.vocabulary.split(folded)
    if split and all(part.kind == 2 for part in split):
        return True
    return folded in ENGLISH_FUNCTION_WORDS or is_swedish(folded)


def candidates(state, folded: str) -> list[str]:
    """Closest real words for a probable typo, best first.

    When nothing is that close, an "e" may stand for "ä" (folded "a"), the
    commonest slip of Swedish spelling: "skilsmesa" is two edits from
    "skilsmassa", one of them a letter left out, which the deletion index
    does not reach; as "skilsmasa" it is one edit away.
    """
    maxdist = 2 if len(folded) >= 8 else 1
    spell = state.spell_index()
    found = spell.within(folded, maxdist)
    if not found and "e" in folded:
        for at in [i for i, letter in enumerate(folded) if letter == "e"][:3]:
            for word, d in spell.within(f"{folded[:at]}a{folded[at + 1:]}", max(1, maxdist - 1)).items():
                found[word] = min(found.get(word, maxdist), d + 1)
    reader = state.reader
    ranked = sorted((w for w in found if w not in EVERYDAY_WORDS),
                    key=lambda w: (found[w], -reader.doc_frequency("spell", w), w))
    return ranked[:MAX_CANDIDATES]


def fix(state, folded: str, acronym: bool = False) -> list[str] | None:
    """A typed word's closest known words if it is probably a typo (maybe none), else ``None``."""
    if acronym or len(folded) < MIN_FUZZY_LENGTH or folded.isdigit() or is_known(state, folded):
        return None
    return candidates(state, folded)


def corrections(state, parsed: ParsedQuery) -> dict[str, list[str]]:
    """Typed words that are probably typos -> their closest known words."""
    found = {}
    for folded in parsed.words:
        fixes = fix(state, folded, folded in parsed.acronyms)
        if fixes is not None:
            found[folded] = fixes
    return found


def written_in_english(words) -> bool:
    """Whether typed (folded) words are an English sentence: no Swedish "Menade du ...?" for it.

    "want" in "my son doesnt want to live anymore" is not a typo of "hänt".
    """
    return sum(1 for w in words if w in ENGLISH_ONLY) >= 2


def telling(state, word: str) -> bool:
    """Whether a correction target is worth suggesting: a word not on half the pages."""
    return state.scores.get(stem(word)).idf >= COMMON_IDF


def suggestion_text(state, text: str, best: dict[str, str]) -> str | None:
    """``text`` with each corrected word replaced (quoted phrases are left alone)."""
    if not best:
        return None
    parts = re.split(r'("[^"]*")', text)
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        parts[i] = _WORD.sub(lambda m: state.display_word(best[f]) if (f := fold(m.group(0))) in best
                             else m.group(0), parts[i])
    suggestion = " ".join("".join(parts).split())
    return suggestion if suggestion != " ".join(text.split()) else None


#: The shortest known word a compound may end in, and the shortest unknown start before it.
MIN_TAIL, MIN_HEAD = 4, 2


def known_tail(state, folded: str) -> str | None:
    """The longest word the pages have that ``folded`` ends in, when its start is unknown.

    The last resort when nothing at all is found: "hivtest" has no page,
    but "test" has; the best partial match is better than none. Only a
    telling word, never an everyday one ("hela", "går", "fall"): those say
    nothing of what is wanted.
    """
    for start in range(MIN_HEAD, len(folded) - MIN_TAIL + 1):
        tail = folded[start:]
        if tail not in EVERYDAY_WORDS and tail not in STOP_WORDS and state.vocabulary.knows(tail) \
                and state.words.get(tail, False).scored.informativeness >= COMMON_IDF:
            return tail  # a telling word only: "missfall" is not about "fall"
    return None


def join_split_words(state, parsed: ParsedQuery) -> ParsedQuery:
    """Two typed words that the pages have as one ("försörjnings stöd", "ungdoms mottagning"), joined.

    Only into a word the pages have exactly as written; two words that
    join into a page's word were almost always meant as it.
    """
    known = state.vocabulary.words
    words, joined, i = parsed.words, [], 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in known:
            joined.append(words[i] + words[i + 1])
            i += 2
        else:
            joined.append(words[i])
            i += 1
    return parsed if len(joined) == len(words) else replace(parsed, words=joined)


def another_language_knows_a_correction(state, parsed: ParsedQuery) -> bool:
    """Whether a word the Swedish reading would correct is on another language version's pages as written.

    As written, not stemmed: Finnish stems the typo "stegett" to the name
    Steget, which is no reason to withhold "Menade du steget?".
    """
    corrected = [w for w in parsed.words if state.words.get(w, w in parsed.acronyms).fixes is not None]
    return any(word in index.spell_index() for word in corrected for index in state.languages.values())
