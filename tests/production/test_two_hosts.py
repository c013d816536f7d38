"""Two app hosts on one PostgreSQL and one Redis (issue #12 item 4, DESIGN.md section 11).

Each host has its own instance folder (its own search index and page
cache), the same secret key (copied, as the README says) and the same
settings. The test proves, from outside over HTTP:

* an editor's publish on host A shows on host B's page and in B's search
  within seconds (the content generation lives in the database);
* a session made on A works on B, and the question limit counts one visitor's
  questions on both hosts together (Redis);
* ``flask outbox send --loop`` running on both hosts at once delivers every
  e-mail exactly once to a real SMTP server (aiosmtpd on loopback).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter

from familjeguiden.instance import ensure_instance_config
from tests.browser.conftest import CREATE_ACCOUNTS_SCRIPT
from tests.reliability.servers import ROOT, clean_environment, free_port, kill_group, start_gunicorn

from .web import Visitor, form_fields, question_forms, send_question, wait_past_min_fill

EDITOR = ("redaktor.tva@example.com", "Vera Värd", ["editor"], "kvarnhjul-lampskarm-vintersol-2026")
EXTRA_MAILS = 40


def say(capsys, line: str) -> None:
    with capsys.disabled():
        print(f"\n[två värdar] {line}", end="")


def flask(env: dict, *args: str, stdin: str = "") -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "familjeguiden", *args], cwd=ROOT, env=env,
                            input=stdin, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"flask {' '.join(args)}: {result.stdout}\n{result.stderr}"
    return result.stdout


def wait_until(check, seconds: float = 20.0) -> float:
    """Seconds until ``check()`` is true (fails after ``seconds``)."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, f"inte synligt efter {seconds} s"
        time.sleep(0.1)
    return time.monotonic() - start


