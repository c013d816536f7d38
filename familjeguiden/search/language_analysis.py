"""Text analysis for the language versions: English, Finnish, Arabic and lättläst.

The Swedish analysis (``analysis.py``) is tuned for Swedish and stays as
it is. Each language version of a page is indexed in fields of its own
(``title_en``, ``body_fi`` ...), analysed the way that language works, and a
query is analysed once per language (``multilingual.py``):

* **English** and **Finnish**: words (``\\w+``), lower case, the language's
  stop words (Whoosh's lists plus the pronouns and filler parents type:
  "my", "help", "minun"), folding of accents (Finnish typed without ä/ö
  still matches: ``kiusaaminen``, ``paivakoti``), then the Snowball stemmer
  of the Snowball project's own ``snowballstemmer`` package
  (``bullied``/``bullying`` -> ``bulli``, ``koulussa`` -> ``koulu``).
* **Arabic**: the same, but first a normalisation that makes the spellings
  people type meet the pages' spelling: diacritics (tashkil) and tatweel
  removed, the alef forms أ إ آ ٱ made ا, ى made ي, ؤ و, ئ ي, and a final
  ه read as ة (taa marbuta typed as haa: مدرسه = مدرسة); then Snowball's
  Arabic (light) stemmer, which strips articles, prepositions and endings
  but does not reduce words to roots the way ISRI does (ISRI makes والدين,
  "parents", the root دين, "religion").
* **Lättläst** is Swedish: its fields use the Swedish analyzers unchanged.

As in ``analysis.py``, Whoosh pickles the analyzers into the index: every
filter and stem function is defined at module level and reads this
module's lists when it runs (a filter keeps only a language code).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import Filter, RegexTokenizer, StemFilter
from whoosh.lang.stopwords import stoplists

from .analysis import WORD_MEMORY, FoldFilter, fold, spelling_analyzer, stem, swedish_analyzer
from .analysis import WORD_PATTERN as SWEDISH_WORD_PATTERN

#: The language versions that are indexed, besides Swedish, in the order they are tried.
LANGUAGES = ("en", "ar", "fi", "lattlast")
#: Versions read with the Swedish analysis.
SWEDISH_FAMILY = ("lattlast",)
SNOWBALL = {"en": "english", "fi": "finnish", "ar": "arabic"}

# --------------------------------------------------------------------------
# Arabic normalisation

#: Tashkil (harakat, tanwin, shadda, sukun), Quranic marks, superscript alef; and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "و", "ئ": "ي"})


def normalise_arabic(word: str) -> str:
    """One Arabic word as its everyday spellings meet: ``مُدرَسه`` and ``مدرسة`` -> ``مدرسة``."""
    word = _ARABIC_MARKS.sub("", word).translate(_ARABIC_LETTERS)
    if len(word) > 2 and word.endswith("ه"):
        word = word[:-1] + "ة"
    return word


# --------------------------------------------------------------------------
# Stop words

#: Beyond Whoosh's lists: pronouns, filler and words every page says, as parents type them.
EXTRA_STOP_WORDS = {
    "en": """i im i'm me my mine our we us you your he she his her they them their it its
             a an the is are was be been am do does did doing done get gets got getting
             want wants wanted need needs needed help helps helping please can could would should will
             what how who where when which why there here some any anyone someone something
             so very really just also too much many lot lots about like know think feel feels
             go goes going come comes ok okay hi hello thanks thank""",
    "fi": """minä mä mun minun minulla minulle mulla mulle meidän meillä sinä sä sun sinun hän se sen
             ne niiden me te he olen on ovat oli olla ollut ei en et emme eivät mitä mikä miten missä
             kuka mihin voi voiko voin pitää täytyy tarvitsen tarvitaan haluan halua apua avun auttaa
             kiitos moi hei joo ja tai kun jos että myös vain hyvin tosi aina""",
    "ar": """في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين ان أن إن كان كانت يكون لا ما
             هل او أو و ثم قد لقد كل بعض عند لدي لي لنا انا أنا نحن انت أنت هو هي هم كيف ماذا متى
             اين أين لماذا يوجد هناك هنا اريد أريد نريد يريد ممكن مساعدة ساعدوني من فضلك شكرا جدا""",
}
_STOP: dict[str, frozenset[str]] = {}


def stop_words(code: str) -> frozenset[str]:
    found = _STOP.get(code)
    if found is None:
        words = set(stoplists.get(code, ())) | set(EXTRA_STOP_WORDS.get(code, "").split())
        if code == "ar":
            words |= {normalise_arabic(w) for w in words}
        else:
            words |= {fold(w) for w in words}
        found = _STOP[code] = frozenset(words)
    return found


# --------------------------------------------------------------------------
# Stemming: Snowball, one stemmer per language behind a lock (its objects keep state while stemming)

_stemmers: dict[str, object] = {}
_stem_lock = threading.Lock()


@lru_cache(maxsize=WORD_MEMORY)
def _snowball(code: str, word: str) -> str:
    with _stem_lock:
        stemmer = _stemmers.get(code)
        if stemmer is None:
            stemmer = _stemmers[code] = snowballstemmer.stemmer(SNOWBALL[code])
        return stemmer.stemWord(word)


def stem_en(word: str) -> str:
    return _snowball("en", word)


def stem_fi(word: str) -> str:
    return _snowball("fi", word)


def stem_ar(word: str) -> str:
    """Snowball's Arabic stem of a normalised word, with its own normalisation undone (ة as ه)."""
    return _snowball("ar", word).translate(_ARABIC_LETTERS).replace("ة", "ه")


