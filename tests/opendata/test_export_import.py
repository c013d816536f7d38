"""``flask opendata export`` writes valid HSDS; ``flask opendata import`` makes drafts and says what it left."""

from __future__ import annotations

import csv
import json

from familjeguiden.extensions import db
from familjeguiden.opendata.tabular import TABLES
from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.pages.models import DRAFT, PUBLISHED, Page
from familjeguiden.pages.operations import latest_revision
from tests.opendata.conftest import HSDS


def test_export_writes_every_service_as_valid_hsds_json_and_csv(cli, strict, tmp_path):
    result = cli.invoke(args=["opendata", "export", str(tmp_path / "ut")])
    total = len(get_catalogue().services)
    assert result.exit_code == 0 and f"Exporterade {total} tjänster" in result.output
    folder = tmp_path / "ut"
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    assert len(services) == total == len(list((folder / "services").glob("*.json")))
    outcome = strict.check(strict.path("compiled/service"), *sorted((folder / "services").glob("*.json")))
    assert outcome.ok, outcome.output
    assert strict.check(strict.path("compiled/organization"), *(folder / "organizations").glob("*.json")).ok
    assert json.loads((folder / "index.json").read_text())["version"] == "3.0"
    with open(folder / "csv" / "services.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == total and {r["name"] for r in rows} == {s.title for s in get_catalogue().services}
    with open(folder / "csv" / "schedules.csv", encoding="utf-8", newline="") as handle:
        schedules = list(csv.DictReader(handle))
    assert {r["service_id"] for r in schedules} <= {r["id"] for r in rows}
    assert any(r["opens_at"].endswith("+01:00") for r in schedules) and any(
        r["opens_at"].endswith("+02:00") for r in schedules)
    package = json.loads((folder / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {f"{name}.csv" for name in TABLES}


def test_the_csv_columns_are_those_of_the_specification():
    for _file, (hsds_object, columns) in TABLES.items():
        schema = json.loads((HSDS / "schema" / f"{hsds_object}.json").read_text(encoding="utf-8"))
        scalar = tuple(k for k, v in schema["properties"].items()
                       if v.get("type") not in ("array", "object") and "$ref" not in v)
        assert columns == scalar, hsds_object


NEIGHBOUR = {
    "total_items": 2, "total_pages": 1, "page_number": 1, "size": 2, "first_page": True, "last_page": True,
    "empty": False, "contents": [
        {"id": "7c1d7a2e-2f0e-4c55-9d0a-1b9c6f7c1a01", "name": "Öppna förskolan i Grannby",
         "description": "En mötesplats för föräldrar och barn upp till sex år. Vi leker, sjunger och fikar.",
         "status": "active", "minimum_age": 0, "maximum_age": 6, "email": "oppnaforskolan@example.org",
         "url": "https://www.example.org/oppna-forskolan", "fees_description": "Kostnadsfritt",
         "alert": "Stängt vecka 32", "wait_time": "Ingen kö",
         "organization": {"id": "0b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c001", "name": "Grannby kommun",
                          "description": "Kommunen"},
         "phones": [{"id": "1b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c002", "number": "031-390 06 10"},
                    {"id": "1b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c003", "number": "031-390 06 11"}],
         "schedules": [
             {"id": "2b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c004", "freq": "WEEKLY", "byday": "MO,TU,WE",
              "opens_at": "09:00+01:00", "closes_at": "12:00+01:00", "valid_from": "2025-10-26"},
             {"id": "2b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c005", "freq": "WEEKLY", "byday": "TH", "interval": 2,
              "opens_at": "13:00", "closes_at": "15:00"}],
         "service_at_locations": [{"id": "3b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c006", "location": {
             "id": "4b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c007", "location_type": "physical",
             "addresses": [{"id": "5b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c008", "address_1": "Torget 1",
                            "city": "Grannby", "postal_code": "123 45", "state_province": "Västra Götaland",
                            "country": "SE", "address_type": "physical"}]}}],
         "attributes": [
             {"id": "6b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c009", "taxonomy_term": {
                 "id": "7b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c010", "code": "gravid-och-sma-barn", "name": "Gravid",
                 "description": "x", "taxonomy": "familjeguiden-amne"}},
             {"id": "6b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c011", "taxonomy_term": {
                 "id": "7b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c012", "code": "F-123", "name": "Family support",
                 "description": "x", "taxonomy": "open-eligibility"}}],
         "languages": [{"id": "8b6d1e5e-5b7a-4b8e-8f62-0a2bb9a1c013", "name": "arabiska", "code": "ar"}]},
        {"id": "9c1d7a2e-2f0e-4c55-9d0a-1b9c6f7c1a02", "name": "Familjeguiden",  # same slug as ours
         "description": "Grannbys vägledning för familjer.", "status": "active"},
    ]}


def test_import_makes_drafts_and_reports_every_field_it_could_not_map(app, cli, client, tmp_path):
    source = tmp_path / "grannby.json"
    source.write_text(json.dumps(NEIGHBOUR, ensure_ascii=False), encoding="utf-8")
    published_before = len(get_catalogue().services)
    ours_before = latest_revision(db.session.scalar(db.select(Page).where(Page.slug == "familjeguiden"))).id
    result = cli.invoke(args=["opendata", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Importerade som utkast: 2 nya, 0 ändrade, 0 oförändrade." in result.output
    for field in ("alert", "wait_time", "phones", "schedules[2].interval", "attributes", "languages"):
        assert f"Öppna förskolan i Grannby: {field}:" in result.output, field
    assert "Family support" in result.output and "arabiska" in result.output
    db.session.expire_all()
    page = db.session.scalar(db.select(Page).where(Page.slug == "oppna-forskolan-i-grannby"))
    assert page.status == DRAFT and page.published_revision_id is None
    fm = latest_revision(page).front_matter
    assert fm["title"] == "Öppna förskolan i Grannby" and fm["ages"] == [0, 6] and fm["organizer"] == "Grannby kommun"
    assert fm["contact"] == {"phone": "031-390 06 10", "email": "oppnaforskolan@example.org",
                             "web": "https://www.example.org/oppna-forskolan", "address": "Torget 1, 123 45, Grannby"}
    assert fm["schedule"] == [{"days": "måndag-onsdag", "time": "9.00-12.00"}]
    assert fm["topics"] == ["gravid-och-sma-barn"] and fm["summary"].startswith("En mötesplats")
    # our own page with the same name is untouched; the import got another address
    theirs = db.session.scalar(db.select(Page).where(Page.slug == "familjeguiden-2"))
    assert theirs is not None and theirs.status == DRAFT
    ours = db.session.scalar(db.select(Page).where(Page.slug == "familjeguiden"))
    assert ours.status == PUBLISHED and latest_revision(ours).id == ours_before
    assert client.get("/tjanster/oppna-forskolan-i-grannby").status_code == 404
    assert len(get_catalogue().services) == published_before
    again = cli.invoke(args=["opendata", "import", str(source)])
    assert "0 nya, 0 ändrade, 2 oförändrade" in again.output


def test_import_refuses_a_file_that_is_not_hsds(cli, tmp_path):
    broken = tmp_path / "trasig.json"
    broken.write_text("{inte json", encoding="utf-8")
    result = cli.invoke(args=["opendata", "import", str(broken)])
    assert result.exit_code == 1 and "inte giltig JSON" in result.output
    nameless = tmp_path / "namnlos.json"
    nameless.write_text(json.dumps([{"id": "x"}]), encoding="utf-8")
    result = cli.invoke(args=["opendata", "import", str(nameless)])
    assert result.exit_code == 1 and "saknar namn" in result.output


def test_our_own_export_imports_back_without_losing_the_hours(app, cli, tmp_path):
    cli.invoke(args=["opendata", "export", str(tmp_path / "ut")])
    ingangen = next(s for s in json.loads((tmp_path / "ut" / "services.json").read_text(encoding="utf-8"))
                    if s["name"] == "Ingången")
    (tmp_path / "en.json").write_text(json.dumps(dict(ingangen, name="Ingången i Grannby")), encoding="utf-8")
    assert cli.invoke(args=["opendata", "import", str(tmp_path / "en.json")]).exit_code == 0
    db.session.expire_all()
    page = db.session.scalar(db.select(Page).where(Page.slug == "ingangen-i-grannby"))
    rules = latest_revision(page).front_matter["schedule"]
    assert [(r["days"], r["time"]) for r in rules] == [("måndag-fredag", "9.00-16.00"), ("tisdag", "16.00-19.00")]
