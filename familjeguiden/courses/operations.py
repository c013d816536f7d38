"""Writes for sign-ups: signing up, cancelling, offers and the queue.

Every write that can change who holds a seat locks the occurrence first,
inside a write transaction (``begin_write``: ``BEGIN IMMEDIATE`` on SQLite;
``SELECT ... FOR UPDATE`` on the occurrence row on PostgreSQL), then counts
the seats taken and decides. Two people pressing "Anmäl" at the same moment
are therefore decided one after the other: with N seats left and M > N
sign-ups at once, exactly N get a place and the rest queue in the order
their transactions got the lock (their ids, which are never reused).

A sign-up, its history line, its receipt e-mail and its one-time form key
are committed together before the receipt page is shown, so a receipt is
only ever shown for a stored sign-up and a form sent twice is one sign-up.

The queue moves by itself: whenever a seat frees (a cancellation, a removal,
more seats, an offer that ran out), ``fill_free_seats`` offers it to the
first in line for ``OFFER_HOURS``: by e-mail, or for someone who gave only a
phone number, on their page and as a call for the leader to make.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import IntegrityError

from .. import submissions
from ..database import begin_write
from ..extensions import db
from ..i18n import in_swedish
from ..text import normalise_phone
from ..timeutil import local_date, utcnow
from .models import (
    AWAITING_TALK,
    CANCELLED,
    CONFIRMED,
    DECLINED,
    HOLDS_SEAT,
    OFFERED,
    WAITING,
    Occurrence,
    Signup,
    SignupEvent,
)
from .notices import notify
from .tokens import derive_token, hash_token, new_salt

KIND = "anmalan"
PERSON = "Den anmälda"
SYSTEM = "Familjeguiden"


class SignupClosed(Exception):  # noqa: N818 - a state, not a failure
    """Sign-up is not possible now; ``reason`` is ``closed``, ``not-yet``, ``started`` or ``gone``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SignupData:
    """What the person typed, already validated by the form."""

    name: str
    contact_method: str
    child_ages: str
    email: str | None = None
    phone: str | None = None
    interpreter: str | None = None
    note: str | None = None
    language: str = "sv"
    form_key: str | None = None


def offer_hours() -> float:
    return float(current_app.config["OFFER_HOURS"])


# --- Reading seats (inside the locked transaction) -----------------------------------------------


def lock_occurrence(occurrence_id: int) -> Occurrence | None:
    """The occurrence, read again and locked until the transaction ends (``FOR UPDATE`` on PostgreSQL)."""
    return db.session.get(Occurrence, occurrence_id, with_for_update=True, populate_existing=True)


def seats_taken(occurrence_id: int) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Signup).where(
        Signup.occurrence_id == occurrence_id, Signup.status.in_(HOLDS_SEAT)))


def _position():
    """The queue order: a moved person's rank, everyone else's arrival (id); unique either way."""
    return db.func.coalesce(Signup.rank, Signup.id)


def queue(occurrence_id: int) -> list[Signup]:
    """The waiting list in order: place 1 first."""
    return list(db.session.scalars(db.select(Signup).where(
        Signup.occurrence_id == occurrence_id, Signup.status == WAITING).order_by(_position(), Signup.id)))


def place_in_line(signup: Signup) -> int | None:
    if signup.status != WAITING:
        return None
    ahead = db.session.scalar(db.select(db.func.count()).select_from(Signup).where(
        Signup.occurrence_id == signup.occurrence_id, Signup.status == WAITING,
        _position() < signup.queue_position))
    return ahead + 1


def closed_reason(occurrence: Occurrence, now: dt.datetime) -> str | None:
    """Why sign-up is not possible now, or ``None`` when it is open."""
    if occurrence.purged_at is not None or occurrence.closed:
        return "closed"
    if occurrence.closes_at is not None and now >= occurrence.closes_at:
        return "closed"
    if occurrence.opens_at is not None and now < occurrence.opens_at:
        return "not-yet"
    if local_date(now) > occurrence.starts_on:
        return "started"
    return None


def record(signup: Signup, action: str, detail: str, actor_label: str = SYSTEM, actor_id: int | None = None,
           now: dt.datetime | None = None) -> None:
    db.session.add(SignupEvent(signup=signup, action=action, detail=detail, actor_label=actor_label,
                               actor_id=actor_id, created_at=now or utcnow()))


