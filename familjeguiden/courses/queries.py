"""Reads for courses: the box on the service page, the staff lists.

The service page is served from a per-worker HTML cache; its course box is
put in per request (``fill_course_box``), from a small cache of the seat
counts kept ``COURSE_BOX_CACHE_SECONDS`` (a sign-up in this worker forgets
it at once, other workers see it within those seconds). The numbers shown
are a guide: the sign-up itself decides, under the lock, who gets a seat.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

from ..extensions import db
from ..timeutil import local_date, utcnow
from .models import AWAITING_TALK, HOLDS_SEAT, WAITING, Occurrence, Signup
from .operations import closed_reason

MARKER_START, MARKER_END = "<!--fg:kurs-->", "<!--/fg:kurs-->"
_cache: dict[str, tuple[float, str]] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Offer:
    """One upcoming occurrence as the public sees it."""

    id: int
    slug: str
    starts_on: dt.date
    ends_on: dt.date | None
    meetings: int | None
    schedule_text: str
    place: str
    language: str
    interpreter_possible: bool
    approval: bool
    seats: int
    free: int
    queueing: int
    #: ``open`` (seats free), ``queue`` (full: join the queue), ``closed``, ``not-yet``, ``started``.
    state: str
    opens_at: dt.datetime | None


def upcoming(slug: str, now: dt.datetime | None = None) -> list[Offer]:
    """Occurrences of ``slug`` that have not ended, soonest first, with their free seats."""
    now = now or utcnow()
    today = local_date(now)
    rows = db.session.scalars(db.select(Occurrence).where(
        Occurrence.slug == slug, Occurrence.purged_at.is_(None),
        db.or_(Occurrence.ends_on.is_(None), Occurrence.ends_on >= today)
    ).order_by(Occurrence.starts_on, Occurrence.id)).all()
    rows = [row for row in rows if row.last_day >= today]
    counts = _counts([row.id for row in rows])
    offers = []
    for row in rows:
        taken, waiting = counts.get(row.id, (0, 0))
        free = max(row.seats - taken, 0)
        state = closed_reason(row, now) or ("open" if free > 0 and not waiting else "queue")
        offers.append(Offer(row.id, row.slug, row.starts_on, row.ends_on, row.meetings, row.schedule_text,
                            row.place, row.language, row.interpreter_possible, row.approval, row.seats,
                            free, waiting, state, row.opens_at))
    return offers


def _counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    """{occurrence id: (seats taken, people waiting)} in one query."""
    if not ids:
        return {}
    held = db.func.sum(db.case((Signup.status.in_(HOLDS_SEAT), 1), else_=0))
    waiting = db.func.sum(db.case((Signup.status.in_((WAITING, AWAITING_TALK)), 1), else_=0))
    rows = db.session.execute(db.select(Signup.occurrence_id, held, waiting)
                              .where(Signup.occurrence_id.in_(ids)).group_by(Signup.occurrence_id)).all()
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in rows}


def cached_box(slug: str) -> str:
    """The course box's HTML for ``slug`` in the page's language ("" when it has no occurrences).

    Kept ``COURSE_BOX_CACHE_SECONDS`` per worker, so a busy service page
    costs one dictionary lookup, not a query and a template, per request.
    """
    from flask import render_template

    from ..i18n import current_language

    seconds = float(current_app.config["COURSE_BOX_CACHE_SECONDS"])
    key = f"{slug}:{current_language()}"
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    offers = upcoming(slug)
    html = render_template("courses/_course_box.html", offers=offers) if offers else ""
    with _cache_lock:
        _cache[key] = (now, html)
    return html


def forget_box(occurrence_id: int | None = None) -> None:
    """Seats changed in this worker: show the new numbers on the next request."""
    with _cache_lock:
        _cache.clear()


def fill_course_box(html: str, slug: str) -> str:
    """Replace the front matter's course lines with the occurrences, when the service has any."""
    start = html.find(MARKER_START)
    if start < 0:
        return html
    end = html.find(MARKER_END, start)
    if end < 0:
        return html
    box = cached_box(slug)
    if not box:
        return html[:start] + html[start + len(MARKER_START):end] + html[end + len(MARKER_END):]
    return html[:start] + box + html[end + len(MARKER_END):]


