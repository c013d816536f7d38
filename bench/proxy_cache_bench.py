"""A service page through nginx's proxy cache against nginx serving the same HTML as a file.

Run from the repository root (about 40 s; needs Debian's ``nginx``, and
``wrk`` or else a small Python client is used)::

    .venv/bin/python bench/proxy_cache_bench.py [--path /tjanster/steget] [--seconds 10] [--rounds 1]

A prepared instance (the shipped pages) is served by gunicorn with 2 sync
workers (``bench.wsgi:app``). One nginx, started as an ordinary user with
its own temporary prefix and ``bench/nginx-cache.conf``, has two servers:
``proxy_cache`` in front of gunicorn (the cache part as in
``docs/caching.md``) and a static server with the page's HTML, byte for
byte what the app sent, as a file (the reference). Before measuring, the
script checks that the second request through the proxy is a cache HIT
and that ``If-None-Match`` with the page's ETag gets a 304 from nginx.

Then, alternately for ``--seconds`` each (``wrk -t1 -c8``): the page through
the cache and the static file. Reports requests per second, latency, the
ratio, nginx's CPU time per request (user + system of its worker, which
depends far less on what else runs on a shared machine than the rate) and
how many requests reached gunicorn during the runs. Target (DESIGN.md
section 6): ratio >= 0.5.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import free_port, gunicorn_server, prepared_instance  # noqa: E402
from bench.harness import wrk as wrk_run  # noqa: E402
from bench.load_bench import cpu_seconds, workers_of  # noqa: E402

CONFIG = ROOT / "bench" / "nginx-cache.conf"
#: Only requests that reached gunicorn are logged (``$upstream_addr`` is empty on a cache hit).
UPSTREAM_LOG = ("log_format upstream '$upstream_cache_status $upstream_status $request';\n"
                "    access_log @PREFIX@/upstream.log upstream if=$upstream_addr;\n"
                "    log_subrequest on;  # background revalidations are subrequests\n")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        raise SystemExit("nginx saknas: installera med 'apt-get install nginx'")
    return found


@contextlib.contextmanager
def nginx_server(prefix: Path, upstream: str, html: bytes):
    """Start nginx (as ``nobody`` when this runs as root) with its prefix and config in ``prefix``."""
    for folder in ("tmp", "cache", "static", "logs"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    (prefix / "static" / "page.html").write_bytes(html)
    proxy_port, static_port = free_port(), free_port()
    text = CONFIG.read_text().replace("    access_log off;\n", "    " + UPSTREAM_LOG)
    for name, value in {"PREFIX": str(prefix), "UPSTREAM": upstream, "PROXY_PORT": str(proxy_port),
                        "STATIC_PORT": str(static_port)}.items():
        text = text.replace(f"@{name}@", value)
    (prefix / "nginx.conf").write_text(text)
    user = {}
    if os.geteuid() == 0:  # never run the benchmark's nginx as root
        for path in [prefix, *prefix.rglob("*")]:
            os.chown(path, 65534, 65534)
        user = {"user": 65534, "group": 65534, "extra_groups": []}
    process = subprocess.Popen([nginx_binary(), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                "-e", "stderr", "-g", "daemon off;"], **user)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{static_port}/", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("nginx startade inte") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{proxy_port}", f"http://127.0.0.1:{static_port}", process
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- load: wrk, or a small Python client -----------------------------------------


def _client(url: str, seconds: float, out) -> None:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    done, errors, latencies = 0, 0, []
    end = time.perf_counter() + seconds
    while (start := time.perf_counter()) < end:
        conn.request("GET", parts.path or "/")
        response = conn.getresponse()
        response.read()
        errors += response.status >= 400
        done += 1
        if done % 10 == 0:
            latencies.append(time.perf_counter() - start)
    out.put((done, errors, latencies))


def python_load(url: str, seconds: int, connections: int = 8) -> dict:
    """wrk's figures from ``connections`` processes with one keep-alive connection each."""
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_client, args=(url, seconds, queue)) for _ in range(connections)]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(x for _d, _e, sample in results for x in sample) or [0.0]
    pick = lambda p: 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]  # noqa: E731
    return {"rate": sum(r[0] for r in results) / seconds, "errors": sum(r[1] for r in results),
            "latency_ms": {"50": pick(50), "90": pick(90), "99": pick(99)}}


