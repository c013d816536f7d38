"""The coordinator's inbox and case view. Views are thin: operations write."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..accounts.access import staff_required
from ..accounts.models import User
from ..extensions import db
from ..i18n import _, _l, ngettext
from ..languages import FULL, LANGUAGES
from ..mail.models import OutboundEmail
from ..pages.catalogue import get_catalogue
from ..questions import lifecycle
from ..questions.models import Question
from ..taxonomy import AGE_GROUPS, TOPICS
from ..timeutil import from_local
from . import concerns, forms, operations
from .models import ConcernReport, Referral, ReferralRecipient, ReplyTemplate
from .queries import InboxFilters, inbox_page, reply_templates

bp = Blueprint("inbox", __name__)
COORDINATOR = "coordinator"
#: The cases this staff session has opened (ids, newest last; a login starts a new session).
READ_KEY = "fg_lasta_arenden"
READ_KEPT = 200


def _stale_message() -> str:
    return _("Ärendet har ändrats av någon annan sedan du öppnade det. Inget sparades. Läs det som hänt och "
             "försök igen.")


def _filters_from_request() -> InboxFilters:
    args = request.args
    status = args.get("status", lifecycle.Status.NEW)
    return InboxFilters(
        status=status if status in lifecycle.LABELS else lifecycle.Status.NEW,
        topic=args.get("amne", "") if args.get("amne", "") in TOPICS else "",
        age_group=args.get("alder", "") if args.get("alder", "") in AGE_GROUPS else "",
        assignee=args.get("handlaggare", "")[:10],
        overdue=args.get("forsenad") == "1",
        urgent=args.get("akut") == "1",
        text=args.get("q", "")[:200],
        language=args.get("sprak", "") if args.get("sprak", "") in FULL else "",
        interpreter=args.get("tolk") == "1",
        page=min(int(args.get("sida", "1")), 100_000) if args.get("sida", "1").isdigit() else 1,
    )


@bp.get("/personal/inkorg")
@staff_required(COORDINATOR)
def index():
    filters = _filters_from_request()
    result = inbox_page(filters, current_user.id)
    return render_template("inbox/index.html", result=result, filters=filters, statuses=lifecycle.LABELS,
                           can_spam=filters.status in lifecycle.ACTIONS["skrap"],
                           colleagues=_colleagues(), spam_form=forms.BulkSpamForm(formdata=None),
                           languages=[LANGUAGES[code] for code in FULL], language_names=LANGUAGES)


@bp.post("/personal/inkorg/skrap")
@staff_required(COORDINATOR)
def bulk_spam():
    form = forms.BulkSpamForm()
    back = url_for("inbox.index", status=request.form.get("status") or None)
    if not form.validate():
        flash(_("Välj minst ett ärende att markera som skräp."), "error")
        return redirect(back, code=303)
    marked, left = operations.mark_many_as_spam([c[:20] for c in form.codes.data[:500]], current_user)
    flash(ngettext("%(num)d ärende markerades som skräp.", "%(num)d ärenden markerades som skräp.", marked)
          + (" " + ngettext("%(num)d kunde inte markeras (det har ändrats eller är redan avslutat).",
                            "%(num)d kunde inte markeras (de har ändrats eller är redan avslutade).", left)
             if left else ""), "success")
    return redirect(back, code=303)


def _case_or_404(code: str) -> Question:
    question = db.session.scalar(db.select(Question).where(Question.code == code[:20]))
    if question is None:
        abort(404)
    return question


def _action_forms(question: Question) -> dict:
    """One form per possible action, each carrying the version shown and the current values."""
    version = {"version": question.version}
    built = {
        "take": forms.CaseActionForm(formdata=None, data=version),
        "assign": forms.AssignForm(formdata=None, data=dict(version, assignee=question.assignee_id)),
        "reply": forms.ReplyForm(formdata=None, data=version),
        "refer": forms.ReferForm(formdata=None, data=version),
        "note": forms.NoteForm(formdata=None, data=version),
        "status": forms.StatusForm(formdata=None, data=dict(version, status=question.status)),
        "close": forms.CloseForm(formdata=None, data=version),
        "spam": forms.CaseActionForm(formdata=None, data=version),
        "reopen": forms.CaseActionForm(formdata=None, data=version),
        "concern": forms.ConcernForm(formdata=None, data=dict(
            version, made_by=current_user.name, recipient=_("Socialtjänsten, mottagningen för barn och unga"))),
        "concern_done": forms.ConcernDoneForm(formdata=None, data=version),
    }
    for form in built.values():
        _with_choices(question, form)
    built["reply"].issue_key()
    # Both forms name their text "body"; distinct ids keep each label tied to its own field.
    built["reply"].body.id = "svar-text"
    built["note"].body.id = "anteckning-text"
    return built


def _with_choices(question: Question, form) -> None:
    """Choices that depend on the colleagues, the services or the case's state."""
    if isinstance(form, forms.AssignForm):
        choices = [(u.id, u.name) for u in _colleagues()]
        if not any(user_id == question.assignee_id for user_id, _name in choices):
            choices.insert(0, (0, _("Välj kollega")))  # nobody (or someone inactive): nothing preselected
        form.assignee.choices = choices
    elif isinstance(form, forms.ReferForm):
        form.services.choices = [(s.slug, s.title) for s in get_catalogue().services]
    elif isinstance(form, forms.StatusForm):
        form.status.choices = [(s.value, lifecycle.label(s)) for s in lifecycle.status_choices(question)]


