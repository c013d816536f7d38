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


# --- 2. Phone numbers: tel: links that stay on one line, one number per office ------------------------

PHONE_PAGES = ["/akut", "/om", "/tjanster/vald-i-nara-relationer", "/tjanster/socialtjansten-barn-och-unga",
               "/tjanster/sjalvmord-och-sjalvskada", "/tjanster/familjeguiden", "/tjanster/ungdomsmottagningen",
               "/tjanster/barn-med-funktionsnedsattning"]
PHONE_WIDTH = {"width": 320, "height": 640}

#: Phone numbers as Swedish pages write them, written for this test (not the app's own pattern):
#: area code and groups of digits, +46, and the short national numbers.
PHONES = """() => {
  const long = String.raw`(?<![\\w+\\-\\/.:])(?:\\+46[ -]?\\d{1,3}|0\\d{1,3})[- ]?\\d{2,3}`
    + String.raw`(?:[ -]?\\d{2,3}){1,3}(?![\\w\\-\\/])`;
  const short = String.raw`(?<![\\w+\\-\\/.:])(?:112|114 14|116 111|116 000|1177|90101|113 13)(?![\\w\\-\\/]| ?\\d)`;
  const pattern = new RegExp(`${long}|${short}`, 'g');
  const unlinked = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, [hidden]') || parent.offsetParent === null) { continue; }
    for (const match of node.textContent.matchAll(pattern)) {
      if (!parent.closest('a[href^="tel:"]')) {
        unlinked.push(`${match[0]} i ”${node.textContent.trim().slice(0, 70)}”`);
      }
    }
  }
  const links = Array.from(document.querySelectorAll('a[href^="tel:"]')).filter((a) => a.offsetParent !== null);
  return {
    unlinked,
    links: links.map((a) => {
      const rects = Array.from(a.getClientRects()).filter((r) => r.width > 0);
      const tops = new Set(rects.map((r) => Math.round(r.top)));
      return {
        text: a.innerText.trim(), href: a.getAttribute('href'), whiteSpace: getComputedStyle(a).whiteSpace,
        lines: tops.size, inMain: !!a.closest('main'),
        near: (a.closest('li, p, dd, td') || a.parentElement).innerText.replace(/\\s+/g, ' ').trim().slice(0, 120),
      };
    }),
  };
}"""


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() or ch == "+")


def test_every_phone_number_is_a_tel_link_on_one_line_at_320px(new_context, capsys):
    page = new_context(viewport=PHONE_WIDTH).new_page()
    problems, counted = [], {}
    for path in PHONE_PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        found = page.evaluate(PHONES)
        problems += [f"{path}: inte en länk: {u}" for u in found["unlinked"]]
        for link in found["links"]:
            if link["whiteSpace"] != "nowrap" or link["lines"] != 1:
                problems.append(f"{path}: {link['text']} bryts ({link['whiteSpace']}, {link['lines']} rader)")
            if tel_href(link["text"]) != link["href"] or not _digits(link["text"]):
                problems.append(f"{path}: {link['text']!r} ringer {link['href']}")
        counted[path] = len(found["links"])
    with capsys.disabled():
        print(f"\n[telefon] {sum(counted.values())} telefonnummer på {len(PHONE_PAGES)} sidor i 320 px bredd, "
              f"alla tel:-länkar på en rad: " + ", ".join(f"{p} {n}" for p, n in counted.items()))
        for problem in problems:
            print("  " + problem)
    assert counted["/akut"] >= 6 and all(counted.values())
    assert not problems