# --- The queue moving by itself -----------------------------------------------------------------------


def expire_offers(occurrence: Occurrence, now: dt.datetime) -> int:
    """Offers not accepted in time lapse (the seat goes to the next in line); the occurrence is locked."""
    lapsed = list(db.session.scalars(db.select(Signup).where(
        Signup.occurrence_id == occurrence.id, Signup.status == OFFERED, Signup.offer_expires_at <= now)))
    for signup in lapsed:
        signup.status, signup.call_needed = CANCELLED, False
        record(signup, "erbjudande-utgatt", in_swedish("Erbjudandet svarades inte på i tid och gick vidare."),
               now=now)
        notify("utgatt", signup, occurrence)
    if lapsed:
        db.session.flush()
    return len(lapsed)


def fill_free_seats(occurrence: Occurrence, now: dt.datetime) -> int:
    """Offer every free seat to the first in line; the occurrence is locked. Returns the offers made."""
    if occurrence.purged_at is not None or local_date(now) > occurrence.last_day:
        return 0
    free = occurrence.seats - seats_taken(occurrence.id)
    if free <= 0:
        return 0
    offered = 0
    until = now + dt.timedelta(hours=offer_hours())
    for signup in queue(occurrence.id)[:free]:
        signup.status, signup.offer_expires_at = OFFERED, until
        signup.call_needed = not signup.email
        detail = in_swedish("En plats blev ledig och erbjöds, giltig till %(until)s.",
                            until=until.strftime("%Y-%m-%d %H:%M") + " UTC")
        if signup.call_needed:
            detail += " " + in_swedish("Personen har bara telefon: kursledaren ringer.")
        record(signup, "erbjuden", detail, now=now)
        notify("erbjudande", signup, occurrence)
        offered += 1
    db.session.flush()
    return offered


def settle(occurrence: Occurrence, now: dt.datetime) -> None:
    """Lapse late offers, then offer free seats (the occurrence is locked)."""
    expire_offers(occurrence, now)
    fill_free_seats(occurrence, now)


def has_lapsed_offers(occurrence_id: int, now: dt.datetime) -> bool:
    """A cheap read: is there anything for ``settle_now`` to do?"""
    return db.session.scalar(db.select(db.func.count()).select_from(Signup).where(
        Signup.occurrence_id == occurrence_id, Signup.status == OFFERED, Signup.offer_expires_at <= now)) > 0


def settle_now(occurrence_id: int, now: dt.datetime | None = None) -> None:
    """Opportunistically do the worker's job for one occurrence, when a page that shows it is read."""
    now = now or utcnow()
    if not has_lapsed_offers(occurrence_id, now):
        return
    settle_locked(occurrence_id, now)


