"""Keeping this host's search index in step with content published on any host.

Each host keeps its own index in its instance folder. A publish on host A
updates A's index at once (the ``content_changed`` signal); every other
host learns of it from the database's content generation
(``pages.catalogue.known_generation``, asked at most every
``CONTENT_CHECK_SECONDS``) and catches up here, on its next request:

* each index generation directory records the content generation it holds
  (``innehall.tillampad``, written by a rebuild and after each catch-up);
* when the database is ahead, the changed slugs since then
  (``ContentChange`` rows) are applied to the index, under the same lock a
  rebuild takes, so two workers of one host never both do it;
* if the change log does not reach back that far, the index is rebuilt.

Applying a change twice is harmless (a page is replaced by itself), so the
publishing host's own fast update and this catch-up need no coordination.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..extensions import db
from ..pages.catalogue import get_catalogue, known_generation
from ..pages.models import ContentChange
from .engine import _rebuild_lock, apply_changes, current_generation, index_path, rebuild

log = logging.getLogger(__name__)
MARKER = "innehall.tillampad"
STATE_KEY = "familjeguiden.search.followed"


def applied(generation: Path) -> int:
    """The content generation an index generation holds (0 if unknown)."""
    try:
        return int((generation / MARKER).read_text(encoding="ascii").strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def mark_applied(generation: Path, number: int) -> None:
    tmp = generation / f".{MARKER}.{os.getpid()}.tmp"
    tmp.write_text(str(number), encoding="ascii")
    os.replace(tmp, generation / MARKER)


def follow(app) -> None:
    """Bring this host's index up to the database's content generation (cheap when it already is)."""
    wanted = known_generation(app)
    if app.extensions.get(STATE_KEY) == wanted:
        return
    path = index_path(app)
    generation = current_generation(path)
    if generation is None or applied(generation) >= wanted:
        app.extensions[STATE_KEY] = wanted
        return
    with _rebuild_lock(path):
        generation = current_generation(path)
        have = applied(generation) if generation is not None else wanted
        if have < wanted:
            _catch_up(app, generation, have, wanted)
    app.extensions[STATE_KEY] = wanted


def _catch_up(app, generation: Path, have: int, wanted: int) -> None:
    changes = db.session.scalars(db.select(ContentChange).where(ContentChange.id > have)
                                 .order_by(ContentChange.id)).all()
    if not changes or changes[0].id != have + 1:
        log.info("Sökindexet byggs om: innehållsgenerationen %d saknas i ändringsloggen", have + 1)
        rebuild(app=app, locked=True)
        return
    slugs = sorted({slug for change in changes for slug in change.slugs})
    catalogue = get_catalogue()
    updates = [s for s in (catalogue.get(slug) for slug in slugs) if s is not None]
    removals = [slug for slug in slugs if catalogue.get(slug) is None]
    if apply_changes(updates=updates, removals=removals, app=app):
        mark_applied(generation, changes[-1].id)
        log.info("Sökindexet följde %d ändringar från andra värdar (%s)", len(changes), ", ".join(slugs[:10]))
