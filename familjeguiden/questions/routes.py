"""Views for asking a question and following it. Thin: writes are in operations."""

from __future__ import annotations

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

from ..extensions import limiter
from .forms import FollowUpForm, QuestionForm
from .models import STATUS_FOR_ASKER
from .operations import Submission, add_follow_up, submit_question
from .tokens import find_by_token
from .urgency import looks_urgent

bp = Blueprint("questions", __name__)
RECEIPT_KEY = "fg_kvitto"


def _question_rate_limit() -> str:
    return current_app.config["QUESTION_RATE_LIMIT"]


def _clock() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="fraga-starttid")


def _stamp() -> str:
    return _clock().dumps(int(time.time()))


def _filled_too_fast(stamp: str | None) -> bool:
    try:
        started = int(_clock().loads(stamp or ""))
    except (BadSignature, ValueError, TypeError):
        return True
    return time.time() - started < current_app.config["QUESTION_MIN_FILL_SECONDS"]


def _private(response):
    """Pages that show or carry a case token: never cached, indexed or referred."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render_form(form: QuestionForm, status: int = 200, notice: str | None = None, urgent: bool = False):
    return render_template("questions/ask.html", form=form, notice=notice, urgent=urgent), status


@bp.route("/fraga", methods=["GET", "POST"])
@limiter.limit(_question_rate_limit, methods=["POST"])
def ask():
    form = QuestionForm()
    if request.method == "GET":
        form.message.data = (request.args.get("q") or "")[:5000]
        form.started.data = _stamp()
        return _render_form(form)

    if form.website.data:
        # Only robots fill the invisible field; keep nothing they sent.
        current_app.logger.info("Fråga stoppad av skräppostskyddet")
        return _render_form(QuestionForm(formdata=None, started=_stamp()), 400,
                            "Frågan kunde inte skickas. Försök igen, eller ring oss om det fortsätter.")
    if not form.validate():
        return _render_form(form, 400)
    if _filled_too_fast(form.started.data):
        form.started.data = _stamp()
        return _render_form(form, 400, "Det gick väldigt fort att skicka. Kontrollera att allt stämmer och "
                                       "tryck på Skicka frågan igen.")
    urgent = looks_urgent(form.message.data)
    if urgent and form.urgent_seen.data != "1":
        form.urgent_seen.data = "1"
        return _render_form(form, 200, urgent=True)

    question, token = submit_question(Submission(
        message=form.message.data, relation=form.relation.data, contact_method=form.contact_method.data,
        age_group=form.age_group.data, topic=form.topic.data, email=form.email.data, phone=form.phone.data,
        phone_when=form.phone_when.data, name=form.name.data, share_consent=form.share_consent.data,
    ), urgent=urgent)
    session[RECEIPT_KEY] = {"code": question.code, "token": token, "email": bool(question.email),
                            "method": question.contact_method}
    return redirect(url_for("questions.sent"), code=303)


@bp.get("/fraga/skickad")
def sent():
    receipt = session.pop(RECEIPT_KEY, None)
    if receipt is None:
        return _private(make_response(render_template("questions/sent_gone.html")))
    return _private(make_response(render_template("questions/sent.html", receipt=receipt)))


@bp.route("/arende/<token>", methods=["GET", "POST"])
@limiter.limit(_question_rate_limit, methods=["POST"])
def case(token: str):
    question = find_by_token(token)
    if question is None:
        abort(404)
    form = FollowUpForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            add_follow_up(question, form.message.data)
            flash("Tack! Ditt tillägg är skickat till Familjeguiden.", "success")
            return _private(redirect(url_for("questions.case", token=token), code=303))
        status = 400
    return _render_case(question, form, status)


def _render_case(question, form: FollowUpForm, status: int = 200, notice: str | None = None):
    return _private(make_response(render_template(
        "questions/case.html", question=question, form=form, notice=notice,
        messages=[m for m in question.messages if m.visible_to_asker],
        status_text=STATUS_FOR_ASKER.get(question.status, ""), referrals=_referrals_for(question),
    ), status))


def _referrals_for(question):
    """Services the case was referred to, if the inbox feature is installed."""
    return list(getattr(question, "referrals", []) or [])


def csrf_failed(_error):
    """The form's security token was missing or old: keep the text, ask again."""
    message = ("Sidan hade varit öppen länge eller så saknades en säkerhetskod, så vi kunde inte ta emot det "
               "du skickade. Det du skrev finns kvar: försök igen genom att trycka på knappen en gång till.")
    return _refuse(message, 400, "Det gick inte att skicka")


def too_many_requests(_error):
    """Rate limit hit: say so in Swedish and keep what was typed."""
    message = "Du har skickat många meddelanden på kort tid. Vänta en stund och försök igen – det du skrev finns kvar."
    return _refuse(message, 429, "För många försök")


def _refuse(message: str, status: int, heading: str):
    """Show a refused submission again with what was typed and why."""
    if request.endpoint == "questions.ask":
        form = QuestionForm()
        form.started.data = _stamp()
        return _render_form(form, status, message)
    if request.endpoint == "questions.case":
        question = find_by_token((request.view_args or {}).get("token", ""))
        if question is not None:
            return _render_case(question, FollowUpForm(), status, message)
    return render_template("pages/error.html", heading=heading, message=message), status
