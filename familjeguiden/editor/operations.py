"""Writes from the page editor: drafts, publishing, review, restore, rename.

History is never rewritten: every change adds a revision. Going live is
``pages.publishing``'s job (one owner for the editor, the import and
restore): ``make_live``/``take_down``/``moved`` in the transaction,
``went_live`` after the commit.
"""

from __future__ import annotations

import datetime as dt
import logging

from ..accounts.operations import audit
from ..database import begin_write
from ..extensions import db
from ..i18n import _
from ..pages.models import DRAFT, PUBLISHED, Page, PageRedirect, PageRevision
from ..pages.operations import add_revision, latest_revision
from ..pages.publishing import make_live, moved, take_down, went_live
from ..timeutil import local_today

log = logging.getLogger(__name__)


class EditConflict(Exception):
    """Someone saved a newer revision after this editor opened the page."""

    def __init__(self, latest: PageRevision):
        super().__init__("conflict")
        self.latest = latest


class EditError(ValueError):
    """A Swedish message explaining why an edit was refused."""


def _check_base(page: Page, base_number: int | None) -> None:
    latest = latest_revision(page)
    if latest is not None and latest.number != base_number:
        raise EditConflict(latest)


def save(page: Page, front_matter: dict, body: str, user, note: str, base_number: int | None,
         go_live: bool) -> PageRevision:
    """Store a revision; publish it too when ``go_live``."""
    begin_write()
    _check_base(page, base_number)
    revision = add_revision(page, front_matter, body, user.name, note.strip())
    db.session.flush()
    if go_live:
        make_live(page, revision)
    audit("sida publicerad" if go_live else "utkast sparat", f"{page.slug} rev {revision.number}", actor=user)
    db.session.commit()
    if go_live:
        went_live(page.slug)
    return revision


def mark_reviewed(page: Page, user, today: dt.date | None = None) -> PageRevision:
    """Set the review date (today in Sweden) and nothing else, as a new revision."""
    begin_write()
    source = page.published_revision or latest_revision(page)
    front_matter = dict(source.front_matter, reviewed=(today or local_today()).isoformat())
    revision = add_revision(page, front_matter, source.body, user.name, "Granskad utan ändringar")
    db.session.flush()
    live = page.status == PUBLISHED and page.published_revision_id == source.id
    if live:
        make_live(page, revision)
    audit("sida granskad", page.slug, actor=user)
    db.session.commit()
    if live:
        went_live(page.slug)
    return revision


def restore(page: Page, old: PageRevision, user) -> PageRevision:
    """Make an old revision's content current again, as a new revision."""
    begin_write()
    latest = latest_revision(page)
    if latest is not None and latest.id == old.id:
        raise EditError(_("Det är redan den senaste versionen."))
    revision = add_revision(page, dict(old.front_matter), old.body, user.name,
                            _("Återställd från version %(number)d", number=old.number))
    db.session.flush()
    live = page.status == PUBLISHED
    if live:
        make_live(page, revision)
    audit("sida återställd", f"{page.slug} rev {old.number}", actor=user)
    db.session.commit()
    if live:
        went_live(page.slug)
    return revision


def unpublish(page: Page, user) -> None:
    begin_write()
    take_down(page)
    audit("sida avpublicerad", page.slug, actor=user)
    db.session.commit()
    went_live(page.slug)


def republish(page: Page, user) -> None:
    begin_write()
    revision = page.published_revision or latest_revision(page)
    if revision is None:
        raise EditError(_("Sidan har ingen version att publicera."))
    make_live(page, revision)
    audit("sida publicerad igen", page.slug, actor=user)
    db.session.commit()
    went_live(page.slug)


def create_page(slug: str, title: str, user) -> Page:
    begin_write()
    if db.session.scalar(db.select(Page).where(Page.slug == slug)) or db.session.get(PageRedirect, slug):
        raise EditError(_("Adressen används redan. Välj en annan."))
    page = Page(slug=slug, status=DRAFT)
    db.session.add(page)
    db.session.flush()
    add_revision(page, {"title": title, "reviewed": local_today().isoformat()}, "", user.name, _("Ny sida"))
    audit("sida skapad", slug, actor=user)
    db.session.commit()
    return page


def rename(page: Page, new_slug: str, user) -> None:
    """Give the page a new address; the old one redirects there for good."""
    if new_slug == page.slug:
        return
    begin_write()
    if db.session.scalar(db.select(Page).where(Page.slug == new_slug)):
        raise EditError(_("Adressen används redan av en annan sida."))
    existing = db.session.get(PageRedirect, new_slug)
    if existing is not None:
        db.session.delete(existing)
    old = page.slug
    db.session.add(PageRedirect(old_slug=old, page_id=page.id))
    page.slug = new_slug
    moved(old, new_slug)
    audit("sida bytte adress", f"{old} -> {new_slug}", actor=user)
    db.session.commit()
    went_live(old, new_slug)
