"""Course sign-ups per second on SQLite with 2 gunicorn workers, and no overbooking.

Run from the repository root (not part of the test suite)::

    .venv/bin/python bench/signup_bench.py [--seconds 10] [--connections 16] [--seats 50]

A private temporary instance (SQLite), one occurrence of ABC with
``--seats`` seats made with ``flask courses add``, gunicorn with 2 sync
workers (rate limits off). ``wrk`` POSTs the sign-up form for
``--seconds`` at ``--connections`` connections, all to the same occurrence,
so every sign-up competes for the same lock. The POSTs carry a session
cookie and CSRF token fetched once, and no one-time key, so each POST is
a new sign-up with its history line and receipt e-mail. Afterwards the
database is counted: exactly ``--seats`` confirmed, the rest in the queue,
every 303 a stored row. The reference in the same run: the question form's
write path (``POST /fraga``, as in ``load_bench.py``), whose own target is
200/s. Target (DESIGN.md section 6): >= 100 sign-ups/s.
Loopback only; fixed duration.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import VENV_BIN, gunicorn_server, prepared_instance, require_wrk  # noqa: E402 - after sys.path
from bench.load_bench import form_session as question_session  # noqa: E402 - after sys.path
from bench.load_bench import run_wrk, write_script  # noqa: E402 - after sys.path

#: Question forms opened for the reference (each stores one question: its start stamp is single-use).
QUESTION_FORMS = 4000


def form_session(base: str, path: str) -> tuple[str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + path, timeout=10).read().decode()
    fields = {"csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1),
              "name": "Lasttest", "contact_method": "e-post", "email": "last@example.com", "child_ages": "7"}
    return "; ".join(f"{c.name}={c.value}" for c in jar), urllib.parse.urlencode(fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seats", type=int, default=50)
    args = parser.parse_args()
    require_wrk()
    env = {"FAMILJEGUIDEN_RATELIMIT_ENABLED": "false", "FAMILJEGUIDEN_QUESTION_MIN_FILL_SECONDS": "0"}
    print(f"Maskin: {os.cpu_count()} kärnor, belastning före start {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        instance = prepared_instance(tmp_path / "instance")
        start = (dt.date.today() + dt.timedelta(days=30)).isoformat()
        added = subprocess.run([str(VENV_BIN / "flask"), "--app", "familjeguiden", "courses", "add", "abc",
                                "--start", start, "--seats", str(args.seats)], cwd=ROOT, check=True, text=True,
                               capture_output=True, env=dict(os.environ, FAMILJEGUIDEN_INSTANCE_PATH=str(instance)))
        path = added.stdout.strip().splitlines()[-1]
        with gunicorn_server(instance, workers=2, env=env) as (base, _process):
            assert urllib.parse.urlsplit(base).hostname == "127.0.0.1"
            cookie, body = form_session(base, path)
            script = write_script(tmp_path / "signup.lua", [("POST", path)], cookie, body)
            result = run_wrk(base, script, seconds=args.seconds, connections=args.connections)
            # The reference, in the same run on the same server: the question form's write path.
            q_cookie, q_bodies = question_session(base, forms=QUESTION_FORMS)
            reference = run_wrk(base, write_script(tmp_path / "fraga.lua", [("POST", "/fraga")], q_cookie, q_bodies),
                                seconds=args.seconds, connections=args.connections)
        with sqlite3.connect(instance / "familjeguiden.db") as conn:
            counts = dict(conn.execute("SELECT status, count(*) FROM course_signup GROUP BY status").fetchall())
            mails = conn.execute("SELECT count(*) FROM outbound_email WHERE kind = 'anmalan-kvitto'").fetchone()[0]
            questions = conn.execute("SELECT count(*) FROM question").fetchone()[0]
    stored = sum(counts.values())
    confirmed, waiting = counts.get("bekraftad", 0), counts.get("vantelista", 0)
    rate = stored / (result["duration_us"] / 1e6)
    print(f"\nAnmälningar: wrk, bara POST {path}, {args.connections} anslutningar, {args.seconds} s, 2 workers, SQLite")
    print(f"  {rate:.0f} sparade anmälningar per s ({stored} sparade, {result['requests']} anrop, "
          f"{result['status']} svar utanför 2xx/3xx, {result['socket_errors']} socketfel)")
    print(f"  latens p50 {result['p50'] / 1000:.1f} ms, p95 {result['p95'] / 1000:.1f} ms, "
          f"p99 {result['p99'] / 1000:.1f} ms")
    print(f"  {args.seats} platser: {confirmed} bekräftade, {waiting} i kö, {stored - confirmed - waiting} annat; "
          f"{mails} kvitton i utkorgen; överbokade: {max(confirmed - args.seats, 0)}")
    question_rate = questions / (reference["duration_us"] / 1e6)
    print(f"  referens i samma körning: POST /fraga {question_rate:.0f} sparade frågor per s; "
          f"kvot anmälan/fråga {rate / question_rate:.2f}")
    ok = confirmed == min(args.seats, stored) and mails == stored and rate >= 100
    print("  mål (>= 100/s, ingen överbokning, ett kvitto per anmälan): " + ("uppnått" if ok else "EJ uppnått"))


if __name__ == "__main__":
    main()
