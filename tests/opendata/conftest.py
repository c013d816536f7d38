"""Validation the way the HSDS specification does it, plus API helpers.

``validate_examples_json_schema.sh`` (copied in ``hsds/``) compiles a
strict schema with ``compiletojsonschema
--set-additional-properties-false-everywhere`` and checks a file with
``check-jsonschema``. The fixtures here run those same two command-line
tools (installed with the test dependencies) against the copied schemas.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HSDS = Path(__file__).resolve().parent / "hsds"
BIN = Path(sys.executable).parent
#: Filled by the tests that validate our services; printed at the end of the run.
VALID_SERVICES: list[int] = []


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} saknas: kör make setup (testberoendena)"
    return str(path)


@dataclass
class Outcome:
    ok: bool
    output: str


class StrictSchemas:
    """Compiled strict schemas, made once per test session."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.compiled: dict[str, Path] = {}

    def path(self, schema: str) -> Path:
        """``compiled/service`` -> a strict schema file (additionalProperties false everywhere)."""
        if schema not in self.compiled:
            result = subprocess.run([tool("compiletojsonschema"), "--set-additional-properties-false-everywhere",
                                     str(HSDS / "schema" / f"{schema}.json")], capture_output=True, text=True,
                                    check=True)
            target = self.folder / (schema.replace("/", "_") + ".strict.json")
            target.write_text(result.stdout, encoding="utf-8")
            self.compiled[schema] = target
        return self.compiled[schema]

    def page_of(self, item_schema: str) -> Path:
        """The HSDS page envelope (openapi.json's ``Page``) around strict items, itself strict."""
        name = "page_of_" + item_schema.replace("/", "_")
        target = self.folder / f"{name}.strict.json"
        if name not in self.compiled:
            openapi = json.loads((HSDS / "schema" / "openapi.json").read_text(encoding="utf-8"))
            page = openapi["components"]["schemas"]["Page"]
            items = json.loads(self.path(item_schema).read_text(encoding="utf-8"))
            envelope = {"type": "object", "additionalProperties": False,
                        "required": [*page["properties"], "contents"],
                        "properties": {**page["properties"], "contents": {"type": "array", "items": items}}}
            target.write_text(json.dumps(envelope), encoding="utf-8")
            self.compiled[name] = target
        return target

    def check(self, schema_file: Path, *documents: Path) -> Outcome:
        result = subprocess.run([tool("check-jsonschema"), "--schemafile", str(schema_file), *map(str, documents)],
                                capture_output=True, text=True)
        return Outcome(result.returncode == 0, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def strict(tmp_path_factory) -> StrictSchemas:
    return StrictSchemas(tmp_path_factory.mktemp("hsds-strict"))


def write_documents(folder: Path, documents: dict[str, object]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, document in documents.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    return response.get_json()


def all_pages(client, url: str) -> list[dict]:
    """Every page of a paginated list, following ``last_page``."""
    pages, number = [], 1
    while True:
        page = get_json(client, f"{url}{'&' if '?' in url else '?'}page={number}")
        pages.append(page)
        if page["last_page"]:
            return pages
        number += 1


def pytest_terminal_summary(terminalreporter):
    if VALID_SERVICES:
        terminalreporter.write_line(f"{VALID_SERVICES[-1]} tjänster giltiga enligt HSDS 3.0")
