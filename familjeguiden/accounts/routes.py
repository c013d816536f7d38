"""Staff login, two-factor, logout and password change. Views stay thin."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..i18n import _
from . import operations
from .access import LOGIN_AT_KEY, MFA_KEY, SEEN_KEY, home_for, safe_next, staff_required
from .credentials import new_totp_secret, provisioning_uri, qr_svg, verify_totp
from .forms import CodeForm, LoginForm, PasswordChangeForm
from .models import User

bp = Blueprint("accounts", __name__, url_prefix="/personal")
PENDING_KEY = "fg_vantar_kod"
ENROL_KEY = "fg_ny_hemlighet"


def _login_error() -> str:
    return _("Fel e-postadress eller lösenord, eller för många försök. Försök igen om en stund.")


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _start_session(user: User, passed_2fa: bool) -> None:
    """A brand-new session for the user: nothing from before survives."""
    session.clear()
    login_user(user)
    now = int(time.time())
    session[MFA_KEY] = passed_2fa
    session[SEEN_KEY] = now
    session[LOGIN_AT_KEY] = now
    operations.record_login(user)


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    form = LoginForm()
    next_url = request.args.get("next")
    if form.validate_on_submit():
        user = operations.check_login(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_login_error())
        elif user.has_2fa:
            session.clear()
            session[PENDING_KEY] = {"user": user.get_id(), "next": safe_next(next_url, ""),
                                    "since": int(time.time())}
            return redirect(url_for("accounts.code"))
        else:
            _start_session(user, passed_2fa=False)
            if current_app.config["REQUIRE_2FA"] and user.needs_2fa:
                return redirect(url_for("accounts.enrol"))
            return redirect(safe_next(next_url, home_for(user)))
    status = 400 if form.errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logga-in/kod", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def code():
    from .access import load_user

    pending = session.get(PENDING_KEY)
    user = load_user(pending["user"]) if pending else None
    if user is None:
        return redirect(url_for("accounts.login"))
    if time.time() - pending.get("since", 0) > current_app.config["TWO_FACTOR_PENDING_SECONDS"]:
        session.pop(PENDING_KEY, None)
        flash(_("Det tog för lång tid att skriva koden. Logga in igen."), "warning")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if operations.is_locked(user):
            session.pop(PENDING_KEY, None)
            form.code.errors.append(_login_error())
            return render_template("accounts/code.html", form=form), 400
        step = verify_totp(user.totp_secret, form.code.data, user.totp_last_step)
        if step is not None:
            operations.use_totp_step(user, step)
        elif not operations.use_recovery_code(user, form.code.data):
            operations.code_failed(user)
            form.code.errors.append(_("Koden stämmer inte. Kontrollera att klockan i telefonen går rätt."))
            return render_template("accounts/code.html", form=form), 400
        _start_session(user, passed_2fa=True)
        return redirect(safe_next(pending.get("next"), home_for(user)))
    return render_template("accounts/code.html", form=form), 400 if form.errors else 200


@bp.route("/tvastegs", methods=["GET", "POST"])
@login_required
def enrol():
    """Turn on two-factor: scan the QR code, confirm with a code, save recovery codes."""
    if current_user.has_2fa:
        return redirect(home_for(current_user))
    secret = session.get(ENROL_KEY) or new_totp_secret()
    session[ENROL_KEY] = secret
    form = CodeForm()
    if form.validate_on_submit():
        step = verify_totp(secret, form.code.data, None)
        if step is None:
            form.code.errors.append(_("Koden stämmer inte. Skanna QR-koden igen och skriv den kod appen visar nu."))
        else:
            codes = operations.enable_2fa(current_user, secret, step)
            session.pop(ENROL_KEY, None)
            session[MFA_KEY] = True
            return render_template("accounts/recovery_codes.html", codes=codes)
    uri = provisioning_uri(secret, current_user.email, current_app.config["TOTP_ISSUER"])
    return render_template("accounts/enrol.html", form=form, qr=qr_svg(uri), secret=secret), \
        400 if form.errors else 200


@bp.post("/logga-ut")
@login_required
def logout():
    operations.end_all_sessions(current_user, "utloggning")
    logout_user()
    session.clear()
    flash(_("Du är utloggad."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/konto", methods=["GET", "POST"])
@staff_required()
def account():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            operations.change_password(current_user, form.current.data, form.new.data)
        except operations.AccountError as error:
            form.new.errors.append(str(error))
        else:
            user = db.session.get(User, current_user.id)
            _start_session(user, passed_2fa=bool(session.get(MFA_KEY)))
            flash(_("Lösenordet är bytt. Du har loggats ut på alla andra enheter."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form), 400 if form.errors else 200


@bp.get("/")
@staff_required()
def start():
    return redirect(home_for(current_user))
