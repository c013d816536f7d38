"""Writes for staff accounts: creation, login bookkeeping, two-factor, audit."""

from __future__ import annotations

import datetime as dt

from flask import current_app, has_request_context
from flask_login import current_user

from ..extensions import db
from ..timeutil import utcnow
from .models import ROLES, AuditEntry, User
from .security import hash_password, hash_recovery_code, new_recovery_codes, password_problem, verify_password


class AccountError(ValueError):
    """A Swedish message explaining why an account change was refused."""


def audit(action: str, target: str = "", actor: User | None = None) -> None:
    """Add an audit line to the current transaction (the caller commits)."""
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    db.session.add(AuditEntry(actor_id=actor.id if actor else None,
                              actor_label=actor.name if actor else "System", action=action, target=target))


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email.strip().lower()))


def create_user(email: str, name: str, roles: list[str], password: str) -> User:
    email = email.strip().lower()
    if "@" not in email or any(ch.isspace() for ch in email):
        raise AccountError("Ange en giltig e-postadress.")
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise AccountError(f"Okänd eller saknad roll; välj bland {', '.join(ROLES)}.")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user(email):
        raise AccountError("Det finns redan ett konto med den e-postadressen.")
    user = User(email=email, name=name.strip() or email, roles=sorted(set(roles)),
                password_hash=hash_password(password))
    db.session.add(user)
    audit("konto skapat", email)
    db.session.commit()
    return user


def check_login(email: str, password: str) -> User | None:
    """The user if the password is right and the account open; counts failures.

    Every refusal looks the same to the person logging in.
    """
    user = find_user(email)
    now = utcnow()
    if user is None:
        verify_password(None, password)
        return None
    locked = user.locked_until is not None and user.locked_until > now
    if not verify_password(user.password_hash, password) or locked or not user.active:
        if not locked:
            user.failed_logins += 1
            if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
                user.locked_until = now + dt.timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
                user.failed_logins = 0
                audit("konto låst efter misslyckade inloggningar", user.email, actor=user)
        db.session.commit()
        return None
    user.failed_logins = 0
    user.locked_until = None
    db.session.commit()
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    audit("inloggning", user.email, actor=user)
    db.session.commit()


def end_all_sessions(user: User, reason: str) -> None:
    """Invalidate every session cookie this user has, everywhere."""
    user.session_version += 1
    audit(reason, user.email, actor=user)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError("Det nuvarande lösenordet stämmer inte.")
    problem = password_problem(new)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    end_all_sessions(user, "lösenord bytt")


def enable_2fa(user: User, secret: str, step: int) -> list[str]:
    """Turn on two-factor; return the recovery codes to show once."""
    codes = new_recovery_codes()
    user.totp_secret = secret
    user.totp_last_step = step
    user.recovery_codes = [hash_recovery_code(code) for code in codes]
    audit("tvåstegsinloggning aktiverad", user.email, actor=user)
    db.session.commit()
    return codes


def use_totp_step(user: User, step: int) -> None:
    user.totp_last_step = step
    db.session.commit()


def use_recovery_code(user: User, code: str) -> bool:
    digest = hash_recovery_code(code)
    if digest not in (user.recovery_codes or []):
        return False
    user.recovery_codes = [c for c in user.recovery_codes if c != digest]
    audit("reservkod använd", user.email, actor=user)
    db.session.commit()
    return True


def reset_2fa(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    user.recovery_codes = []
    user.session_version += 1
    audit("tvåstegsinloggning nollställd", user.email)
    db.session.commit()


def deactivate(user: User) -> None:
    user.active = False
    user.session_version += 1
    audit("konto avaktiverat", user.email)
    db.session.commit()


def reactivate(user: User) -> None:
    """Open a closed account again, with a clean lockout count.

    The session version moves on as well, so nothing from before the account
    was closed becomes valid again; the person logs in afresh.
    """
    user.active = True
    user.failed_logins = 0
    user.locked_until = None
    user.session_version += 1
    audit("konto aktiverat igen", user.email)
    db.session.commit()


def set_roles(user: User, roles: list[str]) -> None:
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise AccountError("Välj minst en roll.")
    user.roles = sorted(set(roles))
    user.session_version += 1
    audit("roller ändrade: " + ", ".join(user.roles), user.email)
    db.session.commit()
