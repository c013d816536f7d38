"""Staff accounts and the audit trail of staff actions.

``session_version`` is part of the identity stored in the session cookie
(``"<id>:<version>"``). Logging out or changing the password increments
it, so every cookie issued before, on any device, stops working at once.
"""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..i18n import _l
from ..timeutil import utcnow

ROLES = {
    "coordinator": _l("Samordnare"),
    "editor": _l("Redaktör"),
    "admin": _l("Administratör"),
    "course_leader": _l("Kursledare"),
}
#: Roles that must use two-factor login when REQUIRE_2FA is on (course leaders see participants' contacts).
ROLES_NEEDING_2FA = {"coordinator", "admin", "course_leader"}


class User(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    roles: Mapped[list] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    recovery_codes: Mapped[list] = mapped_column(JSON, default=list)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    #: Wrong two-factor codes in a row; at LOGIN_MAX_FAILURES the account locks like for passwords.
    failed_codes: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    def has_role(self, *roles: str) -> bool:
        return bool(set(self.roles or ()) & set(roles))

    @property
    def has_2fa(self) -> bool:
        return bool(self.totp_secret)

    @property
    def needs_2fa(self) -> bool:
        return bool(set(self.roles or ()) & ROLES_NEEDING_2FA)

    @property
    def role_labels(self) -> str:
        return ", ".join(str(ROLES.get(r, r)) for r in self.roles or ())

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class AuditEntry(db.Model):
    """Who did what to accounts, pages and data, and when. Append-only."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
