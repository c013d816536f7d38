"""Passwords, TOTP codes and recovery codes.

Passwords use argon2id with argon2-cffi's defaults (RFC 9106 low-memory
profile). TOTP follows RFC 6238 with pyotp; a code is accepted once (the
last used time step is stored) within one step of clock drift. Recovery
codes are random, so a plain SHA-256 of each is enough to store them.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
import time

import pyotp
import qrcode
import qrcode.image.svg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from markupsafe import Markup

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
#: Verified against when the e-mail is unknown, so a wrong address takes as
#: long as a wrong password and reveals nothing.
_DUMMY_HASH = _hasher.hash("inte-ett-riktigt-lösenord")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """A Swedish explanation of why a password is too weak, or ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken."
    if len(set(password)) < 5:
        return "Lösenordet har för få olika tecken."
    return None


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(data: str) -> Markup:
    """The QR code as inline SVG, drawn here: no external service sees the secret."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg"):]
    # Safe: the SVG is drawn by the qrcode library from our own provisioning URI, no user markup.
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR-kod för tvåstegsinloggning" ', 1))  # noqa: S704  # nosec B704


def verify_totp(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The time step the code belongs to, if valid and not used before."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    current = int(now // totp.interval)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if last_step is not None and step <= last_step:
                return None
            return step
    return None


def new_recovery_codes(count: int = 10) -> list[str]:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return ["-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2)) for _ in range(count)]


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace(" ", "").encode()).hexdigest()
