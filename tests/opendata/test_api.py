"""``/api/hsds``: open, read-only, cookie-free, cacheable, and clear when asked wrongly."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.opendata import ids
from familjeguiden.opendata.mapping import AUDIENCE_TAXONOMY, TOPIC_TAXONOMY
from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.pages.models import Page
from tests.fixtures import receipt, submit
from tests.opendata.conftest import all_pages, get_json
from tests.staff import login, make_user

EVERY_LIST = ["/api/hsds/", "/api/hsds/openapi.json", "/api/hsds/services", "/api/hsds/organizations",
              "/api/hsds/taxonomies", "/api/hsds/taxonomy_terms"]


def service_id(slug: str) -> str:
    return db.session.scalar(db.select(Page.uuid).where(Page.slug == slug))


def test_root_names_version_profile_and_openapi(client):
    root = get_json(client, "/api/hsds/")
    assert root["version"] == "3.0"
    assert root["openapi_url"] == "http://localhost/api/hsds/openapi.json"
    assert root["profile"].startswith("http")
    assert get_json(client, "/api/hsds/openapi.json")["openapi"].startswith("3.1")


def test_every_published_service_is_listed_with_the_page_envelope(client):
    total = len(get_catalogue().services)
    first = get_json(client, "/api/hsds/services?per_page=10")
    assert first["total_items"] == total and first["total_pages"] == -(-total // 10)
    assert first["page_number"] == 1 and first["size"] == 10 and first["first_page"] and not first["last_page"]
    names = [item["name"] for page in all_pages(client, "/api/hsds/services?per_page=10") for item in page["contents"]]
    assert sorted(names) == sorted(s.title for s in get_catalogue().services)


def test_a_service_carries_what_the_page_shows(client):
    steget = get_json(client, f"/api/hsds/services/{service_id('steget')}")
    assert steget["name"] == "Steget" and steget["status"] == "active"
    assert (steget["minimum_age"], steget["maximum_age"]) == (6, 16)
    assert steget["assured_date"] == get_catalogue().get("steget").reviewed.isoformat()
    assert steget["phones"][0]["number"] == "070-174 06 07"
    assert steget["cost_options"][0] == {**steget["cost_options"][0], "option": "Kostnadsfritt", "amount": 0,
                                         "currency": "SEK"}
    assert steget["organization"]["name"] == "Socialtjänsten och skolan, Exempelby kommun"
    terms = [a["taxonomy_term"] for a in steget["attributes"]]
    topics = {t["code"] for t in terms if t["taxonomy"] == TOPIC_TAXONOMY}
    assert topics == {"missbruk-i-familjen", "psykisk-halsa"}
    assert steget["languages"] == [{**steget["languages"][0], "code": "sv", "name": "svenska"}]
    assert steget["service_at_locations"][0]["location"]["name"] == "Lindvägen 4, Exempelby"
    # without fixed hours the free text still reaches other systems
    assert steget["schedules"] == [{**steget["schedules"][0], "description": get_catalogue().get("steget").hours}]


def test_a_fee_in_kronor_becomes_an_amount(client):
    option = get_json(client, f"/api/hsds/services/{service_id('familjeradgivning')}")["cost_options"][0]
    assert option["amount"] == 150 and option["currency"] == "SEK" and option["option"] == "150 kronor per samtal"


def test_search_uses_our_own_swedish_search(client):
    # a typo and no å/ä/ö: only our search finds "Familjerådgivningen" like this
    found = get_json(client, "/api/hsds/services?search=familjeradgivnngen")
    assert found["total_items"] >= 1 and found["contents"][0]["name"].startswith("Familjerådgivning")
    assert get_json(client, "/api/hsds/services?search=xqzvw")["empty"] is True


def test_filter_by_topic_and_audience_term(client):
    topic = ids.taxonomy_term_id(TOPIC_TAXONOMY, "separation")
    listed = get_json(client, f"/api/hsds/services?taxonomy_term_id={topic}&per_page=100")
    expected = {s.title for s in get_catalogue().services if "separation" in s.topics}
    assert {i["name"] for i in listed["contents"]} == expected and listed["total_items"] == len(expected)
    audience = ids.taxonomy_term_id(AUDIENCE_TAXONOMY, "blivande-foraldrar")
    listed = get_json(client, f"/api/hsds/services?taxonomy_term_id={audience}&search=samtal&per_page=100")
    assert {i["name"] for i in listed["contents"]} <= {s.title for s in get_catalogue().services
                                                       if "blivande-foraldrar" in s.audience}
    terms = {t["id"] for page in all_pages(client, "/api/hsds/taxonomy_terms") for t in page["contents"]}
    assert topic in terms and audience in terms


def test_modified_after_lists_only_what_changed(app, client):
    page = db.session.scalar(db.select(Page).where(Page.slug == "cope"))
    later = dt.datetime(2030, 1, 1)
    page.updated_at = later
    db.session.commit()
    from familjeguiden.pages.catalogue import bump_generation

    bump_generation()
    listed = get_json(client, "/api/hsds/services?modified_after=2029-12-31T23:00:00Z")
    assert [i["name"] for i in listed["contents"]] == ["COPE"] or [i["id"] for i in listed["contents"]] == [page.uuid]
    assert get_json(client, "/api/hsds/services?modified_after=2030-01-01T01:00:00%2B01:00")["total_items"] == 1
    assert get_json(client, "/api/hsds/services?modified_after=2031-01-01")["empty"] is True


@pytest.mark.parametrize(("query", "parameter"), [
    ("page=0", "page"), ("page=abc", "page"), ("per_page=1000", "per_page"), ("per_page=-1", "per_page"),
    ("taxonomy_term_id=foraldraskap", "taxonomy_term_id"), ("modified_after=igar", "modified_after"),
    ("search=" + "a" * 201, "search"),
])
def test_bad_parameters_get_400_in_swedish_and_english(client, query, parameter):
    body = get_json(client, f"/api/hsds/services?{query}", status=400)
    assert body["parameter"] == parameter and body["status"] == 400
    assert body["error"]["sv"] and body["error"]["en"] and body["error"]["sv"] != body["error"]["en"]


@pytest.mark.parametrize("url", ["/api/hsds/services/5b0c1c1e-0000-4000-8000-000000000000", "/api/hsds/services/steget",
                                 "/api/hsds/organizations/nej", "/api/hsds/taxonomy_terms/x", "/api/hsds/finns-inte"])
def test_unknown_ids_and_addresses_get_404_json(client, url):
    body = get_json(client, url, status=404)
    assert "finns" in body["error"]["sv"] and body["error"]["en"].startswith("There is no")


def test_the_api_is_read_only(app, client):
    for method in ("post", "put", "patch", "delete"):
        for url in ("/api/hsds/", "/api/hsds/services", f"/api/hsds/services/{service_id('steget')}"):
            response = getattr(client, method)(url)
            assert response.status_code == 405, (method, url)
    methods = {m for rule in app.url_map.iter_rules() if rule.endpoint.startswith("opendata.") for m in rule.methods}
    assert methods == {"GET", "HEAD", "OPTIONS"}


def test_open_to_every_site_and_never_a_cookie(app, client):
    staff = app.test_client()
    login(staff, make_user("red@example.com", ["editor"]))  # a browser that has a session cookie
    for url in EVERY_LIST + [f"/api/hsds/services/{service_id('steget')}"]:
        for visitor in (client, staff):
            response = visitor.get(url, headers={"Origin": "https://katalog.example.org"})
            assert response.status_code == 200, url
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert "Set-Cookie" not in response.headers, url
    preflight = client.options("/api/hsds/services", headers={"Origin": "https://katalog.example.org",
                                                              "Access-Control-Request-Method": "GET",
                                                              "Access-Control-Request-Headers": "If-None-Match"})
    assert preflight.status_code == 200 and "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_etag_gives_304_until_content_changes(app, client):
    url = f"/api/hsds/services/{service_id('steget')}"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag) and "max-age" in first.headers["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    from familjeguiden.editor import operations
    from familjeguiden.pages.operations import latest_revision

    page = db.session.scalar(db.select(Page).where(Page.slug == "steget"))
    fm = dict(latest_revision(page).front_matter, summary="Stödgrupp för barn, ny text.")
    operations.save(page, fm, latest_revision(page).body, make_user("red@example.com", ["editor"]), "Ny text",
                    latest_revision(page).number, go_live=True)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["description"] == "Stödgrupp för barn, ny text."


def test_rate_limited_with_a_json_answer(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, HSDS_RATE_LIMIT="3 per minute")
    client = app.test_client()
    with app.app_context():
        codes = [client.get("/api/hsds/taxonomies").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        body = client.get("/api/hsds/services").get_json()
        assert body["status"] == 429 and body["error"]["sv"].startswith("För många")


def test_openapi_describes_exactly_the_routes_we_serve(app, client):
    document = get_json(client, "/api/hsds/openapi.json")
    described = set(document["paths"])
    served = {re.sub(r"<[^>]+>", "{id}", rule.rule.removeprefix("/api/hsds")) or "/"
              for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("opendata.") and "GET" in rule.methods and "<path:" not in rule.rule}
    assert described == served
    parameters = {p["$ref"].rsplit("/", 1)[1] for p in document["paths"]["/services"]["get"]["parameters"]}
    assert parameters == {"search", "page", "per_page", "taxonomy_term_id", "modified_after"}


def test_a_question_sent_through_the_form_never_appears_in_open_data(app_factory):
    app = app_factory(QUESTION_MIN_FILL_SECONDS=0)
    canary = "Kanariefågel-7F3Q: min granne Åsa på Lindvägen dricker"
    client = app.test_client()
    with app.app_context():
        response = submit(client, message=canary, contact_method="e-post", email="kanarie@example.org")
        assert response.status_code in (302, 303)
        code, _path = receipt(client)
        bodies = [client.get(url).get_data(as_text=True) for url in EVERY_LIST]
        for page in all_pages(client, "/api/hsds/services?per_page=100"):
            bodies.append(str(page))
            bodies += [client.get(f"/api/hsds/services/{i['id']}").get_data(as_text=True) for i in page["contents"]]
        bodies += [client.get(f"/api/hsds/services?search={word}").get_data(as_text=True)
                   for word in ("Kanariefågel", "granne", "kanarie")]
        for body in bodies:
            assert "Kanariefågel" not in body and "kanarie@example.org" not in body and code not in body
