"""Writes made by course leaders and editors: occurrences, the talk, the queue, attendance, messages.

Each is one transaction with an audit line (who did what to which
occurrence, never a participant's name or contact) and, for a change to a
person, a line in that sign-up's history. Anything that can free or take a
seat locks the occurrence first, like a public sign-up (see ``operations``).
"""

from __future__ import annotations

import datetime as dt

from flask_login import current_user

from ..accounts.operations import audit
from ..database import begin_write
from ..extensions import db
from ..i18n import in_swedish
from ..timeutil import utcnow
from .models import AWAITING_TALK, CONFIRMED, DECLINED, HOLDS_SEAT, OFFERED, WAITING, Occurrence, Signup
from .notices import notify
from .operations import _locked, cancel, changed, lock_occurrence, queue, record, seats_taken, settle

FIELDS = ("slug", "starts_on", "ends_on", "meetings", "schedule_text", "place", "seats", "language",
          "interpreter_possible", "opens_at", "closes_at", "approval", "closed")


def _actor() -> tuple[str, int | None]:
    if current_user and getattr(current_user, "is_authenticated", False):
        return current_user.name, current_user.id
    return "System", None


def _finish(occurrence_id: int) -> None:
    db.session.commit()
    changed(occurrence_id)


def create_occurrence(now: dt.datetime | None = None, **values) -> Occurrence:
    begin_write()
    try:
        occurrence = Occurrence(**{key: values[key] for key in FIELDS if key in values})
        occurrence.schedule_text = occurrence.schedule_text or ""
        occurrence.place = occurrence.place or ""
        db.session.add(occurrence)
        db.session.flush()
        audit("kurs: tillfälle skapat", f"{occurrence.slug} #{occurrence.id} ({occurrence.starts_on})")
        _finish(occurrence.id)
    except Exception:
        db.session.rollback()
        raise
    return occurrence


def update_occurrence(occurrence: Occurrence, now: dt.datetime | None = None, **values) -> Occurrence:
    """Change an occurrence; more seats (or sign-up reopened) are offered to the queue at once."""
    occurrence_id = occurrence.id
    begin_write()
    try:
        occurrence = lock_occurrence(occurrence_id)
        for key in FIELDS:
            if key in values and key != "slug":
                setattr(occurrence, key, values[key])
        db.session.flush()
        settle(occurrence, now or utcnow())
        audit("kurs: tillfälle ändrat", f"{occurrence.slug} #{occurrence.id}")
        _finish(occurrence_id)
    except Exception:
        db.session.rollback()
        raise
    return occurrence


def confirm_after_talk(signup: Signup, now: dt.datetime | None = None) -> str:
    """The talk went well: a seat if one is free and nobody is queueing ahead, else the queue."""
    now = now or utcnow()
    name, actor_id = _actor()
    occurrence, signup = _locked(signup)
    try:
        if signup.status != AWAITING_TALK:
            db.session.commit()
            return signup.status
        if not queue(occurrence.id) and seats_taken(occurrence.id) < occurrence.seats:
            signup.status, signup.confirmed_at = CONFIRMED, now
            notify("bekraftad", signup, occurrence)
        else:
            signup.status = WAITING
            notify("kvitto", signup, occurrence)
        record(signup, "samtal-klart", in_swedish("Samtal hållet, godkänd: %(status)s.", status=signup.staff_label),
               actor_label=name, actor_id=actor_id, now=now)
        audit("kurs: godkänd efter samtal", f"{occurrence.slug} #{occurrence.id} anmälan {signup.id}")
        _finish(occurrence.id)
    except Exception:
        db.session.rollback()
        raise
    return signup.status


def decline(signup: Signup, now: dt.datetime | None = None) -> bool:
    """After the talk: this course is not the right help now. A seat the person held is offered on."""
    now = now or utcnow()
    name, actor_id = _actor()
    occurrence, signup = _locked(signup)
    try:
        if signup.status not in (AWAITING_TALK, WAITING, OFFERED, CONFIRMED):
            db.session.commit()
            return False
        signup.status, signup.offer_expires_at, signup.call_needed = DECLINED, None, False
        record(signup, "nekad", in_swedish("Ingen plats efter samtalet."), actor_label=name, actor_id=actor_id,
               now=now)
        notify("nekad", signup, occurrence)
        db.session.flush()
        settle(occurrence, now)
        audit("kurs: nekad efter samtal", f"{occurrence.slug} #{occurrence.id} anmälan {signup.id}")
        _finish(occurrence.id)
    except Exception:
        db.session.rollback()
        raise
    return True