def _colleagues() -> list[User]:
    users = db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.name)).all()
    return [u for u in users if u.has_role(COORDINATOR)]


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
    operations.record_read(question, current_user, _first_read_in_session(question))
    emails = db.session.scalars(
        db.select(OutboundEmail).where(OutboundEmail.question_id == question.id).order_by(OutboundEmail.id)
    ).all()
    action_forms = _action_forms(question)
    template_id = request.args.get("mall", 0, type=int)
    chosen = db.session.get(ReplyTemplate, template_id) if 0 < template_id < 2 ** 31 else None
    if chosen is not None:
        # Picking a template is a plain link: the server fills in the reply, no script needed.
        action_forms["reply"].body.data = chosen.body
    return render_template(
        "inbox/case.html", question=question, forms=action_forms, emails=emails,
        possible=lifecycle.actions_for(question), reply_templates=reply_templates(question.topic, question.language),
        chosen_template=chosen, suggestions=_suggestions(question), overdue=lifecycle.is_overdue(question),
        retry_form=forms.RetryForm(formdata=None, data={"version": question.version}),
        referral_form=forms.ReferralStatusForm(formdata=None, data={"version": question.version}),
        recipients={r.service_slug: r.email for r in _recipients()}, languages=LANGUAGES,
    )


def _first_read_in_session(question: Question) -> bool:
    """Whether this staff session opens the case for the first time (and remember that it has)."""
    read = session.get(READ_KEY, [])
    if question.id in read:
        return False
    session[READ_KEY] = [*read, question.id][-READ_KEPT:]
    return True


def _recipients():
    return db.session.scalars(db.select(ReferralRecipient)).all()


def _concern_details(form: forms.ConcernForm) -> concerns.ConcernDetails:
    made_at = from_local(form.made_at.data) if form.made_at.data else None
    return concerns.ConcernDetails(
        state=form.state.data, made_by=form.made_by.data, made_at=made_at, channel=form.via.data,
        recipient=form.recipient.data, shared=form.shared.data, include_question=form.include_question.data,
        include_contact=form.include_contact.data, include_age=form.include_age.data,
        reference=form.reference.data, asker_note=form.asker_note.data)


def _concern_done(question, form):
    report = db.session.get(ConcernReport, form.report_id.data)
    if report is None or report.question_id != question.id:
        raise operations.ActionError(_("Välj en anmälan ur listan."))
    concerns.mark_made(report, current_user, reference=form.reference.data)


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


