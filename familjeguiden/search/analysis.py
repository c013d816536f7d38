"""Swedish text analysis for the search index.

Parents type the way they talk: "föräldrar" or "foraldrar", "skilsmässan",
"föräldrakurs tonåring". Every piece of text, at index time and at query
time, goes through the same chain so that those forms meet:

1. split into words (``\\w+``, so hyphens and punctuation separate words),
2. lowercase,
3. drop Swedish stop words (also their forms typed without å/ä/ö), but not
   acronyms typed in capitals ("SIG" is a service, "sig" a pronoun),
4. fold å/ä/ö and other accents (``föräldrar`` -> ``foraldrar``), so text
   typed on a keyboard without Swedish letters matches,
5. split curated compound words into their parts, keeping the whole word
   (``foraldrastod`` -> ``foraldrastod``, ``foraldra``, ``stod``),
6. stem: a small override list first, then two rules for definite forms the
   Snowball stemmer leaves alone (``-an``, ``-et``), then Snowball Swedish.

Folding happens before stemming, so the stemmer always sees folded words;
that keeps index and query identical whichever way a word was typed.

Whoosh pickles the schema, including the analyzers, into the index. Every
function and filter class used there is therefore defined at module level
here, and the filters keep no word lists in their own state: they read this
module's lists when they run, so a fixed list takes effect on the next
rebuild without stale copies inside old indexes.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from whoosh.analysis import (
    CompoundWordFilter,
    Filter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.lang.snowball.swedish import SwedishStemmer
from whoosh.lang.stopwords import stoplists

# --------------------------------------------------------------------------
# Folding

_FOLD_TABLE = str.maketrans({
    "å": "a", "ä": "a", "à": "a", "á": "a", "â": "a", "ã": "a",
    "ö": "o", "ø": "o", "ó": "o", "ò": "o", "ô": "o", "õ": "o",
    "é": "e", "è": "e", "ê": "e", "ë": "e",
    "ü": "u", "ú": "u", "ù": "u", "û": "u",
    "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ç": "c", "ñ": "n", "ý": "y", "æ": "ae", "ß": "ss",
})


def fold(text: str) -> str:
    """Lowercase text without diacritics: ``Föräldrastöd`` -> ``foraldrastod``."""
    folded = text.lower().translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --------------------------------------------------------------------------
# Stop words

#: Extra stop words: very common in the pages, useless for finding a service.
#: "sitt" is the possessive ("ta sitt liv"); Whoosh's list has "sitta" instead,
#: so without it "sitter hemma" matched every page saying "sitt".
#: The second line: the same small words as people say and text them ("dom", "mej", "nån", "ngt",
#: "mkt", "asså", "typ"); unknown to the pages, they made a spoken query look half unknown.
EXTRA_STOP_WORDS = frozenset("""får ska också bara finns behöver även sitt ur
    dom mej dej sej nån nåt nånting nånstans ngn ngt ngr ngra nåra mkt iaf asså alltså liksom typ pga
    eh ba va""".split())

#: Everyday words that are not stop words but never say which service is
#: meant ("vi bråkar hela tiden", "vill inte gå"): they are never telling
#: (``ranking.py``) and never the correction of a typo ("help" is not "hela").
EVERYDAY_WORDS_TEXT = """
    hela helt går gå gick gör göra gjort gjorde vill ville står stå tar ta tog kommer komma kom
    blir bli säger säga sa sätt lite mer mest många ofta alltid aldrig bra gärna väldigt jätte
    länge längre tänker tycker känner verkar fungerar hände händer igen annan annat andra
    vågar våga törs orkar nästan redan snart sen låter låta lät låtit vilja velat åka åker åkte
    fått fick ny nya nytt in ner jämt ligger gått flera kvar
    två tre fyra fem sex sju åtta nio tio elva tolv första andra tredje
    dag dagar dagen vecka veckor veckan månad månader år åren timme timmar gång gånger
    dagarna helg helgen helger helgerna kväll kvällen kvällar kvällarna natt natten nätter nätterna