STEMMERS = {"en": stem_en, "fi": stem_fi, "ar": stem_ar, "lattlast": stem}

# --------------------------------------------------------------------------
# Filters and analyzers

#: Words, plus the Arabic marks that sit inside words (``\\w`` does not match them).
WORD_PATTERN = "[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+"


_TOKEN = re.compile(WORD_PATTERN)
_SWEDISH_TOKEN = re.compile(SWEDISH_WORD_PATTERN)


class LanguageStopFilter(Filter):
    """Lower case and drop the language's stop words; renumbers positions like Whoosh's StopFilter."""

    def __init__(self, code: str):
        self.code = code

    def __eq__(self, other):
        return type(other) is type(self) and other.code == self.code

    def __call__(self, tokens):
        stops = stop_words(self.code)
        position = None
        for t in tokens:
            lowered = t.text.lower()
            if len(lowered) < 2 or lowered in stops or (self.code != "ar" and fold(lowered) in stops):
                continue
            t.text = lowered
            if t.positions:
                position = t.pos if position is None else position + 1
                t.pos = position
            t.stopped = False
            yield t


class ArabicNormaliseFilter(Filter):
    """Normalises each Arabic token (see :func:`normalise_arabic`)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = normalise_arabic(t.text)
            if t.text:
                yield t


def _base(code: str):
    if code == "ar":
        return RegexTokenizer(WORD_PATTERN) | ArabicNormaliseFilter() | LanguageStopFilter("ar")
    return RegexTokenizer(WORD_PATTERN) | LanguageStopFilter(code) | FoldFilter()


def language_analyzer(code: str):
    """The stemmed analyzer for a version's searchable text."""
    if code in SWEDISH_FAMILY:
        return swedish_analyzer()
    return _base(code) | StemFilter(stemfn=STEMMERS[code], cachesize=-1)


def language_spelling_analyzer(code: str):
    """Normalised whole words, not stemmed: what typos in that language are corrected against."""
    if code in SWEDISH_FAMILY:
        return spelling_analyzer()
    return _base(code)


_ANALYZERS: dict[tuple[str, bool], object] = {}


def _analyzer(code: str, stemmed: bool):
    key = (code, stemmed)
    if key not in _ANALYZERS:
        _ANALYZERS[key] = language_analyzer(code) if stemmed else language_spelling_analyzer(code)
    return _ANALYZERS[key]


def terms(code: str, text: str) -> list[str]:
    """The index terms of ``text`` in language ``code``."""
    return [t.text for t in _analyzer(code, True)(text)]


#: Normalised form of each token seen, per language (``words``); emptied when it grows past the bound.
_NORMAL: dict[tuple[str, str], tuple[str, ...]] = {}
_NORMAL_BOUND = WORD_MEMORY


def words(code: str, text: str) -> list[str]:
    """The searchable words of ``text`` in language ``code``, normalised but not stemmed, unique, in order.

    Every query is read in each language, and a Whoosh analyzer costs some
    50 µs a text; its filters work token by token, so the text is split
    once with the analyzer's own pattern and each token's outcome (its
    normal form, or nothing for a stop word) is remembered.
    """
    pattern = _SWEDISH_TOKEN if code in SWEDISH_FAMILY else _TOKEN
    found = []
    for token in pattern.findall(text):
        key = (code, token)
        normal = _NORMAL.get(key)
        if normal is None:
            normal = tuple(t.text for t in _analyzer(code, False)(token))
            if len(_NORMAL) >= _NORMAL_BOUND:
                _NORMAL.clear()
            _NORMAL[key] = normal
        found.extend(normal)
    return list(dict.fromkeys(found))


def stem_word(code: str, word: str) -> str:
    """The index term of one normalised word (see :func:`words`)."""
    return STEMMERS[code](word)


def plain_text(text: str) -> str:
    """NFC text, so a decomposed letter typed on a phone meets the pages' precomposed one."""
    return unicodedata.normalize("NFC", text)
