"""The copied HSDS files are byte for byte the project's shared originals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.opendata.conftest import HSDS

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "hsds"
OURS = {"SOURCE.md"}  # our note on where the copy comes from


def copied_files() -> list[Path]:
    return sorted(p for p in HSDS.rglob("*") if p.is_file() and p.name not in OURS)


def test_the_copy_has_what_the_tests_need():
    names = {str(p.relative_to(HSDS)) for p in copied_files()}
    assert {"LICENSE", "README.md", "validate_examples_json_schema.sh", "schema/compiled/service.json",
            "schema/compiled/service_list.json", "schema/compiled/organization.json",
            "schema/compiled/organization_list.json", "schema/openapi.json",
            "examples/service_full.json"} <= names


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/hsds finns inte bredvid projektet")
def test_the_copy_is_identical_to_shared():
    different = [str(p.relative_to(HSDS)) for p in copied_files()
                 if not (SHARED / p.relative_to(HSDS)).is_file()
                 or (SHARED / p.relative_to(HSDS)).read_bytes() != p.read_bytes()]
    assert different == [], f"skiljer sig från ../shared/hsds: {different}"
