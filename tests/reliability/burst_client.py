"""A burst of question-form submissions, run as its own process.

Used by ``test_crash.py``: the test kills the server while this client is
sending, so the client must live in another process. Each submission is
what a browser does: GET /fraga (CSRF cookie, token and the signed
``started`` stamp), POST the form, follow the 303 to /fraga/skickad. The
case code counts as "shown" only when the receipt page arrived complete.

One JSON line per submission is appended to ``--out`` as soon as it ends,
so the test can follow the progress and still read everything if this
process is killed.

Only loopback addresses are accepted, and everything is bounded: a fixed
number of submissions, a timeout on every request and a deadline for the
whole burst.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STARTED_RE = re.compile(r'name="started" type="hidden" value="([^"]+)"')
CODE_RE = re.compile(r'class="case-code"[^>]*>(FG-\d{4}-\d{4,})<')
FORM_KEY_RE = re.compile(r'name="form_key" type="hidden" value="([^"]+)"')
REQUEST_TIMEOUT = 10.0
RETRY_PAUSE = 0.1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller, which follows them itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102, PLR0913
        return None


def message_for(run: str, number: int) -> str:
    return (f"Krocktest {run} nummer {number}: vår son skolkar ofta och vi bråkar varje morgon om skolan. "
            "Vart kan vi vända oss?")


class Burst:
    def __init__(self, base: str, run: str, out_path: str, deadline: float):
        self.base = base
        self.run = run
        self.deadline = deadline
        self.out = open(out_path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.lock = threading.Lock()

    def close(self) -> None:
        self.out.close()

    def record(self, entry: dict) -> None:
        entry["t"] = time.time()
        line = json.dumps(entry, ensure_ascii=False)
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()

    def _open(self, opener, url: str, data: bytes | None = None):
        """(status, headers, body) of one request; redirects are returned, not followed."""
        request = urllib.request.Request(url, data=data)  # noqa: S310 - http on loopback only (see main)
        try:
            with opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read()

    def _idempotent_get(self, opener, url: str):
        """GET, retrying connection failures (the server may be restarting) until the deadline."""
        last_error = None
        while time.time() < self.deadline:
            try:
                return self._open(opener, url)
            except (OSError, http.client.HTTPException) as exc:  # refused, reset, truncated, timed out
                last_error = exc
                time.sleep(RETRY_PAUSE)
        raise TimeoutError(f"gav upp: {last_error!r}")

    def _post_until_answered(self, opener, fields: dict, entry: dict):
        data = urllib.parse.urlencode(fields).encode()
        while time.time() < self.deadline:
            try:
                status, headers, _body = self._open(opener, self.base + "/fraga", data)
                return status, headers
            except (OSError, http.client.HTTPException) as exc:
                entry["resent"] = entry.get("resent", 0) + 1
                entry["reason"] = f"POST avbröts: {type(exc).__name__}"
                time.sleep(RETRY_PAUSE)
        return None, None

    def submit(self, number: int) -> None:
        with_email = number % 2 == 0
        entry = {"n": number, "email": with_email, "outcome": "avbruten"}
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())
        try:
            status, _headers, body = self._idempotent_get(opener, self.base + "/fraga")
            html = body.decode("utf-8")
            if status != 200:
                entry["reason"] = f"GET /fraga gav {status}"
                return
            fields = {
                "csrf_token": CSRF_RE.search(html).group(1),
                "started": STARTED_RE.search(html).group(1),
                "form_key": FORM_KEY_RE.search(html).group(1),
                "message": message_for(self.run, number),
                "relation": "foralder",
                "contact_method": "e-post" if with_email else "anonym",
            }
            if with_email:
                fields["email"] = f"krock{number}@example.com"
            # A POST that got no answer (the server was killed) is sent again, as a
            # person presses Send again after a timeout: the form's one-time key
            # makes the second POST answer with the first one's receipt.
            status, headers = self._post_until_answered(opener, fields, entry)
            if status is None:
                return
            if status != 303 or not headers.get("Location", "").endswith("/fraga/skickad"):
                entry["reason"] = f"POST gav {status}"
                return
            entry["posted"] = True
            # Reloading the receipt page is what a person would do; the receipt
            # travels in the signed session cookie, so a restarted server shows it.
            status, headers, body = self._idempotent_get(opener, self.base + "/fraga/skickad")
            length = headers.get("Content-Length")
            page = body.decode("utf-8", "replace")
            match = CODE_RE.search(page)
            complete = (status == 200 and length is not None and int(length) == len(body)
                        and page.rstrip().endswith("</html>") and match is not None)
            if not complete:
                entry["reason"] = f"kvittot kom inte fram helt ({status}, {len(body)} byte)"
                return
            entry["outcome"] = "kvitto"
            entry["code"] = match.group(1)
        except Exception as exc:  # noqa: BLE001 - every failure is one aborted submission
            entry["reason"] = f"{type(exc).__name__}: {exc}"
        finally:
            self.record(entry)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--run", required=True)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    host = urllib.parse.urlsplit(args.base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("Bara loopback-adresser får belastas.")

    burst = Burst(args.base, args.run, args.out, time.time() + args.seconds)
    numbers = iter(range(args.count))
    numbers_lock = threading.Lock()

    def worker() -> None:
        while time.time() < burst.deadline:
            with numbers_lock:
                number = next(numbers, None)
            if number is None:
                return
            burst.submit(number)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, burst.deadline - time.time()) + REQUEST_TIMEOUT + 1)
    burst.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
