"""HTTP caching: public pages carry an ETag and a short Cache-Control and answer 304; the rest is no-store.

What a visitor (or the proxy in front of the site) notices: a page seen a
moment ago is not sent again, a publish or the opening of a service is
seen at once by anyone who revalidates, and nothing private is ever kept.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from familjeguiden.extensions import db
from familjeguiden.pages import opening_hours
from familjeguiden.pages import routes as page_routes
from familjeguiden.timeutil import STOCKHOLM
from tests.editor.test_editor import form_data
from tests.fixtures import receipt, submit
from tests.staff import login, make_user

PUBLIC = ["/", "/tjanster/", "/tjanster/?alder=0-5&amne=fritid", "/tjanster/steget", "/akut", "/om",
          "/om/personuppgifter", "/om/tillganglighet", "/om/surfa-sakert",
          "/en/", "/en/tjanster/", "/en/tjanster/steget", "/en/akut", "/ar/tjanster/steget", "/fi/om",
          "/lattlast/tjanster/steget", "/so/om"]
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")
MAX_AGE = re.compile(r"^public, max-age=(\d+)(?:, stale-while-revalidate=(\d+))?$")


def swedish(year, month, day, hour, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM)


def seconds(cache_control: str) -> tuple[int, int]:
    found = MAX_AGE.match(cache_control)
    assert found, cache_control
    return int(found.group(1)), int(found.group(2) or 0)


@pytest.fixture
def moment(monkeypatch):
    """The clock the open/closed line reads, moved by the test."""
    now = {"at": swedish(2026, 12, 2, 10)}
    monkeypatch.setattr(opening_hours, "clock", lambda: now["at"].astimezone(dt.UTC))
    return now


def test_public_pages_in_every_language_have_an_etag_a_short_cache_control_and_no_cookie(client):
    etags = {}
    for url in PUBLIC:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert seconds(response.headers["Cache-Control"]) == (60, 300), url
        assert "Cookie" in response.headers["Vary"], url
        etags[url] = response.headers["ETag"]
        print(f"{url:40} {response.headers['ETag']:32} {response.headers['Cache-Control']}")
    assert len(set(etags.values())) == len(PUBLIC)  # each page and each language version its own
    assert etags["/tjanster/steget"].startswith('"sv-') and etags["/en/tjanster/steget"].startswith('"en-')
    assert client.get("/en/tjanster/steget").headers["ETag"] == etags["/en/tjanster/steget"]  # stable


def test_every_worker_gives_the_same_etag_and_answers_304_to_another_workers(app, client, instance_path):
    """Two other processes (other hash seeds, as other gunicorn workers or hosts) agree with this one."""
    urls = ["/", "/tjanster/", "/tjanster/steget", "/en/tjanster/steget", "/ar/om", "/akut"]  # no clock in these
    here = {url: client.get(url).headers["ETag"] for url in urls}
    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {app.root_path.rsplit('/', 1)[0]!r})
        from pathlib import Path
        from tests.conftest import make_app
        app = make_app(Path({str(instance_path)!r}))
        client = app.test_client()
        etags = {json.dumps(here)}
        with app.app_context():
            print(json.dumps({{url: [client.get(url).headers["ETag"],
                                     client.get(url, headers={{"If-None-Match": etag}}).status_code]
                               for url, etag in etags.items()}}))
    """)
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                             env=dict(os.environ, PYTHONHASHSEED=seed))
        there = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else out.stderr[-2000:]
        assert there == {url: [etag, 304] for url, etag in here.items()}, there
    print("the same ETags and 304s in three processes:", ", ".join(urls))


def test_if_none_match_gets_304_with_the_security_headers_and_without_rendering(client, monkeypatch):
    first = {url: client.get(url) for url in ("/", "/tjanster/steget", "/en/tjanster/steget", "/akut", "/en/om")}

    def no_rendering(*args, **kwargs):
        raise AssertionError("a 304 must not render the page")

    monkeypatch.setattr(page_routes, "render_template", no_rendering)
    for url, response in first.items():
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
        assert again.get_data() == b"" and "Set-Cookie" not in again.headers
        assert again.headers["ETag"] == response.headers["ETag"]
        assert again.headers["Cache-Control"] == response.headers["Cache-Control"]
        assert all(again.headers.get(name) == response.headers.get(name) for name in SECURITY_HEADERS), url
        stale = client.get(url, headers={"If-None-Match": '"sv-ett-gammalt-etag"'})
        assert stale.status_code == 200 and stale.get_data() == response.get_data()
    print("304 without rendering on", ", ".join(first))


