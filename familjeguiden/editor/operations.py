"""Writes from the page editor: drafts, publishing, review, restore, rename.

History is never rewritten: every change adds a revision. After a commit
that changes what the public sees, ``_went_live`` bumps the content
generation (every worker drops its cached pages on its next request) and
sends ``content_changed`` so search updates its index. The page is
published first and the index second: if the index update fails, the page
stays published and search marks its index stale until the next
successful update or ``flask search rebuild``.
"""

from __future__ import annotations

import datetime as dt
import logging

from flask import current_app

from ..accounts.operations import audit
from ..extensions import db
from ..pages.catalogue import bump_generation
from ..pages.models import DRAFT, PUBLISHED, UNPUBLISHED, Page, PageRedirect, PageRevision
from ..pages.operations import add_revision, latest_revision, publish
from ..signals import content_changed

log = logging.getLogger(__name__)


class EditConflict(Exception):
    """Someone saved a newer revision after this editor opened the page."""

    def __init__(self, latest: PageRevision):
        super().__init__("conflict")
        self.latest = latest


class EditError(ValueError):
    """A Swedish message explaining why an edit was refused."""


def _went_live(*slugs: str) -> None:
    bump_generation()
    try:
        content_changed.send(current_app._get_current_object(), slugs=list(slugs))
    except Exception:  # noqa: BLE001 - the page is live; search reports its own state
        log.exception("Sökindexet kunde inte uppdateras efter publicering")


def _check_base(page: Page, base_number: int | None) -> None:
    latest = latest_revision(page)
    if latest is not None and latest.number != base_number:
        raise EditConflict(latest)


def save(page: Page, front_matter: dict, body: str, user, note: str, base_number: int | None,
         go_live: bool) -> PageRevision:
    """Store a revision; publish it too when ``go_live``."""
    _check_base(page, base_number)
    revision = add_revision(page, front_matter, body, user.name, note.strip())
    db.session.flush()
    if go_live:
        publish(page, revision)
    audit("sida publicerad" if go_live else "utkast sparat", f"{page.slug} rev {revision.number}", actor=user)
    db.session.commit()
    if go_live:
        _went_live(page.slug)
    return revision


def mark_reviewed(page: Page, user, today: dt.date | None = None) -> PageRevision:
    """Set the review date and nothing else, as a new revision."""
    source = page.published_revision or latest_revision(page)
    front_matter = dict(source.front_matter, reviewed=(today or dt.date.today()).isoformat())
    revision = add_revision(page, front_matter, source.body, user.name, "Granskad utan ändringar")
    db.session.flush()
    live = page.status == PUBLISHED and page.published_revision_id == source.id
    if live:
        publish(page, revision)
    audit("sida granskad", page.slug, actor=user)
    db.session.commit()
    if live:
        _went_live(page.slug)
    return revision


def restore(page: Page, old: PageRevision, user) -> PageRevision:
    """Make an old revision's content current again, as a new revision."""
    revision = add_revision(page, dict(old.front_matter), old.body, user.name,
                            f"Återställd från version {old.number}")
    db.session.flush()
    live = page.status == PUBLISHED
    if live:
        publish(page, revision)
    audit("sida återställd", f"{page.slug} rev {old.number}", actor=user)
    db.session.commit()
    if live:
        _went_live(page.slug)
    return revision


def unpublish(page: Page, user) -> None:
    page.status = UNPUBLISHED
    audit("sida avpublicerad", page.slug, actor=user)
    db.session.commit()
    _went_live(page.slug)


def republish(page: Page, user) -> None:
    revision = page.published_revision or latest_revision(page)
    if revision is None:
        raise EditError("Sidan har ingen version att publicera.")
    publish(page, revision)
    audit("sida publicerad igen", page.slug, actor=user)
    db.session.commit()
    _went_live(page.slug)


def create_page(slug: str, title: str, user) -> Page:
    if db.session.scalar(db.select(Page).where(Page.slug == slug)) or db.session.get(PageRedirect, slug):
        raise EditError("Adressen används redan. Välj en annan.")
    page = Page(slug=slug, status=DRAFT)
    db.session.add(page)
    db.session.flush()
    add_revision(page, {"title": title, "reviewed": dt.date.today().isoformat()}, "", user.name, "Ny sida")
    audit("sida skapad", slug, actor=user)
    db.session.commit()
    return page


def rename(page: Page, new_slug: str, user) -> None:
    """Give the page a new address; the old one redirects there for good."""
    if new_slug == page.slug:
        return
    if db.session.scalar(db.select(Page).where(Page.slug == new_slug)):
        raise EditError("Adressen används redan av en annan sida.")
    existing = db.session.get(PageRedirect, new_slug)
    if existing is not None:
        db.session.delete(existing)
    old = page.slug
    db.session.add(PageRedirect(old_slug=old, page_id=page.id))
    page.slug = new_slug
    audit("sida bytte adress", f"{old} -> {new_slug}", actor=user)
    db.session.commit()
    _went_live(old, new_slug)
