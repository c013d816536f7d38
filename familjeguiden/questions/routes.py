"""Views for asking a question and following it. Thin: writes are in operations.

Rate limits count only what was stored: a form shown again because of a
typing mistake, the urgency step or a refused robot check costs nothing
(``deduct_when``). A question whose text suggests danger is never held
back by the normal limit; only a much higher ceiling per address applies,
so a flood cannot bury the inbox. Every refusal shows the form again with
what was typed, and the acute-help box when the text suggests danger.
"""

from __future__ import annotations

import secrets
import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import configured_limit, form_stored, limiter
from ..i18n import _, current_language
from ..languages import current as current_lang
from ..safety import assess
from . import lifecycle
from .forms import FollowUpForm, MailLinkForm, QuestionForm, WordCodeForm
from .operations import StartTimeUsed, Submission, add_follow_up, mail_link, submit_question
from .tokens import derive_token, derive_words, find_by_token, find_by_word_code

bp = Blueprint("questions", __name__)
RECEIPT_KEY = "fg_kvitto"


_question_rate_limit = configured_limit("QUESTION_RATE_LIMIT")
_ceiling = configured_limit("QUESTION_RATE_CEILING")
_word_code_limit = configured_limit("WORD_CODE_RATE_LIMIT")
_stored = form_stored


def _urgent_post() -> bool:
    return request.method == "POST" and bool(assess(request.form.get("message")))


def _clock() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="fraga-starttid")


def _stamp() -> str:
    """The signed time the form was opened, with a random part: each form's is its own, and single-use."""
    return _clock().dumps([int(time.time()), secrets.token_urlsafe(8)])


def _stamp_problem(stamp: str | None) -> str | None:
    """Why the form's start time is not acceptable: sent too fast (a robot) or opened too long ago."""
    try:
        value = _clock().loads(stamp or "")
        started = int(value[0] if isinstance(value, list) else value)  # a bare number: a form opened before
    except (BadSignature, ValueError, TypeError, IndexError):
        return "fast"
    age = time.time() - started
    if age < current_app.config["QUESTION_MIN_FILL_SECONDS"]:
        return "fast"
    if age > current_app.config["QUESTION_FORM_MAX_AGE_HOURS"] * 3600:
        return "old"
    return None


def _private(response):
    """Pages that show or carry a case token: never cached or indexed.

    ``same-origin`` rather than ``no-referrer``: these pages have forms, and
    over HTTPS the CSRF check wants the browser's Referer for our own
    origin; other sites still get nothing.
    """
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render_form(form: QuestionForm, status: int = 200, notice: str | None = None, urgent_step: bool = False):
    danger = assess(form.message.data)
    return render_template("questions/ask.html", form=form, notice=notice, urgent=urgent_step,
                           danger=danger), status


@bp.route("/fraga", methods=["GET", "POST"])
@limiter.limit(_question_rate_limit, methods=["POST"], deduct_when=_stored, exempt_when=_urgent_post)
@limiter.limit(_ceiling, methods=["POST"], deduct_when=_stored)
def ask():
    form = QuestionForm()
    if request.method == "GET":
        form.message.data = (request.args.get("q") or "")[:5000]
        if current_language() not in ("sv", "lattlast"):
            # Someone asking from /ar/fraga most likely wants an Arabic interpreter: one tick, no typing.
            form.interpreter_language.data = current_lang().name
        form.started.data = _stamp()
        form.issue_key()
        return _render_form(form)

    if form.website.data:
        # Only robots fill the invisible field; keep nothing they sent.
        current_app.logger.info("Fråga stoppad av skräppostskyddet")
        fresh = QuestionForm(formdata=None, started=_stamp())
        fresh.issue_key()
        return _render_form(fresh, 400, _("Frågan kunde inte skickas. Försök igen, eller ring oss om det "
                                          "fortsätter."))
    form.issue_key()
    if not form.validate():
        return _render_form(form, 400)
    problem = _stamp_problem(form.started.data)
    if problem:
        form.started.data = _stamp()
        notice = (_("Det gick väldigt fort att skicka. Kontrollera att allt stämmer och tryck på Skicka frågan "
                    "igen.") if problem == "fast" else
                  _("Formuläret har varit öppet länge. Det du skrev finns kvar: kontrollera att allt stämmer och "
                    "tryck på Skicka frågan igen."))
        return _render_form(form, 400, notice)
    urgent = bool(assess(form.message.data))
    if urgent and form.urgent_seen.data != "1":
        form.urgent_seen.data = "1"
        return _render_form(form, 200, urgent_step=True)

    try:
        receipt = _submit(form, urgent)
    except StartTimeUsed:
        form.started.data = _stamp()
        return _render_form(form, 400, _("Formuläret har redan skickats en gång. Det du skrev finns kvar: "
                                         "kontrollera att allt stämmer och tryck på Skicka frågan igen."))
    session[RECEIPT_KEY] = receipt.as_session()
    return redirect(url_for("questions.sent"), code=303)


