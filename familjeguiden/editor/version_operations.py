"""Writes for language versions: save, publish, take down – like the Swedish page, per language.

A version is published by ``pages.publishing.make_version_live`` (one owner
of going live, as for the Swedish page) and every worker and the search
follow through ``went_live``. History is never rewritten: each save adds a
revision in the version's language.
"""

from __future__ import annotations

from ..accounts.operations import audit
from ..database import begin_write
from ..extensions import db
from ..i18n import _
from ..pages import publishing
from ..pages.models import PUBLISHED, Page, PageRevision
from ..pages.operations import add_revision, latest_revision, version_of
from ..pages.publishing import make_version_live, went_live
from .operations import EditConflict, EditError


def save_version(page: Page, language: str, front_matter: dict, body: str, user, note: str,
                 base_number: int | None, go_live: bool) -> PageRevision:
    """Store a revision of the version in ``language``; publish it too when ``go_live``."""
    begin_write()
    latest = latest_revision(page, language)
    if latest is not None and latest.number != base_number:
        raise EditConflict(latest)
    version = version_of(page, language, create=True)
    revision = add_revision(page, front_matter, body, user.name, note.strip(), language)
    db.session.flush()
    if go_live:
        make_version_live(version, revision)
    audit("språkversion publicerad" if go_live else "språkversion sparad",
          f"{page.slug} {language} rev {revision.number}", actor=user)
    db.session.commit()
    if go_live:
        went_live(page.slug)
    return revision


def take_down_version(page: Page, language: str, user) -> None:
    """The version leaves the public site; visitors get the Swedish page with a notice instead."""
    begin_write()
    version = version_of(page, language)
    if version is None or version.status != PUBLISHED:
        raise EditError(_("Språkversionen är inte publicerad."))
    publishing.take_down_version(version)
    audit("språkversion avpublicerad", f"{page.slug} {language}", actor=user)
    db.session.commit()
    went_live(page.slug)
