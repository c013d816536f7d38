"""Bringing up the README's production recipe in a temporary root: files, commands, services, nginx.

``Installation`` writes the recipe's files (moved by ``recipe.Site``), runs
its shell blocks, starts its systemd units' commands as child processes (in
their working directory, with their EnvironmentFile) and runs Debian's nginx
with the recipe's site inside a generated main configuration (its own
prefix, pid file, logs and temp paths, no root needed), with a self-signed
certificate where the recipe's certificate path points.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .recipe import ROOT, Block, Site, Unit, env_file, unit, write_env_file

START_TIMEOUT = 45.0


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environment() -> dict:
    """This process's environment without any FAMILJEGUIDEN_* setting (the recipe's file gives them)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("FAMILJEGUIDEN_")}


class Installation:
    def __init__(self, site: Site, blocks: list[Block], own_servers: dict[str, str]):
        self.site, self.blocks, self.own_servers = site, blocks, own_servers
        self.processes: dict[str, subprocess.Popen] = {}
        self.units: dict[str, Unit] = {}
        self.env_path: Path | None = None
        self.logs = site.root / "loggar"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.ran: list[str] = []
        self.output = ""

    # --- files --------------------------------------------------------------------------------

    def install(self) -> None:
        """Instead of ``recipe-install``: link this checkout and its virtualenv into the recipe's place.

        The static files are copied, not linked: nginx's workers (www-data)
        must read them, and a checkout may sit in a directory only its owner
        can enter (``mktemp -d`` makes one), which a real installation in
        /srv never is.
        """
        home = self.site.path("/srv/familjeguiden")
        home.mkdir(parents=True, exist_ok=True)
        os.symlink(Path(sys.executable).parent.parent, home / ".venv")
        for name in ("migrations", "pyproject.toml"):
            os.symlink(ROOT / name, home / name)
        package = home / "familjeguiden"
        package.mkdir()
        for entry in (ROOT / "familjeguiden").iterdir():
            if entry.name == "static":
                shutil.copytree(entry, package / "static")
            else:
                os.symlink(entry, package / entry.name)

    def write_files(self) -> None:
        for block in self.blocks:
            if block.kind != "recipe-file":
                continue
            path = self.site.path(block.target)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = self.site.localise(block.text)
            if path.name.endswith(".env"):
                values = env_file(text)
                values.update(self.own_servers)
                text = write_env_file(values)
                self.env_path = path
            path.write_text(text, encoding="utf-8")
            if "/systemd/" in block.target:
                self.units[path.name] = unit(path.name, text)
        assert self.env_path is not None, "receptet har ingen inställningsfil (recipe-file=…env)"
        os.chmod(self.env_path, 0o600)

    @property
    def settings(self) -> dict[str, str]:
        return env_file(self.env_path.read_text(encoding="utf-8"))

    def certificate(self, nginx_site: str) -> None:
        """A self-signed certificate where the site's ssl_certificate(_key) lines point."""
        lines = dict(line.strip().rstrip(";").split(None, 1) for line in nginx_site.splitlines()
                     if line.strip().startswith(("ssl_certificate ", "ssl_certificate_key ")))
        cert, key = Path(lines["ssl_certificate"].strip()), Path(lines["ssl_certificate_key"].strip())
        cert.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)

    # --- commands and services ------------------------------------------------------------------

    def run_shell_blocks(self, stdin: str) -> None:
        for block in self.blocks:
            if block.kind != "recipe":
                continue
            script = self.site.localise(block.text)
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=clean_environment(),
                                    input=stdin, capture_output=True, text=True, timeout=240)
            assert result.returncode == 0, f"README-blocket gick inte:\n{script}\n{result.stdout}\n{result.stderr}"
            self.ran.append(script.strip().splitlines()[-1])
            self.output += result.stdout

    def unit_env(self, service: Unit) -> dict:
        env = clean_environment()
        env_path = service.one("EnvironmentFile")
        if env_path:
            env.update(env_file(Path(env_path).read_text(encoding="utf-8")))
        return env

    def start(self, name: str) -> subprocess.Popen:
        service = self.units[name]
        (command,) = service.commands
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(command, cwd=service.one("WorkingDirectory"), env=self.unit_env(service),
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[name] = process
        return process

    def run_oneshot(self, name: str) -> list[str]:
        service = self.units[name]
        outputs = []
        for command in service.commands:
            result = subprocess.run(command, cwd=service.one("WorkingDirectory"), env=self.unit_env(service),
                                    capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, f"{name}: {command}: {result.stdout}\n{result.stderr}"
            outputs.append(result.stdout.strip())
        return outputs

    def wait_for_app(self) -> None:
        url = f"http://127.0.0.1:{self.site.app_port}/healthz"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            web = self.processes["familjeguiden.service"]
            assert web.poll() is None, (self.logs / "familjeguiden.service.log").read_text()[-3000:]
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            time.sleep(0.2)
        raise AssertionError("gunicorn blev inte klar i tid")

    # --- nginx --------------------------------------------------------------------------------

    def start_nginx(self, nginx: str, site_file: Path) -> None:
        prefix = self.site.root / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
            os.chmod(prefix / sub, 0o777)  # noqa: S103 - test temp dirs written by the workers, never root
        # Started as root (CI), the master drops its workers to Debian's www-data, as the packaged nginx does.
        user = "user www-data;" if os.geteuid() == 0 else ""
        enabled = self.site.path("/etc/nginx/sites-enabled")
        enabled.mkdir(parents=True, exist_ok=True)
        os.symlink(site_file, enabled / site_file.name)  # what "ln -s … sites-enabled/" does
        conf = prefix / "nginx.conf"
        conf.write_text(f"""
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log combined;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {enabled}/*;
}}
""", encoding="utf-8")
        base = [nginx, "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", str(conf)]
        checked = subprocess.run([*base, "-t"], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, f"nginx -t: {checked.stderr}"
        log = (self.logs / "nginx.log").open("w")
        self.processes["nginx"] = subprocess.Popen([*base, "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT,
                                                   start_new_session=True)
        self.access_log = prefix / "access.log"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.site.https_port), 1):
                return
            assert self.processes["nginx"].poll() is None, (prefix / "error.log").read_text()
            time.sleep(0.1)
        raise AssertionError("nginx blev inte klar i tid")

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