def test_two_hosts_share_content_sessions_limits_and_the_outbox(tmp_path, postgres_url, redis_url, smtp, capsys):
    instances = {name: tmp_path / name / "instance" for name in ("A", "B")}
    ensure_instance_config(instances["A"])
    instances["B"].mkdir(parents=True, mode=0o700)
    shutil.copy2(instances["A"] / "config.py", instances["B"] / "config.py")  # the same secret key
    shared = {
        "FAMILJEGUIDEN_DATABASE_URL": postgres_url,
        "FAMILJEGUIDEN_RATELIMIT_STORAGE_URI": redis_url,
        "FAMILJEGUIDEN_RATELIMIT_KEY_PREFIX": f"fg-tva-{secrets.token_hex(4)}",
        "FAMILJEGUIDEN_MAIL_SERVER": "127.0.0.1", "FAMILJEGUIDEN_MAIL_PORT": str(smtp.port),
        "PYTHONUNBUFFERED": "1",
    }
    env = {name: clean_environment(FAMILJEGUIDEN_INSTANCE_PATH=str(path), **shared)
           for name, path in instances.items()}
    for name in ("A", "B"):  # README: run flask init on each host (it builds that host's index)
        flask(env[name], "init")
    subprocess.run([sys.executable, "-c", CREATE_ACCOUNTS_SCRIPT, json.dumps([EDITOR])], cwd=ROOT, env=env["A"],
                   check=True, capture_output=True, timeout=120)

    ports = {name: free_port() for name in ("A", "B")}
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    servers, senders = {}, {}
    try:
        for name in ("A", "B"):
            log = (tmp_path / f"gunicorn-{name}.log").open("w")
            servers[name] = start_gunicorn(ports[name], env[name], log, threads=2)

        # A session made on A works on B.
        editor = Visitor(base["A"])
        editor.login(EDITOR[0], EDITOR[3])
        on_b = editor.request("/personal/sidor/", base=base["B"])
        assert on_b.status == 200 and "Logga ut" in on_b.text, on_b.status
        say(capsys, "inloggad på A, samma session gäller på B")

        # A publish on A shows on B's page and in B's search.
        word = f"Tvavardsprov{secrets.randbelow(10_000)}"
        assert word not in editor.request("/tjanster/steget", base=base["B"]).text
        form = editor.request("/personal/sidor/steget")
        fields = dict(form_fields(form.text, "/personal/sidor/steget"))
        data = [(k, v) for k, v in form_fields(form.text, "/personal/sidor/steget") if k not in ("body", "note")]
        data += [("body", fields["body"] + f"\n\n{word} på två värdar.\n"), ("note", "Två värdar"),
                 ("atgard", "publicera")]
        published = editor.request("/personal/sidor/steget", dict_of(data))
        assert published.status == 303, published.status
        assert word in editor.request("/tjanster/steget").text
        page_seconds = wait_until(lambda: word in editor.request("/tjanster/steget", base=base["B"]).text)
        search_seconds = wait_until(
            lambda: "/tjanster/steget" in editor.request(f"/sok?q={word.lower()}", base=base["B"]).text)
        say(capsys, f"två värdar: publicering synlig på B efter {page_seconds:.1f} s (sidan), "
                    f"{page_seconds + search_seconds:.1f} s (sökningen)".replace(".", ","))

        # One visitor's questions count on both hosts together.
        asker = Visitor(base["A"])
        forms = [("A", f) for f in question_forms(asker, 4)] + \
                [("B", f) for f in question_forms(asker, 3, base=base["B"])]
        wait_past_min_fill()
        order = [forms[0], forms[1], forms[2], forms[4], forms[5], forms[6], forms[3]]  # A A A B B, then B and A
        statuses = [(host, send_question(asker, f, f"Fråga {n} till två värdar om familjestöd.",
                                         base=base[host]).status) for n, (host, f) in enumerate(order, 1)]
        assert [s for _h, s in statuses] == [303] * 5 + [429, 429], statuses
        say(capsys, "frågegränsen räknas på båda: 3 via A och 2 via B sparade, den 6:e nekad på B och den 7:e på A")

        # Two senders, one on each host, at once: every e-mail exactly once.
        for name in ("A", "B"):
            senders[name] = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "familjeguiden", "outbox", "send", "--loop",
                 "--interval", "0.2"], cwd=ROOT, env=env[name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, start_new_session=True)
        expected = 5 + enqueue_mails(env["A"], instances["A"], EXTRA_MAILS)  # 5 notices of new questions
        wait_until(lambda: len(smtp.messages) >= expected, seconds=60)
        time.sleep(1.5)  # room for a duplicate to arrive
        sent = {name: stop_sender(process) for name, process in senders.items()}
        senders.clear()
        counts = Counter(smtp.message_ids())
        duplicates = sum(n - 1 for n in counts.values())
        assert len(counts) == expected and duplicates == 0, (len(counts), expected, duplicates)
        assert sum(sent.values()) == expected, sent
        say(capsys, f"två sändare: {expected} e-post, {len(counts)} levererade, {duplicates} dubbletter "
                    f"(A skickade {sent['A']}, B {sent['B']})")
    finally:
        for process in senders.values():
            stop_sender(process)
        for process in servers.values():
            kill_group(process)


def dict_of(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def enqueue_mails(env: dict, instance, count: int) -> int:
    """Queue ``count`` more e-mails in batches while both senders run (as the web hosts would)."""
    script = f"""
import time
from familjeguiden import create_app
from familjeguiden.extensions import db
from familjeguiden.languages import LANGUAGES, SWEDISH
from familjeguiden.mail.outbox import enqueue
app = create_app()
for batch in range(4):
    with app.test_request_context():
        for n in range({count} // 4):
            enqueue("nyhet", f"foralder{{batch}}-{{n}}@example.com", "news", "Nytt i ditt ärende",
                    code="FG-2026-9999", case_link="https://familjeguiden.example/arende/x",
                    mail_language=LANGUAGES[SWEDISH])
        db.session.commit()
    time.sleep(0.7)
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return count // 4 * 4


def stop_sender(process: subprocess.Popen) -> int:
    """Stop a ``flask outbox send --loop`` and return how many e-mails it says it sent."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate(timeout=10)
    return sum(int(line.split()[1].rstrip(",")) for line in (output or "").splitlines()
               if line.startswith("Skickade "))