def settle_locked(occurrence_id: int, now: dt.datetime) -> None:
    """Lock one occurrence, settle it and commit: the unit of work for pages and the worker alike."""
    begin_write()
    try:
        occurrence = lock_occurrence(occurrence_id)
        if occurrence is not None:
            settle(occurrence, now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    changed(occurrence_id)


def changed(occurrence_id: int) -> None:
    """Seats changed: this worker shows the new count at once (others within seconds)."""
    from .queries import forget_box

    forget_box(occurrence_id)


# --- Signing up ---------------------------------------------------------------------------------------------


def _seat_counts(occurrence_id: int, now: dt.datetime) -> tuple[int, int, int]:
    """(seats taken, people waiting, offers run out) in one query, inside the lock."""
    def count(condition):
        return db.func.coalesce(db.func.sum(db.case((condition, 1), else_=0)), 0)

    row = db.session.execute(db.select(
        count(Signup.status.in_(HOLDS_SEAT)), count(Signup.status == WAITING),
        count(db.and_(Signup.status == OFFERED, Signup.offer_expires_at <= now)),
    ).where(Signup.occurrence_id == occurrence_id)).one()
    return int(row[0]), int(row[1]), int(row[2])


def _first_status(occurrence: Occurrence, now: dt.datetime) -> str:
    """Settle the queue if it needs it, then: a seat when one is free and nobody queues, else the queue."""
    taken, waiting, lapsed = _seat_counts(occurrence.id, now)
    if lapsed or (waiting and taken < occurrence.seats):
        settle(occurrence, now)
        taken, waiting, _lapsed = _seat_counts(occurrence.id, now)
    if occurrence.approval:
        return AWAITING_TALK
    return CONFIRMED if not waiting and taken < occurrence.seats else WAITING


def _earlier(form_key: str | None) -> Signup | None:
    ref = submissions.done_before(KIND, form_key)
    return db.session.get(Signup, ref) if ref else None


def sign_up(occurrence_id: int, data: SignupData, now: dt.datetime | None = None) -> str:
    """Store one sign-up (once per form key) and its receipt e-mail; return the private token.

    Raises ``SignupClosed`` when sign-up is not possible (nothing is stored).
    """
    now = now or utcnow()
    begin_write()
    try:
        earlier = _earlier(data.form_key)
        if earlier is not None:
            token = derive_token(earlier.token_salt)
            db.session.commit()
            return token
        occurrence = lock_occurrence(occurrence_id)
        if occurrence is None:
            raise SignupClosed("gone")
        reason = closed_reason(occurrence, now)
        if reason:
            raise SignupClosed(reason)
        status = _first_status(occurrence, now)
        salt = new_salt()
        token = derive_token(salt)
        by_email = data.contact_method == "e-post"
        signup = Signup(
            occurrence=occurrence, status=status, name=data.name.strip(),
            contact_method=data.contact_method,
            email=((data.email or "").strip() or None) if by_email else None,
            phone=normalise_phone(data.phone) if not by_email and data.phone else None,
            child_ages=data.child_ages, language=data.language,
            interpreter=(data.interpreter or "").strip() or None, note=(data.note or "").strip() or None,
            token_hash=hash_token(token), token_salt=salt, created_at=now,
            confirmed_at=None,
        )
        if signup.status == CONFIRMED:
            signup.confirmed_at = now
        db.session.add(signup)
        db.session.flush()
        record(signup, "anmald", in_swedish("Anmäld via formuläret: %(status)s.", status=signup.staff_label),
               actor_label=PERSON, now=now)
        notify("kvitto", signup, occurrence)
        submissions.remember(KIND, data.form_key, signup.id)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if not submissions.is_duplicate(error):
            raise
        return derive_token(_earlier(data.form_key).token_salt)  # the same form, stored by a twin request
    except Exception:
        db.session.rollback()
        raise
    changed(occurrence_id)
    return token


# --- The person's own page ---------------------------------------------------------------------------------


def _locked(signup: Signup) -> tuple[Occurrence, Signup]:
    """Begin a write, lock the signup's occurrence and read the signup again, fresh."""
    signup_id, occurrence_id = signup.id, signup.occurrence_id
    begin_write()
    occurrence = lock_occurrence(occurrence_id)
    signup = db.session.get(Signup, signup_id, populate_existing=True)
    return occurrence, signup


def cancel(signup: Signup, now: dt.datetime | None = None, actor_label: str = PERSON,
           actor_id: int | None = None, detail: str | None = None, audit_action: str | None = None) -> bool:
    """Cancel a place or a place in line; a freed seat is offered to the next. ``False`` if nothing to cancel."""
    now = now or utcnow()
    occurrence, signup = _locked(signup)
    try:
        if signup.status in (CANCELLED, DECLINED):
            db.session.commit()
            return False
        signup.status, signup.offer_expires_at, signup.call_needed = CANCELLED, None, False
        record(signup, "avbokad", detail or in_swedish("Avbokad av personen själv."), actor_label=actor_label,
               actor_id=actor_id, now=now)
        notify("avbokad", signup, occurrence)
        db.session.flush()
        settle(occurrence, now)
        if audit_action:  # a staff member removed the person: the audit line is in the same transaction
            from ..accounts.operations import audit

            audit(audit_action, f"{occurrence.slug} #{occurrence.id} anmälan {signup.id}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    changed(occurrence.id)
    return True


def accept_offer(signup: Signup, now: dt.datetime | None = None) -> bool:
    """Take the offered seat; ``False`` if the offer is gone (ran out, or was never made)."""
    now = now or utcnow()
    occurrence, signup = _locked(signup)
    try:
        accepted = signup.status == OFFERED and signup.offer_expires_at is not None and now < signup.offer_expires_at
        if accepted:
            signup.status, signup.confirmed_at, signup.call_needed = CONFIRMED, now, False
            signup.offer_expires_at = None
            record(signup, "tackat-ja", in_swedish("Tackade ja till platsen."), actor_label=PERSON, now=now)
        settle(occurrence, now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    changed(occurrence.id)
    return accepted
