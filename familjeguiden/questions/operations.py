"""Writes for the public question channel.

Each function does its whole job in one transaction: the question, its
first message, its history line, its e-mails and its one-time form key are
committed together or not at all, so the receipt page is only ever shown
for a stored question, and a form sent twice is stored once (``submissions``).
Status moves are made by ``lifecycle``; this module records them.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from .. import submissions
from ..database import begin_write, lock_row
from ..extensions import db
from ..i18n import in_swedish
from ..text import normalise_phone
from ..timeutil import utcnow
from . import lifecycle
from .models import FOLLOW_UP, FROM_ASKER, CaseMessage, Question
from .notices import notify, notify_coordinators
from .tokens import derive_token, derive_words, hash_token, new_salt

ASKER = lifecycle.ASKER
QUESTION_KIND, FOLLOW_UP_KIND, START_TIME_KIND = "fraga", "tillagg", "starttid"

# What the receipt page reads from a question just stored (see submit_question).
RECEIPT_ATTRIBUTES = ("id", "code", "email", "contact_method", "urgent", "token_salt")


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
    form_key: str | None = None
    language: str = "sv"
    interpreter: str | None = None
    #: The form's signed start time; it can store one question only (see ``StartTimeUsed``).
    started: str | None = None


class StartTimeUsed(Exception):
    """The form's start time already stored another question: a robot reusing one form.

    A resend of the same form (the same form key) is not this: it gets the
    first receipt. Only a new form key with a used start time is refused.
    """


def _start_time_key(started: str | None) -> str | None:
    """The start time as a form key for ``submissions`` (43 URL-safe characters), or None."""
    if not started:
        return None
    return base64.urlsafe_b64encode(hashlib.sha256(started.encode()).digest()).decode().rstrip("=")


@dataclass
class Receipt:
    """What the asker is shown after sending: enough to find the case again."""

    code: str
    token: str
    words: list[str]
    email: bool
    method: str
    urgent: bool

    @classmethod
    def of(cls, question: Question) -> Receipt:
        return cls(code=question.code, token=derive_token(question.token_salt),
                   words=derive_words(question.token_salt), email=bool(question.email),
                   method=question.contact_method, urgent=bool(question.urgent))

    def as_session(self) -> dict:
        return {"code": self.code, "token": self.token, "words": self.words, "email": self.email,
                "method": self.method, "urgent": self.urgent}


def _existing(kind: str, key: str | None):
    ref = submissions.done_before(kind, key)
    return db.session.get(Question if kind == QUESTION_KIND else CaseMessage, ref) if ref else None


def submit_question(data: Submission, urgent: bool) -> Receipt:
    """Store a new question with its history and e-mails (once per form key); return its receipt."""
    begin_write()
    earlier = _existing(QUESTION_KIND, data.form_key)
    if earlier is not None:
        receipt = Receipt.of(earlier)
        db.session.commit()
        return receipt
    started = _start_time_key(data.started)
    if submissions.done_before(START_TIME_KIND, started) is not None:
        db.session.rollback()
        raise StartTimeUsed()
    now = utcnow()
    question = _new_question(data, now, urgent)
    try:
        db.session.add(question)
        db.session.flush()
        question.code = f"FG-{now.year}-{question.id:04d}"
        db.session.add(CaseMessage(question=question, kind=FROM_ASKER, body=question.message,
                                   author_label=ASKER, visible_to_asker=True, created_at=now))
        if question.email:
            notify("kvitto", question.email, "receipt", question)
        notify_coordinators("ny_fraga_bradskande" if urgent else "ny_fraga", "new_question", question)
        submissions.remember(QUESTION_KIND, data.form_key, question.id)
        submissions.remember(START_TIME_KIND, started, question.id)
        known = {key: getattr(question, key) for key in RECEIPT_ATTRIBUTES}
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if not submissions.is_duplicate(error):
            raise
        twin = _existing(QUESTION_KIND, data.form_key)
        if twin is None:  # not this form's key: its start time, used by a simultaneous other form
            raise StartTimeUsed() from None
        return Receipt.of(twin)  # the same form, stored by a twin request
    except Exception:
        db.session.rollback()
        raise
    # The commit expires the object; what the receipt needs is known, so keep
    # it loaded instead of reading back the row just written.
    for key, value in known.items():
        set_committed_value(question, key, value)
    return Receipt.of(question)


def _new_question(data: Submission, now, urgent: bool) -> Question:
    salt = new_salt()
    by_email = data.contact_method == "e-post"
    by_phone = data.contact_method == "telefon"
    share = bool(data.share_consent) and data.contact_method != "anonym"
    question = Question(
        token_hash=hash_token(derive_token(salt)),
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
        share_consent=share,
        consent_at=now if share else None,
        language=data.language,
        interpreter=(data.interpreter or "").strip() or None,
    )
    lifecycle.start(question, now, urgent)
    return question


def add_follow_up(question: Question, message: str, form_key: str | None = None,
                  urgent: bool = False) -> CaseMessage:
    """The asker adds to their case (once per form key); the coordinators are told, without content.

    The case row is locked first, so a coordinator's change at the same
    moment waits instead of making this fail: the asker's text is never lost.
    """
    begin_write()
    earlier = _existing(FOLLOW_UP_KIND, form_key)
    if earlier is not None:
        db.session.commit()
        return earlier
    try:
        lock_row(question)
        now = utcnow()
        entry = CaseMessage(question=question, kind=FOLLOW_UP, body=message.strip(), author_label=ASKER,
                            visible_to_asker=True, created_at=now)
        db.session.add(entry)
        lifecycle.asker_wrote(question, now, urgent)
        question.version += 1
        notify_coordinators("tillagg_bradskande" if urgent else "tillagg", "follow_up", question, urgent=urgent)
        db.session.flush()
        submissions.remember(FOLLOW_UP_KIND, form_key, entry.id)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if not submissions.is_duplicate(error):
            raise
        return _existing(FOLLOW_UP_KIND, form_key)
    except Exception:
        db.session.rollback()
        raise
    return entry


def mail_link(question: Question, email: str) -> None:
    """Send the case link and word code once to an address the asker gives (not stored on the case)."""
    begin_write()
    notify("lank", email, "case_link", question, words=derive_words(question.token_salt))
    lifecycle.record(question, "lank-mejlad", in_swedish("Frågeställaren bad om att få länken mejlad."),
                     label=ASKER)
    db.session.commit()


