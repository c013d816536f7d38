"""Helpers that build staff users and log them in like a person would."""

from __future__ import annotations

import re
import time

import pyotp

from familjeguiden.accounts import operations
from familjeguiden.accounts.models import User
from familjeguiden.extensions import db

PASSWORD = "ett-långt-lösenord-2026"


def make_user(email: str, roles: list[str], name: str | None = None, totp: bool = False) -> User:
    user = operations.create_user(email, name or email.split("@")[0].title(), roles, PASSWORD)
    if totp:
        secret = pyotp.random_base32()
        operations.enable_2fa(user, secret, step=0)
    return user


def totp_code(user: User, offset_steps: int = 0) -> str:
    return pyotp.TOTP(user.totp_secret).at(time.time() + 30 * offset_steps)


def login(client, user: User, password: str = PASSWORD, next_url: str | None = None):
    """Log in with password and, when the user has it, a fresh TOTP code."""
    url = "/personal/logga-in" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, data={"email": user.email, "password": password})
    if response.status_code == 302 and response.headers["Location"].endswith("/personal/logga-in/kod"):
        db.session.refresh(user)
        step_code = totp_code(user)
        if user.totp_last_step is not None and user.totp_last_step >= int(time.time() // 30):
            step_code = totp_code(user, offset_steps=1)
        response = client.post("/personal/logga-in/kod", data={"code": step_code})
    return response


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
