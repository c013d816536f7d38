"""Shared benchmark machinery: a gunicorn server and a wrk load generator.

Every benchmark compares the route under test with a reference measured in
the same run, so results are ratios that survive a change of machine.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn_server(instance: Path, workers: int = 2, env: dict | None = None):
    """Run ``bench.wsgi:app`` under gunicorn on a free loopback port."""
    port = free_port()
    environment = dict(os.environ, FAMILJEGUIDEN_INSTANCE_PATH=str(instance), **(env or {}))
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench.wsgi:app"],
        cwd=ROOT, env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn startade inte")
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def require_wrk() -> None:
    """Stop with a clear message (before any server starts) when wrk is missing."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk saknas: installera med 'apt-get install wrk'")


def wrk(url: str, seconds: int = 10, connections: int = 8, threads: int = 1) -> dict:
    """Requests per second and latency percentiles for one URL."""
    require_wrk()
    out = subprocess.run(
        ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    latency = {p: _ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "90", "99")}
    return {"rate": rate, "errors": int(non2xx.group(1)) if non2xx else 0, "latency_ms": latency}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def prepared_instance(path: Path) -> Path:
    """An instance folder with config, database, content and search index."""
    from familjeguiden.instance import ensure_instance_config

    ensure_instance_config(path)
    env = dict(os.environ, FAMILJEGUIDEN_INSTANCE_PATH=str(path))
    subprocess.run([str(VENV_BIN / "flask"), "--app", "familjeguiden", "init"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    return path
