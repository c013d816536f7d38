"""Who may see a staff page: login, idle timeout, two-factor and roles.

Every staff view is wrapped in ``staff_required(*roles)``. The decorator
records the roles on the view (``view.staff_roles``) so a test can walk the
whole URL map and prove that each staff route refuses everyone else.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from ..extensions import db, login_manager
from ..i18n import _
from .models import User

SEEN_KEY = "fg_senast"
MFA_KEY = "fg_2fa"
LOGIN_AT_KEY = "fg_inloggad"


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Load the user only if the cookie's session version is still current."""
    try:
        user_id, version = (int(part) for part in identity.split(":"))
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def two_factor_pending(user: User) -> bool:
    """True while a user who must use two-factor has not passed it this session."""
    if not current_app.config["REQUIRE_2FA"] or not user.needs_2fa:
        return False
    return not session.get(MFA_KEY)


def staff_required(*roles: str):
    """Require a logged-in, active staff user with one of ``roles`` (any if empty)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            idle = current_app.config["STAFF_IDLE_MINUTES"] * 60
            longest = current_app.config["STAFF_SESSION_MAX_HOURS"] * 3600
            now = int(time.time())
            if now - session.get(SEEN_KEY, now) > idle:
                return _end_session(_("Du loggades ut eftersom du inte gjort något på en stund. Logga in igen."))
            if now - session.get(LOGIN_AT_KEY, 0) > longest:
                return _end_session(_("Du har varit inloggad länge, så du loggades ut. Logga in igen."))
            session[SEEN_KEY] = now
            if two_factor_pending(current_user):
                return redirect(url_for("accounts.enrol" if not current_user.has_2fa else "accounts.login"))
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.staff_roles = roles
        return wrapped

    return decorator


def _end_session(message: str):
    logout_user()
    session.clear()
    flash(message, "warning")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def safe_next(target: str | None, default: str) -> str:
    """Only local paths are followed after login; anything else goes to ``default``."""
    if not target:
        return default
    decoded = unquote(unquote(target))
    if (not target.startswith("/") or decoded.startswith(("//", "/\\")) or "\\" in decoded
            or any(ord(ch) < 32 for ch in decoded)):
        return default
    parts = urlsplit(decoded)
    if parts.scheme or parts.netloc:
        return default
    return target


def home_for(user: User) -> str:
    """Where a staff member lands after logging in."""
    if user.has_role("coordinator") and "inbox.index" in current_app.view_functions:
        return url_for("inbox.index")
    if user.has_role("editor", "admin") and "editor.index" in current_app.view_functions:
        return url_for("editor.index")
    if user.has_role("course_leader") and "courses_staff.index" in current_app.view_functions:
        return url_for("courses_staff.index")
    return url_for("accounts.account")
