"""Gallring: closed questions are removed when they are no longer needed.

A question that was closed (``avslutad`` or ``skrap``) more than
``RETENTION_MONTHS`` ago goes, with its thread, referrals, history and
e-mails. With ``RETENTION_MODE = "anonymise"`` the question row and its
referrals and history lines stay, so statistics keep their counts, but every
word the asker wrote and every contact detail is removed, the thread bodies
are blanked, the e-mails are deleted and the private link stops working.

The audit trail and the log get counts only, never a case code or any
content, so the record of the gallring does not itself keep what was removed.
``flask gallring --dry-run`` lists the case codes that would go (to the
person running it) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

import click
from flask import current_app

from .. import submissions
from ..accounts.operations import audit
from ..extensions import db
from ..mail.models import OutboundEmail
from ..questions import lifecycle
from ..questions.models import CaseEvent, CaseMessage, Question
from ..timeutil import months_before, utcnow
from .models import ConcernReport, Referral

CLOSED = tuple(lifecycle.CLOSED)
#: What an anonymised question's text becomes; also marks it as already done.
ANONYMISED = "[Gallrad: innehållet är borttaget]"
BATCH = 500


@dataclass
class RetentionReport:
    mode: str
    cutoff: dt.datetime
    dry_run: bool
    codes: list[str] = field(default_factory=list)
    questions: int = 0
    messages: int = 0
    referrals: int = 0
    events: int = 0
    emails: int = 0

    def summary(self) -> str:
        """Counts only: safe for the audit trail and the log."""
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in (
            (self.questions, "ärende", "ärenden"), (self.messages, "meddelande", "meddelanden"),
            (self.referrals, "lotsning", "lotsningar"), (self.events, "historikrad", "historikrader"),
            (self.emails, "e-postmeddelande", "e-postmeddelanden")))


def _count(model, ids: list[int]) -> int:
    total = 0
    for chunk in _chunks(ids):
        total += db.session.scalar(db.select(db.func.count()).select_from(model)
                                   .where(model.question_id.in_(chunk)))
    return total


def _chunks(ids: list[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def delete_questions(ids: list[int]) -> None:
    """Delete questions and everything hanging on them, without relying on the database's cascade.

    SQLite enforces foreign keys only when asked to, so the children are
    removed explicitly; the caller commits.
    """
    for chunk in _chunks(ids):
        for model in (OutboundEmail, CaseMessage, CaseEvent, Referral, ConcernReport):
            db.session.execute(db.delete(model).where(model.question_id.in_(chunk)),
                               execution_options={"synchronize_session": False})
        db.session.execute(db.delete(Question).where(Question.id.in_(chunk)),
                           execution_options={"synchronize_session": False})
    db.session.expire_all()


def anonymise_questions(ids: list[int]) -> None:
    """Strip every personal detail but keep the rows that statistics count; the caller commits."""
    for chunk in _chunks(ids):
        db.session.execute(db.delete(OutboundEmail).where(OutboundEmail.question_id.in_(chunk)),
                           execution_options={"synchronize_session": False})
        db.session.execute(db.update(CaseMessage).where(CaseMessage.question_id.in_(chunk))
                           .values(body=""), execution_options={"synchronize_session": False})
        db.session.execute(db.update(Referral).where(Referral.question_id.in_(chunk))
                           .values(note="", share_contact=False, token_salt=None, token_hash=None),
                           execution_options={"synchronize_session": False})
        db.session.execute(db.update(ConcernReport).where(ConcernReport.question_id.in_(chunk))
                           .values(shared="", asker_note=None, made_by=""),
                           execution_options={"synchronize_session": False})
        for question in db.session.scalars(db.select(Question).where(Question.id.in_(chunk))):
            question.message = ANONYMISED
            question.name = question.email = question.phone = question.phone_when = None
            question.share_consent = False
            question.consent_at = None
            # A new random hash that no token maps to: the asker's old link stops working.
            question.token_hash = secrets.token_hex(32)
            question.token_salt = ""
            lifecycle.record(question, "gallrad", "Gallrat: frågetext, meddelanden och kontaktuppgifter borttagna")
    db.session.flush()
    db.session.expire_all()


def run(dry_run: bool = False, now: dt.datetime | None = None) -> RetentionReport:
    """Find the closed questions past the retention time and delete or anonymise them."""
    config = current_app.config
    mode = config.get("RETENTION_MODE", "delete")
    if mode not in ("delete", "anonymise"):
        raise click.ClickException('RETENTION_MODE måste vara "delete" eller "anonymise".')
    cutoff = months_before(now or utcnow(), int(config.get("RETENTION_MONTHS", 24)))
    query = db.select(Question.id, Question.code).where(
        Question.status.in_(CLOSED), Question.closed_at.is_not(None), Question.closed_at < cutoff)
    if mode == "anonymise":
        query = query.where(Question.message != ANONYMISED)
    found = db.session.execute(query.order_by(Question.id)).all()
    ids = [row.id for row in found]
    report = RetentionReport(mode, cutoff, dry_run, codes=[row.code or f"#{row.id}" for row in found],
                             questions=len(ids), messages=_count(CaseMessage, ids),
                             referrals=_count(Referral, ids), events=_count(CaseEvent, ids),
                             emails=_count(OutboundEmail, ids))
    if dry_run:
        return report
    try:
        if mode == "anonymise":
            anonymise_questions(ids)
        else:
            delete_questions(ids)
        submissions.prune()
        verb = "anonymiserade" if mode == "anonymise" else "raderade"
        audit(f"gallring: {verb}", report.summary())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    current_app.logger.info("Gallring (%s): %s", mode, report.summary())
    return report
