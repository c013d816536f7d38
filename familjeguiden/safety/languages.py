"""Danger phrasings in English, Arabic and Finnish: a small rule set beside the Swedish one.

The Swedish rules (``danger.py``) and the classifier (``model.py``) were
written and trained for Swedish. People in the English, Arabic and Finnish
versions type in their own language ("my dad hits me", "اريد ان اموت",
"haluan kuolla"), so each language has a few rules per kind of danger,
written the same way: on folded text (English and Finnish as
``text.fold``: ä -> a, ö -> o; Arabic without diacritics, with one alef,
ي for ى and ه for ة), every pattern starting at the start of a word, a few
harmless set phrases removed first ("emergency contraception").

This is a deliberately small, honest rule set: it covers the common
phrasings of violence, suicide and self-harm, a child in danger and
sexual abuse, and is tested with phrasings written for the test
(``tests/i18n/test_danger_languages.py``), not a measured precision like
the Swedish sets. It errs, as the Swedish rules do, on the side of showing
help.
"""

from __future__ import annotations

import re
from functools import cache

from ..text import fold

_ME = r"(?:me|us|my \w+|him|her|them|mum|mom|dad|the (?:kids|children|baby|child))\b"
_SELF = r"(?:my|him|her|them|your)sel(?:f|ves)"

PATTERNS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "sjalvmord": (
            r"suicid", r"kill " + _SELF, r"(?:want|wanna|going|gonna|trying|tried|planning|plan) to die\b",
            r"(?:want|wanna) to be dead",
            r"(?:don'?t|do not|doesn'?t|does not|dont) want to (?:live|be alive|exist|wake up)",
            r"(?:end|take|ending|taking) (?:my|his|her|their) (?:own )?life", r"self[- ]?harm",
            r"(?:cuts?|cutting|hurts?|hurting|harms?|harming|burns?|burning) " + _SELF, r"better off dead",
            r"better off without me", r"overdos", r"no reason to live", r"kms\b",
        ),
        "vald": (
            r"(?:hits?|hitting|beats?|beating|beat up|punch(?:es|ed|ing)?|kicks?|kicking|chok(?:es|ed|ing)|strangl\w*"
            r"|slaps?|slapping|hurts?|hurting|threaten(?:s|ed|ing)?|abuses?|abused|abusing) " + _ME,
            r"(?:threaten\w*|going|gonna|wants?|will) (?:to )?kill (?:me|us|my(?!self)|him(?!self)|her(?!self))",
            r"domestic (?:violence|abuse)",
            r"(?:abusive|violent) (?:husband|wife|partner|boyfriend|girlfriend|dad|father|mum|mom|mother|parents?|ex)",
            r"honou?r (?:violence|killing|based)", r"forced (?:to )?marr", r"afraid for my life", r"scared for my life",
        ),
        "barn-i-fara": (
            r"(?:child|kid|son|daughter|baby) (?:is |has )?(?:missing|gone missing|disappeared|run away)",
            r"child abuse", r"(?:neglect(?:s|ed|ing)?|abus(?:es|ed|ing)) (?:my|the|a|his|her|our) "
            r"(?:child|children|kids?|son|daughter|baby)",
            r"(?:left|leaves|leaving) (?:the|my|his|her|our) (?:kids|children|baby|child) alone",
            r"shak(?:es|ing|en|e) the baby",
        ),
        "sexuella-overgrepp": (
            r"rap(?:e|ed|es|ing|ist)\b", r"sexual(?:ly)? (?:abuse|abused|assault|assaulted|harass)", r"molest",
            r"touch(?:es|ed|ing)? me (?:down there|inappropriately|sexually|there)", r"sextortion",
            r"groom(?:ed|ing)\b",
            r"(?:nudes?|naked (?:pictures|photos|pics)) (?:spread|shared|leaked|of me)", r"forced me to have sex",
            r"incest",
        ),
        "akut": (r"emergency\b", r"help me now", r"call the police", r"call police"),
    },
    "ar": {
        "sjalvmord": (
            r"انتحار", r"انتحر", r"(?:اقتل|يقتل|تقتل) (?:نفسي|نفسه|نفسها)",
            r"(?:اريد|بدي|ابي|ابغي|عايز|عايزه|اود) (?:ان )?(?:اموت|الموت)",
            r"لا (?:اريد|اريد ان|ابي|بدي) (?:اعيش|العيش)",
            r"ما بدي عيش", r"(?:يجرح|تجرح|اجرح|يؤذي|تؤذي|يوذي|توذي|اوذي) (?:نفسه|نفسها|نفسي)",
            r"(?:ايذاء|اذيه|اذى) (?:النفس|نفسي|نفسه|نفسها)",
        ),
        "vald": (
            r"(?:ي|ت)?ضرب(?:ني|نا)\b", r"(?:يضرب|تضرب|ضرب) (?:امي|ابي|اطفالي|ابني|ابنتي|بنتي|زوجتي|اخي|اختي)",
            r"(?:يهدد|تهدد|هدد)(?:ني|نا)\b", r"(?:يريد|تريد|سوف|راح|رح) (?:ان )?(?:ي|ت)?قتل(?:ني|نا)",
            r"سيقتلني", r"العنف (?:الاسري|المنزلي|في البيت|في المنزل)", r"عنف (?:اسري|منزلي)",
            r"(?:جرائم|جريمه|العنف باسم) الشرف", r"زواج (?:بالاكراه|قسري)",
        ),
        "barn-i-fara": (
            r"(?:طفلي|ابني|بنتي|ابنتي|ولدي) (?:مفقود|مفقوده|اختفي|اختفت|هرب|هربت)",
            r"(?:يعتدي|تعتدي|يسيء|تسيء) (?:علي|الي) (?:طفلي|ابني|ابنتي|الاطفال|اطفالي)", r"اهمال (?:الطفل|الاطفال)",
        ),
        "sexuella-overgrepp": (
            r"اغتصاب", r"اغتصب", r"تحرش", r"يتحرش", r"اعتداء جنسي", r"صور (?:عاريه|عاريه لي)",
        ),
        "akut": (r"طوارئ", r"النجده", r"ساعدوني الان", r"اتصل بالشرطه"),
    },
    "fi": {
        "sjalvmord": (
            r"itsemurh", r"(?:haluan|haluun|haluaa|halusin|mielin) kuolla",
            r"(?:en|ei) (?:enaa )?halua (?:enaa )?(?:elaa|herata)",
            r"tappaa itse(?:ni|nsa|si)", r"viiltel", r"satuttaa itse(?:aan|ani|nsa)", r"itsetuho",
        ),
        "vald": (
            r"(?:lyo|lyovat|loi|hakkaa|hakkasi|hakkaavat|potkii|kuristi|kuristaa|uhkaa|uhkasi|uhkailee) "
            r"(?:minua|meita|mua|meita|lapsia|lasta|aitia|isaa|minut|meidat|aitiani|lapsiani)",
            r"uhkaa tappaa", r"tappaa minut", r"lahisuhdevakival", r"perhevakival", r"kunniavakival",
            r"pakkoavioliit",
        ),
        "barn-i-fara": (
            r"(?:lapsi|lapseni|poikani|tyttareni|vauva) on kadonnut", r"kaltoinkoh", r"laiminlyo\w* lasta",
        ),
        "sexuella-overgrepp": (
            r"raiskas", r"raiskat", r"raiskau", r"seksuaal\w* (?:hyvaksikaytt|ahdistel|vakival)", r"hyvaksikaytt",
            r"alastonkuv",
        ),
        "akut": (r"hatatilan", r"soita poliisi", r"auttakaa heti"),
    },
}

