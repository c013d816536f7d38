"""The search index schema, field by field, and how a service fills it.

Like a model schema: each field says what it holds, how it is analysed and
why it exists. Changing a field means running ``flask search rebuild``
(the schema is stored inside each index generation).

===============  ==========================================  =====================
field            holds                                       used for
===============  ==========================================  =====================
``slug``         the service's slug (unique, stored)         identity: update and
                                                             remove one page
``title``        title (stored, Swedish analysis)            matching, weight 5
``keywords``     front-matter keywords (stored, Swedish      matching, weight 4
                 analysis)
``labels``       Swedish names of the page's topics, age     matching, weight 2:
                 groups and audiences                        "separation" finds
                                                             pages tagged with it
``summary``      summary (stored, Swedish analysis)          matching, weight 2.5
``body``         page text without Markdown, with positions  quoted phrases
``body_counts``  the same text, term counts only (no         matching, weight 1:
                 positions)                                  read fast for scoring
``text``         the same text, UTF-8, in a column           snippets
``marks``        where each body term occurs: ``;term:start- snippets without
                 end,...;`` (UTF-8, in a column)             re-analysing text
``facts``        organizer, cost, hours, how to start        matching, weight 0.5
``spell``        every word above, folded but NOT stemmed    typo tolerance and
                                                             "Menade du ...?"
``topic``        topic slugs (stored)                        ``amne`` filter, facets
``alder``        age groups the age range overlaps (stored)  ``alder`` filter,
                                                             facets, age boost
``ages``         (youngest, oldest) (stored only)            display
``*_<lang>``     per language version (``en``, ``ar``, ``fi``,  the same, in that
                 ``lattlast``): ``title_``, ``keywords_``,    language (see
                 ``summary_`` (stored), ``body_``, ``text_``,  ``multilingual.py``)
                 ``marks_``, ``spell_``, in that language's
                 analysis (``language_analysis.py``)
===============  ==========================================  =====================

The Swedish fields are exactly what they were before the versions were
indexed: a Swedish query is scored on them alone, with the same lengths
and page counts, so the versions cannot change a Swedish ranking.

The small display data (title, summary, keywords, topics, age groups) is
read from the stored fields once per index generation into memory (see
``state.IndexState``). The page text and its marks live in columns, not
stored fields, because Whoosh unpickles a document's stored fields whole:
opening a generation stays fast, and only the ten hits that get snippets
read their text.
"""

from __future__ import annotations

import html
import re

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from ..taxonomy import AGE_GROUPS, AUDIENCES, TOPICS, age_groups_for
from .analysis import spelling_analyzer, swedish_analyzer
from .language_analysis import LANGUAGES, language_analyzer, language_spelling_analyzer

#: How much a match in each field counts. Title and keywords say what a
#: service *is*; the body only mentions things in passing. The page text is
#: scored from ``body_counts``: Whoosh unpickles a posting block whole, and
#: the positions ``body`` keeps for phrases made that most of the time of
#: reading a common word's postings (20 ms for "barn" at 10,000 pages).
FIELD_WEIGHTS: dict[str, float] = {
    "title": 5.0,
    "keywords": 4.0,
    "summary": 2.5,
    "labels": 2.0,
    "body_counts": 1.0,
    "facts": 0.5,
}
#: The fields a quoted phrase is looked for in, and what a match there counts.
PHRASE_WEIGHTS: dict[str, float] = {"title": 5.0, "keywords": 4.0, "summary": 2.5, "body": 1.0}


def language_field_weights(code: str) -> dict[str, float]:
    """The fields a version is scored on, with the Swedish fields' weights (its text has no ``labels``)."""
    return {f"{name}_{code}": weight for name, weight in FIELD_WEIGHTS.items() if name not in ("labels",)}


def _language_fields(code: str) -> dict:
    analyzer = language_analyzer(code)
    return {
        f"title_{code}": TEXT(analyzer=analyzer, stored=True),
        f"keywords_{code}": TEXT(analyzer=analyzer, stored=True),
        f"summary_{code}": TEXT(analyzer=analyzer, stored=True),
        f"body_counts_{code}": TEXT(analyzer=analyzer, phrase=False),
        f"facts_{code}": TEXT(analyzer=analyzer, phrase=False),
        f"text_{code}": COLUMN(VarBytesColumn()),
        f"marks_{code}": COLUMN(VarBytesColumn()),
        f"spell_{code}": TEXT(analyzer=language_spelling_analyzer(code), phrase=False),
    }


