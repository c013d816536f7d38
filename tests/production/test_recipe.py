"""The README's Production section, run literally (issue #12 items 1–3, DESIGN.md section 11).

The recipe's blocks are taken from README.md (``recipe.py``), moved into a
temporary root and run: the settings file, ``python -m familjeguiden.instance``,
``flask init``, the first administrator, the gunicorn and outbox services
with their EnvironmentFile, the nightly clean-up, and Debian's nginx with
the recipe's TLS site and a self-signed certificate, on a throw-away
PostgreSQL database, Redis and a real SMTP server on loopback.

Then, through https only:

* Chromium sends a question and a follow-up on the case page. Over HTTPS,
  Flask-WTF refuses a POST whose Referer is missing or from another origin;
  with ``Referrer-Policy: no-referrer`` every follow-up failed this way, so
  the test also reads nginx's access log to see the Referer Chromium sent;
* a coordinator logs in (password and TOTP) in Chromium and replies, the
  reply shows on the asker's page; the coordinator refers the case, the
  outbox service sends the referral e-mail, and the service confirms the
  referral in Chromium through the link in it (``/lotsning/<token>``);
* an editor publishes a change, which shows on the page and in search;
* two visitors from two addresses behind nginx: the first is stopped after
  five questions, the second still gets a receipt (``TRUSTED_PROXY_HOPS=1``
  and Redis-backed limits: without them, every visitor is nginx's 127.0.0.1).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, CREATE_ACCOUNTS_SCRIPT, chromium_path
from tests.browser.staff import Account, log_in

from .recipe import Site, blocks
from .stack import Installation, find_nginx, free_port
from .web import Visitor, question_forms, send_question, wait_past_min_fill

ADMIN_PASSWORD = "receptets-forsta-administrator-2026"
STAFF_PASSWORD = "kvarnhjul-lampskarm-vintersol-2026"
COORDINATOR = Account("samordnare", "samordnare.prod@example.com", "Sara Samordnare", ("coordinator",), STAFF_PASSWORD)
EDITOR = Account("redaktor", "redaktor.prod@example.com", "Rolf Redaktör", ("editor",), STAFF_PASSWORD)
QUESTION = "Vår son på tio år vill inte gå till skolan längre. Vart kan vi vända oss för att få råd?"
FOLLOW_UP = "Ett tillägg: det har pågått sedan i höstas och han sover dåligt."
REPLY = "Hej! Ring gärna elevhälsan på skolan, de kan hjälpa er vidare."
REFERRAL_LINK = re.compile(r"https://127\.0\.0\.1:\d+/lotsning/[A-Za-z0-9_-]+")


CLOCK = {"start": time.monotonic()}


def say(capsys, line: str) -> None:
    with capsys.disabled():
        print(f"\n[produktion {time.monotonic() - CLOCK['start']:5.1f} s] {line}", end="")


@pytest.fixture
def installation(postgres_url, redis_url, smtp):
    nginx = find_nginx()
    if nginx is None:
        pytest.skip("Debians nginx finns inte (apt-get install nginx; .ci/run installerar det)")
    if shutil.which("openssl") is None:
        pytest.skip("openssl finns inte (apt-get install openssl; .ci/run installerar det)")
    if chromium_path() is None:
        pytest.fail("Chromium saknas: apt-get install chromium (scripts/ensure-chromium)")
    # Not pytest's tmp_path: nginx's workers (www-data when started as root) must reach the static files.
    root = Path(tempfile.mkdtemp(prefix="fg-recept-"))
    root.chmod(0o755)
    site = Site(root, app_port=free_port(), http_port=free_port(), https_port=free_port())
    own_servers = {  # this installation's own servers: the throw-away ones
        "FAMILJEGUIDEN_DATABASE_URL": postgres_url,
        "FAMILJEGUIDEN_RATELIMIT_STORAGE_URI": redis_url,
        "FAMILJEGUIDEN_RATELIMIT_KEY_PREFIX": f"fg-recept-{secrets.token_hex(4)}",
        "FAMILJEGUIDEN_MAIL_SERVER": "127.0.0.1",
        "FAMILJEGUIDEN_MAIL_PORT": str(smtp.port),
    }
    stack = Installation(site, blocks(), own_servers)
    stack.nginx = nginx
    try:
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_the_readme_production_recipe_works_over_https(installation, smtp, capsys):
    stack, site = installation, installation.site
    started = CLOCK["start"] = time.monotonic()
    kinds = [b.kind for b in stack.blocks]
    assert kinds.count("recipe-install") == 1 and "recipe" in kinds, kinds

    # The recipe, literally: files, then the shell blocks (the administrator's password twice on stdin).
    stack.install()
    stack.write_files()
    settings = stack.settings
    assert settings["FAMILJEGUIDEN_HTTPS"] == "true" and settings["FAMILJEGUIDEN_TRUSTED_PROXY_HOPS"] == "1"
    assert settings["FAMILJEGUIDEN_RATELIMIT_STORAGE_URI"].startswith("redis://")
    stack.run_shell_blocks(stdin=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n")
    assert "Skapade it@exempelby.se" in stack.output
    timer = stack.units["familjeguiden-gallring.timer"]
    assert timer.service.get("Timer.OnCalendar"), "gallringen behöver en tid"
    stack.start("familjeguiden.service")
    stack.start("familjeguiden-utkorg.service")
    # Test staff (the administrator would add them under Användare), made while gunicorn starts.
    env = stack.unit_env(stack.units["familjeguiden.service"])
    accounts = [[a.email, a.name, list(a.roles), a.password] for a in (COORDINATOR, EDITOR)]
    subprocess.run([sys.executable, "-c", CREATE_ACCOUNTS_SCRIPT, json.dumps(accounts)], env=env, check=True,
                   capture_output=True, timeout=120)
    stack.wait_for_app()
    nginx_site = next(b for b in stack.blocks if b.language == "nginx")
    site_file = site.path(nginx_site.target)
    stack.certificate(site_file.read_text(encoding="utf-8"))
    stack.start_nginx(stack.nginx, site_file)
    nightly = ThreadPoolExecutor(1).submit(stack.run_oneshot, "familjeguiden-gallring.service")  # meanwhile
    say(capsys, f"README:s recept uppe: {len(stack.ran)} skalblock, {len(stack.units)} systemd-filer, "
                "gunicorn och utkorgen med EnvironmentFile, nginx med TLS (självsignerat certifikat)")

    # nginx: http leads to https, /static/ is served by nginx itself, the rest by the app over TLS.
    plain = Visitor(f"http://127.0.0.1:{site.http_port}").request("/fraga")
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")
    visitor = Visitor(site.base_url)
    css = visitor.request("/static/site.css")
    assert css.status == 200 and "max-age=86400" in css.headers.get("Cache-Control", "")
    assert "nosniff" in css.headers.get("X-Content-Type-Options", "")
    start_page = visitor.request("/")
    assert start_page.status == 200 and "max-age" in start_page.headers.get("Strict-Transport-Security", "")
    form = visitor.request("/fraga")
    assert "Secure" in (form.headers.get("Set-Cookie") or "")
    # The app sees https through nginx's X-Forwarded-Proto: CSRF's strict Referer check is on.
    bare = {"csrf_token": form.csrf, "form_key": form.hidden("form_key"), "started": form.hidden("started"),
            "message": "Utan Referer.", "relation": "foralder", "contact_method": "anonym"}
    assert visitor.request("/fraga", bare, referer=False).status == 400

    code = in_own_thread(lambda: chromium_journeys(stack, smtp, capsys))

    # Two visitors behind nginx, from two addresses: the limit is per visitor, counted in Redis.
    first, second = Visitor(site.base_url, source="127.0.0.2"), Visitor(site.base_url, source="127.0.0.3")
    forms_first, (form_second,) = question_forms(first, 6), question_forms(second, 1)
    wait_past_min_fill()
    statuses = [send_question(first, form, f"Fråga nummer {n} från samma förälder om läxhjälp.").status
                for n, form in enumerate(forms_first, 1)]
    assert statuses == [303] * 5 + [429], statuses
    assert send_question(second, form_second, "En annan förälder undrar om öppna förskolan.").status == 303
    receipt = second.request("/fraga/skickad")
    assert receipt.status == 200 and re.search(r"FG-\d{4}-\d{4,}", receipt.text)
    say(capsys, "2 klienter bakom proxy: A spärrad efter 5, B fick kvitto")

    outputs = nightly.result(timeout=120)
    assert any("Gallring klar" in line for line in outputs), outputs
    say(capsys, f"nattjobbet (gallring, search prune-log) gick; ärende {code}; "
                f"hela receptet {time.monotonic() - started:.1f} s")


def in_own_thread(work):
    """Run ``work`` in a thread of its own and return its result.

    Playwright's sync API refuses to start in a thread whose event loop is
    already running, and in the full suite the browser tests' session-wide
    Playwright runs in the main thread; a fresh thread has no loop.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result(timeout=900)