"""

#: Folded stop words that are real content words and must stay searchable:
#: "får" folds to "far", as in "barn som far illa".
KEEP_WHEN_FOLDED = frozenset({"far"})

#: Words for the people around a child. They say who a question is about,
#: seldom which service helps, so they count less (``words.ROLE_SHARE``).
ROLE_WORDS_TEXT = """
    mamma mammor pappa pappor förälder föräldrar föräldern mor far mamman pappan morsan farsan
    barn barnet barnen son sonen söner dotter dottern döttrar bror brodern syster systern syskon
    mormor morfar farmor farfar moster faster morbror farbror kusin barnbarn barnbarnet
    kompis kompisen kompisar vän vänner partner sambo fru frun hustru man make pojkvän flickvän
    lillebror storebror lillasyster storasyster
    kille killen tjej tjejen pojke pojken flicka flickan grabb unge ungen ungar
"""

STOP_WORDS = frozenset(
    stoplists["sv"] | EXTRA_STOP_WORDS
    | {fold(w) for w in stoplists["sv"] | EXTRA_STOP_WORDS if fold(w) not in KEEP_WHEN_FOLDED}
)

#: Words asking for a fact every service states (its hours, phone, address,
#: cost): "umo öppettider" is about UMO, whichever pages happen to spell out
#: the word "öppettider". Treated like everyday words in the ranking. Not
#: "öppen"/"öppna": "öppna förskolan" is a service.
FACT_WORDS_TEXT = """
    öppettider öppettid öppettiderna telefontid telefontider
    telefonnummer telefonnumret nummer numret adress adressen adresser mejladress
    kontaktuppgifter kostar kostnad avgift pris
"""

EVERYDAY_WORDS = frozenset(fold(w) for w in EVERYDAY_WORDS_TEXT.split())
FACT_WORDS = frozenset(fold(w) for w in FACT_WORDS_TEXT.split())
ROLE_WORDS = frozenset(fold(w) for w in ROLE_WORDS_TEXT.split())

# --------------------------------------------------------------------------
# Compound words

#: Parts that Swedish compounds in this domain are built from, written as
#: people write them (folded when the module loads). Linking forms such as
#: ``föräldra-``, ``småbarns-`` and ``tonårs-`` are listed explicitly; every
#: part may also take a linking ``-s`` when it is not the last part.
#: A split is only made when *every* piece is in this list (the last piece
#: may carry an inflection ending), so an unlisted word is never cut up.
COMPOUND_PARTS_TEXT = """
    förälder föräldrar föräldra föräldraskap familj familje barn barna småbarn
    tonår tonåring ungdom ungdom unga elev skol skola hälsa hälso hälsovård mamma pappa
    mor far syskon bonus styv singel ensam anhörig släkt vuxen
    stöd stödgrupp kurs grupp träff möte behandlare behandling terapi samtal
    rådgivning rådgivare råd vägledare vägledning guide lots samordnare
    team central mottagning center jour kontor förvaltning enhet
    sköterska syster kurator psykolog psykiatri pedagog läkare barnmorska
    polis assistent arbetare ledare personal socionom
    alkohol drog narkotika anmälning spel beroende missbruk missbrukare nikotin tobak
    problem oro orolig anmälan våld brott kriminalitet gäng heder mobbning
    tankar skada kris depression ångest sömn mat stress tid plan frånvaro
    bråk konflikt tvist rätt relation par kärlek sex sexual sjuk sjukdom
    vård vårds mödra förskola förskole fritid fritids gård fält social
    insats insatser trots ålder morgon kväll telefon nät mobil
    separation skilsmässa umgänge vårdnad havare adoption adoptiv
    utveckling språk tal lek kolik amning graviditet förlossning