def build_schema() -> Schema:
    sv = swedish_analyzer()
    return Schema(
        slug=ID(stored=True, unique=True),
        title=TEXT(analyzer=sv, stored=True),
        keywords=TEXT(analyzer=sv, stored=True),
        labels=TEXT(analyzer=sv),
        summary=TEXT(analyzer=sv, stored=True),
        body=TEXT(analyzer=sv),
        body_counts=TEXT(analyzer=sv, phrase=False),
        text=COLUMN(VarBytesColumn()),
        marks=COLUMN(VarBytesColumn()),
        facts=TEXT(analyzer=sv, phrase=False),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False),
        topic=KEYWORD(stored=True, commas=True),
        alder=KEYWORD(stored=True, commas=True),
        ages=STORED(),
        **{name: fieldtype for code in LANGUAGES for name, fieldtype in _language_fields(code).items()},
    )


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|dd|dt|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(body_html: str) -> str:
    """Readable plain text of sanitised page HTML, for matching and snippets.

    Links keep their text, list items and paragraphs end with a line break,
    and entities are decoded once (snippets escape them again for display).
    """
    text = _BLOCK_END.sub("\n", body_html)
    text = html.unescape(_TAG.sub("", text))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


_MARKS_ANALYZER = swedish_analyzer()


def marks_for(body: str, analyzer=None) -> str:
    """Character ranges of every index term in ``body``, as one string.

    A string (not a dict) because Whoosh unpickles stored fields whole:
    a plain string loads at memory speed, and ``str.find`` picks out the
    few terms a snippet needs.
    """
    spans: dict[str, dict[str, None]] = {}
    for token in (analyzer or _MARKS_ANALYZER)(body, chars=True):
        spans.setdefault(token.text, {})[f"{token.startchar}-{token.endchar}"] = None
    return "".join(f";{term}:{','.join(ranges)}" for term, ranges in spans.items()) + ";"


_LANGUAGE_MARKS = {}


def _version_fields(code: str, version) -> dict:
    """The fields of one language version (its own texts; facts stay those of the Swedish page)."""
    analyzer = _LANGUAGE_MARKS.get(code)
    if analyzer is None:
        analyzer = _LANGUAGE_MARKS[code] = language_analyzer(code)
    body = html_to_text(version.body_html) if version.body_html else version.body
    keywords = " ; ".join(version.keywords)
    return {
        f"title_{code}": version.title,
        f"keywords_{code}": keywords,
        f"summary_{code}": version.summary,
        f"body_counts_{code}": body,
        f"facts_{code}": " ; ".join(filter(None, [version.organizer, version.cost, version.hours,
                                                  version.how_to_start])),
        f"text_{code}": body.encode("utf-8"),
        f"marks_{code}": marks_for(body, analyzer).encode("utf-8"),
        f"spell_{code}": "\n".join([version.title, keywords, version.summary, body]),
    }


def document_for(service, versions=None) -> dict:
    """The index document for a published service (see the table above).

    ``versions``: its published language versions, language code -> the
    service with that version's texts (``Catalogue.versions``).
    """
    groups = age_groups_for(service.ages)
    labels = [str(TOPICS.get(t, t)) for t in service.topics]
    labels += [str(AGE_GROUPS[g][2]) for g in groups]
    labels += [str(AUDIENCES.get(a, a)) for a in service.audience]
    body = html_to_text(service.body_html) if service.body_html else service.body
    keywords = " ; ".join(service.keywords)
    facts = " ; ".join(filter(None, [service.organizer, service.cost, service.hours, service.how_to_start]))
    return {
        "slug": service.slug,
        "title": service.title,
        "keywords": keywords,
        "labels": " ; ".join(labels),
        "summary": service.summary,
        "body": body,
        "body_counts": body,
        "text": body.encode("utf-8"),
        "marks": marks_for(body).encode("utf-8"),
        "facts": facts,
        "spell": "\n".join([service.title, keywords, service.summary, body]),
        "topic": ",".join(service.topics),
        "alder": ",".join(groups),
        "ages": tuple(service.ages),
        **{name: value for code, version in (versions or {}).items() if code in LANGUAGES
           for name, value in _version_fields(code, version).items()},
    }
