"""Writing, pruning and reading the zero-result log (see ``models.SearchMiss``).

Nothing that can identify a person is stored: before a query is counted,
e-mail addresses and numbers are removed (a personnummer or a phone number
typed into the search box must never reach the log). A digit survives only
alone between two letters, as in a made-up word, and only in a word with at
most three digits; every other digit is removed, of any script.

Staff read the log through ``top_misses`` (the statistics page, and
``flask search misses``), which only returns queries seen at least
``min_count`` times in the period.

The increment is an UPDATE first (the common case once a query has been
seen today), then an INSERT inside a savepoint; if another worker inserted
the same (query, day) in between, the unique constraint fails and the
UPDATE is retried. That works the same on SQLite and PostgreSQL without
dialect-specific upserts.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import MAX_QUERY_LENGTH, SearchMiss

log = logging.getLogger(__name__)


_EMAIL = re.compile(r"\S+@\S+")
#: A digit without a letter on both sides, or next to another digit.
_NUMBER = re.compile(r"\d(?![^\W\d_])|(?<![^\W\d_])\d|\d(?=\d)|(?<=\d)\d")
_WORD = re.compile(r"\S+")
#: A word with this many digits may hide a number however they are spread.
MAX_DIGITS_IN_WORD = 3
_LEFT_OVER = re.compile(r"(?<!\w)[-+–/.:()]+|[-+–/.:()]+(?!\w)")


def _drop_digits(word: re.Match) -> str:
    text = word.group(0)
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS_IN_WORD:
        return "".join(" " if ch.isdigit() else ch for ch in text)
    return _NUMBER.sub(" ", text)


def scrub(text: str) -> str:
    """``text`` without e-mail addresses and numbers (see the module docstring)."""
    text = _EMAIL.sub(" ", text)
    text = _WORD.sub(_drop_digits, text)
    return _LEFT_OVER.sub(" ", text)


def normalise(text: str) -> str:
    """Scrubbed, lowercase, control characters removed, whitespace collapsed, at most 200 characters."""
    printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(scrub(printable).lower().split())[:MAX_QUERY_LENGTH].strip()


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


def top_misses(start: dt.date, end: dt.date, limit: int = 20, min_count: int = 3) -> list[tuple[str, int]]:
    """``[(query, count)]``, most frequent first, of queries that found nothing.

    Counts are summed over the days ``start``..``end`` (both included, UTC
    days as stored); a query seen fewer than ``min_count`` times in the
    period is left out, so a one-off query (perhaps a name) is not shown.
    """
    total = db.func.sum(SearchMiss.count)
    rows = db.session.execute(
        db.select(SearchMiss.query, total)
        .where(SearchMiss.day >= start, SearchMiss.day <= end)
        .group_by(SearchMiss.query).having(total >= min_count)
        .order_by(total.desc(), SearchMiss.query).limit(limit)
    ).all()
    return [(query, int(count)) for query, count in rows]

