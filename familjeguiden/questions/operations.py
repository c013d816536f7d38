"""Writes for the public question channel.

Each function does its whole job in one transaction: the question, its
first message, its history line and its e-mails are committed together or
not at all, so the receipt page is only ever shown for a stored question.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm.attributes import set_committed_value

from ..database import immediate
from ..extensions import db
from ..mail.outbox import enqueue
from ..timeutil import local_date, utcnow
from ..workdays import add_working_days, working_days_between
from .forms import normalise_phone
from .models import FOLLOW_UP, FROM_ASKER, CaseEvent, CaseMessage, Question
from .tokens import derive_token, hash_token, new_salt

ASKER = "Frågeställaren"
SYSTEM = "Familjeguiden"

# What the receipt page reads from a question just stored (see submit_question).
RECEIPT_ATTRIBUTES = ("id", "code", "email", "contact_method")


@dataclass
class Submission:
    """What the asker typed, already validated by the form."""

    message: str
    relation: str
    contact_method: str
    age_group: str | None = None
    topic: str | None = None
    email: str | None = None
    phone: str | None = None
    phone_when: str | None = None
    name: str | None = None
    share_consent: bool = False


def submit_question(data: Submission, urgent: bool) -> tuple[Question, str]:
    """Store a new question with its history and e-mails; return it and its token."""
    salt = new_salt()
    token = derive_token(salt)
    now = utcnow()
    by_email = data.contact_method == "e-post"
    by_phone = data.contact_method == "telefon"
    question = Question(
        token_hash=hash_token(token),
        token_salt=salt,
        message=data.message.strip(),
        topic=data.topic or None,
        age_group=data.age_group or None,
        relation=data.relation,
        contact_method=data.contact_method,
        name=(data.name or "").strip() or None,
        email=data.email.strip() if by_email and data.email else None,
        phone=normalise_phone(data.phone) if by_phone and data.phone else None,
        phone_when=((data.phone_when or "").strip() or None) if by_phone else None,
        consent_at=now,
        share_consent=bool(data.share_consent) and data.contact_method != "anonym",
        urgent=urgent,
        status="ny",
        created_at=now,
        due_at=add_working_days(now, current_app.config["RESPONSE_TARGET_DAYS"]),
    )
    try:
        immediate()
        db.session.add(question)
        db.session.flush()
        question.code = f"FG-{now.year}-{question.id:04d}"
        db.session.add(CaseMessage(question=question, kind=FROM_ASKER, body=question.message,
                                   author_label=ASKER, visible_to_asker=True, created_at=now))
        detail = "Frågan skickades via formuläret."
        if urgent:
            detail += " Texten kan tyda på akut fara: markerad som brådskande."
        db.session.add(CaseEvent(question=question, action="skapad", detail=detail, actor_label=ASKER,
                                 created_at=now))
        if question.email:
            enqueue("kvitto", question.email, "receipt", question=question)
        enqueue("ny_fraga", current_app.config["COORDINATOR_EMAIL"], "new_question", question=question)
        known = {key: getattr(question, key) for key in RECEIPT_ATTRIBUTES}
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    # The commit expires the object; what the receipt needs is known, so keep
    # it loaded instead of reading back the row just written (a SELECT per
    # question, about a tenth of the write path). Other attributes still load.
    for key, value in known.items():
        set_committed_value(question, key, value)
    return question, token


def add_follow_up(question: Question, message: str) -> CaseMessage:
    """The asker adds to their case; the coordinators are told (without content)."""
    try:
        immediate()
        entry = CaseMessage(question=question, kind=FOLLOW_UP, body=message.strip(), author_label=ASKER,
                            visible_to_asker=True)
        db.session.add(entry)
        db.session.add(CaseEvent(question=question, action="tillagg", detail="Frågeställaren skrev ett tillägg.",
                                 actor_label=ASKER))
        if question.status == "vantar":
            resume_clock(question)
            question.status = "pagaende"
        question.version += 1
        enqueue("tillagg", current_app.config["COORDINATOR_EMAIL"], "follow_up", question=question)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return entry


def pause_clock(question: Question) -> None:
    """Waiting for the asker: the response target does not run meanwhile."""
    if question.waiting_since is None:
        question.waiting_since = utcnow()


def resume_clock(question: Question) -> None:
    """The wait is over: move the deadline on by the working days spent waiting."""
    if question.waiting_since is None:
        return
    waited = working_days_between(local_date(question.waiting_since), local_date(utcnow()))
    if question.due_at is not None and waited:
        question.due_at = add_working_days(question.due_at, waited)
    question.waiting_since = None
