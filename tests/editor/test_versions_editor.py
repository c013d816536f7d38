"""Editors manage language versions: see which are missing or out of date, edit, preview, publish."""

from __future__ import annotations

import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.pages.models import Page, PageRevision, PageVersion
from familjeguiden.pages.operations import latest_revision
from tests.htmlcheck import executable_markup
from tests.staff import login, make_user


@pytest.fixture
def editor_client(app):
    client = app.test_client()
    login(client, make_user("red@example.com", ["editor"], "Rut Redaktör"))
    return client


def page_of(slug: str) -> Page:
    db.session.expire_all()
    return db.session.scalar(db.select(Page).where(Page.slug == slug))


def version_form(slug: str, language: str, **changes) -> dict:
    """What the version form posts for the version's latest revision, with changes."""
    revision = latest_revision(page_of(slug), language)
    fm = revision.front_matter
    data = {name: fm.get(name, "") for name in ("title", "summary", "organizer", "cost", "hours", "how_to_start")}
    data.update(keywords=", ".join(fm.get("keywords", [])), body=revision.body, status=fm["status"],
                follows_current="y", note="Test", base_revision=str(revision.number), atgard="publicera")
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def change_swedish_page(client, slug: str) -> None:
    """Publish a change to the Swedish text through the editor (the versions become out of date)."""
    from tests.editor.test_editor import form_data

    page = page_of(slug)
    body = page.revisions[-1].body + "\nEn ny mening om anmälan.\n"
    response = client.post(f"/personal/sidor/{slug}", data=form_data(slug, body=body, note="Ny mening"))
    assert response.status_code == 303


def test_overview_lists_every_page_and_language_and_puts_outdated_first(editor_client):
    overview = editor_client.get("/personal/sidor/sprakversioner").get_data(as_text=True)
    assert "Inaktuell" not in overview and "Saknas" not in overview
    assert overview.count("Ej granskad") >= 29 * 4
    change_swedish_page(editor_client, "steget")
    overview = editor_client.get("/personal/sidor/sprakversioner").get_data(as_text=True)
    assert overview.count("Inaktuell") == 4
    first_row = overview.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "/personal/sidor/steget" in first_row
    assert executable_markup(overview) == []


def test_out_of_date_version_says_so_to_editors_and_visitors(editor_client, client):
    change_swedish_page(editor_client, "steget")
    page = editor_client.get("/personal/sidor/steget/sprak/en").get_data(as_text=True)
    assert "Inaktuell" in page and "Se vad som har ändrats på den svenska sidan" in page
    public = client.get("/en/tjanster/steget").get_data(as_text=True)
    assert 'class="version-notice' in public or "version-notice" in public
    # Correct and confirm: the version is current again, on the public page at once.
    response = editor_client.post("/personal/sidor/steget/sprak/en",
                                  data=version_form("steget", "en", body=latest_revision(page_of("steget"), "en")
                                                    .body + "\nA new sentence about signing up.\n"))
    assert response.status_code == 303
    assert "Inaktuell" not in editor_client.get("/personal/sidor/steget/sprak/en").get_data(as_text=True)
    public = client.get("/en/tjanster/steget").get_data(as_text=True)
    assert "A new sentence about signing up." in public


def test_preview_shows_the_version_in_its_language_and_direction_without_saving(editor_client):
    before = latest_revision(page_of("abc"), "ar").number
    response = editor_client.post("/personal/sidor/abc/sprak/ar",
                                  data=version_form("abc", "ar", title="عنوان تجريبي", atgard="forhandsgranska"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<div class="preview-frame" lang="ar" dir="rtl">\s*<article', html)
    assert "عنوان تجريبي" in html
    assert latest_revision(page_of("abc"), "ar").number == before
    assert executable_markup(html.split('class="preview-frame"', 1)[1]) == []


def test_saving_a_draft_keeps_the_published_version_and_problems_are_named(editor_client, client):
    response = editor_client.post("/personal/sidor/cope/sprak/fi",
                                  data=version_form("cope", "fi", title="", atgard="spara"))
    assert response.status_code == 400
    assert "Fältet saknas eller är tomt" in response.get_data(as_text=True)
    response = editor_client.post("/personal/sidor/cope/sprak/fi",
                                  data=version_form("cope", "fi", title="COPE luonnos", atgard="spara"))
    assert response.status_code == 303
    assert "COPE luonnos" not in client.get("/fi/tjanster/cope").get_data(as_text=True)
    page = editor_client.get("/personal/sidor/cope/sprak/fi").get_data(as_text=True)
    assert "Utkast:" in page and 'value="COPE luonnos"' in page


def test_taking_a_version_down_shows_the_swedish_page_with_a_notice(editor_client, client):
    response = editor_client.post("/personal/sidor/bup/sprak/en/avpublicera")
    assert response.status_code == 303
    public = client.get("/en/tjanster/bup")
    html = public.get_data(as_text=True)
    assert public.status_code == 200 and '<article class="service" lang="sv"' in html
    version = db.session.scalar(db.select(PageVersion).join(Page).where(Page.slug == "bup",
                                                                       PageVersion.language == "en"))
    assert version.status != "publicerad"


def test_a_new_version_is_created_from_nothing(editor_client, client):
    page = page_of("familjeratt")
    db.session.execute(db.delete(PageVersion).where(PageVersion.page_id == page.id, PageVersion.language == "fi"))
    db.session.execute(db.delete(PageRevision).where(PageRevision.page_id == page.id, PageRevision.language == "fi"))
    db.session.commit()
    assert "Saknas" in editor_client.get("/personal/sidor/sprakversioner").get_data(as_text=True)
    form = editor_client.get("/personal/sidor/familjeratt/sprak/fi").get_data(as_text=True)
    assert "Finns inte ännu" in form
    response = editor_client.post("/personal/sidor/familjeratt/sprak/fi", data={
        "title": "Perheoikeus", "summary": "Apua eroaville vanhemmille.", "body": "## Mitä teemme\n\nAutamme.\n",
        "status": "ej-granskad", "follows_current": "y", "note": "Ensimmäinen versio", "atgard": "publicera"})
    assert response.status_code == 303
    assert "Perheoikeus" in client.get("/fi/tjanster/familjeratt").get_data(as_text=True)


def test_only_editors_reach_the_version_screens(app, client):
    coordinator = app.test_client()
    login(coordinator, make_user("sam@example.com", ["coordinator"], "Sam", totp=True))
    assert coordinator.get("/personal/sidor/sprakversioner").status_code == 403
    assert client.get("/personal/sidor/steget/sprak/en").status_code in (302, 303)
    editor = app.test_client()
    login(editor, make_user("r2@example.com", ["editor"], "R2"))
    assert editor.get("/personal/sidor/steget/sprak/xx").status_code == 404