#: Phrases with a danger word that describe no danger.
HARMLESS = (
    r"emergency contraception", r"emergency pill", r"morning after", r"in an emergency\b(?! now)",
)

#: Arabic joins the article and some particles to the word: الانتحار, وزوجي, بالعنف.
_PREFIXES = {"ar": "(?:و|ف|ب|ل|ال|وال|بال|لل|فال|ولل)?"}
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def _arabic(text: str) -> str:
    return _MARKS.sub("", text).translate(_ARABIC)


@cache
def _compiled() -> tuple[re.Pattern, dict[str, dict[str, re.Pattern]]]:
    harmless = re.compile(r"(?<!\w)(?:" + "|".join(HARMLESS) + r")")
    kinds = {code: {kind: re.compile(r"(?<!\w)" + _PREFIXES.get(code, "") + "(?:" + "|".join(patterns) + ")")
                    for kind, patterns in table.items()}
             for code, table in PATTERNS.items()}
    return harmless, kinds


def find(text: str) -> dict[str, str]:
    """Kind of danger -> the words that showed it, in any of the three languages."""
    harmless, kinds = _compiled()
    folded = " ".join(harmless.sub(" ", fold(text).replace("’", "'")).split())
    arabic = " ".join(_arabic(text).split())
    found: dict[str, str] = {}
    for code, table in kinds.items():
        subject = arabic if code == "ar" else folded
        for kind, pattern in table.items():
            if kind not in found:
                match = pattern.search(subject)
                if match:
                    found[kind] = match.group(0)
    return found