#: action name -> (form class, function that performs it with the valid form, confirmation)
ACTIONS = {
    "ta": (forms.CaseActionForm, lambda q, f: operations.assign(q, current_user, current_user, f.version.data),
           _l("Du har tagit ärendet.")),
    "tilldela": (forms.AssignForm, lambda q, f: operations.assign(
        q, current_user, _user_or_404(f.assignee.data), f.version.data), _l("Ärendet är tilldelat.")),
    "svara": (forms.ReplyForm, lambda q, f: operations.reply(
        q, current_user, f.body.data, f.channel.data, f.version.data, f.call_date.data, f.form_key.data),
        _l("Svaret är sparat.")),
    "lotsa": (forms.ReferForm, lambda q, f: operations.refer(
        q, current_user, f.services.data, f.note.data, f.share_contact.data == "ja", f.version.data),
        _l("Ärendet är lotsat.")),
    "anteckning": (forms.NoteForm, lambda q, f: operations.note(q, current_user, f.body.data),
                   _l("Anteckningen är sparad.")),
    "status": (forms.StatusForm, lambda q, f: operations.change_status(
        q, current_user, f.status.data, f.version.data), _l("Statusen är ändrad.")),
    "skrap": (forms.CaseActionForm, lambda q, f: operations.mark_spam(q, current_user, f.version.data),
              _l("Ärendet är markerat som skräp.")),
    "avsluta": (forms.CloseForm, lambda q, f: operations.close(q, current_user, f.outcome.data, f.version.data),
                _l("Ärendet är avslutat.")),
    "oppna-igen": (forms.CaseActionForm, lambda q, f: operations.reopen(q, current_user, f.version.data),
                   _l("Ärendet är öppnat igen.")),
    "orosanmalan": (forms.ConcernForm, lambda q, f: concerns.record_concern(
        q, current_user, _concern_details(f), f.version.data), _l("Orosanmälan är sparad i ärendet.")),
    "orosanmalan-gjord": (forms.ConcernDoneForm, _concern_done, _l("Orosanmälan är markerad som gjord.")),
    "epost-igen": (forms.RetryForm, lambda q, f: operations.retry_email(
        q, current_user, f.email_id.data, f.version.data), _l("E-postmeddelandet köades igen.")),
    "lotsning-status": (forms.ReferralStatusForm, lambda q, f: operations.set_referral_status(
        q, current_user, f.referral_id.data, f.referral_status.data, f.version.data),
        _l("Lotsningens status är ändrad.")),
}


@bp.post("/personal/inkorg/<code>/<action>")
@staff_required(COORDINATOR)
def act(code: str, action: str):
    if action not in ACTIONS:
        abort(404)
    question = _case_or_404(code)
    form_class, perform, done = ACTIONS[action]
    form = form_class()
    _with_choices(question, form)
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("inbox.case", code=code), code=303)
    try:
        perform(question, form)
    except (operations.StaleCase, StaleDataError):
        db.session.rollback()
        flash(_stale_message(), "error")
    except operations.ActionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(str(done), "success")
    return redirect(url_for("inbox.case", code=code), code=303)


@bp.get("/personal/inkorg/<code>/orosanmalan/<int:report_id>")
@staff_required(COORDINATOR)
def concern_summary(code: str, report_id: int):
    """A printable summary of one orosanmälan: only what the coordinator chose to include."""
    question = _case_or_404(code)
    report = db.session.get(ConcernReport, report_id)
    if report is None or report.question_id != question.id:
        abort(404)
    return render_template("inbox/concern_summary.html", question=question, report=report), 200, {
        "Cache-Control": "no-store"}


@bp.route("/lotsning/<token>", methods=["GET", "POST"])
def confirm_referral(token: str):
    """A service confirms a referral through the private link in its e-mail."""
    from .referral_links import referral_from_token

    referral: Referral | None = referral_from_token(token)
    if referral is None:
        abort(404)
    if request.method == "POST":
        form = forms.SwedishForm()
        if form.validate():
            try:
                operations.confirm_referral(referral, request.form.get("svar", ""))
            except operations.ActionError as error:
                db.session.rollback()
                flash(str(error), "error")
            else:
                flash(_("Tack! Familjeguiden har fått ert svar."), "success")
            return redirect(url_for("inbox.confirm_referral", token=token), code=303)
    closed = referral.question.status in lifecycle.CLOSED
    response = render_template("inbox/confirm_referral.html", referral=referral, form=forms.SwedishForm(),
                               closed=closed)
    return response, 200, {"Cache-Control": "no-store", "Referrer-Policy": "same-origin",
                           "X-Robots-Tag": "noindex, nofollow"}
