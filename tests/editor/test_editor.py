"""Staff edit service pages: preview, draft, publish, review, history, restore."""

import re
import subprocess
import sys
import textwrap

import pytest

from familjeguiden.extensions import db
from familjeguiden.pages.models import Page
from familjeguiden.timeutil import local_today
from tests.htmlcheck import executable_markup
from tests.staff import login, make_user


@pytest.fixture
def editor_client(app):
    client = app.test_client()
    login(client, make_user("red@example.com", ["editor"], "Rut Redaktör"))
    return client


def page_of(slug):
    db.session.expire_all()
    return db.session.scalar(db.select(Page).where(Page.slug == slug))


def form_data(slug, **changes):
    """What the edit form posts for the page's latest revision, with changes."""
    page = page_of(slug)
    rev = page.revisions[-1]
    fm = rev.front_matter
    data = {
        "title": fm["title"], "summary": fm["summary"], "age_min": fm["ages"][0], "age_max": fm["ages"][1],
        "topics": fm["topics"], "audience": fm.get("audience", []), "organizer": fm.get("organizer", ""),
        "cost": fm.get("cost", ""), "hours": fm.get("hours", ""), "how_to_start": fm.get("how_to_start", ""),
        "phone": fm["contact"].get("phone", ""), "email": fm["contact"].get("email", ""),
        "address": fm["contact"].get("address", ""), "web": fm["contact"].get("web", ""),
        "course_start": fm.get("course", {}).get("next_start", ""),
        "course_registration": fm.get("course", {}).get("registration", ""),
        "keywords": ", ".join(fm.get("keywords", [])), "body": rev.body, "note": "Test",
        "base_revision": str(rev.number), "atgard": "publicera",
    }
    data.update(changes)
    return data


def public(client, url):
    return client.get(url).get_data(as_text=True)


def make_stale(*slugs):
    """Give pages a review date two years back, as if nobody had checked them.

    The shipped pages are all reviewed, so the tests age some themselves.
    """
    import datetime as dt

    from familjeguiden.editor.operations import mark_reviewed

    reviewer = make_user("forr@example.com", ["editor"], "Förra Redaktören")
    long_ago = local_today() - dt.timedelta(days=730)
    for slug in slugs:
        mark_reviewed(page_of(slug), reviewer, today=long_ago)


def review_everything_today():
    """Every page reviewed today (Swedish day), so a test's own stale pages are the only ones due,
    whenever the suite runs (the shipped pages' review dates age with the calendar)."""
    from familjeguiden.editor.operations import mark_reviewed

    reviewer = make_user("idag@example.com", ["editor"], "Dagens Redaktör")
    for page in db.session.scalars(db.select(Page).order_by(Page.id)).all():
        mark_reviewed(page, reviewer)


def test_edit_page_shows_every_field_prefilled(editor_client):
    html = editor_client.get("/personal/sidor/steget").get_data(as_text=True)
    assert 'name="title"' in html and 'value="Steget"' in html
    topic = re.search(r'<input[^>]*value="missbruk-i-familjen"[^>]*>', html).group(0)
    assert "checked" in topic
    assert "Förhandsgranska" in html and "Spara utkast" in html and "Publicera" in html


def test_preview_shows_the_public_page_without_saving(editor_client, client):
    before = len(page_of("steget").revisions)
    response = editor_client.post("/personal/sidor/steget", data=form_data(
        "steget", atgard="forhandsgranska", body="## Nytt\n\nFörhandsvisad rad.", note=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Förhandsgranskning." in html and "Förhandsvisad rad." in html and 'class="factbox"' in html
    assert len(page_of("steget").revisions) == before
    assert "Förhandsvisad rad." not in public(client, "/tjanster/steget")


def test_draft_is_stored_but_not_public(editor_client, client):
    draft = form_data("steget", atgard="spara", body="## Utkast\n\nUtkastrad.")
    editor_client.post("/personal/sidor/steget", data=draft)
    page = page_of("steget")
    assert page.revisions[-1].body.startswith("## Utkast") and page.published_revision.number == 1
    assert "Utkastrad." not in public(client, "/tjanster/steget")


def test_publish_updates_page_and_search_at_once(editor_client, client):
    response = editor_client.post("/personal/sidor/steget", data=form_data(
        "steget", body="## Nyhet\n\nVi träffas nu också på lördagar med zebrafinkar.", hours="Lördagar 10-12"))
    assert response.status_code == 303
    html = public(client, "/tjanster/steget")
    assert "zebrafinkar" in html and "Lördagar 10-12" in html
    results = client.get("/api/sok?q=zebrafinkar").get_json()
    assert [r["slug"] for r in results["results"]] == ["steget"]


def test_a_second_process_sees_the_published_change(editor_client, instance_path, app):
    editor_client.post("/personal/sidor/abc", data=form_data("abc", body="## Ny\n\nKolibrier i gruppen.\n"))
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(app.root_path.rsplit('/', 1)[0])!r})
        from tests.conftest import make_app
        from pathlib import Path
        app = make_app(Path({str(instance_path)!r}))
        client = app.test_client()
        with app.app_context():
            print("kolibrier" in client.get("/tjanster/abc").get_data(as_text=True).lower())
            print([r["slug"] for r in client.get("/api/sok?q=kolibrier").get_json()["results"]])
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.stdout.split("\n")[:2] == ["True", "['abc']"], out.stderr[-2000:]


