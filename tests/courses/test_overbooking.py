"""Never overbooked: 20 people send the form at the same moment for 3 seats.

The real app under gunicorn (2 workers x 4 threads) on a throw-away
database, and 20 separate client processes that each load the form, say
they are ready, and send it when the test gives the signal. Exactly 3 get a seat, 17 queue, and
the queue is in the order the sign-ups were stored (the lock's order):
the 3 with seats are the 3 stored first, and places 1-17 follow the ids.
Run on SQLite, and on PostgreSQL with FAMILJEGUIDEN_TEST_DATABASE_URL.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from familjeguiden.instance import ensure_instance_config
from tests.conftest import TEST_DATABASE_URL
from tests.reliability.servers import (
    ROOT,
    VENV_BIN,
    clean_environment,
    free_port,
    fresh_database,
    kill_group,
    start_gunicorn,
)

PEOPLE, SEATS = 20, 3
CLIENT = Path(__file__).with_name("signup_client.py")


def test_twenty_at_once_for_three_seats(tmp_path, capsys):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    instance = tmp_path / "instance"
    ensure_instance_config(instance)
    out = tmp_path / "clients.jsonl"
    with fresh_database("kurser") as database_url:
        settings = {"FAMILJEGUIDEN_INSTANCE_PATH": str(instance), "FAMILJEGUIDEN_RATELIMIT_ENABLED": "false",
                    "FAMILJEGUIDEN_PUBLIC_BASE_URL": base}
        if database_url:
            settings["FAMILJEGUIDEN_DATABASE_URL"] = database_url
        env = clean_environment(**settings)
        flask = [str(VENV_BIN / "flask"), "--app", "familjeguiden"]
        subprocess.run([*flask, "init"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=180)
        start = (dt.date.today() + dt.timedelta(days=30)).isoformat()
        added = subprocess.run([*flask, "courses", "add", "abc", "--start", start, "--seats", str(SEATS)],
                               cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=60)
        path = added.stdout.strip().splitlines()[-1]
        assert path.startswith("/tjanster/abc/anmalan/"), added.stdout
        log = (tmp_path / "gunicorn.log").open("w")
        server = None
        try:
            server = start_gunicorn(port, env, log, threads=4)
            clients = [subprocess.Popen([sys.executable, str(CLIENT), "--base", base, "--path", path,
                                         "--number", str(n), "--out", str(out)], cwd=ROOT)
                       for n in range(PEOPLE)]
            # Everyone has the form open; then all send at once.
            deadline = time.monotonic() + 120
            while len(list(tmp_path.glob("clients.jsonl.ready.*"))) < PEOPLE and time.monotonic() < deadline:
                time.sleep(0.01)
            Path(f"{out}.go").touch()
            for process in clients:
                process.wait(timeout=120)
        finally:
            kill_group(server)
            log.close()
        engine = sa.create_engine(database_url or f"sqlite:///{instance / 'familjeguiden.db'}")
        try:
            with engine.connect() as conn:
                rows = conn.execute(sa.text(
                    "SELECT id, status, rank, email FROM course_signup ORDER BY id")).all()
        finally:
            engine.dispose()

    entries = [json.loads(line) for line in out.read_text().splitlines()]
    failed = [e for e in entries if e.get("status") != 303 or not e.get("link")]
    sent = sorted(e["sent"] for e in entries if "sent" in e)
    confirmed = [r for r in rows if r.status == "bekraftad"]
    waiting = [r for r in rows if r.status == "vantelista"]
    database = "PostgreSQL" if TEST_DATABASE_URL else "SQLite"
    summary = (f"{PEOPLE} anmälningar samtidigt till {SEATS} platser: {len(confirmed)} bekräftade, "
               f"{len(waiting)} i kö, {len(failed) + PEOPLE - len(entries)} fel ({database}; alla skickade inom "
               f"{(sent[-1] - sent[0]) * 1000:.0f} ms)" if sent else "inga skickade")
    with capsys.disabled():
        print(f"\n[kurser] {summary}")
    assert len(entries) == PEOPLE and not failed, (summary, failed, (tmp_path / "gunicorn.log").read_text()[-3000:])
    assert len(rows) == PEOPLE, "one sign-up per person"
    assert len(confirmed) == SEATS and len(waiting) == PEOPLE - SEATS, summary
    assert [r.id for r in confirmed] == [r.id for r in rows[:SEATS]], "the seats went to the first stored"
    queue = sorted(waiting, key=lambda r: (r.rank if r.rank is not None else r.id, r.id))
    assert [r.id for r in queue] == [r.id for r in rows[SEATS:]], "the queue is in order of arrival"
