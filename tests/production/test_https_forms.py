"""Every form journey over HTTPS behind a proxy, with CSRF as strict as in production (issue #12 item 2).

Over HTTPS, Flask-WTF refuses a POST whose Referer is missing or from
another origin. Whether a browser sends one depends on the form page's
``Referrer-Policy``: under ``no-referrer`` Chromium sends none, and every
follow-up on ``/arende/<token>`` and every referral confirmation on
``/lotsning/<token>`` failed in production. This runs each journey through a
simulated nginx (``X-Forwarded-For/-Proto/-Host`` as the README's site sets
them, ``TRUSTED_PROXY_HOPS=1``, ``HTTPS=true``, CSRF on) with a client that
sends exactly the Referer Chromium would under the policy the page gave.
It runs in both passes of ``.ci/run`` (SQLite and PostgreSQL); the same
journeys in a real Chromium through a real nginx are in ``test_recipe.py``.
"""

from __future__ import annotations

import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.inbox.models import Referral
from familjeguiden.inbox.referral_links import referral_url
from tests.staff import PASSWORD, make_user, totp_code

HOST = "familjeguiden.example"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
#: Chromium's Referer for a same-origin form POST under each policy (the full URL, the origin, or none).
FULL, ORIGIN, NONE = "full", "origin", "none"
SAME_ORIGIN_POST = {"no-referrer": NONE, "origin": ORIGIN, "strict-origin": ORIGIN, "same-origin": FULL,
                    "origin-when-cross-origin": FULL, "strict-origin-when-cross-origin": FULL,
                    "no-referrer-when-downgrade": FULL, "unsafe-url": FULL}


def chromium_referer(policy: str | None, page_url: str) -> str | None:
    """The Referer Chromium sends when a form on ``page_url`` posts to the same origin."""
    chosen = "strict-origin-when-cross-origin"  # the default without a header
    for token in (policy or "").split(","):  # the last policy Chromium understands wins
        if token.strip().lower() in SAME_ORIGIN_POST:
            chosen = token.strip().lower()
    kind = SAME_ORIGIN_POST[chosen]
    return None if kind == NONE else page_url if kind == FULL else f"https://{HOST}/"


class BehindProxy:
    """A browser reaching the app through nginx: the app sees nginx's address and the forwarded headers."""

    def __init__(self, client, address: str):
        self.client, self.address, self.referer = client, address, None

    def _headers(self) -> dict:
        return {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https", "X-Forwarded-Host": HOST}

    def get(self, path: str):
        response = self.client.get(path, headers=self._headers(), environ_base={"REMOTE_ADDR": "127.0.0.1"})
        self.referer = chromium_referer(response.headers.get("Referrer-Policy"), f"https://{HOST}{path}")
        self.page = response.get_data(as_text=True)
        return response

    def post(self, path: str, data: dict):
        headers = self._headers() | ({"Referer": self.referer} if self.referer else {})
        data = {"csrf_token": CSRF.search(self.page).group(1), **data}
        return self.client.post(path, data=data, headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})

    def hidden(self, name: str) -> str:
        return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', self.page).group(1)


@pytest.fixture
def proxied_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True, HTTPS=True, TRUSTED_PROXY_HOPS=1, RATELIMIT_ENABLED=True,
                      RATELIMIT_STORAGE_URI="memory://", QUESTION_MIN_FILL_SECONDS=0,
                      PUBLIC_BASE_URL=f"https://{HOST}")
    with app.app_context():
        yield app
        db.session.remove()


def ask(visitor: BehindProxy, message: str):
    assert visitor.get("/fraga").status_code == 200
    return visitor.post("/fraga", {"form_key": visitor.hidden("form_key"), "started": visitor.hidden("started"),
                                   "message": message, "relation": "foralder", "contact_method": "anonym"})


