"""Every page answers in every language version, in that language, with the right lang and dir.

The language check is langid on the text of ``<main>`` (interface and page
together, so an untranslated label or a page shown in Swedish fails), see
``language_check``. Lättläst is Swedish, so it is measured by LIX instead:
each lättläst page must read clearly easier than its Swedish page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from familjeguiden.languages import FULL, GUIDE_ONLY, LANGUAGES
from familjeguiden.pages.content import split_front_matter

from .language_check import is_in, lix, main_text

CONTENT = Path(__file__).resolve().parents[2] / "familjeguiden" / "content"
SERVICES = sorted(p.stem for p in (CONTENT / "tjanster").glob("*.md") if "." not in p.stem)
TEXT_PAGES = ["/akut", "/om", "/om/personuppgifter", "/om/tillganglighet", "/om/surfa-sakert"]
VERSIONS = [code for code in FULL if code != "sv"]
#: How many LIX points easier a lättläst page must be than the Swedish one.
LIX_MARGIN = 3


def _check(client, path: str, code: str) -> str | None:
    language = LANGUAGES[code]
    response = client.get(path)
    if response.status_code != 200:
        return f"{path}: {response.status_code}"
    html = response.get_data(as_text=True)
    root = re.search(r"<html[^>]*>", html).group(0)
    if f'lang="{language.tag}"' not in root or f'dir="{language.direction}"' not in root:
        return f"{path}: {root}"
    if code == "lattlast":
        return None
    ok, said = is_in(main_text(html, language.tag), code)
    return None if ok else f"{path}: texten verkar vara '{said}'"


@pytest.mark.parametrize("code", VERSIONS)
def test_every_service_and_text_page_is_in_the_language(client, code):
    prefix = LANGUAGES[code].prefix
    paths = [f"{prefix}/tjanster/{slug}" for slug in SERVICES] + [prefix + page for page in TEXT_PAGES]
    problems = [problem for path in paths if (problem := _check(client, path, code))]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("code", GUIDE_ONLY)
def test_short_guide_answers_in_its_language(client, code):
    assert _check(client, f"/{code}/om", code) is None
    # Everything else under the prefix leads to the Swedish page, never a 404.
    response = client.get(f"/{code}/tjanster/steget")
    assert response.status_code == 302 and response.headers["Location"].endswith("/tjanster/steget")


def _plain_body(path: Path) -> str:
    body = split_front_matter(path.read_text(encoding="utf-8"))[1]
    body = re.sub(r"\{\{.*?\}\}", "", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    return re.sub(r"[#*_>\[\]`|-]", " ", body)


@pytest.mark.parametrize("folder", ["tjanster", "sidor"])
def test_lattlast_pages_read_clearly_easier_than_swedish(folder):
    problems, figures = [], []
    for easy in sorted((CONTENT / folder).glob("*.lattlast.md")):
        swedish = easy.with_name(easy.name.replace(".lattlast", ""))
        hard, simple = lix(_plain_body(swedish)), lix(_plain_body(easy))
        figures.append(simple - hard)
        if simple > hard - LIX_MARGIN or simple > 30:
            problems.append(f"{easy.name}: LIX {simple:.1f}, svenska sidan {hard:.1f}")
    assert figures, "inga lättlästa sidor"
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("code", FULL)
def test_links_to_a_section_of_the_emergency_page_land_on_it_in_every_version(client, code):
    """The danger box and the question form link to "how to make a report of concern" on /akut."""
    prefix = LANGUAGES[code].prefix
    box = client.get(f"{prefix}/fraga").get_data(as_text=True)
    anchors = set(re.findall(rf'href="{re.escape(prefix)}/akut#([\w-]+)"', box))
    assert anchors, "formuläret länkar inte till ett avsnitt på akutsidan"
    page = client.get(f"{prefix}/akut").get_data(as_text=True)
    for anchor in anchors:
        assert f'id="{anchor}"' in page, f"{prefix}/akut saknar #{anchor}"


def test_links_inside_a_translated_page_stay_in_its_language(client):
    english = client.get("/en/tjanster/familjeguiden").get_data(as_text=True)
    article = english[english.index("<article"):english.index("</article>")]
    local = re.findall(r'href="(/[^"/][^"]*)"', article)
    assert local, "sidan länkar inte till andra sidor"
    assert all(href.startswith("/en/") for href in local), local
    # A page shown in Swedish because its version is missing keeps the visitor in the version too.
    from familjeguiden.languages import prefix_links

    assert prefix_links('<a href="/tjanster/steget">', "ar") == '<a href="/ar/tjanster/steget">'
    untouched = '<a href="/static/x.pdf"> <a href="/en/om">'
    assert prefix_links(untouched, "ar") == untouched


@pytest.mark.parametrize("code", ["en", "ar", "so"])
def test_files_have_one_address_in_every_version(client, code):
    """One stylesheet for every language: caches and the proxy's /static/ serve it once."""
    page = client.get(f"/{code}/om").get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="([^"]*/static/[^"]*)"', page)
    assert assets and all(asset.startswith("/static/") for asset in assets), assets
