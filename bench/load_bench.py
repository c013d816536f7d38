"""Mixed load, memory and form-submission throughput on the real app.

Run from the repository root (not part of the test suite)::

    .venv/bin/python bench/load_bench.py [--seconds 60] [--connections 50]

What it does, on a private temporary instance folder (SQLite):

1. gunicorn with 2 sync workers serving ``bench.wsgi:app`` (rate limits off,
   so the load is not refused; the minimum fill time off, so the stored form
   token can be posted at once);
2. a mixed load from ``wrk`` with a Lua script for ``--seconds`` at
   ``--connections`` connections: service pages (several slugs), ``/sok``
   with lay queries (typos and no å/ä/ö included), ``/tjanster/?alder=...``
   listings, ``GET /fraga`` and a small share of real ``POST /fraga``
   submissions. The POSTs carry a session cookie, CSRF token and ``started``
   stamp fetched once by this script before the run (a token stays valid for
   its session, as for a person who sends several questions), so every
   POST stores a real question with its history and outbox row;
3. requests/s, p50/p95/p99 latency, errors (non-2xx/3xx and socket errors)
   and the resident memory (VmRSS) of each worker before and after;
4. form-submission throughput on SQLite, three figures, each labelled:
   a. ``wrk`` sending only ``POST /fraga`` (the write path over HTTP);
   b. a Python client (threads, urllib) doing what a browser does for each
      question: ``GET /fraga``, ``POST``, ``GET /fraga/skickad`` with a fresh
      session each time (the client shares the 2 cores with the server);
   c. ``submit_question`` called in a loop in this process, no HTTP at all.

Targets (DESIGN.md section 6): 0 errors, p95 < 200 ms at 50 concurrent
users, < 150 MB resident per worker, >= 200 submissions/s on SQLite.
Only loopback is ever targeted, and every phase has a fixed duration.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import gunicorn_server, prepared_instance, require_wrk  # noqa: E402 - after sys.path gets the repository root

SEARCHES = [
    "pappa dricker för mycket", "foraldrakurs", "skilsmassa barn", "min son skolkar", "bebis sover dåligt",
    "ångest tonåring", "knark", "brak hemma", "föräldrastöd", "mobbad i skolan", "preventivmedel",
    "familjebehandlare", "gravid", "skildmässa", "kompisar fritid", "dotter skadar sig", "stod for anhoriga",
]
AGES = ["0-5", "6-12", "13-20"]
#: Share of requests per kind in the mixed load (out of 100).
MIX = {"service": 35, "search": 30, "listing": 20, "form": 13, "post": 2}
SUBMISSION_SECONDS = 15
#: Forms opened before a load that posts (each stores one question; more than a run can send).
FORMS_OPENED = 6000
#: Of those, the forms the 5 s warm-up may post (more than it can send at 2 % of its requests).
WARM_UP_FORMS = 1000

LUA = r"""
local requests = {}
local post_headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = COOKIE}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

local posted = 0

function init(args)
  math.randomseed(os.time() * 100 + (thread_id or 0))
  for i, entry in ipairs(ENTRIES) do
    if entry[1] ~= "POST" then
      requests[i] = wrk.format("GET", entry[2])
    end
  end
end