def load(url: str, seconds: int) -> dict:
    return wrk_run(url, seconds=seconds) if shutil.which("wrk") else python_load(url, seconds)


def measured(url: str, seconds: int, pids: list[int]) -> dict:
    before = cpu_seconds(pids)
    result = load(url, seconds)
    cpu = cpu_seconds(pids) - before
    result["cpu_us"] = 1e6 * cpu / max(1, result["rate"] * seconds)
    return result


def check_cache(proxy: str, static: str, path: str, html: bytes) -> None:
    """The second request is a HIT with the app's bytes and headers; If-None-Match gets nginx's 304."""
    first, second = get(proxy + path), get(proxy + path)
    conditional = get(proxy + path, {"If-None-Match": second[1]["ETag"]})
    same = get(static + "/")[2] == second[2] == html
    print(f"through the cache: {first[1].get('X-Cache-Status')} then {second[1].get('X-Cache-Status')}; "
          f"If-None-Match -> {conditional[0]}; same bytes as the file: {same}")
    assert second[1].get("X-Cache-Status") == "HIT" and conditional[0] == 304 and same
    assert "Content-Security-Policy" in second[1], "the security headers come from the cache too"


def report(rows: list[tuple[dict, dict]], seconds: int, reached: list[str]) -> None:
    client = "wrk -t1 -c8" if shutil.which("wrk") else "Python client, 8 processes"
    print(f"{client}, {seconds} s each, 1 nginx worker, 2 gunicorn workers; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'round':6} {'cache req/s':>11} {'file req/s':>11} {'ratio':>6}  {'p50/p99 ms cache':>17}"
          f"  {'p50/p99 ms file':>16}  nginx CPU µs/request cache / file")
    for number, (cached, reference) in enumerate(rows, 1):
        def latency(result: dict) -> str:
            return f"{result['latency_ms']['50']:.2f}/{result['latency_ms']['99']:.2f}"
        errors = cached["errors"] + reference["errors"]
        print(f"{number:<6} {cached['rate']:11.0f} {reference['rate']:11.0f} "
              f"{cached['rate'] / reference['rate']:6.2f}  {latency(cached):>17}  {latency(reference):>16}  "
              f"{cached['cpu_us']:.1f} / {reference['cpu_us']:.1f}" + (f"  errors: {errors}" if errors else ""))
    kinds = Counter(" ".join(line.split()[:2]) for line in reached)  # cache status, the app's status
    print(f"requests that reached gunicorn during the runs: {len(reached)}"
          + (" (" + ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items())) + ")" if kinds else ""))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/tjanster/steget")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--max-age", type=int, default=None,
                        help="the app's PUBLIC_MAX_AGE (e.g. 1: nginx revalidates every second)")
    args = parser.parse_args(argv)
    nginx_binary()
    env = {"FAMILJEGUIDEN_RATELIMIT_ENABLED": "false"}
    if args.max_age is not None:
        env["FAMILJEGUIDEN_PUBLIC_MAX_AGE"] = str(args.max_age)
    with tempfile.TemporaryDirectory(prefix="proxycache-") as tmp, \
            tempfile.TemporaryDirectory(prefix="proxycache-nginx-") as prefix:
        instance = prepared_instance(Path(tmp) / "instance")
        with gunicorn_server(instance, workers=2, env=env) as (base, _process):
            status, headers, html = get(base + args.path)
            assert status == 200 and "ETag" in headers, (status, headers)
            print(f"{args.path}: {len(html)} bytes, ETag {headers['ETag']}, "
                  f"Cache-Control {headers['Cache-Control']}")
            with nginx_server(Path(prefix), base.removeprefix("http://"), html) as (proxy, static, process):
                check_cache(proxy, static, args.path, html)
                workers = workers_of(process.pid)
                load(proxy + args.path, 2)  # warm-up
                load(static + "/", 2)
                log = Path(prefix) / "upstream.log"
                skip = len(log.read_text().splitlines()) if log.exists() else 0
                rows = [(measured(proxy + args.path, args.seconds, workers),
                         measured(static + "/", args.seconds, workers)) for _round in range(args.rounds)]
                reached = log.read_text().splitlines()[skip:] if log.exists() else []
    report(rows, args.seconds, reached)
    return 0


if __name__ == "__main__":
    sys.exit(main())
