"""Real-browser fixtures: the app under gunicorn and one headless Chromium.

Everything here is session-scoped so the whole browser suite shares one
server process and one browser:

* ``live_server`` makes a fresh instance folder (secret key, SQLite
  database, imported content, search index via ``flask init``) and runs
  ``gunicorn 'familjeguiden:create_app()'`` on a free loopback port. The
  instance is a demo installation that still requires two-factor login
  (see ``staff.py``): ``flask init`` creates the demo staff accounts and
  ``flask users create`` a few more.
* ``staff_page(who)`` is a browser page logged in as one staff account
  (through the login forms, with real TOTP codes), and ``staff_data`` the
  questions, reply, referral, template and draft the staff pages show.
* ``browser`` drives Debian's Chromium through Playwright's sync API. It
  never downloads a browser (no ``playwright install``): a missing Chromium
  fails the tests with a message saying how to install it.
* Every browser context made by ``new_context`` records each request the
  browser makes; after each test the records are checked so that nothing
  is ever loaded from another origin (DESIGN.md: "loads nothing from other
  sites").
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from familjeguiden.instance import ensure_instance_config

from .staff import ACCOUNTS, ANONYMOUS, CLI_ACCOUNTS, log_in
from .visits import QUICK_EXIT_URL

ROOT = Path(__file__).resolve().parents[2]


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]

SERVER_START_SECONDS = 30
DESKTOP = {"width": 1280, "height": 800}

#: ``flask users create EMAIL --role ... --name ... --password-stdin`` for each account in argv[1] (JSON),
#: through Flask's CLI runner so that one process makes them all.
CREATE_ACCOUNTS_SCRIPT = """
import json, sys
from familjeguiden import create_app

runner = create_app().test_cli_runner()
for email, name, roles, password in json.loads(sys.argv[1]):
    args = ["users", "create", email, "--name", name, "--password-stdin"]
    args += [arg for role in roles for arg in ("--role", role)]
    result = runner.invoke(args=args, input=password + "\\n")
    print(result.output, end="")
    if result.exit_code:
        sys.exit(f"flask users create {email}: {result.exception!r}")
"""

#: The demo accounts come from ``flask init``; two-factor stays required (REQUIRE_2FA's default).
INSTANCE_SETTINGS = """
# Browser tests: the demo staff accounts, but with two-factor login as in production.
DEMO = True
"""


def chromium_path() -> str | None:
    """Debian's Chromium: ``$CHROMIUM_PATH``, ``chromium`` on PATH or /usr/bin/chromium."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clean_environment(instance: Path) -> dict:
    """The parent's environment without its FAMILJEGUIDEN_* settings.

    The browser server always runs on its own SQLite database in its own
    instance folder, whatever database the rest of the suite is pointed at.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAMILJEGUIDEN_")}
    env["FAMILJEGUIDEN_INSTANCE_PATH"] = str(instance)
    return env


@dataclass
class LiveServer:
    base_url: str
    instance: Path
    process: subprocess.Popen
    log_path: Path
    env: dict = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path

    def status(self, path: str) -> int:
        """HTTP status of a plain GET, without the browser."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:  # noqa: S310 - http on loopback
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def python(self, script: str, *args: str):
        """Start a Python script against the server's instance (its database).

        Returns a function that waits for the script and gives what it
        printed, so the caller can do other things while it runs.
        """
        process = subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, env=self.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

        def result() -> str:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, f"skriptet misslyckades:\n{out}\n{err}"
            return out

        return result

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app under gunicorn on a free loopback port, with fresh data."""
    instance = tmp_path_factory.mktemp("browser-instance")
    ensure_instance_config(instance, INSTANCE_SETTINGS)
    env = _clean_environment(instance)
    flask = [sys.executable, "-m", "flask", "--app", "familjeguiden"]
    init = subprocess.run([*flask, "init"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if init.returncode != 0:
        pytest.fail(f"'flask init' för webbläsartesterna misslyckades:\n{init.stdout}\n{init.stderr}", pytrace=False)
    # The extra staff accounts, made with `flask users create ... --password-stdin`: all in one process
    # (Flask's CLI runner) while gunicorn starts, since each `flask` process takes a couple of seconds.
    creating = subprocess.Popen(
        [sys.executable, "-c", CREATE_ACCOUNTS_SCRIPT,
         json.dumps([[a.email, a.name, list(a.roles), a.password] for a in CLI_ACCOUNTS])],
        cwd=ROOT, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env.update({
        "FAMILJEGUIDEN_QUESTION_MIN_FILL_SECONDS": "0",
        "FAMILJEGUIDEN_RATELIMIT_ENABLED": "false",
        "FAMILJEGUIDEN_QUICK_EXIT_URL": QUICK_EXIT_URL,
        "FAMILJEGUIDEN_PUBLIC_BASE_URL": base_url,
    })
    log_path = instance / "gunicorn.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--graceful-timeout", "5", "familjeguiden:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    server = LiveServer(base_url, instance, process, log_path, env=dict(env))
    try:
        output, _ = creating.communicate(timeout=120)
        if creating.returncode != 0:
            pytest.fail(f"'flask users create' för webbläsartesterna misslyckades:\n{output}", pytrace=False)
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn avslutades direkt (kod {process.returncode}):\n{server.log()}", pytrace=False)
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn svarade inte på {base_url}/healthz inom {SERVER_START_SECONDS} s:\n"
                            f"{server.log()}", pytrace=False)
            time.sleep(0.1)
        yield server
    finally:
        if creating.poll() is None:
            creating.kill()
            creating.communicate(timeout=10)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        log.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (never downloaded)."""
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium saknas, så webbläsartesterna kan inte köras. Installera Debians paket: "
            "'scripts/ensure-chromium' (som root: apt-get install chromium), eller peka "
            "CHROMIUM_PATH på en chromium-binär. Kör aldrig 'playwright install'.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001 - any launch problem is a setup failure
            pytest.fail(f"Chromium ({executable}) gick inte att starta: {error}", pytrace=False)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@dataclass
