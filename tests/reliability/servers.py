"""Real servers for the reliability tests: gunicorn on loopback, a throw-away database.

Shared by the crash test and the contention test. Everything is bounded: a
timeout on every wait, loopback only, and the process group is killed by
``kill_group``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 45.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environment(**settings: str) -> dict:
    """The current environment without any FAMILJEGUIDEN_* setting, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAMILJEGUIDEN_")}
    env.update(settings)
    return env


@contextlib.contextmanager
def fresh_database(purpose: str = "crash"):
    """``None`` (SQLite in the instance folder) or the URL of a new PostgreSQL database."""
    if not TEST_DATABASE_URL:
        yield None
        return
    import psycopg

    server = sa.engine.make_url(TEST_DATABASE_URL)
    name = f"fg_{purpose}_{os.getpid()}"
    conninfo = {"host": server.host or "127.0.0.1", "port": server.port or 5432, "user": server.username,
                "password": server.password, "dbname": server.database or "postgres", "connect_timeout": 10}

    def admin(sql: str) -> None:
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_gunicorn(port: int, env: dict, log, threads: int = 1) -> subprocess.Popen:
    """The real app under gunicorn with 2 workers, in its own process group."""
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--workers", "2", "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "30", "familjeguiden:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn avslutades direkt med kod {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            pass
        time.sleep(0.1)
    kill_group(process)
    raise RuntimeError("gunicorn blev inte klar i tid")


def kill_group(process: subprocess.Popen | None) -> None:
    """SIGKILL gunicorn's whole process group (master and workers) and reap the master."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