"""
COMPOUND_PARTS = frozenset(fold(w) for w in COMPOUND_PARTS_TEXT.split())

#: Endings the last part of a compound may carry (``föräldrastödet``).
INFLECTIONS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "ers",
               "ar", "er", "or", "en", "et", "na", "a", "e", "n", "s", "t")
MIN_PART = 3
MIN_COMPOUND = 6


def _is_head(piece: str) -> bool:
    return piece in COMPOUND_PARTS or (piece.endswith("s") and piece[:-1] in COMPOUND_PARTS)


def _is_tail(piece: str) -> bool:
    if piece in COMPOUND_PARTS:
        return True
    for ending in INFLECTIONS:
        if piece.endswith(ending):
            base = piece[: -len(ending)]
            if len(base) >= MIN_PART and base in COMPOUND_PARTS:
                return True
    return False


#: How many words each per-word memory of a worker keeps (compound splits here, each language's stems,
#: normal forms and coverage in ``language_analysis`` and ``multilingual``). A remembered word costs some
#: 250-300 bytes a memory; at 100,000-200,000 words each, a worker serving varied queries for a day would
#: pass the 150 MB of DESIGN.md section 6 (192 MB after 40,000 queries, still growing). 10,000 words are
#: more than a day of a municipality's searches use.
WORD_MEMORY = 10_000


@lru_cache(maxsize=WORD_MEMORY)
def split_compound(word: str) -> tuple[str, ...] | None:
    """Parts of a folded compound word, or ``None`` when it is not one.

    Tries the longest known head first and backtracks, so ``familjebehandlare``
    becomes ``familje`` + ``behandlare`` and ``tonarsforaldrar`` becomes
    ``tonars`` + ``foraldrar``.
    """
    if len(word) < MIN_COMPOUND or word in COMPOUND_PARTS:
        return None

    def parts_from(start: int) -> tuple[str, ...] | None:
        rest = word[start:]
        if start and _is_tail(rest):
            return (rest,)
        for end in range(len(word) - MIN_PART, start + MIN_PART - 1, -1):
            head = word[start:end]
            if _is_head(head):
                tail = parts_from(end)
                if tail:
                    return (head, *tail)
        return None

    return parts_from(0)


class SwedishCompoundFilter(CompoundWordFilter):
    """Adds the parts of curated compounds after the whole word.

    The parts keep the position and characters of the whole word, so a
    phrase still matches and a snippet highlights the whole compound.
    """

    def __init__(self):  # noqa: D107 - the word list lives in this module
        self.keep_compound = True

    def __call__(self, tokens):
        for t in tokens:
            parts = split_compound(t.text)
            yield t
            if parts:
                whole = t.text
                for part in parts:
                    t.text = part
                    yield t
                t.text = whole


# --------------------------------------------------------------------------
# Stemming

#: Forms the Snowball stemmer does not bring together, or brings together
#: wrongly, written unfolded; each line is ``stem: form form ...``. Snowball
#: leaves "äta" and "äter" apart, and makes "viktigt" the stem "vikt", so
#: "tappat i vikt" (weight) matched every page saying "viktigt" (important);
#: "ungen" (the kid) is not "unga" (young people).
#: Tested in tests/search/test_analysis.py.
STEM_OVERRIDES_TEXT = """
    förälder: förälder föräldern förälderns föräldrar föräldrarna föräldrars föräldrarnas föräldra
    barn: barn barnet barnets barnen barnens barns barna
    skilsmässa: skilsmässa skilsmässan skilsmässans skilsmässor skilsmässorna
    dotter: dotter dottern dotterns döttrar döttrarna
    son: son sonen sonens söner sönerna
    bror: bror brodern broderns bröder bröderna brorsan
    mor: mor mödrar mödrarna mödra
    tonår: tonår tonåren tonårens tonårs
    kurs: kurs kursen kursens kurser kurserna
    hälsa: hälsa hälsan hälso
    man: man mannen män männen
    viktig: viktig viktigt viktiga viktigare viktigast viktigaste
    äta: äta äter ätit
    unge: unge ungen ungens ungar ungarna