class RequestLog:
    """Every request the browser makes; emptied before each test and checked after it."""

    origin: str
    urls: list = field(default_factory=list)

    def record(self, request) -> None:
        self.urls.append(request.url)

    def foreign(self) -> list[str]:
        found = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                found.append(url)
        return found


@pytest.fixture(scope="session")
def _session_request_log(live_server) -> RequestLog:
    return RequestLog(origin=live_server.base_url)


@pytest.fixture(autouse=True)
def request_log(_session_request_log):
    """The requests of this test. After it, anything from another origin fails it.

    Tests that deliberately leave the app (the quick exit) make their own
    context without the recorder and check their requests themselves.
    """
    log = _session_request_log
    log.urls.clear()
    yield log
    foreign = log.foreign()
    log.urls.clear()
    if foreign:
        pytest.fail(f"Webbläsaren hämtade något från en annan webbplats än appens ({log.origin}):\n  "
                    + "\n  ".join(foreign), pytrace=False)


def _make_context(browser, live_server, log: RequestLog | None, **options):
    options.setdefault("base_url", live_server.base_url)
    options.setdefault("locale", "sv-SE")
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    if log is not None:
        context.on("request", log.record)
    return context


@pytest.fixture
def new_context(browser, live_server, _session_request_log):
    """Make browser contexts for this test; each records its requests."""
    contexts = []

    def make(record: bool = True, **options):
        context = _make_context(browser, live_server, _session_request_log if record else None, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def context_factory(browser, live_server, _session_request_log):
    """Make long-lived contexts (closed at the end of the session) that record requests."""
    contexts = []

    def make(**options):
        context = _make_context(browser, live_server, _session_request_log, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def _shared_page(context_factory):
    """One desktop page reused by the public-page tests: a warm renderer is much faster.

    axe-core is installed as an init script, so it is already parsed in
    every document this page loads.
    """
    from .a11y import install_axe

    context = context_factory()
    install_axe(context)
    return context.new_page()


@pytest.fixture
def page(_shared_page):
    """The shared desktop page (JavaScript on, 1280x800, axe-core loaded)."""
    return _shared_page


@pytest.fixture(scope="session")
def search_available(live_server) -> bool:
    """Whether this build has the search page: checked with a plain GET at run time.

    Only a 404 means "not built": any other answer than 200 (a 500, a
    redirect) fails every test that needs search instead of skipping it.
    """
    status = live_server.status("/sok")
    if status not in (200, 404):
        pytest.fail(f"/sok svarade {status}: sökningen är trasig, inte bortvald")
    return status == 200


@pytest.fixture
def open_visit(search_available):
    """Open a ``Visit`` in a page; skip search pages only if /sok is not built."""

    def open_(page, visit):
        if visit.needs_search and not search_available:
            pytest.skip("/sok finns inte i den här versionen av appen")
        visit.open(page)
        return page

    return open_


@pytest.fixture(scope="session")
def _reports() -> dict:
    return {}


@pytest.fixture(scope="session")
def staff_page(context_factory):
    """``staff_page(who)``: a desktop page (JavaScript on, axe-core loaded) logged in as that account.

    Each account logs in once per session, through the login forms with a
    real TOTP code (see ``staff.log_in``); ``ANONYMOUS`` is a page of its
    own that is never logged in (the login pages, a service's referral link).
    """
    from .a11y import install_axe

    pages = {}

    def get(who: str):
        if who not in pages:
            context = context_factory()
            install_axe(context)
            page = context.new_page()
            if who != ANONYMOUS:
                log_in(page, ACCOUNTS[who])
            pages[who] = page
        return pages[who]

    return get


@pytest.fixture(scope="session")
def staff_data(staff_page, live_server):
    """Questions asked through the public form, and a case with a reply, referral, note and e-mails.

    Made once per session through the real forms (see ``visits.prepare_staff_data``).
    """
    from .visits import prepare_staff_data

    return prepare_staff_data(staff_page, live_server)


@pytest.fixture
def report(page, open_visit, request_log, _reports, request):
    """``report(visit)``: open the page state once per session and keep what it showed.

    Public visits use the shared page; staff visits the page of their
    account (``visit.who``), after the staff data is in place.
    """
    from .inspection import inspect

    def get(visit):
        if visit.id not in _reports:
            target = page
            if visit.who is not None:
                request.getfixturevalue("staff_data")
                target = request.getfixturevalue("staff_page")(visit.who)
                if visit.who == ANONYMOUS:
                    target.context.clear_cookies()
            request_log.urls.clear()
            open_visit(target, visit)
            _reports[visit.id] = inspect(target, request_log.urls)
        return _reports[visit.id]

    return get
