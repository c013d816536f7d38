"""Staff accounts on the browser test server, and logging in the way a person does.

The test server's instance is a demo installation (``DEMO = True`` in its
config, so ``flask init`` creates the demo accounts of
``familjeguiden.accounts.cli.DEMO_ACCOUNTS``) that still requires
two-factor login (``REQUIRE_2FA`` keeps its default, true). A few more
accounts are made with ``flask users create --password-stdin`` while the
server starts, for the pages only a brand-new account sees.

Logging in is done through the real forms: e-mail and password, then, on
the first login, the enrolment page (its secret is read off the page, as
a person would type it into an app) and the recovery codes, and on later
logins the code page. ``AUTHENTICATOR`` plays the phone app: it computes
the TOTP codes with pyotp and never offers a time step the server has
already accepted, so one account can log in several times a minute.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyotp

from familjeguiden.accounts.cli import DEMO_ACCOUNTS

LOGIN = "/personal/logga-in"
CODE = "/personal/logga-in/kod"
ENROL = "/personal/tvastegs"
#: ``who`` of the visits that need no login (the login pages, a service's referral link).
ANONYMOUS = "anonym"


@dataclass(frozen=True)
class Account:
    key: str
    email: str
    name: str
    roles: tuple[str, ...]
    password: str

    @property
    def needs_code(self) -> bool:
        return bool({"coordinator", "admin", "course_leader"} & set(self.roles))


_DEMO = {email: Account(email.split("@")[0], email, name, tuple(roles), password)
         for email, name, roles, password in DEMO_ACCOUNTS}
COORDINATOR = _DEMO["samordnare@example.com"]
EDITOR = _DEMO["redaktor@example.com"]
ADMIN = _DEMO["admin@example.com"]

#: Made with ``flask users create --password-stdin`` by the ``live_server`` fixture. Each is new, so its
#: first login shows the enrolment page (one visit stops there, one at the recovery codes, and the
#: no-JavaScript coordinator enrols without scripts).
CLI_PASSWORD = "webbläsartest-lösenord-2026"
ENROLLING = Account("tvastegs", "ny.tvastegs@example.com", "Nora Ny", ("coordinator",), CLI_PASSWORD)
RECOVERY = Account("reservkoder", "ny.reservkoder@example.com", "Rami Ny", ("coordinator",), CLI_PASSWORD)
NO_JS_COORDINATOR = Account("utan-js", "utan.skript@example.com", "Ulla Utan Skript", ("coordinator",),
                            CLI_PASSWORD)
CLI_ACCOUNTS = [ENROLLING, RECOVERY, NO_JS_COORDINATOR]

ACCOUNTS = {a.key: a for a in [COORDINATOR, EDITOR, ADMIN, *CLI_ACCOUNTS]}


class Authenticator:
    """The phone app: one secret per account, a fresh time step for every code."""

    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}
        self.last_step: dict[str, int] = {}

    def enrolled(self, account: Account) -> bool:
        return account.email in self.secrets

    def code(self, account: Account) -> str:
        """A code the server accepts: this step, or the next one (allowed drift) if this one is used.

        The server refuses a step at or before the last one it accepted, so a
        third login within the same 30 seconds waits for the next step.
        """
        totp = pyotp.TOTP(self.secrets[account.email])
        while True:
            current = int(time.time() // totp.interval)
            step = max(current, self.last_step.get(account.email, -1) + 1)
            if step <= current + 1:
                break
            time.sleep((current + 1) * totp.interval - time.time() + 0.2)
        self.last_step[account.email] = step
        return totp.generate_otp(step)


AUTHENTICATOR = Authenticator()


def path_of(page) -> str:
    return urlsplit(page.url).path


def submit(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def fill_login_form(page, account: Account, password: str | None = None) -> None:
    page.get_by_label("E-postadress", exact=True).fill(account.email)
    page.get_by_label("Lösenord", exact=True).fill(account.password if password is None else password)
    submit(page, "Logga in")


def log_in(page, account: Account, stop: str | None = None) -> None:
    """Log in through the forms; ``stop`` ("enrol", "recovery", "code") stays on that page.

    Starts from a clean slate (no cookies), so it works whatever the page did before.
    """
    page.context.clear_cookies()
    page.goto(LOGIN)
    fill_login_form(page, account)
    if path_of(page) == ENROL:
        if stop == "enrol":
            return
        secret = page.locator("code.secret").inner_text().strip()
        assert len(secret) >= 16, f"ingen hemlig nyckel på {page.url}"
        AUTHENTICATOR.secrets[account.email] = secret
        page.get_by_label("Kod", exact=True).fill(AUTHENTICATOR.code(account))
        submit(page, "Slå på")
        assert page.locator("h1").inner_text() == "Tvåstegsinloggning är på", page.locator("main").inner_text()[:500]
        assert page.locator(".recovery-codes li").count() == 10
        if stop == "recovery":
            return
        with page.expect_navigation():
            page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
        if stop == "code":
            # The code page is what every later login shows: log in once more to reach it.
            log_in(page, account, stop)
            return
    elif path_of(page) == CODE:
        if stop == "code":
            return
        page.get_by_label("Kod", exact=True).fill(AUTHENTICATOR.code(account))
        submit(page, "Logga in")
    assert stop is None, f"kom inte till sidan {stop} för {account.email}: {page.url}"
    assert path_of(page) not in (LOGIN, CODE, ENROL), \
        f"inloggningen som {account.email} misslyckades: {page.url}\n{page.locator('main').inner_text()[:800]}"
    assert page.get_by_role("button", name=f"Logga ut {account.name}").count() == 1