def test_question_follow_up_referral_and_login_work_over_https_behind_a_proxy(proxied_app, capsys):
    parent = BehindProxy(proxied_app.test_client(), "203.0.113.10")
    sent = ask(parent, "Hur får vi hjälp när vår dotter inte vill gå till förskolan?")
    assert sent.status_code == 303, sent.get_data(as_text=True)[:500]
    receipt = parent.get("/fraga/skickad").get_data(as_text=True)
    case_path = re.search(r'href="(?:https://[^/"]+)?(/arende/[A-Za-z0-9_-]{32})"', receipt).group(1)
    code = re.search(r"FG-\d{4}-\d{4,}", receipt).group(0)

    # The follow-up on the case page: the page's policy must let Chromium send the Referer.
    assert parent.get(case_path).status_code == 200
    assert parent.referer, "ärendesidans Referrer-Policy gör att Chromium inte skickar någon Referer"
    follow_up = parent.post(case_path, {"form_key": parent.hidden("form_key"),
                                        "message": "Ett tillägg: det gäller mest på måndagar."})
    assert follow_up.status_code == 303, follow_up.get_data(as_text=True)[:500]
    assert "Ett tillägg: det gäller mest på måndagar." in parent.get(case_path).get_data(as_text=True)

    # Staff login (password and two-factor code) through the proxy.
    coordinator = make_user("https.samordnare@example.com", ["coordinator"], "Hanna Https", totp=True)
    staff = BehindProxy(proxied_app.test_client(), "198.51.100.7")
    staff.get("/personal/logga-in")
    step = staff.post("/personal/logga-in", {"email": coordinator.email, "password": PASSWORD})
    assert step.status_code == 302 and step.headers["Location"].endswith("/personal/logga-in/kod")
    staff.get("/personal/logga-in/kod")
    logged_in = staff.post("/personal/logga-in/kod", {"code": totp_code(coordinator)})
    assert logged_in.status_code == 302, logged_in.get_data(as_text=True)[:500]

    # A referral, confirmed by the service through its link.
    case_page = staff.get(f"/personal/inkorg/{code}")
    assert case_page.status_code == 200
    version = re.search(r'name="version" type="hidden" value="(\d+)"', staff.page).group(1)
    referred = staff.post(f"/personal/inkorg/{code}/lotsa", {"version": version, "services": ["steget"],
                                                             "note": "Passar Steget?", "share_contact": "nej"})
    assert referred.status_code == 303, referred.get_data(as_text=True)[:500]
    referral = db.session.scalars(db.select(Referral).order_by(Referral.id.desc())).first()
    link = referral_url(referral).removeprefix(f"https://{HOST}")
    service = BehindProxy(proxied_app.test_client(), "192.0.2.44")
    assert service.get(link).status_code == 200 and service.referer, "lotsningssidan stoppar Referer"
    confirmed = service.post(link, {"svar": "mottagen"})
    assert confirmed.status_code == 303, confirmed.get_data(as_text=True)[:500]
    assert "Tack! Familjeguiden har fått ert svar." in service.get(link).get_data(as_text=True)

    # Without a Referer (what no-referrer would give), the strict check refuses: the test can tell.
    parent.get(case_path)
    parent.referer = None
    refused = parent.post(case_path, {"form_key": parent.hidden("form_key"), "message": "Utan Referer."})
    assert refused.status_code == 400
    with capsys.disabled():
        print("\n[https bakom proxy] fråga, tillägg på /arende/…, inloggning med kod och bekräftelse på /lotsning/… "
              "gick med den Referer Chromium skickar; utan Referer nekas POST (400)", end="")


def test_two_clients_behind_the_proxy_have_their_own_question_limit(proxied_app, capsys):
    first = BehindProxy(proxied_app.test_client(), "203.0.113.21")
    second = BehindProxy(proxied_app.test_client(), "203.0.113.22")
    statuses = [ask(first, f"Fråga {n} om stöd till familjen när det bråkas hemma.").status_code for n in range(6)]
    assert statuses == [303] * 5 + [429], statuses
    assert ask(second, "En annan förälder undrar över öppna förskolan.").status_code == 303
    assert "FG-" in second.get("/fraga/skickad").get_data(as_text=True)
    with capsys.disabled():
        print("\n[https bakom proxy] 2 klienter bakom proxy: A spärrad efter 5, B fick kvitto", end="")


def test_forwarded_addresses_are_ignored_without_trusted_proxy_hops(app_factory):
    """With TRUSTED_PROXY_HOPS=0 a client cannot pick its own address to escape the limit."""
    app = app_factory(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                      QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        client = app.test_client()
        statuses = []
        for n in range(6):
            page = client.get("/fraga").get_data(as_text=True)
            hidden = dict(re.findall(r'name="(form_key|started)" type="hidden" value="([^"]*)"', page))
            statuses.append(client.post("/fraga", headers={"X-Forwarded-For": f"198.51.100.{n}"}, data={
                **hidden, "message": f"Fråga {n} med påhittad avsändaradress.", "relation": "foralder",
                "contact_method": "anonym"}).status_code)
        db.session.remove()
    assert statuses == [303] * 5 + [429], statuses
