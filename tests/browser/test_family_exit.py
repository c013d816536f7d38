"""Issue 11, quick exit that really leaves: Back never returns to the guide, Escape never loses a question.

Someone reading about violence at home may have to close the guide in a
second when the person they fear walks in. After a visit of several pages
(links, a search, a question form sent with a mistake), "Lämna sidan
snabbt" and Escape twice must leave for the neutral site, and pressing
Back, again and again, must never show a page of the guide. Escape inside
the question field must not throw away what was typed.

The neutral site and the site visited before the guide are served by
``page.route`` (their ``.invalid`` names never resolve); each test makes
its own context without the request recorder and checks itself that
nothing else was asked for.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .visits import QUICK_EXIT_URL

pytestmark = pytest.mark.browser

EXIT_HOST = urlsplit(QUICK_EXIT_URL).netloc
BEFORE = "http://tidigare.invalid/"
HALF_WRITTEN = "Min man kontrollerar allt jag gör och jag vet inte om jag ska"


def _leaving_context(new_context):
    context = new_context(record=False)
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    for host, title in ((EXIT_HOST, "Neutral"), (urlsplit(BEFORE).netloc, "Tidigare")):
        context.route(f"http://{host}/**", _serve(title))
    return context, requests


def _serve(title: str):
    def handler(route) -> None:
        route.fulfill(status=200, content_type="text/html",
                      body=f"<!doctype html><html lang='sv'><title>{title}</title><p>{title}</p></html>")
    return handler


def _visit_the_guide(page, live_server) -> list[str]:
    """A visit as a person makes it: from another site, links, a search, a question sent with a mistake."""
    page.goto(BEFORE)
    page.goto(live_server.url("/"))
    visited = [page.url]
    with page.expect_navigation():
        page.locator("main a[href='/tjanster/']").first.click()
    with page.expect_navigation():
        page.locator("main ul.cards h2 a").first.click()
    visited.append(page.url)
    page.goto(live_server.url("/sok?q=han+slår+mig"))
    visited.append(page.url)
    page.goto(live_server.url("/fraga"))
    page.get_by_role("textbox", name="Din fråga").fill(HALF_WRITTEN)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka frågan").click()
    assert page.locator("[data-error-summary]").count(), page.locator("main").inner_text()[:600]
    visited.append(page.url)
    return visited


def _back_through_history(page, live_server, steps: int = 8) -> list[str]:
    """Press Back until the browser has nothing before; the addresses shown on the way."""
    seen = []
    for _ in range(steps):
        if page.go_back(wait_until="load") is None and (not seen or seen[-1] == page.url):
            break
        page.wait_for_timeout(600)  # site.js may replace a guide page it returns to with the neutral site
        seen.append(page.url)
    return seen


def _forward_through_history(page, steps: int = 6) -> list[str]:
    """Press Forward as far as it goes: the guide's later pages are still there, but replace themselves."""
    seen = []
    for _ in range(steps):
        if page.go_forward(wait_until="load") is None:
            break
        page.wait_for_timeout(600)
        seen.append(page.url)
    return seen


def _assert_left(page, live_server, requests, how: str) -> list[str]:
    page.wait_for_url(f"http://{EXIT_HOST}/**")
    assert page.title() == "Neutral"
    back = _back_through_history(page, live_server)
    in_guide = [url for url in back if url.startswith(live_server.base_url)]
    assert not in_guide, f"{how}: Tillbaka visade guiden igen: {back}"
    others = [u for u in requests if not u.startswith(live_server.base_url) and urlsplit(u).scheme not in
              ("data", "about") and urlsplit(u).netloc not in (EXIT_HOST, urlsplit(BEFORE).netloc)]
    assert not others, others
    return back


def test_quick_exit_after_a_visit_leaves_and_back_never_returns_to_the_guide(new_context, live_server, capsys):
    context, requests = _leaving_context(new_context)
    page = context.new_page()
    visited = _visit_the_guide(page, live_server)
    page.get_by_role("link", name="Lämna sidan snabbt").click()
    back = _assert_left(page, live_server, requests, "knappen")
    forward = _forward_through_history(page)
    assert not [url for url in forward if url.startswith(live_server.base_url)], f"Framåt visade guiden: {forward}"
    with capsys.disabled():
        print(f"\n[snabb utgång] efter {len(visited)} sidor i guiden (länkar, sökning, formulär med fel) ledde "
              f"knappen till {EXIT_HOST}; Tillbaka {len(back)} gånger: {back or 'ingenting'} – aldrig guiden; "
              f"Framåt sedan {len(forward)} gånger: bara {sorted(set(forward))}")


def test_escape_twice_leaves_but_escape_in_the_question_field_keeps_the_text(new_context, live_server, capsys):
    context, requests = _leaving_context(new_context)
    page = context.new_page()
    _visit_the_guide(page, live_server)
    field = page.get_by_role("textbox", name="Din fråga")
    assert field.input_value() == HALF_WRITTEN, "texten fanns inte kvar efter felet"
    field.click()
    page.keyboard.press("End")
    page.keyboard.type(" gå")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1000)
    assert urlsplit(page.url).path == "/fraga", f"Escape i textfältet lämnade sidan: {page.url}"
    assert field.input_value() == HALF_WRITTEN + " gå"

    page.locator("h1").click()  # focus out of the field, as when reading the page
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    back = _assert_left(page, live_server, requests, "Escape två gånger")
    with capsys.disabled():
        print(f"\n[Escape] två Escape i frågefältet: sidan kvar och texten hel ({len(HALF_WRITTEN) + 3} tecken); "
              f"två Escape utanför fältet ledde till {EXIT_HOST}; Tillbaka: {back or 'ingenting'} – aldrig guiden")