def remove(signup: Signup, now: dt.datetime | None = None) -> bool:
    """Take a person off the course or the queue (their seat goes to the next in line)."""
    name, actor_id = _actor()
    return cancel(signup, now=now, actor_label=name, actor_id=actor_id,
                  detail=in_swedish("Borttagen av kursledaren."), audit_action="kurs: person borttagen")


def move(signup: Signup, direction: int) -> bool:
    """Move someone one place up (-1) or down (+1) in the waiting list, swapping with the neighbour."""
    name, actor_id = _actor()
    occurrence, signup = _locked(signup)
    try:
        line = queue(occurrence.id)
        if signup not in line:
            db.session.commit()
            return False
        index = line.index(signup)
        other_index = index + direction
        if not 0 <= other_index < len(line):
            db.session.commit()
            return False
        other = line[other_index]
        # Swap the two positions; positions stay unique (a permutation of ids), and
        # people who sign up later (higher ids) still come after everyone.
        signup.rank, other.rank = other.queue_position, signup.queue_position
        record(signup, "flyttad", in_swedish("Flyttad till plats %(place)d i kön.", place=other_index + 1),
               actor_label=name, actor_id=actor_id)
        audit("kurs: kön ändrad", f"{occurrence.slug} #{occurrence.id} anmälan {signup.id}")
        _finish(occurrence.id)
    except Exception:
        db.session.rollback()
        raise
    return True


def call_done(signup: Signup) -> None:
    """The leader phoned a person who was offered a place (the offer still runs until it is answered)."""
    name, actor_id = _actor()
    begin_write()
    signup = db.session.get(Signup, signup.id, populate_existing=True)
    signup.call_needed = False
    record(signup, "ringd", in_swedish("Kursledaren har ringt om den erbjudna platsen."), actor_label=name,
           actor_id=actor_id)
    audit("kurs: samtal om plats", f"#{signup.occurrence_id} anmälan {signup.id}")
    db.session.commit()


def accept_for(signup: Signup, now: dt.datetime | None = None) -> bool:
    """The person said yes on the phone: the leader takes the offered seat for them."""
    now = now or utcnow()
    name, actor_id = _actor()
    occurrence, signup = _locked(signup)
    try:
        if signup.status != OFFERED:
            db.session.commit()
            return False
        signup.status, signup.confirmed_at, signup.offer_expires_at, signup.call_needed = CONFIRMED, now, None, False
        record(signup, "tackat-ja", in_swedish("Tackade ja i telefon."), actor_label=name, actor_id=actor_id, now=now)
        audit("kurs: plats bekräftad i telefon", f"#{occurrence.id} anmälan {signup.id}")
        _finish(occurrence.id)
    except Exception:
        db.session.rollback()
        raise
    return True


def set_attendance(occurrence: Occurrence, marks: dict[int, set[int]]) -> int:
    """Attendance for every participant: ``{signup id: {meeting numbers present}}``. Returns the people changed."""
    occurrence_id = occurrence.id
    begin_write()
    try:
        occurrence = lock_occurrence(occurrence_id)
        changed_people = 0
        meetings = set(range(1, occurrence.meeting_count + 1))
        for signup in occurrence.signups:
            if signup.status not in HOLDS_SEAT:
                continue
            present = sorted(marks.get(signup.id, set()) & meetings)
            if present != sorted(signup.attended or []):
                signup.attended = present
                changed_people += 1
        audit("kurs: närvaro", f"{occurrence.slug} #{occurrence.id}: {changed_people} ändrade")
        _finish(occurrence_id)
    except Exception:
        db.session.rollback()
        raise
    return changed_people


def message_everyone(occurrence: Occurrence, message: str, include_queue: bool = False) -> tuple[int, int]:
    """An e-mail through the outbox to every participant (and the queue); (mailed, without e-mail)."""
    name, actor_id = _actor()
    occurrence_id = occurrence.id
    begin_write()
    try:
        occurrence = db.session.get(Occurrence, occurrence_id)
        statuses = (*HOLDS_SEAT, WAITING, AWAITING_TALK) if include_queue else HOLDS_SEAT
        mailed = without = 0
        for signup in occurrence.signups:
            if signup.status not in statuses:
                continue
            if notify("meddelande", signup, occurrence, message=message) is None:
                without += 1
                continue
            mailed += 1
            record(signup, "meddelande", in_swedish("Meddelande till gruppen skickat."), actor_label=name,
                   actor_id=actor_id)
        audit("kurs: meddelande till gruppen", f"{occurrence.slug} #{occurrence.id}: {mailed} e-post")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return mailed, without
