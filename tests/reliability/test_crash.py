"""``kill -9`` in the middle of a burst of questions loses no receipted question.

DESIGN.md section 6: "a submission is durable before the receipt page; 0 lost
under kill -9". This test runs the real app under gunicorn (2 workers) on a
fresh database, lets a second process send a few hundred form submissions
concurrently, kills the whole gunicorn process group with SIGKILL halfway
through, starts it again on the same database and lets the client finish.

Then every case code that reached a complete receipt page must be stored
exactly once, be the asker's own question, and carry exactly the e-mails it
promised (one notice to the coordinators, one receipt if an address was
given); every stored question must be whole (message, history line, e-mails
in one transaction); nothing may point at a missing question; and the
database must pass its own integrity checks.

On PostgreSQL (``FAMILJEGUIDEN_TEST_DATABASE_URL``) the test creates its own
database ``fg_crash_<pid>`` on that server and drops it afterwards.
Everything is bounded: fixed counts, a timeout on every wait, loopback only,
and the servers are killed in ``finally``.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import sqlalchemy as sa

from familjeguiden.instance import ensure_instance_config
from tests.conftest import TEST_DATABASE_URL

from .servers import clean_environment, free_port, fresh_database, kill_group, start_gunicorn

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CLIENT = Path(__file__).with_name("burst_client.py")

SUBMISSIONS = 300
CLIENT_THREADS = 16
KILL_AT = 0.35  # share of submissions finished when the server is killed
CLIENT_SECONDS = 45.0  # the client's own deadline for the whole burst
NUMBER_RE = re.compile(r"^Krocktest (\S+) nummer (\d+):")


def read_results(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    results = []
    for line in lines:
        with contextlib.suppress(json.JSONDecodeError):  # a line cut by a killed client
            results.append(json.loads(line))
    return results


def wait_for_progress(path: Path, target: int, client: subprocess.Popen, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    done = 0
    while time.monotonic() < deadline and client.poll() is None:
        done = len(read_results(path))
        if done >= target:
            break
        time.sleep(0.02)
    return done


def integrity_problems(engine: sa.Engine) -> list[str]:
    """What the database engine itself finds wrong (empty when healthy)."""
    problems = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            result = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            if result != ["ok"]:
                problems.append(f"integrity_check: {result[:5]}")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                problems.append(f"foreign_key_check: {broken[:5]}")
        else:
            # amcheck verifies every B-tree index of our tables against its rules.
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
            indexes = conn.exec_driver_sql(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE a.amname = 'btree' AND n.nspname = 'public'").scalars().all()
            for index in indexes:
                try:
                    conn.exec_driver_sql(f"SELECT bt_index_check('{index}'::regclass, true)")
                except sa.exc.DBAPIError as exc:
                    problems.append(f"{index}: {exc.orig}")
            if not indexes:
                problems.append("inga index hittades att kontrollera")
            conn.commit()
    return problems


def consistency_problems(conn: sa.Connection) -> list[str]:
    """Rows that a half-written transaction would leave behind (same queries on both databases)."""
    checks = {
        "e-post utan fråga": "SELECT count(*) FROM outbound_email o LEFT JOIN question q ON q.id = o.question_id "
                             "WHERE q.id IS NULL",
        "meddelande utan fråga": "SELECT count(*) FROM case_message m LEFT JOIN question q ON q.id = m.question_id "
                                 "WHERE q.id IS NULL",
        "händelse utan fråga": "SELECT count(*) FROM case_event e LEFT JOIN question q ON q.id = e.question_id "
                               "WHERE q.id IS NULL",
        "fråga utan ärendenummer": "SELECT count(*) FROM question WHERE code IS NULL",
        "dubblerade ärendenummer": "SELECT count(*) FROM (SELECT code FROM question GROUP BY code "
                                   "HAVING count(*) > 1) d",
        "dubblerade Message-ID": "SELECT count(*) FROM (SELECT message_id FROM outbound_email "
                                 "GROUP BY message_id HAVING count(*) > 1) d",
        "fråga utan sitt första meddelande": "SELECT count(*) FROM question q WHERE (SELECT count(*) FROM "
                                             "case_message m WHERE m.question_id = q.id AND m.kind = 'fraga') <> 1",
        "fråga utan sin historikrad": "SELECT count(*) FROM question q WHERE (SELECT count(*) FROM case_event e "
                                      "WHERE e.question_id = q.id AND e.action = 'skapad') <> 1",
        "fråga utan exakt en avisering": "SELECT count(*) FROM question q WHERE (SELECT count(*) FROM "
                                         "outbound_email o WHERE o.question_id = q.id AND o.kind = 'ny_fraga') <> 1",
        "fel antal kvitton": "SELECT count(*) FROM question q WHERE (SELECT count(*) FROM outbound_email o WHERE "
                             "o.question_id = q.id AND o.kind = 'kvitto') <> "
                             "CASE WHEN q.email IS NULL THEN 0 ELSE 1 END",
    }
    return [f"{name}: {count}" for name, sql in checks.items()
            if (count := conn.execute(sa.text(sql)).scalar_one())]


def test_kill_9_mid_burst_loses_no_receipted_question(tmp_path, capsys, record_property):
    run = uuid.uuid4().hex[:8]
    instance = tmp_path / "instance"
    results_path = tmp_path / "results.jsonl"
    log_path = tmp_path / "gunicorn.log"
    client_log_path = tmp_path / "client.log"
    ensure_instance_config(instance)
    first = second = client = None
    clock = time.monotonic()
    phases = {}

    def phase(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        phases[name] = now - clock
        clock = now

    with fresh_database() as database_url, open(log_path, "ab") as log, open(client_log_path, "wb") as client_log:
        settings = {"FAMILJEGUIDEN_INSTANCE_PATH": str(instance)}
        if database_url:
            settings["FAMILJEGUIDEN_DATABASE_URL"] = database_url
        init = subprocess.run([str(VENV_BIN / "flask"), "--app", "familjeguiden", "init"], cwd=ROOT,
                              env=clean_environment(**settings), capture_output=True, text=True, timeout=60)
        assert init.returncode == 0, init.stdout + init.stderr
        phase("init")
        server_env = clean_environment(**settings, FAMILJEGUIDEN_QUESTION_MIN_FILL_SECONDS="0",
                                       FAMILJEGUIDEN_RATELIMIT_ENABLED="false")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        try:
            first = start_gunicorn(port, server_env, log)
            phase("start")
            client = subprocess.Popen(
                [sys.executable, str(CLIENT), "--base", base, "--run", run, "--count", str(SUBMISSIONS),
                 "--threads", str(CLIENT_THREADS), "--seconds", str(CLIENT_SECONDS), "--out", str(results_path)],
                cwd=ROOT, stdout=client_log, stderr=subprocess.STDOUT,
            )
            done_at_kill = wait_for_progress(results_path, int(SUBMISSIONS * KILL_AT), client, timeout=30)
            client_running_at_kill = client.poll() is None
            killed_at = time.time()
            phase("före kill")
            kill_group(first)
            second = start_gunicorn(port, server_env, log)
            restarted_at = time.time()
            phase("omstart")
            try:
                client.wait(timeout=CLIENT_SECONDS + 15)
            except subprocess.TimeoutExpired:
                client.kill()
                client.wait(timeout=10)
            phase("resten")
        finally:
            if client is not None and client.poll() is None:
                client.kill()
                client.wait(timeout=10)
            kill_group(first)
            kill_group(second)

        client_output = client_log_path.read_text(encoding="utf-8", errors="replace")
        assert client.returncode == 0, f"klienten avslutades med {client.returncode}: {client_output[-2000:]}"
        assert client_running_at_kill and 0 < done_at_kill < SUBMISSIONS, (
            f"servern dödades inte mitt i skurarna ({done_at_kill} av {SUBMISSIONS} klara)")

        results = read_results(results_path)
        receipts = [r for r in results if r["outcome"] == "kvitto"]
        aborted = SUBMISSIONS - len(receipts)
        resent = sum(1 for r in results if r.get("resent"))

        url = database_url or f"sqlite:///{instance / 'familjeguiden.db'}"
        engine = sa.create_engine(url)
        try:
            with engine.connect() as conn:
                questions = conn.execute(sa.text("SELECT id, code, email, message FROM question")).all()
                outbox = Counter(
                    (question_id, kind) for question_id, kind in conn.execute(
                        sa.text("SELECT question_id, kind FROM outbound_email")))
                consistency = consistency_problems(conn)
            integrity = integrity_problems(engine)
        finally:
            engine.dispose()
        phase("kontroll")

    by_code = defaultdict(list)
    stored_numbers = Counter()
    for question in questions:
        by_code[question.code].append(question)
        match = NUMBER_RE.match(question.message)
        if match and match.group(1) == run:
            stored_numbers[int(match.group(2))] += 1

    lost, duplicates, wrong = [], [], []
    for receipt in receipts:
        rows = by_code.get(receipt["code"], [])
        if not rows:
            lost.append(receipt["code"])
            continue
        if len(rows) > 1:
            duplicates.append(receipt["code"])
        row = rows[0]
        match = NUMBER_RE.match(row.message)
        expected_email = f"krock{receipt['n']}@example.com" if receipt["email"] else None
        if not match or (match.group(1), int(match.group(2))) != (run, receipt["n"]) or row.email != expected_email:
            wrong.append(f"{receipt['code']}: kvittot hör till en annan fråga")
        if outbox[(row.id, "ny_fraga")] != 1:
            wrong.append(f"{receipt['code']}: {outbox[(row.id, 'ny_fraga')]} aviseringar")
        if outbox[(row.id, "kvitto")] != (1 if receipt["email"] else 0):
            wrong.append(f"{receipt['code']}: {outbox[(row.id, 'kvitto')]} kvittomejl")
    codes_shown = Counter(r["code"] for r in receipts)
    duplicates += [code for code, times in codes_shown.items() if times > 1]  # one code shown to two askers
    duplicates += [f"nummer {n}" for n, times in stored_numbers.items() if times > 1]  # one submission stored twice
    saved = len(receipts) - len(lost)
    before_kill = sum(1 for r in receipts if r["t"] < killed_at)
    after_restart = sum(1 for r in receipts if r["t"] > restarted_at)

    summary = (f"{len(receipts)} kvitton, {saved} sparade, {len(lost)} förlorade, {len(duplicates)} dubbletter "
               f"(kill -9 med omsändning: {resent} formulär skickades igen), "
               f"{aborted} avbrutna ({len(questions)} frågor i databasen; {before_kill} kvitton före kill -9, "
               f"{after_restart} efter omstarten; {'PostgreSQL' if TEST_DATABASE_URL else 'SQLite'})")
    summary += "; sekunder: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in phases.items())
    print(summary)
    with capsys.disabled():
        print(f"\n[krocktest] {summary}")
    record_property("krocktest", summary)

    assert not lost, f"{summary}\nförlorade: {lost[:10]}"
    assert not duplicates, f"{summary}\ndubbletter: {duplicates[:10]}"
    assert not wrong, f"{summary}\n" + "\n".join(wrong[:10])
    assert not consistency, f"{summary}\n" + "\n".join(consistency)
    assert not integrity, f"{summary}\n" + "\n".join(integrity)
    # The test proves something only if the kill really hit a running burst.
    assert before_kill > 0 and after_restart > 0, summary
    assert len(receipts) >= SUBMISSIONS // 3, summary
