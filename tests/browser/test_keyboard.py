"""Keyboard only: Tab, Shift+Tab, Space, Enter and the arrow keys.

A parent who cannot use a mouse must be able to leave quickly, skip to the
content, reach every control in a sensible order, see where the focus is
at every step, fix errors from the error summary and send a question. A
coordinator must be able to log in (password and code) and open a case,
and every control on the busiest staff pages must show its focus.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .staff import ADMIN, AUTHENTICATOR, CODE, COORDINATOR, EDITOR, LOGIN
from .visits import CASE_CODE, CASE_LINK, DRAFT_SLUG, QUICK_EXIT_URL

pytestmark = pytest.mark.browser

QUICK_EXIT_HOST = urlsplit(QUICK_EXIT_URL).netloc

#: Store every focusable element's look before anything has focus, so a
#: focused element can be compared with its own unfocused state.
REMEMBER_UNFOCUSED = """() => {
  const seen = new Map();
  const focusable = 'a[href], button, input, select, textarea, summary, [tabindex]';
  for (const el of document.querySelectorAll(focusable)) {
    const cs = getComputedStyle(el);
    seen.set(el, {outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow});
  }
  window.__fgUnfocused = seen;
  return seen.size;
}"""

#: The focused element, how its focus indicator looks, and where it is.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return {tag: 'body'}; }
  const cs = getComputedStyle(el);
  const before = (window.__fgUnfocused && window.__fgUnfocused.get(el)) || null;
  const outline = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
  const rect = el.getBoundingClientRect();
  const previous = window.__fgPrevious;
  window.__fgPrevious = el;
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), type: el.getAttribute('type'),
    href: el.getAttribute('href'), text: (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 80),
    checked: !!el.checked, value: el.value,
    html: el.outerHTML.slice(0, 160),
    outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0, shadow: cs.boxShadow,
    changed: before === null ? null : (before.outline !== outline || before.shadow !== cs.boxShadow),
    onScreen: rect.width > 1 && rect.height > 1 && rect.bottom > 0 && rect.right > 0
      && rect.top < window.innerHeight && rect.left < window.innerWidth,
    inMain: !!el.closest('main'),
    errorSummary: el.hasAttribute('data-error-summary'),
    afterPrevious: previous && previous !== el && previous.isConnected
      ? !!(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) : null,
  };
}"""