def _submit(form: QuestionForm, urgent: bool):
    return submit_question(Submission(
        message=form.message.data, relation=form.relation.data, contact_method=form.contact_method.data,
        age_group=form.age_group.data, topic=form.topic.data, email=form.email.data, phone=form.phone.data,
        phone_when=form.phone_when.data, name=form.name.data, share_consent=form.share_consent.data,
        form_key=form.form_key.data, language=current_language(),
        interpreter=form.interpreter_language.data if form.wants_interpreter.data else None,
        started=form.started.data,
    ), urgent=urgent)


@bp.get("/fraga/skickad")
def sent():
    receipt = session.pop(RECEIPT_KEY, None)
    if receipt is None:
        return _private(make_response(render_template("questions/sent_gone.html")))
    return _private(make_response(render_template("questions/sent.html", receipt=receipt,
                                                  mail_form=MailLinkForm(formdata=None))))


@bp.route("/arende", methods=["GET", "POST"])
@limiter.limit(_word_code_limit, methods=["POST"])
def find_case():
    """Open a case with its code and four words (for someone who has lost the link)."""
    form = WordCodeForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            question = find_by_word_code(form.code.data, form.words.data)
            if question is not None:
                return _private(redirect(url_for("questions.case", token=derive_token(question.token_salt)), code=303))
            form.words.errors.append(_("Ärendenumret och orden hör inte ihop. Kontrollera stavningen och att "
                                       "orden står i samma ordning som på kvittot."))
        status = 400
    return _private(make_response(render_template("questions/find_case.html", form=form), status))


@bp.route("/arende/<token>", methods=["GET", "POST"])
@limiter.limit(_question_rate_limit, methods=["POST"], deduct_when=_stored, exempt_when=_urgent_post)
@limiter.limit(_ceiling, methods=["POST"], deduct_when=_stored)
def case(token: str):
    question = find_by_token(token)
    if question is None:
        abort(404)
    form = FollowUpForm()
    status = 200
    if request.method == "POST":
        form.issue_key()
        if form.validate():
            add_follow_up(question, form.message.data, form.form_key.data,
                          urgent=bool(assess(form.message.data)))
            flash(_("Tack! Ditt tillägg är skickat till Familjeguiden."), "success")
            return _private(redirect(url_for("questions.case", token=token), code=303))
        status = 400
    else:
        form.issue_key()
    return _render_case(question, form, status)


@bp.post("/arende/<token>/mejla-lanken")
@limiter.limit(_word_code_limit)
def mail_case_link(token: str):
    question = find_by_token(token)
    if question is None:
        abort(404)
    form = MailLinkForm()
    if form.validate():
        mail_link(question, form.email.data.strip())
        flash(_("Vi har skickat länken till din e-post. Mejlet kan dröja några minuter."), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return _private(redirect(url_for("questions.case", token=token), code=303))


def _render_case(question, form: FollowUpForm, status: int = 200, notice: str | None = None):
    return _private(make_response(render_template(
        "questions/case.html", question=question, form=form, notice=notice,
        messages=[m for m in question.messages if m.visible_to_asker],
        status_text=lifecycle.FOR_ASKER.get(question.status, ""), referrals=list(question.referrals),
        concern_notes=[r.asker_note for r in question.concern_reports if r.asker_note],
        words=derive_words(question.token_salt), mail_form=MailLinkForm(formdata=None),
        danger=assess(form.message.data),
    ), status))


def refused_question(message: str, status: int):
    """A refused POST to /fraga (rate limit, CSRF): the form again, with what was typed."""
    form = QuestionForm()
    form.started.data = _stamp()
    form.issue_key()
    return _render_form(form, status, message)


def refused_case(message: str, status: int):
    question = find_by_token((request.view_args or {}).get("token", ""))
    if question is None:
        return render_template("pages/error.html", heading=_("Det gick inte att skicka"), message=message), status
    form = FollowUpForm()
    form.issue_key()
    return _render_case(question, form, status, message)


def refused_word_code(message: str, status: int):
    return _private(make_response(render_template("questions/find_case.html", form=WordCodeForm(),
                                                  notice=message), status))
