"""No write is lost to contention (issue #12 item 5).

From outside, during a flood of zero-result searches (each one a write to
the anonymous search log), 23 of 36 concurrent follow-ups returned 500 and
the asker's text was lost, 15 of 20 coordinator notes failed, and 28 of 30
concurrent wrong logins returned 500 with only 2 counted (so the lockout
was bypassed). This test does the same against the real app under
gunicorn (2 workers x 4 threads) and proves: no response 5xx, every
follow-up and note stored, every failed login counted – on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from familjeguiden.instance import ensure_instance_config
from tests.conftest import TEST_DATABASE_URL

from .servers import ROOT, VENV_BIN, clean_environment, free_port, fresh_database, kill_group, start_gunicorn

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
KEY = re.compile(r'name="form_key" type="hidden" value="([^"]+)"')
LINK = re.compile(r'href="(/arende/[A-Za-z0-9_-]{32})"')
CASES, FOLLOW_UPS, NOTES, WRONG_LOGINS = 6, 30, 20, 30
STAFF_EMAIL, STAFF_PASSWORD = "trangsel@example.com", "sjuttio-trana-hastar-2026"


class Browser:
    """One person's cookies; requests are answered, never followed."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback only
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def ask(base: str, n: int) -> tuple[Browser, str]:
    asker = Browser(base)
    _status, html = asker.open("/fraga")
    time.sleep(0.01)
    status, _ = asker.open("/fraga", {"csrf_token": CSRF.search(html).group(1), "form_key": KEY.search(html).group(1),
                                      "started": re.search(r'name="started" type="hidden" value="([^"]+)"',
                                                           html).group(1),
                                      "message": f"Trängseltest fråga {n}: vi behöver råd om läggningen.",
                                      "relation": "foralder", "contact_method": "anonym"})
    assert status == 303, status
    _status, receipt = asker.open("/fraga/skickad")
    return asker, LINK.search(receipt).group(1)


def test_writes_under_a_search_flood_are_all_stored_and_counted(tmp_path, capsys):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    instance = tmp_path / "instance"
    ensure_instance_config(instance)
    with fresh_database("trangsel") as database_url:
        settings = {"FAMILJEGUIDEN_INSTANCE_PATH": str(instance), "FAMILJEGUIDEN_REQUIRE_2FA": "false",
                    "FAMILJEGUIDEN_RATELIMIT_ENABLED": "false", "FAMILJEGUIDEN_QUESTION_MIN_FILL_SECONDS": "0",
                    "FAMILJEGUIDEN_LOGIN_MAX_FAILURES": "1000", "FAMILJEGUIDEN_CONTENT_CHECK_SECONDS": "5"}
        if database_url:
            settings["FAMILJEGUIDEN_DATABASE_URL"] = database_url
        env = clean_environment(**settings)
        flask = [str(VENV_BIN / "flask"), "--app", "familjeguiden"]
        subprocess.run([*flask, "init"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
        subprocess.run([*flask, "users", "create", STAFF_EMAIL, "--role", "coordinator", "--name", "Tess Trängsel",
                        "--password-stdin"], cwd=ROOT, env=env, check=True, capture_output=True,
                       input=STAFF_PASSWORD + "\n", text=True, timeout=60)
        log = (tmp_path / "gunicorn.log").open("w")
        server = None
        try:
            server = start_gunicorn(port, env, log, threads=4)
            cases = [ask(base, n) for n in range(CASES)]
            coordinator = Browser(base)
            _status, login_page = coordinator.open("/personal/logga-in")
            status, _ = coordinator.open("/personal/logga-in", {"csrf_token": CSRF.search(login_page).group(1),
                                                               "email": STAFF_EMAIL, "password": STAFF_PASSWORD})
            assert status == 302
            _status, inbox = coordinator.open("/personal/inkorg")
            codes = sorted(set(re.findall(r"FG-\d{4}-\d{4,}", inbox)))[:CASES]
            statuses, stop = [], threading.Event()

            def flood() -> None:
                searcher = Browser(base)
                while not stop.is_set():
                    statuses.append(searcher.open(f"/sok?q=zzq{secrets.token_hex(4)}+xyv")[0])

            def follow_up(n: int) -> int:
                asker, link = cases[n % CASES]
                status, page = asker.open(link)
                if status != 200:
                    return status
                return asker.open(link, {"csrf_token": CSRF.search(page).group(1),
                                         "form_key": KEY.search(page).group(1),
                                         "message": f"Trängseltillägg nummer {n}, det har hänt mer."})[0]

            def note(n: int) -> int:
                code = codes[n % len(codes)]
                status, page = coordinator.open(f"/personal/inkorg/{code}")
                if status != 200:
                    return status
                return coordinator.open(f"/personal/inkorg/{code}/anteckning", {
                    "csrf_token": CSRF.search(page).group(1), "body": f"Trängselanteckning nummer {n}.",
                    "version": re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)})[0]

            def wrong_login(n: int) -> int:
                stranger = Browser(base)
                _status, page = stranger.open("/personal/logga-in")
                return stranger.open("/personal/logga-in", {"csrf_token": CSRF.search(page).group(1),
                                                            "email": STAFF_EMAIL, "password": f"fel-{n}"})[0]

            flooders = [threading.Thread(target=flood, daemon=True) for _ in range(4)]
            for thread in flooders:
                thread.start()
            with ThreadPoolExecutor(max_workers=24) as pool:
                jobs = ([pool.submit(follow_up, n) for n in range(FOLLOW_UPS)]
                        + [pool.submit(note, n) for n in range(NOTES)]
                        + [pool.submit(wrong_login, n) for n in range(WRONG_LOGINS)])
                results = [job.result(timeout=120) for job in jobs]
            stop.set()
            for thread in flooders:
                thread.join(timeout=60)
        finally:
            kill_group(server)
            log.close()
        engine = sa.create_engine(database_url or f"sqlite:///{instance / 'familjeguiden.db'}")
        try:
            with engine.connect() as conn:
                stored_follow_ups = conn.execute(sa.text(
                    "SELECT count(*) FROM case_message WHERE body LIKE 'Trängseltillägg nummer %'")).scalar()
                stored_notes = conn.execute(sa.text(
                    "SELECT count(*) FROM case_message WHERE body LIKE 'Trängselanteckning nummer %'")).scalar()
                counted = conn.execute(sa.text("SELECT failed_logins FROM staff_user WHERE email = :e"),
                                       {"e": STAFF_EMAIL}).scalar()
        finally:
            engine.dispose()

    errors = [s for s in results + statuses if s >= 500]
    summary = (f"{FOLLOW_UPS} tillägg under sökflod ({len(statuses)} sökningar): {stored_follow_ups} sparade; "
               f"{NOTES} anteckningar: {stored_notes} sparade; {WRONG_LOGINS} felaktiga inloggningar: {counted} "
               f"räknade; {len(errors)} svar 5xx ({'PostgreSQL' if TEST_DATABASE_URL else 'SQLite'})")
    with capsys.disabled():
        print(f"\n[trängsel] {summary}")
    assert not errors, (summary, (tmp_path / "gunicorn.log").read_text()[-3000:])
    assert results[:FOLLOW_UPS] == [303] * FOLLOW_UPS, summary
    assert stored_follow_ups == FOLLOW_UPS and stored_notes == NOTES and counted == WRONG_LOGINS, summary
    assert len(statuses) >= 20, "the flood must really run alongside"