#: After following an error link: the focused field's question (legend or
#: label) and its error message should be in the window, not just the input.
QUESTION_AND_ERROR_OUT_OF_VIEW = """() => {
  const field = document.activeElement;
  const group = field.closest('fieldset');
  const question = group ? group.querySelector('legend') : document.querySelector(`label[for="${field.id}"]`);
  const error = document.getElementById(`${group ? group.id : field.id}-fel`);
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= -1 && r.bottom <= window.innerHeight + 1;
  };
  const hidden = [];
  if (!question || !inView(question)) { hidden.push(`frågan (${question ? question.innerText.trim() : 'saknas'})`); }
  if (!error || !inView(error)) { hidden.push(`felmeddelandet (${error ? error.innerText.trim() : 'saknas'})`); }
  return hidden;
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def describe(element: dict) -> str:
    return element.get("html") or element.get("tag", "?")


def assert_focus_visible(element: dict, where: str) -> None:
    """A visible outline or box shadow that the element does not have unfocused."""
    assert element["tag"] != "body", f"fokus försvann till <body> {where}"
    indicator = (element["outlineStyle"] != "none" and element["outlineWidth"] >= 2) or element["shadow"] != "none"
    assert indicator, f"fokus syns inte (outline {element['outlineStyle']} {element['outlineWidth']}px, " \
                      f"box-shadow {element['shadow']}) {where}: {describe(element)}"
    assert element["changed"] is not False, f"fokus ser ut som ofokuserat {where}: {describe(element)}"
    assert element["onScreen"], f"fokuserat element syns inte på skärmen {where}: {describe(element)}"


def press(page, key: str, where: str) -> dict:
    page.keyboard.press(key)
    element = focused(page)
    assert_focus_visible(element, f"efter {key} {where}")
    return element


def tab_until(page, wanted, where: str, backwards: bool = False, limit: int = 80) -> dict:
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        element = press(page, key, where)
        if wanted(element):
            return element
    raise AssertionError(f"nådde inte målet med {key} inom {limit} tryck {where}")


def open_page(page, path: str) -> None:
    page.goto(path)
    page.evaluate(REMEMBER_UNFOCUSED)


def test_quick_exit_is_the_first_tab_stop_and_leaves_the_site(new_context, live_server):
    # Own context without the request recorder: this test leaves the app on purpose,
    # and checks below that the only other address asked for is the intercepted exit.
    context = new_context(record=False)
    requests, exits = [], []
    context.on("request", lambda r: requests.append(r.url))

    def neutral_site(route):
        exits.append(route.request.url)
        route.fulfill(status=200, content_type="text/html",
                      body="<!doctype html><html lang='en'><title>Neutral</title><p>Neutral</p></html>")

    context.route(f"http://{QUICK_EXIT_HOST}/**", neutral_site)
    page = context.new_page()
    open_page(page, "/tjanster/steget")
    first = press(page, "Tab", "på /tjanster/steget")
    assert first["text"] == "Lämna sidan snabbt" and first["href"] == QUICK_EXIT_URL, describe(first)

    with page.expect_navigation(url=f"http://{QUICK_EXIT_HOST}/**"):
        page.keyboard.press("Enter")
    assert urlsplit(page.url).netloc == QUICK_EXIT_HOST, page.url
    assert exits == [QUICK_EXIT_URL]
    # site.js replaces the history entry, so Back does not return to the guide.
    page.go_back()
    assert not page.url.startswith(live_server.base_url), f"Tillbaka ledde till {page.url}"
    others = [u for u in requests if not u.startswith(live_server.base_url) and urlsplit(u).netloc != QUICK_EXIT_HOST
              and urlsplit(u).scheme not in ("data", "about")]
    assert not others, others


def test_escape_twice_also_leaves(new_context):
    context = new_context(record=False)
    context.route(f"http://{QUICK_EXIT_HOST}/**",
                  lambda route: route.fulfill(status=200, content_type="text/html", body="<p>Neutral</p>"))
    page = context.new_page()
    page.goto("/")
    with page.expect_navigation(url=f"http://{QUICK_EXIT_HOST}/**"):
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    assert urlsplit(page.url).netloc == QUICK_EXIT_HOST


def test_skip_link_moves_to_the_main_content(new_context):
    page = new_context().new_page()
    open_page(page, "/tjanster/steget")
    press(page, "Tab", "på /tjanster/steget")
    skip = press(page, "Tab", "på /tjanster/steget")
    assert skip["text"] == "Hoppa till innehållet" and skip["href"] == "#innehall", describe(skip)

    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#innehall'")
    target = focused(page)
    assert target["tag"] == "main" and target["id"] == "innehall", f"fokus efter hopplänken: {describe(target)}"
    following = press(page, "Tab", "efter hopplänken")
    assert following["inMain"], f"Tab efter hopplänken hamnade utanför main: {describe(following)}"
    assert following["text"] == "Start", describe(following)


def walk_every_tab_stop(page, path: str) -> list[dict]:
    """Tab through the whole page: each stop has visible focus and comes after the one before."""
    open_page(page, path)
    stops = []
    for _ in range(300):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] == "body" or (stops and element["html"] == stops[0]["html"]):
            break
        assert_focus_visible(element, f"(tabbstopp {len(stops) + 1}) på {path}")
        if stops and element["html"] == stops[-1]["html"]:
            continue  # the next part (day, month, year) of the same date field
        if stops:
            assert element["afterPrevious"], f"tabbordningen går bakåt på {path}: {describe(element)}"
        stops.append(element)
    assert stops[0]["text"] == "Lämna sidan snabbt" and stops[1]["text"] == "Hoppa till innehållet"
    assert any(s["inMain"] for s in stops) and len(stops) > 10
    return stops


@pytest.mark.parametrize("path", ["/", "/tjanster/steget", "/sok?q=steget"])
def test_every_tab_stop_has_visible_focus_in_document_order(new_context, search_available, path):
    if path.startswith("/sok") and not search_available:
        pytest.skip("/sok finns inte i den här versionen av appen")
    walk_every_tab_stop(new_context().new_page(), path)


#: Staff pages with the most controls, as the account that works there (``CASE``: the prepared case).
CASE = "<ärendet>"
STAFF_TAB_PAGES = [(COORDINATOR.key, "/personal/inkorg"), (COORDINATOR.key, CASE),
                   (EDITOR.key, f"/personal/sidor/{DRAFT_SLUG}"), (ADMIN.key, "/personal/admin/anvandare")]


@pytest.mark.parametrize(("who", "path"), STAFF_TAB_PAGES, ids=["inkorg", "arende", "redigera", "anvandare"])
def test_every_staff_tab_stop_has_visible_focus_in_document_order(staff_page, staff_data, who, path):
    if path == CASE:
        path = f"/personal/inkorg/{staff_data['case']}"
    stops = walk_every_tab_stop(staff_page(who), path)
    assert any(s["text"].startswith("Logga ut") for s in stops), "knappen Logga ut gick inte att nå"


def test_staff_log_in_and_open_the_first_case_with_the_keyboard_only(new_context, staff_data):
    """Password, then the code from the app, then the first case in the inbox: Tab, typing and Enter."""
    account = COORDINATOR  # has two-factor on since its first login (``staff_data``)
    page = new_context().new_page()
    open_page(page, LOGIN)
    tab_until(page, lambda e: e["id"] == "email", "på inloggningen")
    page.keyboard.type(account.email)
    assert press(page, "Tab", "till lösenordet")["id"] == "password"
    page.keyboard.type(account.password)
    assert press(page, "Tab", "till knappen")["text"] == "Logga in"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == CODE, f"{page.url}: {page.locator('main').inner_text()[:500]}"

    page.evaluate(REMEMBER_UNFOCUSED)
    tab_until(page, lambda e: e["id"] == "code", "på kodsidan")
    page.keyboard.type(AUTHENTICATOR.code(account))
    assert press(page, "Tab", "till knappen på kodsidan")["text"] == "Logga in"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/personal/inkorg", f"{page.url}: {page.locator('main').inner_text()[:500]}"

    page.evaluate(REMEMBER_UNFOCUSED)
    first = page.locator("table.inbox tbody tr").first.locator("a").first.get_attribute("href")
    tab_until(page, lambda e: e["href"] == first, "i inkorgen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == first
    assert page.locator("h1").inner_text() == f"Ärende {first.rsplit('/', 1)[1]}"
    page.evaluate(REMEMBER_UNFOCUSED)
    assert press(page, "Tab", "på ärendet")["text"] == "Lämna sidan snabbt"


#: The question form's controls, in the order a person meets them.
FORM_ORDER = ["message", "relation-0", "age_group", "topic", "wants_interpreter", "interpreter_language",
              "contact_method-0", "email", "phone", "phone_when",
              "name", "share_consent", "<privacy link>", "<submit>"]


def form_stop(element: dict) -> str | None:
    if element["tag"] == "button" and element["text"] == "Skicka frågan":
        return "<submit>"
    if element["tag"] == "a" and element["href"] == "/om/personuppgifter" and element["inMain"]:
        return "<privacy link>"
    if element["tag"] in ("input", "select", "textarea") and element["inMain"]:
        return element["id"]
    return None


def test_question_form_tab_order_is_sensible(new_context):
    page = new_context().new_page()
    open_page(page, "/fraga")
    stops = []
    while not stops or stops[-1]["text"] != "Skicka frågan":
        element = press(page, "Tab", "på /fraga")
        if stops:
            assert element["afterPrevious"], f"tabbordningen går bakåt på /fraga: {describe(element)}"
        stops.append(element)
        assert len(stops) < 60, "nådde aldrig knappen Skicka frågan"
    assert stops[0]["text"] == "Lämna sidan snabbt"
    assert stops[1]["text"] == "Hoppa till innehållet"
    in_form = [name for name in map(form_stop, stops) if name]
    assert in_form == FORM_ORDER, f"formulärets tabbordning: {in_form}"
    # The hidden spam-trap field is never a tab stop.
    assert "website" not in in_form

    # Shift+Tab walks the same way back.
    back = [form_stop(press(page, "Shift+Tab", "bakåt på /fraga")) for _ in range(4)]
    assert back == ["<privacy link>", "share_consent", "name", "phone_when"], back


def test_error_summary_takes_focus_and_its_links_lead_to_the_fields(new_context):
    page = new_context().new_page()
    open_page(page, "/fraga")
    tab_until(page, lambda e: e["text"] == "Skicka frågan", "på /fraga")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.evaluate(REMEMBER_UNFOCUSED)
    summary = focused(page)
    assert summary["errorSummary"], f"fokus efter fel ligger på {describe(summary)}, inte felsammanfattningen"
    assert_focus_visible(dict(summary, changed=None), "på felsammanfattningen")
    assert "behöver rättas" in page.locator("[data-error-summary]").inner_text()

    links = page.locator("[data-error-summary] a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert links == ["#message", "#relation-0", "#contact_method-0"], links
    for index, href in enumerate(links):
        # From wherever focus is, walk back (Shift+Tab) to the summary, then forward to this link.
        if index:
            tab_until(page, lambda e: e["errorSummary"] or e["href"] == links[0], "tillbaka till sammanfattningen",
                      backwards=True)
            if focused(page)["href"] != href:
                tab_until(page, lambda e, h=href: e["href"] == h, "i felsammanfattningen")
        else:
            link = press(page, "Tab", "i felsammanfattningen")
            assert link["href"] == href, describe(link)
        page.keyboard.press("Enter")
        field = focused(page)
        assert field["id"] == href[1:], f"länken {href} flyttade fokus till {describe(field)}"
        assert_focus_visible(field, f"efter länken {href}")
        hidden = page.evaluate(QUESTION_AND_ERROR_OUT_OF_VIEW)
        assert not hidden, f"efter länken {href} syns inte {hidden} i fönstret"


def test_question_form_can_be_completed_with_the_keyboard_only(new_context):
    page = new_context().new_page()
    open_page(page, "/fraga")
    message = tab_until(page, lambda e: e["id"] == "message", "på /fraga")
    assert message["tag"] == "textarea"
    page.keyboard.type("Vår dotter är sju år och sover dåligt sedan vi flyttade isär. Vart kan vi vända oss?")

    relation = press(page, "Tab", "till Vem är du?")
    assert relation["id"] == "relation-0" and not relation["checked"], describe(relation)
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    assert press(page, "ArrowDown", "i Vem är du?")["id"] == "relation-1"
    assert press(page, "ArrowUp", "i Vem är du?")["id"] == "relation-0"
    assert page.locator("input[name=relation]:checked").get_attribute("value") == "foralder"

    age = press(page, "Tab", "till åldern")
    assert age["id"] == "age_group"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#age_group").input_value() == "6-12"

    topic = press(page, "Tab", "till ämnet")
    assert topic["id"] == "topic"
    for _ in range(7):
        page.keyboard.press("ArrowDown")
    assert page.locator("#topic").input_value() == "separation"

    # The interpreter wish comes next; left as it is, the question needs none.
    assert press(page, "Tab", "till Jag vill ha tolk")["id"] == "wants_interpreter"
    assert press(page, "Tab", "till tolkspråket")["id"] == "interpreter_language"
    method = press(page, "Tab", "till Hur vill du få svar?")
    assert method["id"] == "contact_method-0"
    page.keyboard.press("Space")
    assert page.locator("input[name=contact_method]:checked").get_attribute("value") == "e-post"

    assert press(page, "Tab", "till e-post")["id"] == "email"
    page.keyboard.type("sam@example.com")
    assert press(page, "Tab", "till telefon")["id"] == "phone"
    assert press(page, "Tab", "till när vi ringer")["id"] == "phone_when"
    assert press(page, "Tab", "till förnamn")["id"] == "name"
    page.keyboard.type("Sam")
    consent = press(page, "Tab", "till dela uppgifter")
    assert consent["id"] == "share_consent"
    page.keyboard.press("Space")
    assert page.locator("#share_consent").is_checked()
    assert press(page, "Tab", "till personuppgiftslänken")["href"] == "/om/personuppgifter"
    assert press(page, "Tab", "till knappen")["text"] == "Skicka frågan"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/fraga/skickad"), f"{page.url}: {page.locator('main').inner_text()[:800]}"
    assert CASE_CODE.search(page.locator(".case-code").inner_text())
    page.evaluate(REMEMBER_UNFOCUSED)
    tab_until(page, lambda e: bool(e["href"] and CASE_LINK.match(e["href"])), "på kvittot")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert CASE_LINK.match(urlsplit(page.url).path)
    assert "sover dåligt sedan vi flyttade isär" in page.locator(".thread").inner_text()
    assert re.search(r"Ditt ärende FG-\d{4}-\d{4,}", page.locator("h1").inner_text())