def chromium_journeys(stack: Installation, smtp, capsys) -> str:
    """Debian's Chromium through nginx over https: the journeys of ``browser_journeys``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            return browser_journeys(browser, stack, smtp, capsys)
        finally:
            browser.close()


def browser_journeys(browser, stack: Installation, smtp, capsys) -> str:
    site = stack.site
    context = browser.new_context(base_url=site.base_url, ignore_https_errors=True, locale="sv-SE")
    asker = context.new_page()
    asker.set_default_timeout(20_000)

    # A question and a follow-up, as a parent does them, in Chromium over HTTPS.
    asker.goto("/fraga")
    asker.get_by_role("textbox", name="Din fråga").fill(QUESTION)
    asker.get_by_role("group", name="Vem är du?").locator("input[value='foralder']").check()
    asker.get_by_role("group", name="Hur vill du få svar?").locator("input[value='anonym']").check()
    wait_past_min_fill()
    with asker.expect_navigation():
        asker.get_by_role("button", name="Skicka frågan").click()
    assert asker.url.endswith("/fraga/skickad"), asker.locator("main").inner_text()[:800]
    code = re.search(r"FG-\d{4}-\d{4,}", asker.locator(".case-code").inner_text()).group(0)
    with asker.expect_navigation():
        asker.locator(".case-link a").click()
    case_url = asker.url
    case_response = asker.reload()
    assert case_response.headers.get("referrer-policy") == "same-origin"
    asker.get_by_role("textbox", name="Skriv ett tillägg").fill(FOLLOW_UP)
    with asker.expect_navigation():
        asker.get_by_role("button", name="Skicka tillägget").click()
    assert asker.get_by_text("Ditt tillägg är skickat").is_visible(), asker.locator("main").inner_text()[:800]
    case_path = case_url.removeprefix(site.base_url)
    follow_ups = [line for line in stack.access_log.read_text().splitlines() if f'"POST {case_path} ' in line]
    assert len(follow_ups) == 1 and '" 303 ' in follow_ups[0] and f'"{case_url}"' in follow_ups[0], follow_ups
    say(capsys, f"fråga och tillägg i Chromium över https: {code} sparad, tillägget skickat "
                f"(Referer {case_url.split('/arende/')[0]}/arende/… som nginx såg den)")

    # The coordinator logs in (password, then two-factor enrolment) and replies; the asker sees it.
    staff = context.browser.new_context(base_url=site.base_url, ignore_https_errors=True, locale="sv-SE")
    coordinator = staff.new_page()
    coordinator.set_default_timeout(20_000)
    log_in(coordinator, COORDINATOR)
    coordinator.goto(f"/personal/inkorg/{code}")
    assert FOLLOW_UP in coordinator.locator("main").inner_text()
    coordinator.get_by_label("Svar till frågeställaren").fill(REPLY)
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Spara svaret").click()
    asker.goto(case_url)
    assert REPLY in asker.locator(".thread").inner_text()
    say(capsys, "samordnaren loggade in med lösenord och tvåstegskod och svarade; svaret syns på ärendesidan")

    # Referral: the outbox service sends the e-mail; the service confirms through its link.
    choice = coordinator.locator("li", has=coordinator.locator("input[name=services]")).filter(has_text="@").first
    service = choice.locator("span").first.inner_text()
    choice.locator("input[name=services]").check()
    coordinator.get_by_label("Meddelande till verksamheten").fill("Familjen vill ha stöd kring skolfrånvaro.")
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Lotsa", exact=True).click()
    referrals = coordinator.locator("section[aria-labelledby=lotsa-rubrik]").inner_text()
    assert "Lotsningar" in referrals and service in referrals, coordinator.locator("main").inner_text()[:1500]
    link = wait_for_mail_link(smtp, REFERRAL_LINK, seconds=25)
    service_page = browser.new_context(ignore_https_errors=True, locale="sv-SE").new_page()
    service_page.goto(link)
    with service_page.expect_navigation():
        service_page.get_by_role("button", name="Vi har tagit emot ärendet").click()
    assert "Tack! Familjeguiden har fått ert svar." in service_page.locator("main").inner_text()
    say(capsys, f"lotsning till {service}: e-post från utkorgstjänsten, bekräftad i Chromium via /lotsning/…")

    # An editor publishes; the page and the search show it at once.
    word = f"Kolibriprov{secrets.randbelow(10_000)}"
    editor = staff.browser.new_context(base_url=site.base_url, ignore_https_errors=True, locale="sv-SE").new_page()
    editor.set_default_timeout(20_000)
    log_in(editor, EDITOR)
    editor.goto("/personal/sidor/steget")
    body = editor.get_by_label("Text", exact=True)
    body.fill(body.input_value() + f"\n\n{word} i produktionstestet.\n")
    editor.get_by_label("Vad har du ändrat?").fill("Produktionstest")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Publicera", exact=True).click()
    asker.goto("/tjanster/steget")
    assert word in asker.locator("main").inner_text()
    asker.goto(f"/sok?q={word.lower()}")
    assert "/tjanster/steget" in asker.content()
    say(capsys, "redaktören publicerade; sidan och sökningen visar ändringen genom nginx")
    return code


def wait_for_mail_link(smtp, pattern: re.Pattern, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in smtp.messages:
            found = pattern.search(message.text)
            if found:
                return found.group(0)
        time.sleep(0.3)
    raise AssertionError(f"ingen länk {pattern.pattern} i e-posten: {[m.message['Subject'] for m in smtp.messages]}")
