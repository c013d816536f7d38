"""Helpers shared by the search tests: editing published pages."""

from __future__ import annotations

from familjeguiden.extensions import db
from familjeguiden.pages.catalogue import bump_generation
from familjeguiden.pages.models import UNPUBLISHED, Page
from familjeguiden.pages.operations import add_revision
from familjeguiden.pages.publishing import make_live
from familjeguiden.signals import content_changed


def publish_edit(app, slug: str, add_to_body: str = "", notify: bool = True, **front_matter) -> None:
    """Publish a new revision of ``slug`` the way the editor does, then tell search."""
    page = db.session.scalar(db.select(Page).where(Page.slug == slug))
    current = page.published_revision
    fm = dict(current.front_matter)
    fm.update(front_matter)
    revision = add_revision(page, fm, current.body + "\n\n" + add_to_body, author="test", note="test")
    db.session.flush()
    make_live(page, revision)
    db.session.commit()
    bump_generation()
    if notify:
        content_changed.send(app, slugs=[slug])


def unpublish(app, slug: str) -> None:
    page = db.session.scalar(db.select(Page).where(Page.slug == slug))
    page.status = UNPUBLISHED
    db.session.commit()
    bump_generation()
    content_changed.send(app, slugs=[slug])
