"""Writes for staff accounts: creation, login bookkeeping, two-factor, audit.

Failed passwords and failed two-factor codes are counted per account with
an atomic ``UPDATE ... SET n = n + 1`` inside a write transaction, so thirty
wrong attempts at the same moment are thirty counts and the lockout cannot
be raced past. Each failure is logged with the account id and the client
address, never with the password or the code typed.
"""

from __future__ import annotations

import datetime as dt
import logging

from flask import current_app, has_request_context, request
from flask_login import current_user

from ..database import begin_write
from ..extensions import db
from ..i18n import _
from ..text import is_email
from ..timeutil import utcnow
from .credentials import hash_password, hash_recovery_code, new_recovery_codes, password_problem, verify_password
from .models import ROLES, AuditEntry, User

log = logging.getLogger(__name__)


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
    if not is_email(email):
        raise AccountError(_("Ange en giltig e-postadress."))
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise AccountError(_("Okänd eller saknad roll; välj bland %(roles)s.", roles=", ".join(ROLES)))
    problem = password_problem(password, email, name)
    if problem:
        raise AccountError(problem)
    begin_write()
    if find_user(email):
        raise AccountError(_("Det finns redan ett konto med den e-postadressen."))
    user = User(email=email, name=name.strip() or email, roles=sorted(set(roles)),
                password_hash=hash_password(password))
    db.session.add(user)
    audit("konto skapat", email)
    db.session.commit()
    return user


def _client() -> str:
    return request.remote_addr or "okänd" if has_request_context() else "kommandorad"


def _count_failure(user: User, column, what: str) -> None:
    """One more failed ``what`` for ``user``, counted atomically; lock the account at the limit."""
    begin_write()
    failures = db.session.execute(
        db.update(User).where(User.id == user.id).values({column: column + 1}).returning(column)).scalar_one()
    log.warning("Misslyckad %s för konto %s från %s (%d i rad)", what, user.id, _client(), failures)
    if failures >= current_app.config["LOGIN_MAX_FAILURES"]:
        db.session.execute(db.update(User).where(User.id == user.id).values({
            column: 0, User.locked_until: utcnow() + dt.timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])}))
        audit(f"konto låst efter misslyckade {what}ar", user.email, actor=user)
        log.warning("Konto %s låst efter %d misslyckade försök", user.id, failures)
    db.session.commit()
    db.session.expire(user)


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def check_login(email: str, password: str) -> User | None:
    """The user if the password is right and the account open; counts failures.

    Every refusal looks the same to the person logging in.
    """
    user = find_user(email)
    if user is None:
        verify_password(None, password)
        log.warning("Misslyckad inloggning för okänt konto från %s", _client())
        return None
    locked = is_locked(user)
    if not verify_password(user.password_hash, password) or locked or not user.active:
        if locked:
            log.warning("Inloggning till låst konto %s från %s", user.id, _client())
        else:
            _count_failure(user, User.failed_logins, "inloggning")
        return None
    if user.failed_logins or user.locked_until:
        begin_write()
        user.failed_logins = 0
        user.locked_until = None
        db.session.commit()
    return user


def code_failed(user: User) -> None:
    """A wrong two-factor code: counted per account, like wrong passwords."""
    _count_failure(user, User.failed_codes, "kod")


def code_passed(user: User) -> None:
    if user.failed_codes:
        begin_write()
        user.failed_codes = 0
        db.session.commit()


def record_login(user: User) -> None:
    begin_write()
    user.last_login_at = utcnow()
    audit("inloggning", user.email, actor=user)
    db.session.commit()


def end_all_sessions(user: User, reason: str) -> None:
    """Invalidate every session cookie this user has, everywhere."""
    begin_write()
    user.session_version += 1
    audit(reason, user.email, actor=user)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError(_("Det nuvarande lösenordet stämmer inte."))
    problem = password_problem(new, user.email, user.name)
    if problem:
        raise AccountError(problem)
    password_hash = hash_password(new)
    begin_write()
    user.password_hash = password_hash
    user.session_version += 1
    audit("lösenord bytt", user.email, actor=user)
    db.session.commit()


def enable_2fa(user: User, secret: str, step: int) -> list[str]:
    """Turn on two-factor; return the recovery codes to show once."""
    codes = new_recovery_codes()
    begin_write()
    user.totp_secret = secret
    user.totp_last_step = step
    user.recovery_codes = [hash_recovery_code(code) for code in codes]
    audit("tvåstegsinloggning aktiverad", user.email, actor=user)
    db.session.commit()
    return codes


def use_totp_step(user: User, step: int) -> None:
    begin_write()
    user.totp_last_step = step
    user.failed_codes = 0
    db.session.commit()


def use_recovery_code(user: User, code: str) -> bool:
    digest = hash_recovery_code(code)
    if digest not in (user.recovery_codes or []):
        return False
    begin_write()
    if digest not in (user.recovery_codes or []):  # used by a twin request meanwhile
        db.session.commit()
        return False
    user.failed_codes = 0
    user.recovery_codes = [c for c in user.recovery_codes if c != digest]
    audit("reservkod använd", user.email, actor=user)
    db.session.commit()
    return True


def reset_2fa(user: User) -> None:
    begin_write()
    user.totp_secret = None
    user.totp_last_step = None
    user.recovery_codes = []
    user.session_version += 1
    audit("tvåstegsinloggning nollställd", user.email)
    db.session.commit()


def deactivate(user: User) -> None:
    begin_write()
    user.active = False
    user.session_version += 1
    audit("konto avaktiverat", user.email)
    db.session.commit()


def reactivate(user: User) -> None:
    """Open a closed account again, with a clean lockout count.

    The session version moves on as well, so nothing from before the account
    was closed becomes valid again; the person logs in afresh.
    """
    begin_write()
    user.active = True
    user.failed_logins = 0
    user.failed_codes = 0
    user.locked_until = None
    user.session_version += 1
    audit("konto aktiverat igen", user.email)
    db.session.commit()


def set_roles(user: User, roles: list[str]) -> None:
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise AccountError(_("Välj minst en roll."))
    begin_write()
    user.roles = sorted(set(roles))
    user.session_version += 1
    audit("roller ändrade: " + ", ".join(user.roles), user.email)
    db.session.commit()
