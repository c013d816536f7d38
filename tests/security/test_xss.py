"""Every place where user or staff text is shown neutralises the XSS corpus."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familjeguiden.extensions import db
from familjeguiden.inbox import operations as inbox_operations
from familjeguiden.pages.catalogue import bump_generation
from familjeguiden.pages.models import Page
from familjeguiden.pages.operations import add_revision
from familjeguiden.pages.publishing import make_live
from familjeguiden.pages.rendering import render_markdown
from familjeguiden.questions.operations import Submission
from familjeguiden.signals import content_changed
from tests.factories import submitted
from tests.htmlcheck import executable_markup
from tests.staff import login, make_user

from .payloads import PAYLOADS


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]


def assert_clean(html: str, where: str) -> None:
    problems = executable_markup(html)
    assert problems == [], f"{where}: {problems[:3]}"


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 200
    assert any("onerror" in p for p in PAYLOADS) and any("javascript:" in p for p in PAYLOADS)


def test_service_markdown_and_front_matter(app, client):
    editor = app.test_client()
    login(editor, make_user("red@example.com", ["editor"], "Red"))
    page = db.session.scalar(db.select(Page).where(Page.slug == "steget"))
    for n, chunk in enumerate(chunks(PAYLOADS, 30)):
        fm = dict(page.published_revision.front_matter)
        fm.update(title=chunk[0][:80], summary=chunk[1][:200], organizer=chunk[2], cost=chunk[3], hours=chunk[4],
                  how_to_start=chunk[5], keywords=chunk[6:10],
                  contact=dict(fm["contact"], address=chunk[-1], web="https://www.example.com/?q=" + chunk[-2][:50]))
        revision = add_revision(page, fm, "\n\n".join(chunk), "test", f"xss {n}")
        db.session.flush()
        make_live(page, revision)
        db.session.commit()
        bump_generation()
        content_changed.send(app, slugs=["steget"])
        assert_clean(client.get("/tjanster/steget").get_data(as_text=True), f"tjänstesida, omgång {n}")
        assert_clean(client.get("/tjanster/").get_data(as_text=True), f"tjänstelista, omgång {n}")
        assert_clean(client.get("/tjanster/abc").get_data(as_text=True), f"relaterade, omgång {n}")
        assert_clean(editor.get("/personal/sidor/steget").get_data(as_text=True), f"redigering, omgång {n}")
        assert_clean(editor.get("/personal/sidor/steget/historik").get_data(as_text=True), f"historik, omgång {n}")
        for word in ("alert", "script", "steget"):
            api = client.get(f"/api/sok?q={word}").get_json()
            for hit in api["results"]:
                assert_clean(hit["snippet"], f"sökutdrag för {word!r}, omgång {n}")
            assert_clean(client.get(f"/sok?q={word}").get_data(as_text=True), f"sökträffar, omgång {n}")


def test_search_queries(client):
    for payload in PAYLOADS:
        page = client.get("/sok", query_string={"q": payload})
        assert page.status_code == (400 if "\x00" in payload else 200), payload
        assert_clean(page.get_data(as_text=True), f"/sok?q={payload!r}")
        api = client.get("/api/sok", query_string={"q": payload})
        assert api.status_code in (200, 400) and api.mimetype == "application/json", payload
        for hit in (api.get_json().get("results") or []):
            assert_clean(hit["snippet"], f"/api/sok?q={payload!r}")


def test_questions_names_replies_and_notes(app, client):
    coordinator = make_user("sam@example.com", ["coordinator"], "Sam", totp=True)
    staff = app.test_client()
    login(staff, coordinator)
    for n, chunk in enumerate(chunks(PAYLOADS, 6)):
        with app.test_request_context():
            question, token = submitted(Submission(
                message="\n\n".join(chunk), relation="anhorig", contact_method="e-post",
                email="a@example.com", name=chunk[0][:100], phone_when=chunk[1][:200]), urgent=False)
        inbox_operations.reply(question, coordinator, "\n".join(chunk[::-1]), "arende", question.version)
        inbox_operations.note(question, coordinator, chunk[2])
        assert_clean(client.get(f"/arende/{token}").get_data(as_text=True), f"ärendesida {n}")
        assert_clean(staff.get(f"/personal/inkorg/{question.code}").get_data(as_text=True), f"inkorgsärende {n}")
    assert_clean(staff.get("/personal/inkorg?status=pagaende").get_data(as_text=True), "inkorgslista")
    assert_clean(staff.get("/personal/inkorg?status=pagaende&q=script").get_data(as_text=True), "inkorgssök")


MARKUP_ALPHABET = st.sampled_from(list("<>\"'=/:;()[]!&#\\ \n\tabcjsvx0123")
                                  + ["script", "javascript", "onerror", "onload", "svg", "img", "src", "href",
                                     "data", "iframe", "style", "alert", "&#x", "](", "![", "%3C", "\u0000"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKUP_ALPHABET, max_size=60).map("".join))
def test_markdown_rendering_never_outputs_executable_markup(source):
    assert executable_markup(render_markdown(source)) == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_markdown_rendering_of_any_text_is_clean(source):
    assert executable_markup(render_markdown(source)) == []
