"""Editing a page keeps its structured opening hours, and lets an editor change them."""

from __future__ import annotations

import html as htmllib
import re

from tests.editor.test_editor import editor_client, form_data, page_of, public  # noqa: F401  (fixture)


def schedule_textarea(page_html: str) -> str:
    match = re.search(r'<textarea[^>]*name="schedule"[^>]*>(.*?)</textarea>', page_html, re.S)
    return htmllib.unescape(match.group(1)).lstrip("\n")


def test_the_form_shows_the_schedule_and_saving_keeps_it(editor_client):  # noqa: F811
    before = page_of("ingangen").revisions[-1].front_matter["schedule"]
    shown = schedule_textarea(editor_client.get("/personal/sidor/ingangen").get_data(as_text=True))
    assert "days: måndag-fredag" in shown and "time: 16.00-19.00" in shown
    response = editor_client.post("/personal/sidor/ingangen", data=form_data(
        "ingangen", schedule=shown, summary="Råd och stöd om alkohol och droger för unga och föräldrar."))
    assert response.status_code == 303
    latest = page_of("ingangen").published_revision
    assert latest.front_matter["summary"].startswith("Råd och stöd") and latest.front_matter["schedule"] == before


def test_a_form_posted_without_the_schedule_field_keeps_it(editor_client):  # noqa: F811
    before = page_of("fritidsgarden").revisions[-1].front_matter["schedule"]
    data = form_data("fritidsgarden", hours="Måndag-torsdag 15.00-21.00, fredag 18.00-23.00.")
    assert "schedule" not in data
    assert editor_client.post("/personal/sidor/fritidsgarden", data=data).status_code == 303
    assert page_of("fritidsgarden").published_revision.front_matter["schedule"] == before


def test_an_editor_changes_and_removes_the_schedule(editor_client, client):  # noqa: F811
    editor_client.post("/personal/sidor/fritidsgarden", data=form_data(
        "fritidsgarden", schedule="- days: lördag\n  time: 12-16\n  note: lovöppet\n"))
    assert page_of("fritidsgarden").published_revision.front_matter["schedule"] == [
        {"days": "lördag", "time": "12.00-16.00", "note": "lovöppet"}]
    assert "lovöppet" in public(client, "/tjanster/fritidsgarden")
    editor_client.post("/personal/sidor/fritidsgarden", data=form_data("fritidsgarden", schedule=""))
    assert "schedule" not in page_of("fritidsgarden").published_revision.front_matter
    assert "open-status" not in public(client, "/tjanster/fritidsgarden")


def test_a_wrong_schedule_is_refused_next_to_the_field_and_nothing_is_lost(editor_client):  # noqa: F811
    count = len(page_of("ingangen").revisions)
    response = editor_client.post("/personal/sidor/ingangen", data=form_data(
        "ingangen", schedule="- days: månda\n  time: 9-16\n"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Regel 1, dagar: &#39;månda&#39; är ingen veckodag" in page or "Regel 1, dagar: 'månda'" in page
    assert "- days: månda" in htmllib.unescape(page)  # what was typed is still there
    bad_yaml = editor_client.post("/personal/sidor/ingangen", data=form_data("ingangen", schedule="- days: [måndag\n"))
    assert bad_yaml.status_code == 400 and "kan inte läsas" in bad_yaml.get_data(as_text=True)
    assert len(page_of("ingangen").revisions) == count