def test_phone_check_finds_unlinked_and_broken_numbers(new_context):
    """The check itself works: a number as plain text and a tel: link allowed to wrap are both found."""
    page = new_context(viewport=PHONE_WIDTH).new_page()
    page.goto("/akut")
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.innerHTML = 'Ring 031-390 06 99 eller 112. <a href="tel:+46313900698">'
          + 'ett mycket långt nummer som måste brytas 031-390 06 98</a>';
        document.querySelector('main').append(p);
        p.querySelector('a').style.whiteSpace = 'normal';  // an inline style attribute would meet the CSP
    }""")
    found = page.evaluate(PHONES)
    assert {u.split(" i ")[0] for u in found["unlinked"]} == {"031-390 06 99", "112"}, found["unlinked"]
    wrapped = [link for link in found["links"] if link["href"] == "tel:+46313900698"]
    assert wrapped and wrapped[0]["whiteSpace"] == "normal" and wrapped[0]["lines"] > 1, wrapped


def _front_matter(slug: str) -> dict:
    text = (ROOT / "familjeguiden" / "content" / "tjanster" / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def test_one_number_per_office_on_every_page(new_context, capsys):
    """The contradictions the issue found: social services on /akut and on its page, Familjeguiden on /om."""
    page = new_context().new_page()
    known = {tel_href(str(fields["telefon"])): key for section in ("kontor", "nationella")
             for key, fields in (CONTACTS.get(section) or {}).items() if fields and fields.get("telefon")}
    services = {}
    for path in (ROOT / "familjeguiden" / "content" / "tjanster").glob("*.md"):
        if "." not in path.stem:
            phone = (_front_matter(path.stem).get("contact") or {}).get("phone")
            if phone:
                services[tel_href(str(phone))] = path.stem
    shown: dict[str, set[str]] = {}
    strangers = []
    for path in PHONE_PAGES:
        page.goto(path)
        for link in page.evaluate(PHONES)["links"]:
            shown.setdefault(link["href"], set()).add(path)
            if link["href"] not in known and link["href"] not in services:
                strangers.append(f"{path}: {link['text']} ({link['near']})")
    checks = {
        "socialtjansten": ["/akut", "/tjanster/socialtjansten-barn-och-unga"],
        "familjeguiden": ["/om", "/tjanster/familjeguiden"],
        "socialjouren": ["/akut", "/tjanster/socialtjansten-barn-och-unga"],
    }
    missing = []
    for office, paths in checks.items():
        href = tel_href(_number(office))
        missing += [f"{office} ({_number(office)}) saknas på {p}" for p in paths if p not in shown.get(href, set())]
    # Each office's own page states the office's number in its contact block.
    page.goto("/tjanster/socialtjansten-barn-och-unga")
    block = page.locator("ul.contact a[href^='tel:']").first.get_attribute("href")
    page.goto("/tjanster/familjeguiden")
    own = page.locator("ul.contact a[href^='tel:']").first.get_attribute("href")
    with capsys.disabled():
        print(f"\n[kontakter] {len(shown)} olika nummer på {len(PHONE_PAGES)} sidor, alla ur kontakter.yml eller en "
              f"tjänsts egen uppgift; socialtjänsten {_number('socialtjansten')} och Familjeguiden "
              f"{_number('familjeguiden')} är samma på /akut, /om och sina egna sidor")
        for line in strangers + missing:
            print("  " + line)
    assert not strangers and not missing
    assert block == tel_href(_number("socialtjansten")) and own == tel_href(_number("familjeguiden"))


# --- 3. The age × topic grid on /tjanster/ ------------------------------------------------------------

CELL = """() => ({
  services: Array.from(document.querySelectorAll('main ul.cards h2 a')).map((a) => a.getAttribute('href')),
  count: (document.querySelector('main .result-count') || {innerText: ''}).innerText.trim(),
  ways: Array.from(document.querySelectorAll('main a')).map((a) => a.getAttribute('href')),
})"""


def test_every_age_group_and_topic_lists_a_service_or_is_explained(new_context, capsys):
    page = new_context().new_page()
    # The first cell the way a parent picks it: the two lists and the button.
    page.goto("/tjanster/")
    page.get_by_label("Barnets ålder").select_option("0-5")
    page.get_by_label("Ämne").select_option("missbruk-i-familjen")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa tjänster").click()
    assert "alder=0-5" in page.url and "amne=missbruk-i-familjen" in page.url, page.url
    toddler = page.evaluate(CELL)
    assert "/tjanster/familjebehandling" in toddler["services"], toddler

    counts, problems, pointers = {}, [], {}
    for group in AGE_GROUPS:
        for topic in TOPICS:
            page.goto(f"/tjanster/?alder={group}&amne={topic}", wait_until="domcontentloaded")
            cell = page.evaluate(CELL)
            counts[(group, topic)] = len(cell["services"])
            if cell["services"]:
                continue
            if (group, topic) not in JUSTIFIED_EMPTY:
                problems.append(f"{group} + {topic}: inga tjänster och inget skäl i test_age_topic_matrix.py")
            if "Inga tjänster passar" not in cell["count"] or "/tjanster/" not in cell["ways"] \
                    or "/fraga" not in cell["ways"]:
                problems.append(f"{group} + {topic}: tom sida utan besked eller väg vidare ({cell['count']!r})")
            pointer = page.locator("main .see-instead a")
            if not pointer.count():
                problems.append(f"{group} + {topic}: sidan säger inte var familjen hittar stöd i stället")
                continue
            why = page.locator("main .see-instead").inner_text()
            with page.expect_navigation():
                pointer.click()
            instead = page.evaluate(CELL)["services"]
            pointers[(group, topic)] = f"”{why}” -> {len(instead)} tjänster"
            if not instead:
                problems.append(f"{group} + {topic}: länken {page.url} leder till en tom ruta")
    empty = [cell for cell, n in counts.items() if not n]
    stale = [cell for cell in JUSTIFIED_EMPTY if counts.get(cell)]
    with capsys.disabled():
        print(f"\n[ålder × ämne i webbläsaren] {len(counts) - len(empty)} av {len(counts)} rutor listar minst en "
              f"tjänst; {len(empty)} tomma, alla med skäl och med ”Inga tjänster passar” och en länk dit stödet finns; "
              f"0–5 år + missbruk i familjen: {', '.join(s.rsplit('/', 1)[1] for s in toddler['services'])}")
        width = max(len(topic) for topic in TOPICS)
        print(" " * width + "".join(f"{group:>7}" for group in AGE_GROUPS))
        for topic in TOPICS:
            print(f"{topic:<{width}}" + "".join(f"{counts[(g, topic)] or '-':>7}" for g in AGE_GROUPS))
        for group, topic in empty:
            print(f"  tom: {group} + {topic}: {JUSTIFIED_EMPTY.get((group, topic), 'INGET SKÄL')}\n"
                  f"       sidan: {pointers.get((group, topic), 'ingen hänvisning')}")
        for problem in problems:
            print("  " + problem)
    assert not problems and not stale, (problems, stale)


# --- The words the issue names, on /sok ----------------------------------------------------------------

#: Issue 11, "Done when": these searches find the new pages in the top 3 (also tests/search/test_issue_words.py).
ISSUE_SEARCHES = {
    "våld i nära relationer": "vald-i-nara-relationer",
    "kvinnojour": "vald-i-nara-relationer",
    "familjerätt": "familjeratt",
    "samarbetssamtal": "familjeratt",
    "LSS": "barn-med-funktionsnedsattning",
    "habilitering": "barn-med-funktionsnedsattning",
    "ekonomiskt bistånd": "ekonomiskt-stod",
}


def test_the_issue_words_find_their_pages_in_the_top_three_on_sok(quick_page, search_available, capsys):
    if not search_available:
        pytest.skip("/sok finns inte i den här versionen av appen")
    ranks, problems = {}, []
    for query, slug in ISSUE_SEARCHES.items():
        quick_page.goto(f"/sok?q={quote(query)}", wait_until="domcontentloaded")
        hits = quick_page.locator("main ol.results > li h2 a").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))")
        rank = next((i for i, href in enumerate(hits, start=1) if href.endswith(f"/tjanster/{slug}")), None)
        ranks[query] = rank
        if rank is None or rank > 3:
            problems.append(f"{query!r}: {slug} på plats {rank}, topp 3: {hits[:3]}")
    with capsys.disabled():
        print("\n[sök /sok] " + "; ".join(f"{q!r} -> {ISSUE_SEARCHES[q]} plats {r}" for q, r in ranks.items()))
        for problem in problems:
            print("  " + problem)
    assert not problems
