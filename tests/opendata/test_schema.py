"""Our open data validates against the official HSDS 3.0 schemas, strictly.

First the method itself is proven: the specification's own examples pass
and broken copies of them fail. Then every service, organisation and list
response of ``/api/hsds`` is checked against the strict compiled schemas.
"""

from __future__ import annotations

import copy
import json

import pytest

from familjeguiden.extensions import db
from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.pages.models import Page
from tests.opendata.conftest import HSDS, VALID_SERVICES, all_pages, get_json, write_documents

#: The pairs validate_examples_json_schema.sh checks (service_at_location is not copied: we do not serve it).
SPECIFICATION_PAIRS = [
    ("location", "location"),
    ("organization_full", "compiled/organization"),
    ("service_full", "compiled/service"),
    ("taxonomy", "taxonomy"),
    ("taxonomy_term", "taxonomy_term"),
]


def example(name: str) -> dict:
    return json.loads((HSDS / "examples" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("example_name", "schema"), SPECIFICATION_PAIRS)
def test_the_specifications_own_examples_pass(strict, example_name, schema):
    outcome = strict.check(strict.path(schema), HSDS / "examples" / f"{example_name}.json")
    assert outcome.ok, outcome.output


def _broken_copies() -> dict[str, dict]:
    service = example("service_full")
    extra_field = copy.deepcopy(service)
    extra_field["farg"] = "blå"                                   # not in HSDS: strict schema refuses
    nested_extra = copy.deepcopy(service)
    nested_extra["phones"][0]["anknytning_text"] = "12"           # unknown field deep inside
    bad_status = copy.deepcopy(service)
    bad_status["status"] = "open"                                 # not in the enum
    bad_uuid = copy.deepcopy(service)
    bad_uuid["id"] = "steget"                                     # format: uuid
    no_name = copy.deepcopy(service)
    del no_name["name"]                                           # required
    bad_frequency = copy.deepcopy(service)
    bad_frequency["schedules"][0]["freq"] = "DAILY"               # only WEEKLY or MONTHLY
    return {"extra_field": extra_field, "nested_extra": nested_extra, "bad_status": bad_status,
            "bad_uuid": bad_uuid, "no_name": no_name, "bad_frequency": bad_frequency}


@pytest.mark.parametrize("broken", sorted(_broken_copies()))
def test_a_broken_copy_of_the_example_fails(strict, tmp_path, broken):
    [path] = write_documents(tmp_path, {broken: _broken_copies()[broken]})
    outcome = strict.check(strict.path("compiled/service"), path)
    assert not outcome.ok, f"{broken} borde ha underkänts"


def test_every_published_service_validates(client, strict, tmp_path):
    listed = [item for page in all_pages(client, "/api/hsds/services?per_page=7") for item in page["contents"]]
    published = len(get_catalogue().services)
    assert published >= 1 and len(listed) == published
    assert len({item["id"] for item in listed}) == published
    documents = {item["id"]: get_json(client, f"/api/hsds/services/{item['id']}") for item in listed}
    outcome = strict.check(strict.path("compiled/service"), *write_documents(tmp_path, documents))
    assert outcome.ok, outcome.output
    VALID_SERVICES.append(len(documents))
    print(f"{len(documents)} tjänster giltiga enligt HSDS 3.0")


def test_every_list_response_validates(client, strict, tmp_path):
    responses = {
        "compiled/service_list": all_pages(client, "/api/hsds/services?per_page=5")
        + all_pages(client, "/api/hsds/services?per_page=3&search=f%C3%B6r%C3%A4ldrar")
        + [get_json(client, "/api/hsds/services?page=99")],                         # past the end: empty
        "compiled/organization_list": all_pages(client, "/api/hsds/organizations?per_page=4"),
        "taxonomy": all_pages(client, "/api/hsds/taxonomies"),
        "taxonomy_term": all_pages(client, "/api/hsds/taxonomy_terms?per_page=6"),
    }
    for schema, pages in responses.items():
        paths = write_documents(tmp_path / schema.replace("/", "_"), {f"page{n}": p for n, p in enumerate(pages)})
        outcome = strict.check(strict.page_of(schema), *paths)
        assert outcome.ok, (schema, outcome.output)
    assert responses["compiled/service_list"][-1]["empty"] is True


def test_every_organization_validates(client, strict, tmp_path):
    listed = [o for page in all_pages(client, "/api/hsds/organizations") for o in page["contents"]]
    documents = {o["id"]: get_json(client, f"/api/hsds/organizations/{o['id']}") for o in listed}
    assert sum(len(d["services"]) for d in documents.values()) == len(get_catalogue().services)
    outcome = strict.check(strict.path("compiled/organization"), *write_documents(tmp_path, documents))
    assert outcome.ok, outcome.output
    terms = [t for page in all_pages(client, "/api/hsds/taxonomy_terms") for t in page["contents"]]
    singles = {t["id"]: get_json(client, f"/api/hsds/taxonomy_terms/{t['id']}") for t in terms}
    assert strict.check(strict.path("taxonomy_term"), *write_documents(tmp_path / "terms", singles)).ok


def test_a_withdrawn_service_validates_as_inactive(app, client, strict, tmp_path):
    from familjeguiden.editor import operations
    from tests.staff import make_user

    page = db.session.scalar(db.select(Page).where(Page.slug == "steget"))
    operations.unpublish(page, make_user("red@example.com", ["editor"]))
    withdrawn = get_json(client, f"/api/hsds/services/{page.uuid}")
    assert withdrawn["status"] == "inactive" and withdrawn["name"] == "Steget"
    assert "phones" not in withdrawn and "description" not in withdrawn
    listed = get_json(client, "/api/hsds/services?per_page=100")
    assert page.uuid not in {item["id"] for item in listed["contents"]}
    since = get_json(client, "/api/hsds/services?per_page=100&modified_after=2000-01-01T00:00:00Z")
    assert withdrawn in since["contents"]
    documents = write_documents(tmp_path, {"withdrawn": withdrawn})
    assert strict.check(strict.path("compiled/service"), *documents).ok
    assert strict.check(strict.page_of("compiled/service_list"), *write_documents(tmp_path, {"since": since})).ok