def test_every_save_needs_a_note_and_validation_errors_are_per_field(editor_client):
    response = editor_client.post("/personal/sidor/steget", data=form_data(
        "steget", note="", title="", age_min="15", age_max="3", topics=[], email="inte-en-adress",
        web="javascript:alert(1)", course_registration="kanske"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for field_id, words in [("note", "Skriv kort vad du har ändrat"), ("title", "saknas"),
                            ("age_min", "högre än den äldsta"), ("topics", "minst ett"), ("email", "namn@exempel.se"),
                            ("web", "https://"), ("course_registration", "giltigt val")]:
        assert re.search(rf'id="{field_id}-fel">.*?{re.escape(words)}', html, re.S), field_id
    assert page_of("steget").published_revision.number == 1


def test_saving_on_top_of_a_newer_revision_is_refused_with_a_diff_link(editor_client, app):
    stale = form_data("steget", body="Min version.\n" * 3)
    other = app.test_client()
    login(other, make_user("red2@example.com", ["editor"], "Kim Kollega"))
    other.post("/personal/sidor/steget", data=form_data("steget", body="Kollegans version.\n" * 3))
    response = editor_client.post("/personal/sidor/steget", data=stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Någon annan har sparat en nyare version" in html
    assert "/personal/sidor/steget/historik?fran=1&amp;till=2" in html
    assert "Min version." in html  # nothing typed is lost
    assert page_of("steget").revisions[-1].body.startswith("Kollegans")


def test_mark_reviewed_changes_only_the_date(editor_client, client):

    make_stale("bup")
    assert "Behöver granskas" in re.search(r"BUP.*?</tr>", editor_client.get("/personal/sidor/").get_data(
        as_text=True), re.S).group(0)
    before = page_of("bup").published_revision
    editor_client.post("/personal/sidor/bup/granskad")
    after = page_of("bup").published_revision
    assert after.number == before.number + 1
    assert after.front_matter["reviewed"] == local_today().isoformat()
    assert {k: v for k, v in after.front_matter.items() if k != "reviewed"} == \
        {k: v for k, v in before.front_matter.items() if k != "reviewed"}
    assert after.body == before.body
    assert "Behöver granskas" not in re.search(r"BUP.*?</tr>", editor_client.get("/personal/sidor/").get_data(
        as_text=True), re.S).group(0)


def test_pages_not_reviewed_for_a_year_are_listed_first_and_marked(editor_client):
    review_everything_today()
    make_stale("barnhalsoteam", "familjeradgivning", "bup")
    html = editor_client.get("/personal/sidor/").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><a href=\"/personal/sidor/([a-z-]+)\">.*?</tr>", html, re.S)
    def row(slug):
        return html.split(f'/personal/sidor/{slug}"')[1].split("</tr>")[0]
    marked = [slug for slug in rows if "Behöver granskas" in row(slug)]
    assert set(marked) == {"barnhalsoteam", "familjeradgivning", "bup"}
    assert rows[:3] == marked


def test_history_shows_what_a_person_changed_and_restore_asks_first(editor_client, client):
    before = page_of("cope").revisions[-1].front_matter
    editor_client.post("/personal/sidor/cope", data=form_data(
        "cope", body="Helt ny text om COPE.\n", cost="Gratis för alla", topics=list(reversed(before["topics"]))))
    html = editor_client.get("/personal/sidor/cope/historik?fran=1&till=2").get_data(as_text=True)
    changes = html[html.index("Skillnader mellan"):html.index("Alla versioner")]
    assert "<ins><span class=\"visually-hidden\">Tillagt: </span>Helt ny text om COPE.</ins>" in changes
    assert "<del>" in changes and "Kostnad" in changes and "Gratis för alla" in changes
    assert "Ämnen" not in changes  # the checkboxes' order is no change
    assert "@@" not in changes and "---" not in changes and "title:" not in changes  # no YAML, no hunks
    assert "Rut Redaktör" in html and "Test" in html
    assert "/personal/sidor/cope/aterstall/2" not in html  # the current version is not offered
    confirm = editor_client.get("/personal/sidor/cope/aterstall/1").get_data(as_text=True)
    assert "Återställ version 1?" in confirm and "Den publiceras direkt" in confirm
    assert [r.number for r in page_of("cope").revisions] == [1, 2]  # asking changed nothing
    editor_client.post("/personal/sidor/cope/aterstall/1")
    page = page_of("cope")
    assert [r.number for r in page.revisions] == [1, 2, 3]
    assert page.published_revision.number == 3 and page.revisions[-1].body == page.revisions[0].body
    assert "Helt ny text om COPE." not in public(client, "/tjanster/cope")
    print("history: Kostnad and the new text shown, topic order not; restore asks before publishing")


def test_the_header_shows_the_draft_and_the_published_version_apart(editor_client):
    editor_client.post("/personal/sidor/cope", data=form_data("cope", body="Ett utkast.\n", atgard="spara"))
    html = editor_client.get("/personal/sidor/cope").get_data(as_text=True)
    header = html[html.index('class="case-status"'):html.index("</p>", html.index('class="case-status"'))]
    assert "Publicerad version:</strong> 1" in header
    assert "Utkast:</strong> version 2" in header and "inte publicerat" in header


def test_unpublish_and_republish(editor_client, client):
    editor_client.post("/personal/sidor/qpm/avpublicera")
    assert client.get("/tjanster/qpm").status_code == 404
    assert "qpm" not in [r["slug"] for r in client.get("/api/sok?q=qpm").get_json()["results"]]
    assert "/tjanster/qpm" not in public(client, "/tjanster/")
    editor_client.post("/personal/sidor/qpm/publicera-igen")
    assert client.get("/tjanster/qpm").status_code == 200
    assert "qpm" in [r["slug"] for r in client.get("/api/sok?q=qpm").get_json()["results"]]


def test_rename_keeps_the_old_address_working(editor_client, client):
    response = editor_client.post("/personal/sidor/ior/byt-adress", data={"slug": "ior-forskola"})
    assert response.headers["Location"].endswith("/personal/sidor/ior-forskola")
    old = client.get("/tjanster/ior")
    assert old.status_code == 301 and old.headers["Location"].endswith("/tjanster/ior-forskola")
    assert client.get("/tjanster/ior-forskola").status_code == 200
    bad = editor_client.post("/personal/sidor/ior-forskola/byt-adress", data={"slug": "Ny Adress!"})
    assert "Bara a–z" in editor_client.get(bad.headers["Location"]).get_data(as_text=True)


def test_create_a_new_page_and_publish_it(editor_client, client):
    response = editor_client.post("/personal/sidor/ny", data={"slug": "sommarlager", "title": "Sommarlägret"})
    assert response.headers["Location"].endswith("/personal/sidor/sommarlager")
    assert client.get("/tjanster/sommarlager").status_code == 404
    data = form_data("steget", title="Sommarlägret", summary="Ett läger på sommaren.", body="## Om lägret\n\nSol.",
                     base_revision="1", course_start="", course_registration="")
    assert editor_client.post("/personal/sidor/sommarlager", data=data).status_code == 303
    assert "Sommarlägret" in public(client, "/tjanster/sommarlager")


XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
       "javascript:alert(1)", "<a href=\"javascript:alert(1)\">x</a>", "<iframe src=//evil.example>"]


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_every_field_is_neutralised(editor_client, client, payload):
    data = form_data("steget", title=("T" + payload)[:80], summary=payload[:200], organizer=payload, cost=payload,
                     hours=payload, how_to_start=payload, address=payload, keywords=payload,
                     body=f"{payload}\n\n[länk](javascript:alert(1))\n\n" + payload)
    response = editor_client.post("/personal/sidor/steget", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert executable_markup(public(client, "/tjanster/steget")) == []
    api = client.get("/api/sok?q=steget").get_json()
    assert api["results"] and all(executable_markup(hit["snippet"]) == [] for hit in api["results"])
    assert executable_markup(editor_client.get("/personal/sidor/steget").get_data(as_text=True)) == []
