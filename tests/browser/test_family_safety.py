"""Issue 11 in a real browser: acute help on /sok, phone numbers, the age × topic grid, the search words.

What a frightened young person or a parent in a violent home sees:

* searching in their own words for danger puts the acute-help box (112,
  and the line for that kind of danger) at the top of ``<main>``, before
  any result, and an ordinary search shows no box. The full phrase sets are
  measured without a browser (tests/safety/test_danger.py); here a spread
  sample of each is walked in one page, by URL, so the test stays fast;
* every phone number on /akut, /om and a few service pages can be tapped
  (a ``tel:`` link) and stays on one line on a 320 px wide phone;
* every age group × topic on /tjanster/ lists a service, or is one of the
  cells tests/pages/test_age_topic_matrix.py explains;
* the words the issue names find their pages in the top three on /sok.

Each test prints what it proved.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from familjeguiden.taxonomy import AGE_GROUPS, TOPICS
from familjeguiden.text import tel_href

from ..pages.test_age_topic_matrix import JUSTIFIED_EMPTY
from ..safety.test_danger import ACCEPTED_FALSE_POSITIVES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAFETY = ROOT / "tests" / "safety"
CONTACTS = yaml.safe_load((ROOT / "familjeguiden" / "content" / "kontakter.yml").read_text(encoding="utf-8"))


def _number(key: str) -> str:
    for section in ("kontor", "nationella"):
        if key in (CONTACTS.get(section) or {}):
            return str(CONTACTS[section][key]["telefon"])
    raise KeyError(key)


EMERGENCY = tel_href(_number("nodnummer"))
#: The help each kind of danger must be given (a ``tel:`` link in the box), beyond 112.
#: A detector may name more kinds than the writer did; it must at least give these.
FITTED_HELP = {
    "vald": {"Kvinnofridslinjen": tel_href(_number("kvinnofridslinjen"))},
    "sjalvmord": {"Självmordslinjen": tel_href(_number("sjalvmordslinjen"))},
    "barn-i-fara": {"socialjouren": tel_href(_number("socialjouren"))},
    "sexuella-overgrepp": {"BRIS": tel_href(_number("bris"))},
}

#: How many lines of each (file, kind) group of the danger sets, and of each ordinary file, are walked.
DANGER_PER_GROUP = 4
ORDINARY_PER_FILE = 12


def _spread(lines: list, count: int) -> list:
    """``count`` lines evenly spread over the list (first, last and between): not only the easy start."""
    if len(lines) <= count:
        return lines
    step = (len(lines) - 1) / (count - 1)
    return [lines[round(i * step)] for i in range(count)]


def _rows(path: Path) -> list[str]:
    return [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def danger_sample() -> list[tuple[str, str, str]]:
    """(file, kind, text): a few lines of every kind from every danger set."""
    sample = []
    for path in sorted(SAFETY.glob("danger_phrases*.tsv")):
        rows = [tuple(row.split("\t", 1)) for row in _rows(path)]
        for kind in FITTED_HELP:
            sample += [(path.name, kind, text.strip()) for k, text in _spread([r for r in rows if r[0] == kind],
                                                                            DANGER_PER_GROUP)]
    return sample


def ordinary_sample() -> list[tuple[str, str]]:
    sample = []
    for path in sorted(SAFETY.glob("ordinary_queries*.tsv")):
        rows = [row.strip() for row in _rows(path) if row.strip() not in ACCEPTED_FALSE_POSITIVES]
        sample += [(path.name, text) for text in _spread(rows, ORDINARY_PER_FILE)]
    return sample


#: Where the acute-help box is in <main>: is it the first thing a person reads, before the
#: heading and any result; and its text and tel: links.
ACUTE_BOX = """() => {
  const main = document.querySelector('main');
  const boxes = main.querySelectorAll('.acute-help');
  const results = main.querySelectorAll('ol.results > li');
  if (!boxes.length) { return {box: false, results: results.length}; }
  const box = boxes[0];
  const before = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (box.contains(node)) { break; }
    const parent = node.parentElement;
    if (node.textContent.trim() && parent.offsetParent !== null && !parent.closest('.visually-hidden')) {
      before.push(node.textContent.trim().slice(0, 60));
    }
  }
  const follows = (el) => !!(box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const h1 = main.querySelector('h1');
  const rect = box.getBoundingClientRect();
  return {
    box: true, count: boxes.length, before, results: results.length,
    beforeHeading: h1 ? follows(h1) : true,
    beforeResults: Array.from(results).every(follows),
    onScreen: rect.top >= 0 && rect.top < window.innerHeight && rect.height > 0,
    kinds: box.getAttribute('data-acute-help'),
    text: box.innerText,
    tels: Array.from(box.querySelectorAll('a[href^="tel:"]')).map((a) => a.getAttribute('href')),
  };
}"""


@pytest.fixture
def quick_page(new_context):
    """A desktop page without axe-core (nothing to audit here): one page for many URLs."""
    return new_context().new_page()


def _sok(page, query: str) -> dict:
    response = page.goto(f"/sok?q={quote(query)}", wait_until="domcontentloaded")
    assert response is not None and response.status == 200, f"/sok?q={query}: {response and response.status}"
    return page.evaluate(ACUTE_BOX)


def test_danger_phrases_get_the_fitted_acute_help_box_first_in_main(quick_page, search_available, capsys):
    if not search_available:
        pytest.skip("/sok finns inte i den här versionen av appen")
    sample = danger_sample()
    problems, with_results = [], 0
    for name, kind, text in sample:
        found = _sok(quick_page, text)
        where = f"{name} [{kind}] {text!r}"
        if not found["box"]:
            problems.append(f"ingen akutruta: {where}")
            continue
        with_results += bool(found["results"])
        if found["count"] != 1:
            problems.append(f"{found['count']} akutrutor: {where}")
        if found["before"] or not found["beforeHeading"] or not found["beforeResults"] or not found["onScreen"]:
            problems.append(f"rutan står inte först i <main> (före den: {found['before']}, före rubriken: "
                            f"{found['beforeHeading']}, före träffarna: {found['beforeResults']}, syns: "
                            f"{found['onScreen']}): {where}")
        if EMERGENCY not in found["tels"] or "112" not in found["text"]:
            problems.append(f"112 är ingen tel:-länk i rutan: {where}")
        for line, href in FITTED_HELP[kind].items():
            if line not in found["text"] or href not in found["tels"]:
                problems.append(f"{line} ({href}) saknas i rutan ({found['kinds']}): {where}")
    kinds = {kind for _n, kind, _t in sample}
    files = {name for name, _k, _t in sample}
    with capsys.disabled():
        print(f"\n[akutruta /sok] {len(sample)} farliga formuleringar ur {len(files)} filer och {len(kinds)} slag: "
              f"{len(sample) - len([p for p in problems if p.startswith('ingen')])} visar rutan med 112 först i "
              f"<main> (i {with_results} fall står sökträffar under rutan); {len(problems)} problem")
        for problem in problems:
            print("  " + problem)
    assert len(sample) >= 60 and kinds == set(FITTED_HELP)
    assert not problems


def test_ordinary_queries_show_no_acute_help_box(quick_page, search_available, capsys):
    if not search_available:
        pytest.skip("/sok finns inte i den här versionen av appen")
    sample = ordinary_sample()
    boxed, with_results = [], 0
    for name, text in sample:
        found = _sok(quick_page, text)
        with_results += bool(found["results"])
        if found["box"]:
            boxed.append(f"{name} {text!r} ({found['kinds']})")
    with capsys.disabled():
        print(f"\n[akutruta /sok] {len(sample)} vanliga sökningar ur "
              f"{len({n for n, _t in sample})} filer: {len(boxed)} visar rutan, {with_results} har träffar")
        for line in boxed:
            print("  ruta: " + line)
    assert len(sample) >= 60
    assert not boxed
