"""Admin views: staff accounts, the audit trail, export and deletion of a question.

Views are thin: every write goes through ``admin.operations``.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.access import staff_required
from ..accounts.models import AuditEntry, User
from ..extensions import db
from ..forms import SwedishForm
from ..i18n import _, _l
from ..questions.models import Question
from . import operations
from .forms import ConfirmDeleteForm, CreateUserForm, RolesForm

bp = Blueprint("admin", __name__, url_prefix="/personal/admin")
ADMIN = "admin"
AUDIT_LINES = 50


def _users() -> list[User]:
    return db.session.scalars(db.select(User).order_by(User.active.desc(), User.name)).all()


def _users_page(form: CreateUserForm, status: int = 200):
    return render_template("admin/users.html", users=_users(), form=form), status


@bp.get("/anvandare")
@staff_required(ADMIN)
def users():
    return _users_page(CreateUserForm(formdata=None))


@bp.post("/anvandare/ny")
@staff_required(ADMIN)
def create_user():
    form = CreateUserForm()
    if form.validate():
        try:
            user = operations.accounts.create_user(form.email.data, form.name.data, form.roles.data,
                                                   form.password.data)
        except operations.AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            flash(_("Kontot för %(name)s är skapat. Hen väljer tvåstegsinloggning vid första inloggningen.",
                    name=user.name), "success")
            return redirect(url_for("admin.user", user_id=user.id), code=303)
    return _users_page(form, 400)


def _user_page(user: User, roles_form: RolesForm | None = None, status: int = 200):
    roles_form = roles_form or RolesForm(formdata=None, data={"roles": list(user.roles or [])})
    return render_template("admin/user.html", user=user, roles_form=roles_form, form=SwedishForm()), status


@bp.get("/anvandare/<int:user_id>")
@staff_required(ADMIN)
def user(user_id: int):
    return _user_page(db.get_or_404(User, user_id))


def _account_action(user_id: int, perform, done):
    """Run one account change from a POST with a valid CSRF token; say what happened.

    ``done`` is a lazy text with a ``%(name)s`` placeholder, filled in here.
    """
    user = db.get_or_404(User, user_id)
    if not SwedishForm().validate_on_submit():
        flash(_("Sidan var för gammal. Försök igen."), "error")
    else:
        try:
            perform(user)
        except operations.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(done % {"name": user.name}, "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.post("/anvandare/<int:user_id>/roller")
@staff_required(ADMIN)
def set_roles(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RolesForm()
    if not form.validate():
        return _user_page(user, form, 400)
    own = user.id == current_user.id
    try:
        operations.change_roles(current_user, user, form.roles.data)
    except operations.AccountError as error:
        db.session.rollback()
        form.roles.errors.append(str(error))
        return _user_page(user, form, 400)
    if own:
        # Changing roles ends the user's sessions, including this one.
        flash(_("Dina roller är ändrade. Logga in igen."), "success")
        return redirect(url_for("accounts.login"), code=303)
    flash(_("Rollerna för %(name)s är ändrade. Hen behöver logga in igen.", name=user.name), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.post("/anvandare/<int:user_id>/avaktivera")
@staff_required(ADMIN)
def deactivate(user_id: int):
    return _account_action(user_id, lambda user: operations.deactivate_user(current_user, user),
                           _l("Kontot för %(name)s är avaktiverat och alla inloggningar är avslutade."))


@bp.post("/anvandare/<int:user_id>/aktivera")
@staff_required(ADMIN)
def reactivate(user_id: int):
    return _account_action(user_id, lambda user: operations.reactivate_user(current_user, user),
                           _l("Kontot för %(name)s är aktivt igen. Hen kan logga in med sitt lösenord."))


@bp.post("/anvandare/<int:user_id>/nollstall-2fa")
@staff_required(ADMIN)
def reset_2fa(user_id: int):
    return _account_action(user_id, lambda user: operations.reset_user_2fa(current_user, user),
                           _l("Tvåstegsinloggningen för %(name)s är nollställd. Hen väljer en ny vid nästa "
                              "inloggning."))


@bp.get("/logg")
@staff_required(ADMIN)
def audit_log():
    entries = db.session.scalars(
        db.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(AUDIT_LINES)).all()
    return render_template("admin/audit.html", entries=entries, limit=AUDIT_LINES)


def _question_or_404(code: str) -> Question:
    question = db.session.scalar(db.select(Question).where(Question.code == code))
    if question is None:
        abort(404)
    return question


@bp.get("/arenden/<code>/export")
@staff_required(ADMIN)
def export_case(code: str):
    """Everything stored about one question as a JSON file (registerutdrag)."""
    data = operations.export_case(_question_or_404(code), current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="registerutdrag-{code}.json"',
        "Cache-Control": "no-store"})


@bp.route("/arenden/<code>/radera", methods=["GET", "POST"])
@staff_required(ADMIN)
def delete_case(code: str):
    question = _question_or_404(code)
    form = ConfirmDeleteForm()
    if form.validate_on_submit():
        operations.delete_case(question, current_user)
        flash(_("Ärende %(code)s och allt som hörde till det är raderat.", code=code), "success")
        target = "inbox.index" if current_user.has_role("coordinator") else "admin.users"
        return redirect(url_for(target), code=303)
    return render_template("admin/delete_case.html", question=question, form=form), 400 if form.errors else 200
