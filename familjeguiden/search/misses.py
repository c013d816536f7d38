"""Writing and pruning the zero-result log (see ``models.SearchMiss``).

The increment is an UPDATE first (the common case once a query has been
seen today), then an INSERT inside a savepoint; if another worker inserted
the same (query, day) in between, the unique constraint fails and the
UPDATE is retried. That works the same on SQLite and PostgreSQL without
dialect-specific upserts.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import MAX_QUERY_LENGTH, SearchMiss

log = logging.getLogger(__name__)


def normalise(text: str) -> str:
    """Lowercase, control characters removed, whitespace collapsed, at most 200 characters."""
    printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(printable.lower().split())[:MAX_QUERY_LENGTH].strip()


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _increment(query: str, day: dt.date) -> int:
    return db.session.execute(
        db.update(SearchMiss).where(SearchMiss.query == query, SearchMiss.day == day)
        .values(count=SearchMiss.count + 1)
    ).rowcount


def record_miss(text: str) -> None:
    """Count one search that found nothing. Never raises: logging is best effort."""
    query = normalise(text)
    if not query:
        return
    day = today()
    try:
        if not _increment(query, day):
            try:
                with db.session.begin_nested():
                    db.session.add(SearchMiss(query=query, day=day, count=1))
            except IntegrityError:
                _increment(query, day)
        db.session.commit()
    except Exception:  # noqa: BLE001 - a failed log must not fail the search page
        db.session.rollback()
        log.exception("Kunde inte logga en sökning utan träffar")
        return
    _prune_once_a_day(day)


def prune(retention_days: int | None = None) -> int:
    """Delete rows older than the retention period; returns how many."""
    days = retention_days if retention_days is not None else int(current_app.config["SEARCH_LOG_RETENTION_DAYS"])
    cutoff = today() - dt.timedelta(days=days)
    deleted = db.session.execute(db.delete(SearchMiss).where(SearchMiss.day < cutoff)).rowcount
    db.session.commit()
    return deleted


def _prune_once_a_day(day: dt.date) -> None:
    state = current_app.extensions.setdefault("familjeguiden.search_log", {})
    if state.get("pruned") == day:
        return
    state["pruned"] = day
    try:
        prune()
    except Exception:  # noqa: BLE001 - pruning is housekeeping; a search must not fail for it
        db.session.rollback()
        log.exception("Kunde inte gallra loggen över sökningar utan träffar")