-- Each POST takes the next form body of this thread's share of BODIES: every form's start
-- stamp is single-use, so a body sent twice is the same question, stored once.
function request()
  local i = math.random(#ENTRIES)
  if ENTRIES[i][1] == "POST" then
    local body = BODIES[(posted * THREADS + (thread_id or 1) - 1) % #BODIES + 1]
    posted = posted + 1
    return wrk.format("POST", ENTRIES[i][2], post_headers, body)
  end
  return requests[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50=%d p90=%d p95=%d p99=%d max=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max))
end
"""


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_script(path: Path, entries: list[tuple[str, str]], cookie: str, bodies: list[str] | str,
                 threads: int = 2) -> Path:
    """A wrk script picking among ``entries``; POSTs take ``bodies`` in turn (one per form opened)."""
    bodies = [bodies] if isinstance(bodies, str) else bodies
    table = ",\n  ".join(f"{{{lua_string(method)}, {lua_string(target)}}}" for method, target in entries)
    listed = ",\n  ".join(lua_string(body) for body in bodies)
    path.write_text(f"COOKIE = {lua_string(cookie)}\nTHREADS = {threads}\nBODIES = {{\n  {listed}\n}}\n"
                    f"ENTRIES = {{\n  {table}\n}}\n" + LUA, encoding="utf-8")
    return path


def mixed_entries(slugs: list[str], topics: list[str]) -> list[tuple[str, str]]:
    """A list of 100 requests whose shares follow MIX; the Lua script picks among them at random."""
    rng = random.Random(42)
    pools = {
        "service": [f"/tjanster/{slug}" for slug in slugs],
        "search": ["/sok?" + urllib.parse.urlencode({"q": q}) for q in SEARCHES],
        "listing": [f"/tjanster/?alder={age}" for age in AGES]
        + [f"/tjanster/?alder={rng.choice(AGES)}&amne={topic}" for topic in topics],
        "form": ["/fraga"],
    }
    entries = []
    for kind, share in MIX.items():
        for n in range(share):
            entries.append(("POST", "/fraga") if kind == "post" else ("GET", pools[kind][n % len(pools[kind])]))
    return entries


def run_wrk(base: str, script: Path, seconds: int, connections: int, threads: int = 2) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script), base],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout
    line = re.search(r"^RESULT (.*)$", out, flags=re.M).group(1)
    values = {k: int(v) for k, v in (item.split("=") for item in line.split())}
    values["rate"] = values["requests"] / (values["duration_us"] / 1e6)
    values["socket_errors"] = values["connect"] + values["read"] + values["write"] + values["timeout"]
    return values


def workers_of(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory now (VmRSS) or at its peak so far (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, flags=re.M).group(1)) / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def commit_latency_ms(folder: Path, count: int = 200) -> float:
    """Time of one small SQLite commit with the app's settings (WAL, synchronous=FULL) on this disk."""
    import sqlite3

    conn = sqlite3.connect(folder / "commit-test.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    start = time.perf_counter()
    for _ in range(count):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (v) VALUES (?)", ("x" * 2000,))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed / count * 1000


def form_session(base: str, forms: int = 1) -> tuple[str, list[str]]:
    """A session cookie and ``forms`` form bodies to post with it, each from a form opened in that session.

    A form's signed start stamp is single-use (a question is stored once
    per form opened), so a load of N stored questions needs N forms.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    bodies = []
    for _ in range(forms):
        html = opener.open(base + "/fraga", timeout=10).read().decode()
        bodies.append(urllib.parse.urlencode({
            "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1),
            "started": re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1),
            "message": "Lasttest: vår son skolkar och vi bråkar varje morgon. Vart kan vi vända oss?",
            "relation": "foralder", "contact_method": "anonym", "consent": "y",
        }))
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, bodies


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_post(base: str, cookie: str, body: str) -> None:
    """The stored token really is accepted: one POST must give 303 to the receipt."""
    opener = urllib.request.build_opener(_NoRedirect())
    request = urllib.request.Request(base + "/fraga", data=body.encode(), headers={"Cookie": cookie})
    try:
        status = opener.open(request, timeout=10).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 303:
        raise SystemExit(f"POST /fraga gav {status}, inte 303: CSRF-kakan fungerar inte i lasten")


def browser_like_submissions(base: str, seconds: float, threads: int) -> tuple[int, int]:
    """(completed, failed) flows of GET form, POST, GET receipt, each with a fresh session."""
    deadline = time.monotonic() + seconds
    counts = {"ok": 0, "failed": 0}
    lock = threading.Lock()

    def worker() -> None:
        while time.monotonic() < deadline:
            ok = False
            try:
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
                html = opener.open(base + "/fraga", timeout=10).read().decode()
                fields = {
                    "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1),
                    "started": re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1),
                    "message": "Lasttest med webbläsarflöde: vår dotter vill inte gå till skolan.",
                    "relation": "foralder", "contact_method": "anonym", "consent": "y",
                }
                receipt = opener.open(base + "/fraga", data=urllib.parse.urlencode(fields).encode(),
                                      timeout=10).read().decode()  # follows the 303 to /fraga/skickad
                ok = re.search(r"FG-\d{4}-\d{4,}", receipt) is not None
            except (OSError, AttributeError):
                ok = False
            with lock:
                counts["ok" if ok else "failed"] += 1

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + 30)
    return counts["ok"], counts["failed"]


def in_process_submissions(instance: Path, count: int) -> float:
    """Questions per second from ``submit_question`` in a loop (one thread, no HTTP)."""
    os.environ["FAMILJEGUIDEN_INSTANCE_PATH"] = str(instance)
    from familjeguiden import create_app
    from familjeguiden.extensions import db
    from familjeguiden.questions.operations import Submission, submit_question

    app = create_app()
    with app.app_context():
        data = Submission(message="Lasttest i processen: vår son skolkar.", relation="foralder",
                          contact_method="e-post", email="lasttest@example.com")
        submit_question(data, urgent=False)  # warm up templates and connections
        start = time.perf_counter()
        for _ in range(count):
            submit_question(data, urgent=False)
            db.session.expunge_all()
        elapsed = time.perf_counter() - start
        db.session.remove()
    return count / elapsed


def count_questions(instance: Path) -> int:
    import sqlite3

    with sqlite3.connect(instance / "familjeguiden.db") as conn:
        return conn.execute("SELECT count(*) FROM question").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--in-process", type=int, default=1000, help="antal frågor i processen")
    args = parser.parse_args()
    require_wrk()

    from familjeguiden.taxonomy import TOPICS

    slugs = sorted(p.stem for p in (ROOT / "familjeguiden/content/tjanster").glob("*.md")
                   if "." not in p.stem)  # not the language versions (abc.en.md)
    env = {"FAMILJEGUIDEN_RATELIMIT_ENABLED": "false", "FAMILJEGUIDEN_QUESTION_MIN_FILL_SECONDS": "0"}
    print(f"Maskin: {os.cpu_count()} kärnor, belastning före start {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        instance = prepared_instance(tmp_path / "instance")
        with gunicorn_server(instance, workers=2, env=env) as (base, process):
            assert urllib.parse.urlsplit(base).hostname == "127.0.0.1"
            workers = workers_of(process.pid)
            cold = {pid: rss_mb(pid) for pid in workers}
            cookie, bodies = form_session(base, forms=FORMS_OPENED)
            check_post(base, cookie, bodies.pop())
            entries = mixed_entries(slugs, list(TOPICS))
            # The warm-up posts forms of its own: a form it sent would be refused in the run (single-use).
            warm = write_script(tmp_path / "warm.lua", entries, cookie, bodies[:WARM_UP_FORMS])
            mixed = write_script(tmp_path / "mixed.lua", entries, cookie, bodies[WARM_UP_FORMS:])
            run_wrk(base, warm, seconds=5, connections=args.connections)  # warm every worker's caches
            before = {pid: rss_mb(pid) for pid in workers}
            questions_before = count_questions(instance)
            cpu = cpu_seconds(workers)
            load = run_wrk(base, mixed, seconds=args.seconds, connections=args.connections)
            load["cpu_ms"] = (cpu_seconds(workers) - cpu) / load["requests"] * 1000
            stored_by_load = count_questions(instance) - questions_before
            after = {pid: rss_mb(pid) for pid in workers}

            posts = write_script(tmp_path / "posts.lua", [("POST", "/fraga")], *form_session(base, FORMS_OPENED))
            questions_before = count_questions(instance)
            cpu = cpu_seconds(workers)
            post_only = run_wrk(base, posts, seconds=SUBMISSION_SECONDS, connections=16)
            post_only["cpu_ms"] = (cpu_seconds(workers) - cpu) / post_only["requests"] * 1000
            stored_by_posts = count_questions(instance) - questions_before
            flows_ok, flows_failed = browser_like_submissions(base, SUBMISSION_SECONDS, threads=8)
            after_submissions = {pid: rss_mb(pid) for pid in workers}
            peak = {pid: rss_mb(pid, "VmHWM") for pid in workers}
            if workers_of(process.pid) != workers:
                print("OBS: en worker startades om under mätningen")
        in_process = in_process_submissions(instance, args.in_process)
        commit_ms = commit_latency_ms(tmp_path)

    ms = 1000.0
    print(f"\nBlandad last: {args.seconds} s, {args.connections} anslutningar, wrk -t2 "
          f"(andelar: {', '.join(f'{k} {v} %' for k, v in MIX.items())})")
    print(f"  {load['rate']:.0f} req/s, {load['requests']} anrop; latens p50 {load['p50'] / ms:.1f} ms, "
          f"p95 {load['p95'] / ms:.1f} ms, p99 {load['p99'] / ms:.1f} ms, max {load['max'] / ms:.1f} ms")
    print(f"  serverns CPU-tid per anrop {load['cpu_ms']:.2f} ms, alltså högst ~{2000 / load['cpu_ms']:.0f} req/s "
          "på 2 egna kärnor")
    print(f"  fel: {load['status']} svar utanför 2xx/3xx, {load['socket_errors']} socketfel "
          f"(connect {load['connect']}, read {load['read']}, write {load['write']}, timeout {load['timeout']}); "
          f"{stored_by_load} frågor sparade av POST-andelen")
    print("Minne (VmRSS per worker, MB):")
    for pid in workers:
        print(f"  pid {pid}: efter start {cold[pid]:.1f}, före lasten {before[pid]:.1f}, efter lasten "
              f"{after[pid]:.1f}, efter inskickningarna {after_submissions[pid]:.1f}, topp (VmHWM) {peak[pid]:.1f}")
    print("Inskickade frågor på SQLite:")
    print(f"  a. wrk, bara POST /fraga (16 anslutningar, {SUBMISSION_SECONDS} s): {post_only['rate']:.0f} per s; "
          f"{stored_by_posts} sparade av {post_only['requests']} anrop; fel {post_only['status']} + "
          f"{post_only['socket_errors']}; p95 {post_only['p95'] / ms:.1f} ms; CPU-tid per anrop "
          f"{post_only['cpu_ms']:.2f} ms (högst ~{2000 / post_only['cpu_ms']:.0f} per s på 2 egna kärnor)")
    print(f"  b. Python-klient som en webbläsare (GET formulär + POST + kvittosida, 8 trådar, "
          f"{SUBMISSION_SECONDS} s): {flows_ok / SUBMISSION_SECONDS:.0f} per s ({flows_ok} klara, "
          f"{flows_failed} misslyckade)")
    print(f"  c. submit_question i en loop i processen (1 tråd, utan HTTP, {args.in_process} st): "
          f"{in_process:.0f} per s")
    print(f"En SQLite-commit (WAL, synchronous=FULL) på den här disken just nu: {commit_ms:.2f} ms; "
          f"belastning efter körningen {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
