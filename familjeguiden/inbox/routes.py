"""The coordinator's inbox and case view. Views are thin: operations write."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.access import staff_required
from ..accounts.models import User
from ..extensions import db
from ..mail.models import OutboundEmail
from ..pages.catalogue import get_catalogue
from ..questions.models import STATUSES, Question
from ..taxonomy import AGE_GROUPS, TOPICS
from ..timeutil import utcnow
from . import forms, operations
from .models import Referral, ReplyTemplate
from .queries import InboxFilters, inbox_page, is_overdue, reply_templates

bp = Blueprint("inbox", __name__)
COORDINATOR = "coordinator"
STALE = ("Ärendet har ändrats av någon annan sedan du öppnade det. Inget sparades. Läs det som hänt och "
         "försök igen.")


def _filters_from_request() -> InboxFilters:
    args = request.args
    status = args.get("status", "ny")
    return InboxFilters(
        status=status if status in STATUSES else "ny",
        topic=args.get("amne", "") if args.get("amne", "") in TOPICS else "",
        age_group=args.get("alder", "") if args.get("alder", "") in AGE_GROUPS else "",
        assignee=args.get("handlaggare", "")[:10],
        overdue=args.get("forsenad") == "1",
        urgent=args.get("akut") == "1",
        text=args.get("q", "")[:200],
        page=int(args.get("sida", "1")) if args.get("sida", "1").isdigit() else 1,
    )


@bp.get("/personal/inkorg")
@staff_required(COORDINATOR)
def index():
    filters = _filters_from_request()
    result = inbox_page(filters, current_user.id)
    return render_template("inbox/index.html", result=result, filters=filters, statuses=STATUSES,
                           colleagues=_colleagues())


def _case_or_404(code: str) -> Question:
    question = db.session.scalar(db.select(Question).where(Question.code == code))
    if question is None:
        abort(404)
    return question


def _action_forms(question: Question) -> dict:
    """One form per action, each carrying the version shown on the page."""
    catalogue = get_catalogue()
    version = {"version": question.version}
    built = {
        "take": forms.CaseActionForm(formdata=None, data=version),
        "assign": forms.AssignForm(formdata=None, data=version),
        "reply": forms.ReplyForm(formdata=None, data=version),
        "refer": forms.ReferForm(formdata=None, data=version),
        "note": forms.NoteForm(formdata=None, data=version),
        "status": forms.StatusForm(formdata=None, data=dict(version, status=question.status)),
        "close": forms.CloseForm(formdata=None, data=version),
        "spam": forms.CaseActionForm(formdata=None, data=version),
    }
    built["assign"].assignee.choices = _colleague_choices()
    built["refer"].services.choices = [(s.slug, s.title) for s in catalogue.services]
    # Both forms name their text "body"; distinct ids keep each label tied to its own field.
    built["reply"].body.id = "svar-text"
    built["note"].body.id = "anteckning-text"
    return built


def _colleagues() -> list[User]:
    users = db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.name)).all()
    return [u for u in users if u.has_role(COORDINATOR)]


def _colleague_choices() -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in _colleagues()]


def _suggestions(question: Question) -> list:
    """The top three services the public search finds for the question text."""
    from ..search import search

    try:
        return search(question.message[:200], per_page=3).hits[:3]
    except Exception:  # noqa: BLE001 - a search problem must never hide the case
        current_app.logger.exception("Förslag kunde inte tas fram för ett ärende")
        return []


@bp.get("/personal/inkorg/<code>")
@staff_required(COORDINATOR)
def case(code: str):
    question = _case_or_404(code)
    operations.record_read(question, current_user)
    emails = db.session.scalars(
        db.select(OutboundEmail).where(OutboundEmail.question_id == question.id).order_by(OutboundEmail.id)
    ).all()
    action_forms = _action_forms(question)
    template_id = request.args.get("mall", 0, type=int)
    chosen = db.session.get(ReplyTemplate, template_id) if template_id > 0 else None
    if chosen is not None:
        # Picking a template is a plain link: the server fills in the reply, no script needed.
        action_forms["reply"].body.data = chosen.body
    return render_template(
        "inbox/case.html", question=question, forms=action_forms, emails=emails,
        reply_templates=reply_templates(question.topic), chosen_template=chosen,
        suggestions=_suggestions(question), overdue=is_overdue(question, utcnow()),
        retry_form=forms.RetryForm(formdata=None, data={"version": question.version}),
        referral_form=forms.ReferralStatusForm(formdata=None, data={"version": question.version}),
    )


#: action name -> (form class, function that performs it with the valid form)
ACTIONS = {
    "ta": (forms.CaseActionForm, lambda q, f: operations.assign(q, current_user, current_user, f.version.data),
           "Du har tagit ärendet."),
    "tilldela": (forms.AssignForm, lambda q, f: operations.assign(
        q, current_user, db.get_or_404(User, f.assignee.data), f.version.data), "Ärendet är tilldelat."),
    "svara": (forms.ReplyForm, lambda q, f: operations.reply(
        q, current_user, f.body.data, f.channel.data, f.version.data, f.call_date.data), "Svaret är sparat."),
    "lotsa": (forms.ReferForm, lambda q, f: operations.refer(
        q, current_user, f.services.data, f.note.data, f.share_contact.data == "ja", f.version.data),
        "Ärendet är lotsat."),
    "anteckning": (forms.NoteForm, lambda q, f: operations.note(q, current_user, f.body.data, f.version.data),
                   "Anteckningen är sparad."),
    "status": (forms.StatusForm, lambda q, f: operations.change_status(
        q, current_user, f.status.data, f.version.data), "Statusen är ändrad."),
    "skrap": (forms.CaseActionForm, lambda q, f: operations.change_status(
        q, current_user, "skrap", f.version.data), "Ärendet är markerat som skräp."),
    "avsluta": (forms.CloseForm, lambda q, f: operations.close(q, current_user, f.outcome.data, f.version.data),
                "Ärendet är avslutat."),
    "epost-igen": (forms.RetryForm, lambda q, f: operations.retry_email(
        q, current_user, f.email_id.data, f.version.data), "E-postmeddelandet köades igen."),
    "lotsning-status": (forms.ReferralStatusForm, lambda q, f: operations.set_referral_status(
        q, current_user, f.referral_id.data, f.referral_status.data, f.version.data),
        "Lotsningens status är ändrad."),
}


@bp.post("/personal/inkorg/<code>/<action>")
@staff_required(COORDINATOR)
def act(code: str, action: str):
    if action not in ACTIONS:
        abort(404)
    question = _case_or_404(code)
    form_class, perform, done = ACTIONS[action]
    form = form_class()
    if isinstance(form, forms.AssignForm):
        form.assignee.choices = _colleague_choices()
    if isinstance(form, forms.ReferForm):
        form.services.choices = [(s.slug, s.title) for s in get_catalogue().services]
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("inbox.case", code=code), code=303)
    try:
        perform(question, form)
    except operations.StaleCase:
        db.session.rollback()
        flash(STALE, "error")
    except operations.ActionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("inbox.case", code=code), code=303)


@bp.route("/lotsning/<token>", methods=["GET", "POST"])
def confirm_referral(token: str):
    """A service confirms a referral through the signed link in its e-mail."""
    referral: Referral | None = operations.referral_from_token(token)
    if referral is None:
        abort(404)
    if request.method == "POST":
        form = forms.SwedishForm()
        if form.validate():
            try:
                operations.confirm_referral(referral, request.form.get("svar", ""))
            except operations.ActionError as error:
                flash(str(error), "error")
            else:
                flash("Tack! Familjeguiden har fått ert svar.", "success")
            return redirect(url_for("inbox.confirm_referral", token=token), code=303)
    response = render_template("inbox/confirm_referral.html", referral=referral, form=forms.SwedishForm())
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                           "X-Robots-Tag": "noindex, nofollow"}
