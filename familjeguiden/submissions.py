"""One-time form keys: a form sent twice does its work once.

A person who presses "Skicka" again because the answer was slow, or a
browser that resends a POST after a lost connection, must not make two
questions, two follow-ups, two replies or two sign-ups. Every such form
carries a random key, made when the form was shown (``new_key``). The write
that the form causes stores the key's hash together with what it made
(``remember``, in the same transaction); a later POST with the same key
finds it (``done_before``) and answers as the first one did.

Only a hash of the key is stored: the key lets its holder see the receipt
again (it comes from the page that person loaded), so a copy of the
database must not hand it out. Rows are only needed for the minutes in
which a resend happens; ``prune`` removes those older than a few days.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Integer, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .timeutil import utcnow

KEEP_DAYS = 3
KEY_LENGTH = 43  # token_urlsafe(32)


class FormSubmission(db.Model):
    __tablename__ = "form_submission"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: What the form made: "fraga", "tillagg", "svar", "anmalan", ...
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


def new_key() -> str:
    return secrets.token_urlsafe(32)


def _hash(kind: str, key: str) -> str:
    return hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()


def valid_key(key: str | None) -> bool:
    return bool(key) and len(key) == KEY_LENGTH and all(ch.isalnum() or ch in "-_" for ch in key)


def done_before(kind: str, key: str | None) -> int | None:
    """The id of what this key already made, if the form was sent before."""
    if not valid_key(key):
        return None
    row = db.session.get(FormSubmission, _hash(kind, key))
    return row.ref_id if row is not None and row.kind == kind else None


def remember(kind: str, key: str | None, ref_id: int) -> None:
    """Record, in the current transaction, that ``key`` made ``ref_id``."""
    if valid_key(key):
        db.session.add(FormSubmission(key_hash=_hash(kind, key), kind=kind, ref_id=ref_id))


def is_duplicate(error: IntegrityError) -> bool:
    """Whether a failed commit failed on a form key someone else stored first."""
    return "form_submission" in str(error.orig).lower() or "key_hash" in str(error.orig).lower()


def prune(now: dt.datetime | None = None) -> int:
    cutoff = (now or utcnow()) - dt.timedelta(days=KEEP_DAYS)
    deleted = db.session.execute(db.delete(FormSubmission).where(FormSubmission.created_at < cutoff)).rowcount
    return deleted
