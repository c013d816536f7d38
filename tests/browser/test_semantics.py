"""Language, headings, fact boxes and link texts, as the browser sees them.

axe-core already checks labels, landmarks and contrast; these are the
rules it leaves to people: one h1, no skipped heading level, every id
used once, aria-current="page" only on a link to the page itself, a real
description list for the fact box, and link texts that make sense when a
screen reader lists the links out of context.
"""

from __future__ import annotations

import re

import pytest

from .visits import ALL_PAGES, PUBLIC_PAGES, SERVICE_SLUGS

pytestmark = pytest.mark.browser

#: Link texts that say nothing on their own ("läs mer om vad?").
VAGUE_LINK_TEXTS = {"här", "klicka här", "klicka", "läs mer", "läs mer här", "mer", "mer info", "mer information",
                    "länk", "denna länk", "den här länken", "gå hit", "se här", "tryck här", "info"}


def language_of(path: str):
    """The version a path is in: its first segment (``/ar/...``), else Swedish (staff pages too)."""
    from familjeguiden.languages import LANGUAGES, SWEDISH

    first = path.lstrip("/").split("/", 1)[0]
    return LANGUAGES[first] if first in LANGUAGES and first != SWEDISH else LANGUAGES[SWEDISH]


def heading_problems(headings: list[dict]) -> list[str]:
    """Levels may go down one step at a time and back up any number of steps."""
    problems, previous = [], 0
    for heading in headings:
        if heading["level"] > previous + 1:
            problems.append(f"h{heading['level']} ”{heading['text']}” efter h{previous or '-'}")
        previous = heading["level"]
    return problems


def test_heading_rule_itself():
    assert heading_problems([{"level": 1, "text": "a"}, {"level": 2, "text": "b"}, {"level": 3, "text": "c"},
                             {"level": 2, "text": "d"}, {"level": 2, "text": "e"}]) == []
    assert heading_problems([{"level": 1, "text": "a"}, {"level": 3, "text": "b"}]) == ["h3 ”b” efter h1"]
    assert heading_problems([{"level": 2, "text": "a"}]) == ["h2 ”a” efter h-"]


@pytest.mark.parametrize("visit", ALL_PAGES, ids=lambda v: v.id)
def test_language_headings_and_link_texts(report, visit):
    found = report(visit)
    facts = found.facts
    where = f"på {found.url}"

    expected = language_of(facts["path"])
    assert facts["lang"] == expected.tag, f'<html lang="{facts["lang"]}"> {where}, väntade lang="{expected.tag}"'
    assert all(lang.strip() for lang in facts["langs"]), f"tomt lang-attribut {where}"
    assert facts["title"].strip(), f"sidan saknar <title> {where}"
    assert len(facts["h1"]) == 1, f"{len(facts['h1'])} h1 {where}: {facts['h1']}"
    problems = heading_problems(facts["headings"])
    assert not problems, f"rubriknivåer hoppar {where}: " + "; ".join(problems)
    # aria-current="page" says "this link is the page you are on"; a section link uses "true".
    elsewhere = [f"”{a['text']}” -> {a['path']}" for a in facts["currentPageLinks"] if a["path"] != facts["path"]]
    assert not elsewhere, f'aria-current="page" på en länk till en annan sida {where}: {elsewhere}'
    # An id names one element: a label, error link or aria reference to a repeated id finds the wrong one.
    assert not facts["duplicateIds"], f"samma id används flera gånger {where}: {facts['duplicateIds']}"

    vague, empty = [], []
    for link in facts["links"]:
        text = (link["text"] or link["img"]).strip()
        if not text:
            empty.append(link["href"])
        elif re.sub(r"[^\wåäö ]+", "", text.lower()).strip() in VAGUE_LINK_TEXTS:
            vague.append(f"”{text}” -> {link['href']}")
    assert not empty, f"länkar utan text {where}: {empty}"
    assert not vague, f"länktexter som inte går att förstå utan sammanhang {where}: {vague}"


SERVICE_VISITS = [v for v in PUBLIC_PAGES if v.path in {f"/tjanster/{slug}" for slug in SERVICE_SLUGS}]


def test_every_service_page_is_visited():
    assert len(SERVICE_VISITS) == len(SERVICE_SLUGS) >= 24


@pytest.mark.parametrize("visit", SERVICE_VISITS, ids=lambda v: v.id)
def test_fact_box_is_a_description_list(report, visit):
    box = report(visit).fact_box
    assert box is not None, f"{visit.path} saknar faktarutan (.factbox)"
    assert box["label"], "faktarutan har inget tillgängligt namn"
    assert box["lists"] >= 1, f"faktarutan på {visit.path} är ingen <dl>"
    assert set(box["tags"]) <= {"dt", "dd"}, f"<dl> innehåller annat än dt/dd: {box['tags']}"
    assert box["tags"] and box["tags"][0] == "dt" and box["tags"][-1] == "dd", box["tags"]
    for term, following in zip(box["tags"], box["tags"][1:], strict=False):
        assert not (term == "dt" and following == "dt"), f"en term utan beskrivning: {box['tags']}"
    assert "Kontakt" in box["terms"] and all(box["definitions"]), box
