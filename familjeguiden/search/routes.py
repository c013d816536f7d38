"""``/sok`` (the search page) and ``/api/sok`` (JSON, DESIGN.md section 2).

Views only validate input, call ``search`` and log zero-result queries;
they never build Whoosh queries themselves.

Both answer in a language version: ``/en/sok`` shows each hit's title,
summary, snippet and link from its English version (Swedish, marked
``lang="sv"``, where it has none); ``/api/sok?lang=en`` does the same in
JSON (``lang`` defaults to the version the API was asked in, ``sv`` at
``/api/sok``), with ``language`` per result and ``languages``: links to
the versions a query names ("English", "på arabiska") or is written in.

How the page's HTML is put together fast is in ``page.py``.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, current_app, jsonify, request, session, url_for

from ..i18n import _, _l, current_language
from ..languages import FULL, LANGUAGES
from ..safety import assess
from ..taxonomy import AGE_GROUPS, TOPICS
from .language_names import language_links
from .misses import record_miss
from .page import render_page
from .query import MAX_QUERY_LENGTH
from .searching import PER_PAGE, search
from .state import get_state

bp = Blueprint("search", __name__)

_HAS_WORD = re.compile(r"[^\W_]")
EMPTY = _l("Skriv något att söka efter.")
TOO_LONG = _l("Sökningen är för lång. Skriv högst %(max)d tecken, gärna bara några ord.", max=MAX_QUERY_LENGTH)
NO_WORDS = _l("Sökningen innehåller inga ord. Skriv med bokstäver eller siffror, till exempel ”föräldrakurs”.")
BAD_AGE = _l("Den åldersgruppen finns inte. Välj 0-5, 6-12 eller 13-20.")
BAD_TOPIC = _l("Det ämnet finns inte.")
BAD_LANGUAGE = _l("Det språket finns inte. Välj sv, lattlast, en, ar eller fi.")


def query_problem(text: str) -> str | None:
    """A message in the page's language if ``text`` cannot be searched, else ``None``."""
    if not text:
        return str(EMPTY)
    if len(text) > MAX_QUERY_LENGTH:
        return str(TOO_LONG)
    if not _HAS_WORD.search(text):
        return str(NO_WORDS)
    return None


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))
    except ValueError:
        return 1


@bp.get("/sok")
def search_page():
    text = request.args.get("q", "").strip()
    age_group = request.args.get("alder", "").strip()
    topic = request.args.get("amne", "").strip()
    notices = []
    if age_group and age_group not in AGE_GROUPS:
        notices.append(_("Den åldersgruppen finns inte. Vi söker bland alla åldrar."))
        age_group = ""
    if topic and topic not in TOPICS:
        notices.append(_("Det ämnet finns inte. Vi söker bland alla ämnen."))
        topic = ""
    page = _page_number(request.args.get("sida"))
    everything = request.args.get("fler") == "1"
    problem = query_problem(text) if text else None
    result = None
    state = get_state()
    if text and not problem:
        result = search(text, age_group or None, topic or None, page, everything=everything, state=state,
                        language=current_language())
        if result.total == 0:
            record_miss(text)

    def render():
        return render_page(state, text[:MAX_QUERY_LENGTH], age_group=age_group, topic=topic, notices=notices,
                           result=result, problem=problem, danger=assess(text),
                           languages=language_links(text, result.query_language, current_language())
                           if result is not None else [])

    return _cached_html(state, ("sok", current_language(), text, age_group, topic, page, everything,
                                tuple(notices)), render)


def _cached_html(state, key: tuple, render) -> str:
    """Finished HTML per query, kept with the index generation that made it.

    A repeated query is served from memory. As on the service pages, a
    response carrying flashed messages is never cached.
    """
    if "_flashes" in session:
        return render()
    return state.cached(("html", *key), render)


def _service_url(slug: str, language: str) -> str:
    """A service's address in ``language`` (``/en/tjanster/steget``), wherever the API was asked."""
    path = url_for("pages.service", slug=slug)
    here = LANGUAGES[current_language()].prefix
    if here and path.startswith(here + "/"):
        path = path[len(here):]
    return LANGUAGES[language].prefix + path


def _danger_field(text: str) -> dict | None:
    """When the query suggests danger: its kinds and where acute help is (the page shows a box)."""
    danger = assess(text)
    if not danger:
        return None
    return {"kinds": list(danger.kinds), "help_url": url_for("pages.emergency")}


@bp.get("/api/sok")
def api():
    text = request.args.get("q", "").strip()
    problem = query_problem(text)
    age_group = request.args.get("alder", "").strip() or None
    topic = request.args.get("amne", "").strip() or None
    if not problem and age_group and age_group not in AGE_GROUPS:
        problem = str(BAD_AGE)
    if not problem and topic and topic not in TOPICS:
        problem = str(BAD_TOPIC)
    language = request.args.get("lang", "").strip() or current_language()
    if not problem and language not in FULL:
        problem = str(BAD_LANGUAGE)
    if problem:
        return jsonify({"error": problem}), 400
    page = _page_number(request.args.get("sida"))
    result = search(text, age_group, topic, page, PER_PAGE, language=language)
    if result.total == 0:
        record_miss(text)

    def render():
        return json.dumps({
            "query": text,
            "language": language,
            "total": result.total,
            "page": result.page,
            "results": [{
                "slug": hit.slug,
                "title": hit.title,
                "url": _service_url(hit.slug, language),
                "language": hit.language,
                "summary": hit.summary,
                "snippet": str(hit.snippet),
                "score": hit.score,
            } for hit in result.hits],
            "suggestion": result.suggestion,
            "facets": result.facets,
            "danger": _danger_field(text),
            "languages": language_links(text, result.query_language, language),
        }, ensure_ascii=False)

    body = get_state().cached(("api", text, age_group, topic, page, language, current_language()), render)
    return current_app.response_class(body, mimetype="application/json")
