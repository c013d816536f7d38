"""Questions from the public and their history.

A ``Question`` is a case: the asker's message, how (if at all) they want to
be contacted, and where it stands. The link that lets the asker follow the
case, ``/arende/<token>``, is never stored: the database keeps only a hash
of the token (for lookup) and a random salt from which the token can be
derived again with the application's secret key, so e-mails sent later can
carry the link while a copy of the database alone opens nothing.

``CaseMessage`` is the thread; ``CaseEvent`` is the append-only history of
every action and every staff read.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import _l
from ..timeutil import utcnow
from .status import LABELS, Status

RELATIONS = {
    "foralder": _l("Förälder"),
    "anhorig": _l("Anhörig (till exempel mor- eller farförälder, släkting)"),
    "ung": _l("Ung – jag frågar för min egen skull"),
    "yrkesperson": _l("Yrkesperson (till exempel lärare eller tränare)"),
}
CONTACT_METHODS = {
    "e-post": _l("Via e-post – vi mejlar när det finns ett svar att läsa"),
    "telefon": _l("Via telefon – vi ringer dig"),
    "anonym": _l("Anonymt – jag läser svaret på ärendesidan"),
}
#: Message kinds in a thread.
FROM_ASKER, FOLLOW_UP, REPLY, NOTE, CALL = "fraga", "tillagg", "svar", "anteckning", "samtal"


class Question(db.Model):
    __tablename__ = "question"
    #: Ids (and so case codes) are never reused, also on SQLite after a delete.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_salt: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(40))
    age_group: Mapped[str | None] = mapped_column(String(10))
    relation: Mapped[str] = mapped_column(String(20))
    contact_method: Mapped[str] = mapped_column(String(10))
    name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_when: Mapped[str | None] = mapped_column(String(200))
    #: When the asker agreed that their contact details may go to a service
    #: we refer them to (the one thing asked as consent; ``None`` if not given).
    consent_at: Mapped[dt.datetime | None]
    share_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The site version the asker wrote from (``sv``, ``en``, ``ar`` ...): replies and e-mails follow it.
    language: Mapped[str] = mapped_column(String(10), default="sv", server_default="sv")
    #: The language the asker wants an interpreter for, if any (as they wrote it).
    interpreter: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default=Status.NEW, index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), index=True)
    #: When the first answer is due (working days); moved on while waiting for the asker.
    due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    #: When Familjeguiden owes the asker its next answer (see ``lifecycle``).
    next_due_at: Mapped[dt.datetime | None]
    waiting_since: Mapped[dt.datetime | None]
    #: The asker wrote something no coordinator has opened the case to read yet.
    new_activity: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Compared in every UPDATE (``version_id_col``): a change made from an
    #: out-of-date page, or racing another change, is refused, never merged.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    first_answered_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]

    messages: Mapped[list[CaseMessage]] = relationship(
        back_populates="question", order_by="CaseMessage.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="question", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    referrals = relationship("Referral", back_populates="question", order_by="Referral.id",
                             cascade="all, delete-orphan")
    concern_reports = relationship("ConcernReport", back_populates="question", order_by="ConcernReport.id",
                                   cascade="all, delete-orphan")
    assignee = relationship("User", foreign_keys=[assignee_id])

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def status_label(self) -> str:
        return str(LABELS.get(self.status, self.status))

    def __repr__(self) -> str:  # never show the message or contact details
        return f"<Question {self.code}>"


#: The inbox lists one status tab at a time, urgent first and then oldest first,
#: optionally filtered by topic (and age), by age, or by assignee. Each of
#: these indexes serves one of those lists already in display order and
#: counts its rows without reading the table (see inbox/queries.py and
#: bench/inbox_bench.py, 100,000 questions).
_INBOX_ORDER = (Question.urgent.desc(), Question.created_at, Question.id)
Index("ix_question_inbox", Question.status, *_INBOX_ORDER)
Index("ix_question_inbox_topic", Question.status, Question.topic, Question.age_group, *_INBOX_ORDER)
Index("ix_question_inbox_age", Question.status, Question.age_group, *_INBOX_ORDER)
Index("ix_question_inbox_assignee", Question.status, Question.assignee_id, *_INBOX_ORDER)


class CaseMessage(db.Model):
    __tablename__ = "case_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    author_label: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(Integer)
    visible_to_asker: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="messages")


class CaseEvent(db.Model):
    """One line of history. Rows are only ever added, never changed."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(500), default="")
    actor_label: Mapped[str] = mapped_column(String(200))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="events")
