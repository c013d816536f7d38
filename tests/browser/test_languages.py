"""The language versions in a real browser: right to left that really mirrors, keyboard and no JavaScript.

axe, the semantic checks and the small-screen checks run on every language
page through ``visits.LANGUAGE_PAGES``; this file adds what is particular
to languages: Arabic laid out right to left (the menu, the fact box and the
reading order mirrored, phone numbers and case codes still left to right,
nothing wider than a 320 px phone), the language menu by keyboard, and
asking a question in Arabic with JavaScript off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_keyboard import assert_focus_visible, focused, open_page, tab_until
from .visits import CASE_CODE, QUESTION, QUICK_EXIT_URL, RTL_LANGUAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"

#: Where the fact box, the page text, the brand and the first phone link are, and how they run.
LAYOUT = """() => {
  const box = (sel) => { const el = document.querySelector(sel); if (!el) return null;
    const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, width: r.width}; };
  const tel = document.querySelector('main a[href^="tel:"]');
  return {
    dir: getComputedStyle(document.documentElement).direction,
    factbox: box('.factbox'), prose: box('.service-layout .prose'), brand: box('.brand'),
    heading: box('main h1'),
    telDirection: tel ? getComputedStyle(tel).direction : null,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


def _layout(page, path: str, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(path)
    return page.evaluate(LAYOUT)


def test_arabic_service_page_mirrors_the_swedish_layout(page):
    swedish = _layout(page, "/tjanster/steget", 1280)
    arabic = _layout(page, "/ar/tjanster/steget", 1280)
    assert (swedish["dir"], arabic["dir"]) == ("ltr", "rtl")
    # Swedish: text first on the left, fact box on the right; Arabic: the other way round.
    assert swedish["factbox"]["left"] > swedish["prose"]["left"]
    assert arabic["factbox"]["right"] < arabic["prose"]["right"]
    # The brand starts the header at the reading side, the heading is aligned to the right.
    assert arabic["brand"]["right"] > 1280 / 2 > swedish["brand"]["left"]
    assert arabic["heading"]["right"] > swedish["heading"]["right"] - 1
    # Phone numbers read left to right inside the Arabic text.
    assert arabic["telDirection"] == "ltr"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ar-tjanst-steget-1280.png"), full_page=True)


@pytest.mark.parametrize("path", ["/ar/", "/ar/tjanster/steget", "/ar/fraga", "/ar/akut", "/prs/om", "/yi/om"])
def test_right_to_left_pages_fit_a_320_px_phone(page, path):
    layout = _layout(page, path, 320)
    assert layout["dir"] == "rtl"
    assert layout["overflow"] <= 0, f"{path} är {layout['overflow']} px för bred vid 320 px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path.strip('/').replace('/', '-') or 'start'}-320.png"),
                    full_page=True)


def test_rtl_list_covers_every_right_to_left_language():
    from familjeguiden.languages import LANGUAGES

    assert set(RTL_LANGUAGES) == {code for code, language in LANGUAGES.items() if language.rtl}


def test_language_menu_by_keyboard_keeps_the_page_and_changes_the_language(page):
    page.set_viewport_size({"width": 1280, "height": 800})  # the suite's default window
    open_page(page, "/tjanster/steget")
    summary = tab_until(page, lambda e: e["tag"] == "summary", "till språkmenyn")
    assert "Svenska" in summary["text"]
    page.keyboard.press("Enter")
    arabic = tab_until(page, lambda e: e["tag"] == "a" and e["href"] == "/ar/tjanster/steget", "till العربية")
    assert arabic["text"] == "العربية"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/ar/tjanster/steget")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_arabic_quick_exit_and_skip_link_come_first(page):
    page.set_viewport_size({"width": 1280, "height": 800})  # the suite's default window
    open_page(page, "/ar/tjanster/steget")
    first = tab_until(page, lambda e: True, "första tabbsteget på /ar")
    assert first["href"] == QUICK_EXIT_URL, first
    assert first["text"] == "مغادرة الصفحة بسرعة"
    skip = tab_until(page, lambda e: e["href"] == "#innehall", "till hoppa-till-innehållet")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "innehall" or page.evaluate("location.hash") == "#innehall"
    assert skip["text"]


@pytest.fixture(scope="module")
def no_js_page(context_factory):
    context = context_factory(java_script_enabled=False)
    page = context.new_page()
    yield page
    page.close()


def test_asking_in_arabic_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/ar/fraga")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("textarea[name=message]").fill(QUESTION)
    page.locator("input[name=relation][value=foralder]").check()
    page.locator("input[name=contact_method][value=anonym]").check()
    page.locator("input[name=wants_interpreter]").check()
    with page.expect_navigation():
        page.locator("form.question-form button[type=submit]").click()
    assert page.url.endswith("/ar/fraga/skickad"), page.locator("main").inner_text()[:800]
    assert page.locator("html").get_attribute("lang") == "ar"
    code = CASE_CODE.search(page.locator(".case-code").inner_text()).group(0)
    with page.expect_navigation():
        page.locator(".case-link a").click()
    assert "/ar/arende/" in page.url and code in page.locator("main").inner_text()


def test_language_menu_works_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/fi/tjanster/abc")
    page.locator("nav.languages summary").click()
    with page.expect_navigation():
        page.locator("nav.languages a[hreflang=en]").click()
    assert page.url.endswith("/en/tjanster/abc")
    assert page.locator("html").get_attribute("lang") == "en"


def test_focus_is_visible_on_the_open_language_menu(page):
    page.set_viewport_size({"width": 1280, "height": 800})  # the suite's default window
    open_page(page, "/ar/")
    tab_until(page, lambda e: e["tag"] == "summary", "till språkmenyn på /ar/")
    page.keyboard.press("Enter")
    link = tab_until(page, lambda e: e["tag"] == "a" and e.get("href", "").startswith("/fi"), "till Suomi")
    assert_focus_visible(link, "på Suomi i språkmenyn")