def course_marker(which: str) -> Markup:
    return Markup(MARKER_START if which == "start" else MARKER_END)  # noqa: S704  # nosec B704


# --- Staff ------------------------------------------------------------------------------------------------------


def occurrences_for_staff(include_past: bool = False) -> list[tuple[Occurrence, tuple[int, int]]]:
    today = local_date(utcnow())
    query = db.select(Occurrence).order_by(Occurrence.starts_on, Occurrence.id)
    rows = [row for row in db.session.scalars(query) if include_past or row.last_day >= today]
    counts = _counts([row.id for row in rows])
    return [(row, counts.get(row.id, (0, 0))) for row in rows]


def people(occurrence: Occurrence) -> dict[str, list[Signup]]:
    """The sign-ups of an occurrence grouped for the staff page, each group in its order."""
    groups: dict[str, list[Signup]] = {"deltar": [], "samtal": [], "ko": [], "avslutade": []}
    for signup in sorted(occurrence.signups, key=lambda s: (s.queue_position, s.id)):
        if signup.status in HOLDS_SEAT:
            groups["deltar"].append(signup)
        elif signup.status == AWAITING_TALK:
            groups["samtal"].append(signup)
        elif signup.status == WAITING:
            groups["ko"].append(signup)
        else:
            groups["avslutade"].append(signup)
    return groups


@dataclass
class OccurrenceFigures:
    """Counts for one occurrence on the course statistics page (no names, no contacts)."""

    occurrence: Occurrence
    signups: int = 0
    places: int = 0
    waited: int = 0
    lapsed: int = 0
    no_shows: int | None = None
    median_wait_hours: float | None = None


def statistics(now: dt.datetime | None = None) -> list[OccurrenceFigures]:
    """Sign-ups, places given, people who had to queue, offers that lapsed, no-shows and waiting time.

    A no-show is someone with a place and no attendance marked, counted
    once the occurrence has ended. Gallrad occurrences give the counts kept
    when their sign-ups were removed.
    """
    from statistics import median

    from .models import SignupEvent

    today = local_date(now or utcnow())
    figures = []
    for occurrence in db.session.scalars(db.select(Occurrence).order_by(Occurrence.starts_on.desc())):
        row = OccurrenceFigures(occurrence)
        if occurrence.purged_at is not None:
            kept = occurrence.stats or {}
            row.signups, row.places = kept.get("anmalningar", 0), kept.get("platser", 0)
            row.waited, row.no_shows = kept.get("fick_vanta", 0), kept.get("uteblev")
            figures.append(row)
            continue
        signups = list(occurrence.signups)
        events = db.session.execute(db.select(SignupEvent.signup_id, SignupEvent.action, SignupEvent.created_at)
                                    .join(Signup).where(Signup.occurrence_id == occurrence.id)).all()
        offered_at: dict[int, dt.datetime] = {}
        for signup_id, action, created_at in events:
            if action == "erbjuden":
                offered_at.setdefault(signup_id, created_at)
            elif action == "erbjudande-utgatt":
                row.lapsed += 1
        row.signups = len(signups)
        row.places = sum(1 for s in signups if s.confirmed_at is not None)
        row.waited = len(offered_at) + sum(1 for s in signups if s.status == WAITING)
        waits = [(offered_at[s.id] - s.created_at).total_seconds() / 3600 for s in signups if s.id in offered_at]
        row.median_wait_hours = round(median(waits), 1) if waits else None
        if occurrence.last_day < today:
            row.no_shows = sum(1 for s in signups if s.status == "bekraftad" and not s.attended)
        figures.append(row)
    return figures
