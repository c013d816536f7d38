"""The private link of a sign-up, ``/anmalan/<token>``, made like a case link.

The token is an HMAC of a random per-sign-up salt under the secret key;
the database keeps the salt and a SHA-256 hash of the token (to find the
sign-up), never the token: a copy of the database opens nothing, yet an
e-mail sent later can carry the link (the outbox fills it in at sending).

Without the link (a phone-only sign-up on a borrowed computer, a lost
bookmark), ``/anmalan`` opens the page with the sign-up code (``KURS-0012``,
the id: not secret) and four words derived from the same salt, as the word
code of a case (``questions.tokens``): nothing more is stored.
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
CODE_RE = re.compile(r"^KURS-?(\d{1,9})$")
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


def signup_code(signup: Signup) -> str:
    return f"KURS-{signup.id:04d}"


def signup_words(signup: Signup) -> list[str]:
    """The four words of a sign-up (another HMAC purpose than the case words: the salt is prefixed)."""
    from ..questions.tokens import derive_words

    return derive_words("anmalan:" + signup.token_salt)


def find_by_word_code(code: str, typed_words: str) -> Signup | None:
    """The sign-up whose code and four words both match, or ``None``."""
    from ..questions.tokens import read_words

    match = CODE_RE.match(re.sub(r"\s+", "", code or "").upper())
    words = read_words(typed_words)
    if match is None or words is None:
        return None
    signup = db.session.get(Signup, int(match.group(1)))
    if signup is None or not signup.token_salt:
        return None
    expected = " ".join(signup_words(signup))
    return signup if hmac.compare_digest(expected.encode(), " ".join(words).encode()) else None