"""


def _parse_overrides(text: str) -> dict[str, str]:
    table = {}
    for line in text.strip().splitlines():
        stem_word, forms = line.split(":", 1)
        for form in forms.split():
            table[fold(form)] = fold(stem_word.strip())
    return table


STEM_OVERRIDES = _parse_overrides(STEM_OVERRIDES_TEXT)
_snowball = SwedishStemmer().stem


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """Stem one folded Swedish word (remembered: splitting a compound stems a dozen pieces of it).

    Order: the override list; a compound is its heads plus the stem of its
    last part (so ``tonarsforalder`` and ``tonarsforaldrar`` meet); then
    definite forms Snowball leaves alone (``skolan`` is stemmed as
    ``skola``, ``barnet``/``stodet`` lose ``-et`` unless the word ends in
    ``-het`` or ``-itet``); then Snowball.
    """
    if word in STEM_OVERRIDES:
        return STEM_OVERRIDES[word]
    parts = split_compound(word)
    if parts:
        return "".join(parts[:-1]) + _stem_simple(parts[-1])
    return _stem_simple(word)


def _stem_simple(word: str) -> str:
    if word in STEM_OVERRIDES:
        return STEM_OVERRIDES[word]
    if len(word) >= 5 and word.endswith("an") and word[-3] not in "aeiouy":
        return _snowball(word[:-1])
    if len(word) >= 5 and word.endswith("et") and not word.endswith(("het", "itet")):
        if word[-3] not in "aeiouy":
            return _snowball(word[:-2])
    return _snowball(word)


# --------------------------------------------------------------------------
# Filters and analyzers


class SwedishStopFilter(Filter):
    """Lowercases and drops stop words, but keeps acronyms typed in capitals.

    "SIG" (sociala insatsgrupper) is a service's name; "sig" is a pronoun.
    Runs on the original case, so it replaces Whoosh's Lowercase + Stop
    filters (and, like them, renumbers positions so phrases still match).
    """

    def __call__(self, tokens):
        position = None
        for t in tokens:
            text = t.text
            lowered = text.lower()
            if len(lowered) < 2 or (lowered in STOP_WORDS and not is_acronym(text)):
                continue
            t.text = lowered
            if t.positions:
                if position is None:
                    position = t.pos
                else:
                    position += 1
                    t.pos = position
            t.stopped = False
            yield t


def is_acronym(word: str) -> bool:
    """A word typed in capitals, 2-5 letters: SIG, BUP, BVC, MVC, UMO."""
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()


class FoldFilter(Filter):
    """Folds å/ä/ö and other accents in each token (see :func:`fold`)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


WORD_PATTERN = r"\w+"


def swedish_analyzer():
    """Stemmed, folded, compound-splitting analyzer for the searchable text."""
    return (RegexTokenizer(WORD_PATTERN) | SwedishStopFilter()
            | FoldFilter() | SwedishCompoundFilter() | StemFilter(stemfn=stem, cachesize=-1))


def spelling_analyzer():
    """Folded whole words, not stemmed: what typos are corrected against.

    Kept unstemmed on purpose: fuzzy terms and "Menade du ...?" must be real
    words, and a stemmed field gives stems that match nothing typed.
    """
    return RegexTokenizer(WORD_PATTERN) | SwedishStopFilter() | FoldFilter()


_QUERY_ANALYZER = None


def analyse(text: str) -> list[str]:
    """The index terms for ``text`` (used for queries and synonym lists)."""
    global _QUERY_ANALYZER
    if _QUERY_ANALYZER is None:
        _QUERY_ANALYZER = swedish_analyzer()
    return [t.text for t in _QUERY_ANALYZER(text)]


def words_and_parts(word: str) -> tuple[str, list[str]]:
    """For one typed word: its own stem and the stems of its compound parts."""
    folded = fold(word)
    parts = split_compound(folded) or ()
    return stem(folded), [stem(p) for p in parts]
