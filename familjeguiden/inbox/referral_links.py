"""The private link a service uses to confirm a referral: ``/lotsning/<token>``.

Like the asker's case link (``questions.tokens``), the token is an HMAC of
a random per-referral salt under the secret key; the database keeps the
salt and the token's hash. The e-mail body holds a placeholder that the
outbox fills in when it sends (``REFERRAL_LINK``), so the outbox never
stores the link either.
A link works for ``REFERRAL_LINK_DAYS`` and never once the case is closed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

from flask import current_app

from ..extensions import db
from ..mail.outbox import register_link
from ..timeutil import utcnow
from .models import Referral

REFERRAL_LINK = "lotsningslank"
REFERRAL_PATH = "/lotsning/{token}"


def _token(salt: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return base64.urlsafe_b64encode(hmac.new(key, b"lotsning:" + salt.encode(), hashlib.sha256).digest()[:24]).decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_referral_token() -> tuple[str, str, dt.datetime]:
    """A fresh salt, the hash of its token, and when the link stops working."""
    salt = secrets.token_hex(16)
    days = int(current_app.config["REFERRAL_LINK_DAYS"])
    return salt, _hash(_token(salt)), utcnow() + dt.timedelta(days=days)


def referral_url(referral: Referral) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + REFERRAL_PATH.format(token=_token(referral.token_salt))


def referral_from_token(token: str) -> Referral | None:
    """The referral a link opens, or ``None`` (unknown, malformed or expired)."""
    if not token or len(token) != 32 or not all(ch.isalnum() or ch in "-_" for ch in token):
        return None
    digest = _hash(token)
    referral = db.session.scalar(db.select(Referral).where(Referral.token_hash == digest))
    if referral is None or not hmac.compare_digest(referral.token_hash, digest):
        return None
    if referral.token_expires_at is not None and referral.token_expires_at < utcnow():
        return None
    return referral


def _link(referral_id: int) -> str | None:
    referral = db.session.get(Referral, referral_id)
    return referral_url(referral) if referral is not None and referral.token_salt else None


register_link(REFERRAL_LINK, _link)
