"""Publishing, in one place: how a revision goes live for the editor, the import and restore alike.

Making content live is always the same three steps:

1. in the caller's transaction: point the page at the revision (or change
   its status or address) and record a new content generation for its
   slugs (``catalogue.record_change``), so the change and its generation
   are committed together or not at all;
2. after the commit: ``went_live`` bumps this host's generation file (every
   worker here drops its cached pages on its next request; other hosts
   notice the database generation within ``CONTENT_CHECK_SECONDS``) and
   sends ``content_changed``, so search updates this host's index at once.

The page is published first and the index second: if the index update
fails, the page stays published and search marks its index stale until
the next successful update or ``flask search rebuild``.
"""

from __future__ import annotations

import logging

from flask import current_app

from ..signals import content_changed
from .catalogue import bump_generation, record_change
from .models import PUBLISHED, UNPUBLISHED, Page, PageRevision, PageVersion

log = logging.getLogger(__name__)


def make_live(page: Page, revision: PageRevision) -> None:
    """Step 1 for a revision: it becomes the page's published content (the caller commits)."""
    page.published_revision = revision
    page.status = PUBLISHED
    record_change([page.slug])


def make_version_live(version: PageVersion, revision: PageRevision) -> None:
    """Step 1 for a language version: the revision becomes what that language's page shows."""
    version.published_revision = revision
    version.status = PUBLISHED
    record_change([version.page.slug])


def take_down_version(version: PageVersion) -> None:
    """Step 1 for unpublishing a language version: its visitors get the Swedish page and a notice."""
    version.status = UNPUBLISHED
    record_change([version.page.slug])


def take_down(page: Page) -> None:
    """Step 1 for unpublishing: the page leaves the public site (the caller commits)."""
    page.status = UNPUBLISHED
    record_change([page.slug])


def moved(old_slug: str, new_slug: str) -> None:
    """Step 1 for a rename: both addresses change (the caller commits)."""
    record_change([old_slug, new_slug])


def went_live(*slugs: str) -> None:
    """Step 2, after the commit: every worker and the search index follow."""
    bump_generation()
    try:
        content_changed.send(current_app._get_current_object(), slugs=list(slugs))
    except Exception:  # noqa: BLE001 - the page is live; search reports its own state
        log.exception("Sökindexet kunde inte uppdateras efter publicering")
