"""Publishing has one owner: an edit, an import and a restore each go live through
``pages.publishing``, which sends ``content_changed`` once, after the commit."""

from __future__ import annotations

import contextlib

import pytest

from familjeguiden.extensions import db
from familjeguiden.pages.models import Page
from familjeguiden.signals import content_changed
from tests.staff import make_user


@contextlib.contextmanager
def signals_sent():
    sent: list[list[str]] = []

    def receiver(_app, slugs):
        sent.append(list(slugs))

    content_changed.connect(receiver)
    try:
        yield sent
    finally:
        content_changed.disconnect(receiver)


def page_of(slug: str) -> Page:
    db.session.expire_all()
    return db.session.scalar(db.select(Page).where(Page.slug == slug))


@pytest.fixture
def editor(app):
    return make_user("publicerar@example.com", ["editor"], "Pia Publicerar")


def test_an_edit_a_restore_and_an_import_each_send_the_signal_once(app, editor):
    from familjeguiden.editor import operations as editing
    from familjeguiden.pages.content import ParsedService
    from familjeguiden.pages.operations import import_services

    page = page_of("cope")
    first = page.published_revision
    with signals_sent() as sent:
        editing.save(page, dict(first.front_matter), "Ny text.\n", editor, "Test", page.revisions[-1].number,
                     go_live=True)
    assert sent == [["cope"]]
    with signals_sent() as sent:
        editing.save(page_of("cope"), dict(first.front_matter), "Utkast.\n", editor, "Test",
                     page_of("cope").revisions[-1].number, go_live=False)
    assert sent == []  # a draft is not live
    with signals_sent() as sent:
        editing.restore(page_of("cope"), first, editor)
    assert sent == [["cope"]] and page_of("cope").published_revision.body == first.body
    with signals_sent() as sent:
        report = import_services([ParsedService(slug="cope", front_matter=dict(first.front_matter),
                                                body="Importerad text.\n")])
    assert report.updated == 1 and sent == [["cope"]]
    assert page_of("cope").published_revision.body == "Importerad text.\n"
    print("edit, restore and import: content_changed sent once each, a draft not at all")


def test_publishing_in_the_editor_updates_search_at_once(app, client, editor):
    from familjeguiden.editor import operations as editing

    page = page_of("cope")
    editing.save(page, dict(page.published_revision.front_matter), "Zebrafinkar och familjestöd.\n", editor,
                 "Test", page.revisions[-1].number, go_live=True)
    results = client.get("/api/sok?q=zebrafinkar").get_json()["results"]
    assert [r["slug"] for r in results] == ["cope"]
