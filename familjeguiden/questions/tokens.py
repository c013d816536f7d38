"""The private link to a case: ``/arende/<token>``.

The token is an HMAC of a random per-question salt under the app's secret
key. The database stores the salt and a SHA-256 hash of the token (to find
the case), never the token itself: a stolen database opens no case, yet the
app can put the link in a later e-mail. Changing SECRET_KEY invalidates all
links, which is the right outcome if the key leaked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app

from ..extensions import db
from .models import Question

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_salt() -> str:
    return secrets.token_hex(16)


def derive_token(salt: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"arende-token:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


CASE_PATH = "/arende/{token}"  # the route of questions.case; built by hand for use outside requests


def case_url(question: Question) -> str:
    """The asker's full link, for e-mails sent by the outbox worker."""
    token = derive_token(question.token_salt)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + CASE_PATH.format(token=token)


def find_by_token(token: str) -> Question | None:
    """The case for a token, or ``None``; malformed tokens never hit the database."""
    if not TOKEN_RE.match(token or ""):
        return None
    digest = hash_token(token)
    question = db.session.scalar(db.select(Question).where(Question.token_hash == digest))
    if question is None or not hmac.compare_digest(question.token_hash, digest):
        return None
    return question
