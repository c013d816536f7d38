"""A plain HTTP(S) client for the production tests: one person, with cookies, from one address.

Unlike ``urllib`` it can send from a chosen loopback address (127.0.0.2,
127.0.0.3, …), so two "visitors" reach nginx from different addresses and
the rate limits behind the proxy can be told apart. It sends a Referer on
every POST the way Chromium does for a same-origin form (Flask-WTF's strict
check over HTTPS refuses a POST without one), follows no redirects, and
trusts any certificate (the test's own self-signed one).
"""

from __future__ import annotations

import http.client
import re
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
HIDDEN = r'name="{}" type="hidden" value="([^"]*)"'
CASE_CODE = re.compile(r"FG-\d{4}-\d{4,}")
CASE_LINK = re.compile(r'href="((?:https?://[^/"]+)?/arende/[A-Za-z0-9_-]{32})"')


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def hidden(self, name: str) -> str:
        found = re.search(HIDDEN.format(name), self.text)
        assert found, f"inget dolt fält {name} i svaret ({self.status})"
        return found.group(1)

    @property
    def csrf(self) -> str:
        found = CSRF.search(self.text)
        assert found, f"ingen CSRF-token i svaret ({self.status})"
        return found.group(1)


class Visitor:
    """One browser-like client: cookies for one site, requests from ``source`` (a loopback address)."""

    def __init__(self, base: str, source: str | None = None):
        self.base = base.rstrip("/")
        parts = urllib.parse.urlsplit(self.base)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port or (443 if self.https else 80)
        self.source = source
        self.cookies: dict[str, str] = {}

    def _connection(self) -> http.client.HTTPConnection:
        source = (self.source, 0) if self.source else None
        if self.https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the test's self-signed certificate
            return http.client.HTTPSConnection(self.host, self.port, timeout=60, source_address=source,
                                               context=context)
        return http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=source)

    def request(self, path: str, data: dict | None = None, base: str | None = None, referer: bool = True) -> Reply:
        """GET (or POST ``data``) ``path`` on ``base`` (default: this visitor's site).

        ``referer=False`` posts without Referer and Origin, as under ``Referrer-Policy: no-referrer``.
        """
        base = (base or self.base).rstrip("/")
        parts = urllib.parse.urlsplit(base)
        headers = {"Host": parts.netloc, "User-Agent": "familjeguiden-produktionstest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if referer:
                headers["Referer"] = base + path  # Chromium's same-origin Referer under Referrer-Policy: same-origin
                headers["Origin"] = base
        connection = self._connection() if base == self.base else type(self)(base, self.source)._connection()
        try:
            connection.request("POST" if data is not None else "GET", path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Reply(response.status, response.headers, text)

    def login(self, email: str, password: str, base: str | None = None) -> None:
        """Log in with e-mail and password (an account without two-factor login)."""
        form = self.request("/personal/logga-in", base=base)
        reply = self.request("/personal/logga-in", {"csrf_token": form.csrf, "email": email, "password": password},
                             base=base)
        assert reply.status in (302, 303), f"inloggningen misslyckades ({reply.status})"


def question_forms(visitor: Visitor, count: int, base: str | None = None) -> list[Reply]:
    """Open the question form ``count`` times (each has its own one-time key and start time)."""
    return [visitor.request("/fraga", base=base) for _ in range(count)]


def send_question(visitor: Visitor, form: Reply, message: str, base: str | None = None) -> Reply:
    return visitor.request("/fraga", {
        "csrf_token": form.csrf, "form_key": form.hidden("form_key"), "started": form.hidden("started"),
        "message": message, "relation": "foralder", "contact_method": "anonym"}, base=base)


def wait_past_min_fill(seconds: float = 3.2) -> None:
    """The question form refuses one sent faster than QUESTION_MIN_FILL_SECONDS (3) after it was opened."""
    time.sleep(seconds)


class _FormFields(HTMLParser):
    """The fields a browser would send for the first ``<form method="post" action="ACTION">``."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.done = action, False, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and a.get("method", "").lower() == "post" \
                and a.get("action") == self.action:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "select":
            self._select, self._first_option, self._chosen = a.get("name"), None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._chosen = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._chosen and self._first_option is not None:
                self.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "form":
            self.inside, self.done = False, True


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    parser = _FormFields(action)
    parser.feed(html)
    assert parser.done, f"inget formulär till {action}"
    return parser.fields
