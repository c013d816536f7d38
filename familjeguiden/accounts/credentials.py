"""Passwords, TOTP codes and recovery codes.

Passwords use argon2id with argon2-cffi's defaults (RFC 9106 low-memory
profile). A new password must be at least 12 characters, must not contain
the account's e-mail address, its local part or the person's name, and
must not be guessable: zxcvbn (Dropbox's estimator, with its lists of
common and leaked passwords, names and words) must rate it at least 3 of
4, with the person's own details and common Swedish password words added
to its dictionary (NIST SP 800-63B 5.1.1.2: check against lists of
commonly used, expected or compromised values).

TOTP follows RFC 6238 with pyotp; a code is accepted once (the last used
time step is stored) within one step of clock drift. Recovery codes are
random, so a plain SHA-256 of each is enough to store them.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import secrets
import time
from functools import cache

import pyotp
import qrcode
import qrcode.image.svg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from markupsafe import Markup, escape

from ..i18n import _

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so a wrong address takes as long as a wrong password.

    Made at the first login a worker sees, not at import: an argon2id hash
    takes 64 MiB while it is computed, and every worker that imported the
    app would otherwise reach that peak without anyone logging in. The
    cost: the first unknown address a worker sees takes one hash longer,
    once per worker, which tells an attacker nothing about any address.
    """
    return _hasher.hash("inte-ett-riktigt-lösenord")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


MIN_STRENGTH = 3
#: Words Swedish users put in passwords that zxcvbn's (English) lists do not know.
SWEDISH_PASSWORD_WORDS = (
    "lösenord", "losenord", "hemligt", "hemlig", "sommar", "vinter", "hösten", "våren", "hejsan", "hejhej",
    "sverige", "stockholm", "göteborg", "malmö", "kommun", "kommunen", "familj", "familjen", "familjeguiden",
    "exempelby", "personal", "samordnare", "redaktör", "admin", "välkommen", "valkommen", "kärlek", "älskling",
)


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a new password is not good enough (in Swedish), or ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Lösenordet måste ha minst %(min)d tecken.", min=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    email = (email or "").strip().lower()
    personal = [part for part in [email, email.split("@")[0], *re.split(r"[\s.\-_@]+", f"{name} {email}")]
                if len(part) >= 3 and part not in ("com", "org", "net", "www")]
    if any(part in lowered for part in personal):
        return _("Lösenordet får inte innehålla din e-postadress eller ditt namn.")
    if len(set(password)) < 5:
        return _("Lösenordet har för få olika tecken.")
    from zxcvbn import zxcvbn  # here, not at import: its word lists take some 15 MB in every worker

    if zxcvbn(password[:100], user_inputs=personal + list(SWEDISH_PASSWORD_WORDS))["score"] < MIN_STRENGTH:
        return _("Lösenordet är för lätt att gissa: det liknar lösenord som många använder eller som har "
                 "läckt. Välj en mening med några ord som inte hör ihop.")
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
    label = str(escape(_("QR-kod för tvåstegsinloggning")))
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S704  # nosec B704


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
