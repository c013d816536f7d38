"""Every active service meets the profile's promises (docs/hsds/profile/service.json)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.opendata.conftest import all_pages, get_json

PROFILE = Path(__file__).resolve().parents[2] / "docs" / "hsds" / "profile" / "service.json"


def test_every_active_service_has_the_fields_the_profile_promises(client):
    required = json.loads(PROFILE.read_text(encoding="utf-8"))["allOf"][0]["required"]
    items = [i for page in all_pages(client, "/api/hsds/services?per_page=100") for i in page["contents"]]
    assert items
    for item in items:
        service = get_json(client, f"/api/hsds/services/{item['id']}")
        missing = [name for name in required if service.get(name) in (None, "")]
        assert missing == [], (service["name"], missing)
        assert service["status"] == "active"
        assert {a["taxonomy_term"]["taxonomy"] for a in service["attributes"]} <= {
            "familjeguiden-amne", "familjeguiden-malgrupp"}
