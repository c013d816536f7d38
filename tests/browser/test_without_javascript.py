"""Everything works with JavaScript turned off (DESIGN.md section 1): the public pages, and the
staff's work from login (with two-factor) to a closed case and a published page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .staff import EDITOR, NO_JS_COORDINATOR, log_in, submit
from .visits import CASE_CODE, CASE_LINK, FOLLOW_UP, QUESTION, ask, fill_question

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def no_js_page(context_factory):
    context = context_factory(java_script_enabled=False)
    page = context.new_page()
    yield page
    page.close()


def test_javascript_really_is_off(no_js_page):
    no_js_page.goto("/fraga")
    # site.js would fill in the character counter; without JavaScript it stays empty.
    assert no_js_page.locator("#tecken-kvar").inner_text() == ""


def test_search_from_the_home_page(no_js_page, search_available):
    if not search_available:
        pytest.skip("/sok finns inte i den här versionen av appen")
    page = no_js_page
    page.goto("/")
    page.get_by_role("searchbox", name="Vad behöver du stöd med?").fill("steget")
    with page.expect_navigation():
        page.get_by_role("button", name="Sök", exact=True).click()
    assert urlsplit(page.url).path == "/sok" and parse_qs(urlsplit(page.url).query)["q"] == ["steget"]
    assert re.search(r"\d+ träff", page.locator(".result-count").inner_text())
    assert page.locator(".results a[href='/tjanster/steget']").count() == 1

    # Narrowing the search is a plain GET form as well.
    page.get_by_label("Barnets ålder").select_option("6-12")
    with page.expect_navigation():
        page.get_by_role("button", name="Avgränsa").click()
    assert parse_qs(urlsplit(page.url).query)["alder"] == ["6-12"]
    assert "6–12 år" in page.locator(".result-count").inner_text()


def test_service_filters_with_select_and_submit(no_js_page):
    page = no_js_page
    page.goto("/tjanster/")
    page.get_by_label("Barnets ålder").select_option("6-12")
    page.get_by_label("Ämne").select_option("psykisk-halsa")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa tjänster").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"alder": ["6-12"], "amne": ["psykisk-halsa"]}
    assert page.locator("h1").inner_text() == "Tjänster för barn 6–12 år – Psykisk hälsa"
    shown = page.locator(".cards .card").count()
    counted = re.fullmatch(rf"Visar {shown} av (\d+) tjänster\.", page.locator(".result-count").inner_text())
    assert counted, page.locator(".result-count").inner_text()
    total = int(counted.group(1))
    assert 0 < shown < total and total >= 24
    # The chosen values stay selected, so the next change starts from them.
    assert page.get_by_label("Barnets ålder").input_value() == "6-12"

    with page.expect_navigation():
        page.get_by_role("link", name="Visa alla", exact=True).click()
    assert page.locator(".cards .card").count() == total


def test_question_form_end_to_end(no_js_page):
    page = no_js_page
    page.goto("/fraga")
    # First an empty form: the errors come back from the server with a summary.
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka frågan").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator(".field-error").count() >= 3

    fill_question(page, QUESTION, relation="anhorig", contact="anonym")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka frågan").click()
    assert urlsplit(page.url).path == "/fraga/skickad"
    code = page.locator(".case-code").inner_text()
    assert CASE_CODE.fullmatch(code), code
    link = page.locator(".case-link a")
    href = link.get_attribute("href")
    assert CASE_LINK.match(href), href
    assert link.inner_text().endswith(href), "länktexten ska visa hela adressen att spara"

    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == href
    assert code in page.locator("h1").inner_text()
    assert QUESTION in page.locator(".thread").inner_text()

    page.get_by_role("textbox", name="Skriv ett tillägg").fill(FOLLOW_UP)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka tillägget").click()
    assert urlsplit(page.url).path == href
    assert "Ditt tillägg är skickat" in page.locator(".notice-success").inner_text()
    thread = page.locator(".thread .message")
    assert thread.count() == 2
    assert FOLLOW_UP in thread.nth(1).inner_text()
    assert QUESTION in thread.nth(0).inner_text()


# --- Staff: the whole job through plain forms ---------------------------------------------------------

NO_JS_QUESTION = ("Min son är åtta år och är ensam på rasterna. Han vill inte gå till fritids längre. "
                  "Finns det någon som kan hjälpa honom att hitta kompisar?")
NO_JS_REPLY = "Hej! Fritidsgården har öppna grupper för barn i den åldern. Vi har lotsat er dit."
NO_JS_REFERRAL = "Pojke, åtta år, ensam på rasterna. Familjen vill ha tips om aktiviteter."
PUBLISHED_SLUG = "ingangen"
PUBLISHED_SENTENCE = "Från och med nästa termin har Ingången öppet även på lördagar."


@pytest.fixture
def no_js_staff_page(new_context):
    """A page of its own with JavaScript off, for a staff member."""
    return new_context(java_script_enabled=False).new_page()


def notices(page) -> list[str]:
    return page.locator(".notice").all_inner_texts()


def test_coordinator_takes_answers_refers_and_closes_a_case(no_js_page, no_js_staff_page):
    # A parent asks, without JavaScript as well.
    code, link = ask(no_js_page, NO_JS_QUESTION)

    # A new coordinator's first login: password, then turning on two-factor with the key on the page.
    page = no_js_staff_page
    log_in(page, NO_JS_COORDINATOR)
    assert urlsplit(page.url).path == "/personal/inkorg"

    page.get_by_label("Sök ärendenummer eller text").fill(code)
    submit(page, "Filtrera")
    with page.expect_navigation():
        page.get_by_role("link", name=code, exact=True).click()
    assert page.locator("h1").inner_text() == f"Ärende {code}"
    assert NO_JS_QUESTION in page.locator(".thread").inner_text()

    submit(page, "Ta ärendet")
    assert "Du har tagit ärendet." in notices(page)
    assert f"Handläggare: {NO_JS_COORDINATOR.name}" in page.locator(".case-status").inner_text()

    page.get_by_role("textbox", name="Svar till frågeställaren").fill(NO_JS_REPLY)
    submit(page, "Spara svaret")
    assert "Svaret är sparat." in notices(page)
    assert NO_JS_REPLY in page.locator(".thread").inner_text()

    page.get_by_role("checkbox", name="Fritidsgården", exact=True).check()
    page.get_by_role("textbox", name="Meddelande till verksamheten").fill(NO_JS_REFERRAL)
    submit(page, "Lotsa")
    assert "Ärendet är lotsat." in notices(page), notices(page)
    assert "Fritidsgården" in page.locator(".referrals").inner_text()
    assert "Status: Lotsad" in page.locator(".case-status").inner_text()

    page.get_by_label("Utfall").select_option(label="Lotsad till en verksamhet")
    submit(page, "Avsluta ärendet")
    assert "Ärendet är avslutat." in notices(page), notices(page)
    status = page.locator(".case-status").inner_text()
    assert "Status: Avslutad" in status and "Utfall: Lotsad till en verksamhet" in status, status
    history = page.locator("#historik-rubrik + .table-wrap").inner_text()
    assert "Fritidsgården" in history

    # The parent reads the answer on their own case page.
    no_js_page.goto(link)
    assert NO_JS_REPLY in no_js_page.locator(".thread").inner_text()


def test_editor_edits_previews_and_publishes_a_page(no_js_staff_page, page):
    editor = no_js_staff_page
    log_in(editor, EDITOR)
    editor.goto("/personal/sidor/")
    with editor.expect_navigation():
        editor.get_by_role("link", name="Ingången", exact=True).click()
    assert urlsplit(editor.url).path == f"/personal/sidor/{PUBLISHED_SLUG}"

    body = editor.get_by_label("Text", exact=True)
    body.fill(body.input_value().rstrip() + "\n\n" + PUBLISHED_SENTENCE + "\n")
    submit(editor, "Förhandsgranska")
    assert "Förhandsgranskning." in editor.locator(".preview-banner").inner_text()
    assert PUBLISHED_SENTENCE in editor.locator(".preview-frame").inner_text()
    # A visitor does not see the preview.
    assert PUBLISHED_SENTENCE not in page_text(page, f"/tjanster/{PUBLISHED_SLUG}"), "förhandsgranskningen publicerade"

    editor.get_by_label("Vad har du ändrat?").fill("Öppet på lördagar")
    submit(editor, "Publicera")
    assert urlsplit(editor.url).path == f"/personal/sidor/{PUBLISHED_SLUG}"
    assert any(n.startswith("Version ") and n.endswith("är publicerad.") for n in notices(editor)), notices(editor)

    # The editor follows the page's address to the public page, which shows the change at once.
    with editor.expect_navigation():
        editor.get_by_role("link", name=f"/tjanster/{PUBLISHED_SLUG}", exact=True).click()
    assert urlsplit(editor.url).path == f"/tjanster/{PUBLISHED_SLUG}"
    assert PUBLISHED_SENTENCE in editor.locator("main").inner_text()
    assert PUBLISHED_SENTENCE in page_text(page, f"/tjanster/{PUBLISHED_SLUG}")


def page_text(page, path: str) -> str:
    response = page.goto(path)
    assert response.status == 200, path
    return page.locator("main").inner_text()
