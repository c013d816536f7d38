"""The README's Production section as data: its marked blocks, moved into a temporary directory.

The section's fenced blocks carry an info string after the language:

* ``recipe-install`` – installing into a virtualenv (not run here: the test
  uses the virtualenv it runs in, linked into place);
* ``recipe`` – shell commands, run in order with ``bash -euo pipefail``;
* ``recipe-file=PATH`` – a file to write at PATH (settings, systemd units,
  the nginx site).

``Site`` moves every absolute path the recipe names (``/srv/familjeguiden``,
``/etc/…``, ``/var/www/…``) under a temporary root, the ports (8000, 80,
443) to free loopback ports and the server name to 127.0.0.1. Nothing else
is changed: the settings the recipe gives (``HTTPS=true``,
``TRUSTED_PROXY_HOPS=1``, the nginx headers) are used as written, except the
values that name this installation's own servers (database, Redis, SMTP),
which point at the throw-away ones.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SERVER_NAME = "familjeguiden.exempelby.se"
BLOCK = re.compile(r"^```(\w+) (recipe[^\n]*)\n(.*?)^```$", re.M | re.S)


@dataclass
class Block:
    language: str
    kind: str  # "recipe", "recipe-install" or "recipe-file"
    target: str | None
    text: str


def production_section(readme: Path = README) -> str:
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n## Production\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks(section: str | None = None) -> list[Block]:
    found = []
    for language, info, body in BLOCK.findall(section or production_section()):
        kind, _, target = info.partition("=")
        found.append(Block(language, kind, target or None, body))
    return found


@dataclass
class Site:
    """Where the recipe's paths, ports and server name go in the test."""

    root: Path
    app_port: int
    http_port: int
    https_port: int
    moved: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.moved = {
            f"https://{SERVER_NAME}": self.base_url,
            SERVER_NAME: "127.0.0.1",
            "/srv/": f"{self.root}/srv/",
            "/etc/": f"{self.root}/etc/",
            "/var/www/": f"{self.root}/var/www/",
            "127.0.0.1:8000": f"127.0.0.1:{self.app_port}",
            "listen 443 ": f"listen 127.0.0.1:{self.https_port} ",
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
        }
        self._pattern = re.compile("|".join(re.escape(k) for k in sorted(self.moved, key=len, reverse=True)))

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def localise(self, text: str) -> str:
        """One pass, so a replacement is never replaced again."""
        return self._pattern.sub(lambda m: self.moved[m.group(0)], text)

    def path(self, recipe_path: str) -> Path:
        return Path(self.localise(recipe_path))


def env_file(text: str) -> dict[str, str]:
    """Parse KEY=VALUE lines the way systemd's EnvironmentFile (and ``set -a; .``) reads these."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        values[key] = " ".join(shlex.split(value)) if value else ""
    return values


def write_env_file(values: dict[str, str]) -> str:
    return "".join(f"{k}={shlex.quote(v)}\n" for k, v in values.items())


@dataclass
class Unit:
    """The parts of a systemd unit the test acts on."""

    name: str
    service: dict[str, list[str]]

    def one(self, key: str) -> str | None:
        values = self.service.get(key)
        return values[-1] if values else None

    @property
    def commands(self) -> list[list[str]]:
        return [shlex.split(line) for line in self.service.get("ExecStart", [])]

    @property
    def long_running(self) -> bool:
        return self.one("Type") != "oneshot"


def unit(name: str, text: str) -> Unit:
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return Unit(name, sections.get("Service", {}) | {f"{s}.{k}": v for s, d in sections.items() for k, v in d.items()
                                                     if s != "Service"})
