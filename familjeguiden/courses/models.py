"""Course and group occurrences, the people signed up to them, and their history.

An ``Occurrence`` is one run of a course or group on a service page (ABC
starting 20 January, Steget's spring group): dates, place, seats and how
sign-up works. A ``Signup`` is one person's place in it, or in its queue;
its private link ``/anmalan/<token>`` is never stored, only a hash of it
and a random salt it is derived from with the secret key (as for cases).

Ids never come back after a delete (``AUTOINCREMENT`` on SQLite): an id is
part of the sign-up address and of the order people arrived in.

``SignupEvent`` is the append-only history of every change of status.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import _l
from ..timeutil import utcnow

CONFIRMED, WAITING, OFFERED, CANCELLED, AWAITING_TALK, DECLINED = (
    "bekraftad", "vantelista", "erbjuden", "avbokad", "vantar-pa-samtal", "nekad")
#: Statuses that hold one of the seats (an offer holds it until it is accepted or runs out).
HOLDS_SEAT = (CONFIRMED, OFFERED)
#: Statuses of someone still taking part or waiting to.
ACTIVE = (CONFIRMED, OFFERED, WAITING, AWAITING_TALK)
STATUS_LABELS = {
    CONFIRMED: _l("Du har en plats"),
    WAITING: _l("Du står i kö"),
    OFFERED: _l("Du erbjuds en plats"),
    CANCELLED: _l("Avbokad"),
    AWAITING_TALK: _l("Väntar på samtal"),
    DECLINED: _l("Ingen plats den här gången"),
}
#: What staff call each status (staff pages are Swedish only, still through the catalogue).
STAFF_LABELS = {
    CONFIRMED: _l("Bekräftad"),
    WAITING: _l("Väntelista"),
    OFFERED: _l("Erbjuden plats"),
    CANCELLED: _l("Avbokad"),
    AWAITING_TALK: _l("Väntar på samtal"),
    DECLINED: _l("Nekad"),
}
CONTACT_WAYS = {"e-post": _l("E-post"), "telefon": _l("Telefon")}


class Occurrence(db.Model):
    __tablename__ = "course_occurrence"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    meetings: Mapped[int | None] = mapped_column(Integer)
    #: "Tisdagar 17.00–19.00": weekday and time as people say them.
    schedule_text: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    seats: Mapped[int] = mapped_column(Integer)
    #: The language the course is held in (a site language code: ``sv``, ``en``, ``ar`` ...).
    language: Mapped[str] = mapped_column(String(10), default="sv")
    interpreter_possible: Mapped[bool] = mapped_column(Boolean, default=False)
    opens_at: Mapped[dt.datetime | None]
    closes_at: Mapped[dt.datetime | None]
    #: A talk with the leader comes first (Steget): sign-ups wait for it.
    approval: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Staff closed sign-up by hand (the dates may still say open).
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Set when gallring removed the sign-ups; the occurrence keeps only its counts.
    purged_at: Mapped[dt.datetime | None]
    #: Counts kept for statistics when the sign-ups are removed.
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    signups: Mapped[list[Signup]] = relationship(back_populates="occurrence", order_by="Signup.id",
                                                 cascade="all, delete-orphan", passive_deletes=True)

    @property
    def last_day(self) -> dt.date:
        """The day the course ends: its end date, or the start plus a week per further meeting."""
        if self.ends_on:
            return self.ends_on
        if self.meetings and self.meetings > 1:
            return self.starts_on + dt.timedelta(weeks=self.meetings - 1)
        return self.starts_on

    @property
    def meeting_count(self) -> int:
        """How many meetings attendance is marked for (one when nothing else is known)."""
        if self.meetings:
            return self.meetings
        if self.ends_on and self.ends_on > self.starts_on:
            return min((self.ends_on - self.starts_on).days // 7 + 1, 30)
        return 1

    def __repr__(self) -> str:
        return f"<Occurrence {self.id} {self.slug} {self.starts_on}>"


class Signup(db.Model):
    __tablename__ = "course_signup"
    __table_args__ = (
        Index("ix_course_signup_queue", "occurrence_id", "status", "rank", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("course_occurrence.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    contact_method: Mapped[str] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    #: "4, 7": the children's ages as numbers, comma separated.
    child_ages: Mapped[str] = mapped_column(String(60))
    #: The site version the person signed up from: e-mails follow it.
    language: Mapped[str] = mapped_column(String(10), default="sv")
    interpreter: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_salt: Mapped[str] = mapped_column(String(64))
    #: Place in the queue when staff moved someone; ``None``: the arrival order (the id).
    #: The queue is ordered by ``queue_position`` (this or the id), which stays unique.
    rank: Mapped[int | None] = mapped_column(Integer)
    offer_expires_at: Mapped[dt.datetime | None]
    #: A phone-only person was offered a place: the leader should call them.
    call_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    reminded_at: Mapped[dt.datetime | None]
    #: Meeting numbers (1, 2, ...) the person was there.
    attended: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[dt.datetime | None]

    occurrence: Mapped[Occurrence] = relationship(back_populates="signups")
    events: Mapped[list[SignupEvent]] = relationship(back_populates="signup", order_by="SignupEvent.id",
                                                     cascade="all, delete-orphan", passive_deletes=True)

    @property
    def queue_position(self) -> int:
        return self.rank if self.rank is not None else self.id

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def staff_label(self) -> str:
        return str(STAFF_LABELS.get(self.status, self.status))

    @property
    def contact(self) -> str:
        return (self.email if self.contact_method == "e-post" else self.phone) or ""

    def __repr__(self) -> str:  # never show the name or contact details
        return f"<Signup {self.id} {self.status}>"


class SignupEvent(db.Model):
    """One line of a sign-up's history. Rows are only ever added."""

    __tablename__ = "course_signup_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("course_signup.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(500), default="")
    actor_label: Mapped[str] = mapped_column(String(200))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    signup: Mapped[Signup] = relationship(back_populates="events")