def test_a_publish_in_the_editor_changes_the_etag_and_the_old_one_gets_the_new_text(app, client):
    before = {url: client.get(url) for url in ("/tjanster/steget", "/en/tjanster/steget", "/tjanster/abc")}
    editor = app.test_client()
    login(editor, make_user("red@example.com", ["editor"], "Rut Redaktör"))
    published = editor.post("/personal/sidor/steget", data=form_data(
        "steget", body="## Nyhet\n\nVi träffas nu också på lördagar med zebrafinkar."))
    assert published.status_code == 303
    db.session.remove()

    after = client.get("/tjanster/steget", headers={"If-None-Match": before["/tjanster/steget"].headers["ETag"]})
    assert after.status_code == 200 and "zebrafinkar" in after.get_data(as_text=True)
    assert after.headers["ETag"] != before["/tjanster/steget"].headers["ETag"]
    old_english = before["/en/tjanster/steget"].headers["ETag"]
    english = client.get("/en/tjanster/steget", headers={"If-None-Match": old_english})
    assert english.status_code == 200  # the English version now says the Swedish page changed
    assert english.headers["ETag"] != old_english
    assert client.get("/tjanster/steget", headers={"If-None-Match": after.headers["ETag"]}).status_code == 304
    print("publish:", before["/tjanster/steget"].headers["ETag"], "->", after.headers["ETag"])


def test_the_open_closed_line_is_part_of_the_etag_and_max_age_ends_when_it_changes(client, moment):
    moment["at"] = swedish(2026, 4, 7, 14, 58, 30)  # fritidsgården opens at 15.00 on Tuesdays
    closed = client.get("/tjanster/fritidsgarden")
    assert "Stängt – öppnar i dag 15.00" in closed.get_data(as_text=True)
    max_age, stale = seconds(closed.headers["Cache-Control"])
    assert (max_age, stale) == (60, 30)  # 90 seconds until it opens: max-age and the stale time fit inside

    moment["at"] = swedish(2026, 4, 7, 14, 59, 40)
    assert client.get("/tjanster/fritidsgarden", headers={"If-None-Match": closed.headers["ETag"]}).status_code == 304
    assert seconds(client.get("/tjanster/fritidsgarden").headers["Cache-Control"]) == (20, 0)

    moment["at"] = swedish(2026, 4, 7, 15, 1)
    opened = client.get("/tjanster/fritidsgarden", headers={"If-None-Match": closed.headers["ETag"]})
    assert opened.status_code == 200 and "Öppet nu, till 21.00" in opened.get_data(as_text=True)
    assert opened.headers["ETag"] != closed.headers["ETag"]
    assert seconds(opened.headers["Cache-Control"]) == (60, 300)  # six hours until it closes
    assert opened.headers["ETag"].split("-")[:2] == closed.headers["ETag"].split("-")[:2]  # same page, new line

    moment["at"] = swedish(2026, 4, 7, 20, 59, 50)
    assert seconds(client.get("/tjanster/fritidsgarden").headers["Cache-Control"]) == (10, 0)
    english = client.get("/en/tjanster/fritidsgarden")
    assert english.headers["ETag"] != opened.headers["ETag"] and seconds(english.headers["Cache-Control"])[0] == 10
    print("closed:", closed.headers["ETag"], closed.headers["Cache-Control"])
    print("opened:", opened.headers["ETag"], opened.headers["Cache-Control"])


def test_form_staff_case_search_and_error_pages_are_no_store_and_never_304(app_factory):
    app = app_factory(QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        visitor = app.test_client()
        submit(visitor)
        _code, case_path = receipt(visitor)
        staff = app.test_client()
        login(staff, make_user("samordnare@example.com", ["coordinator", "editor"], totp=True))
        pages = [(app.test_client(), url) for url in ("/fraga", "/en/fraga", "/arende", "/sok?q=sömn",
                                                      "/tjanster/finns-inte", "/en/finns-inte")]
        pages += [(visitor, case_path), (visitor, "/fraga/skickad"), (staff, "/personal/sidor/"),
                  (staff, "/personal/inkorg")]
        for client, url in pages:
            for condition in (None, "*", '"sv-0123456789abcdef0123"'):
                response = client.get(url, headers={"If-None-Match": condition} if condition else {})
                assert response.status_code != 304, url
                assert response.headers["Cache-Control"] == "no-store", url
                assert "ETag" not in response.headers, url
            assert response.status_code in (200, 404), url  # the page itself, not a redirect to the login
            print(f"{url:50} {response.status_code} {response.headers['Cache-Control']}")
        db.session.remove()


def test_a_visitor_with_a_session_gets_public_pages_as_no_store(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    public = client.get("/tjanster/steget")
    client.get("/fraga")  # the form's CSRF token puts a session cookie in this browser
    assert client.get_cookie("fg_session") is not None
    again = client.get("/tjanster/steget", headers={"If-None-Match": public.headers["ETag"]})
    assert again.status_code == 200 and again.headers["Cache-Control"] == "no-store"
    assert "ETag" not in again.headers and again.get_data() == public.get_data()
