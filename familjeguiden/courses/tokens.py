"""The private link of a sign-up, ``/anmalan/<token>``, made like a case link.

The token is an HMAC of a random per-sign-up salt under the secret key;
the database keeps the salt and a SHA-256 hash of the token (to find the
sign-up), never the token: a copy of the database opens nothing, yet an
e-mail sent later can carry the link (the outbox fills it in at sending).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app

from ..extensions import db
from .models import Signup

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
SIGNUP_PATH = "/anmalan/{token}"  # the route of courses.private; built by hand for use outside requests


def new_salt() -> str:
    return secrets.token_hex(16)


def derive_token(salt: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"anmalan-token:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signup_url(signup: Signup) -> str:
    """The person's full link, in the language version they signed up from."""
    from ..languages import LANGUAGES, SWEDISH

    prefix = LANGUAGES.get(signup.language or SWEDISH, LANGUAGES[SWEDISH]).prefix
    return (current_app.config["PUBLIC_BASE_URL"].rstrip("/") + prefix
            + SIGNUP_PATH.format(token=derive_token(signup.token_salt)))


def find_by_token(token: str) -> Signup | None:
    """The sign-up for a token, or ``None``; malformed tokens never reach the database."""
    if not TOKEN_RE.match(token or ""):
        return None
    digest = hash_token(token)
    signup = db.session.scalar(db.select(Signup).where(Signup.token_hash == digest))
    if signup is None or not signup.token_salt or not hmac.compare_digest(signup.token_hash, digest):
        return None
    return signup
