"""One person signing up, as its own process (used by ``test_overbooking.py``).

What a browser does: GET the form (CSRF cookie and token, one-time key),
say it is ready (``<out>.ready.<n>``) and wait for the test's go signal
(``<out>.go``, polled every millisecond) so that every process sends at once,
POST, then read the receipt. One JSON line goes to ``--out``. Loopback
addresses only; every request has a timeout.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="form_key" type="hidden" value="([^"]+)"')
LINK = re.compile(r'href="(/anmalan/[A-Za-z0-9_-]{32})"')
TIMEOUT = 30.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--number", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if urllib.parse.urlsplit(args.base).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("Bara loopback-adresser.")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         _NoRedirect())

    def open_(path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(args.base + path, data=body)  # noqa: S310 - loopback only (above)
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    entry = {"n": args.number, "status": None}
    try:
        _status, _headers, form = open_(args.path)
        fields = {"csrf_token": CSRF.search(form).group(1), "form_key": KEY.search(form).group(1),
                  "name": f"Förälder {args.number}", "contact_method": "e-post",
                  "email": f"samtidig{args.number}@example.com", "child_ages": "8"}
        Path(f"{args.out}.ready.{args.number}").touch()
        go, deadline = Path(f"{args.out}.go"), time.time() + 120
        while not go.exists() and time.time() < deadline:
            time.sleep(0.001)
        entry["sent"] = time.time()
        status, headers, _body = open_(args.path, fields)
        entry["status"] = status
        entry["answered"] = time.time()
        if status == 303:
            _status, _headers, receipt = open_(urllib.parse.urlsplit(headers["Location"]).path)
            match = LINK.search(receipt)
            entry["link"] = match.group(1) if match else None
    except Exception as exc:  # noqa: BLE001 - every failure is one failed sign-up, reported by the test
        entry["error"] = f"{type(exc).__name__}: {exc}"
    with open(args.out, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
