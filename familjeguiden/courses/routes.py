"""Public views: the sign-up form, its receipt and the person's own page. Thin: writes are in operations.

The form works in every language version (its address carries the
prefix). Only a stored sign-up (answered with a redirect) counts toward the
rate limit; a form shown again because of a typing mistake costs nothing.
Every refusal shows the form again with what was typed.
"""

from __future__ import annotations

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

from ..extensions import configured_limit, db, form_stored, limiter
from ..i18n import _, current_language
from ..languages import current as current_lang
from ..pages.catalogue import get_catalogue
from .forms import ConfirmForm, SignupCodeForm, SignupForm, read_ages
from .models import Occurrence
from .operations import (
    SignupClosed,
    SignupData,
    accept_offer,
    cancel,
    closed_reason,
    place_in_line,
    settle_now,
    sign_up,
)
from .queries import upcoming
from .tokens import derive_token, find_by_token, find_by_word_code, signup_code, signup_words

bp = Blueprint("courses", __name__)
RECEIPT_KEY = "fg_anmalan"


_signup_limit = configured_limit("SIGNUP_RATE_LIMIT")
_word_code_limit = configured_limit("WORD_CODE_RATE_LIMIT")
_stored = form_stored


def _private(response):
    """Pages that show or carry a sign-up's token: never cached or indexed (as the case page)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _occurrence(slug: str, occurrence_id: int):
    occurrence = db.session.get(Occurrence, occurrence_id)
    service = get_catalogue().get(slug, current_language())
    if occurrence is None or occurrence.slug != slug or service is None or occurrence.purged_at is not None:
        abort(404)
    return occurrence, service


def _offer(occurrence: Occurrence):
    return next((offer for offer in upcoming(occurrence.slug) if offer.id == occurrence.id), None)


def _render_form(occurrence, service, form: SignupForm, status: int = 200, notice: str | None = None):
    from ..timeutil import utcnow

    return render_template("courses/signup.html", occurrence=occurrence, service=service, form=form, notice=notice,
                           offer=_offer(occurrence), closed=closed_reason(occurrence, utcnow())), status


@bp.route("/tjanster/<slug>/anmalan/<int:occurrence_id>", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"], deduct_when=_stored)
def signup(slug: str, occurrence_id: int):
    occurrence, service = _occurrence(slug, occurrence_id)
    form = SignupForm()
    if request.method == "GET":
        settle_now(occurrence.id)
        if current_language() not in ("sv", "lattlast"):
            form.interpreter_language.data = current_lang().name
        form.issue_key()
        return _render_form(occurrence, service, form)
    form.issue_key()
    if form.website.data:
        current_app.logger.info("Anmälan stoppad av skräppostskyddet")
        fresh = SignupForm(formdata=None)
        fresh.issue_key()
        return _render_form(occurrence, service, fresh, 400, _("Anmälan kunde inte skickas. Försök igen, eller "
                                                               "ring oss om det fortsätter."))
    if not form.validate():
        return _render_form(occurrence, service, form, 400)
    try:
        token = sign_up(occurrence.id, SignupData(
            name=form.name.data, contact_method=form.contact_method.data, email=form.email.data,
            phone=form.phone.data, child_ages=", ".join(str(age) for age in read_ages(form.child_ages.data)),
            interpreter=form.interpreter_language.data if form.wants_interpreter.data else None,
            note=form.note.data, language=current_language(), form_key=form.form_key.data))
    except SignupClosed:
        db.session.rollback()
        return _render_form(occurrence, service, form, 409, _("Det går inte att anmäla sig till det här "
                                                              "tillfället längre. Det du skrev finns kvar."))
    session[RECEIPT_KEY] = token
    return redirect(url_for("courses.sent", slug=slug, occurrence_id=occurrence.id), code=303)


@bp.get("/tjanster/<slug>/anmalan/<int:occurrence_id>/skickad")
def sent(slug: str, occurrence_id: int):
    token = session.pop(RECEIPT_KEY, None)
    signup = find_by_token(token) if token else None
    if signup is None:
        return _private(make_response(render_template("courses/sent_gone.html", slug=slug)))
    return _private(make_response(render_template(
        "courses/sent.html", signup=signup, occurrence=signup.occurrence, token=token,
        code=signup_code(signup), words=signup_words(signup),
        service=get_catalogue().get(signup.occurrence.slug, current_language()), place=place_in_line(signup))))


def _found(token: str):
    signup = find_by_token(token)
    if signup is None:
        abort(404)
    return signup


def _render_private(signup, token: str, status: int = 200, notice: str | None = None, confirm: bool = False):
    occurrence = signup.occurrence
    return _private(make_response(render_template(
        "courses/private.html", signup=signup, occurrence=occurrence, token=token, notice=notice, confirm=confirm,
        code=signup_code(signup), words=signup_words(signup),
        service=get_catalogue().get(occurrence.slug, current_language()), place=place_in_line(signup),
        form=ConfirmForm(formdata=None)), status))


@bp.route("/anmalan", methods=["GET", "POST"])
@limiter.limit(_word_code_limit, methods=["POST"])
def find_signup():
    """Open a sign-up with its code and four words (for someone without the link)."""
    form = SignupCodeForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            signup = find_by_word_code(form.code.data, form.words.data)
            if signup is not None:
                return _private(redirect(url_for("courses.private", token=derive_token(signup.token_salt)),
                                         code=303))
            form.words.errors.append(_("Anmälningsnumret och orden hör inte ihop. Kontrollera stavningen och att "
                                       "orden står i samma ordning som på kvittot."))
        status = 400
    return _private(make_response(render_template("courses/find.html", form=form), status))


@bp.get("/anmalan/<token>")
def private(token: str):
    signup = _found(token)
    settle_now(signup.occurrence_id)
    db.session.refresh(signup)
    return _render_private(signup, token)


@bp.route("/anmalan/<token>/avboka", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def cancel_signup(token: str):
    """Cancel: a page that asks first (GET), then the cancellation (POST)."""
    signup = _found(token)
    if request.method == "GET":
        return _render_private(signup, token, confirm=True)
    if ConfirmForm().validate():
        if cancel(signup):
            flash(_("Din anmälan är avbokad."), "success")
    return _private(redirect(url_for("courses.private", token=token), code=303))


@bp.post("/anmalan/<token>/tacka-ja")
@limiter.limit(_signup_limit)
def accept(token: str):
    signup = _found(token)
    if ConfirmForm().validate():
        if accept_offer(signup):
            flash(_("Tack! Platsen är din."), "success")
        else:
            flash(_("Erbjudandet gäller inte längre. Platsen har gått vidare till nästa i kön."), "error")
    return _private(redirect(url_for("courses.private", token=token), code=303))


def _refused_page(message: str, status: int):
    return render_template("pages/error.html", heading=_("Det gick inte att skicka"), message=message), status


def refused_signup(message: str, status: int):
    """A refused POST to the form (rate limit, CSRF): the form again, with what was typed."""
    args = request.view_args or {}
    occurrence = db.session.get(Occurrence, int(args.get("occurrence_id", 0)))
    service = get_catalogue().get(args.get("slug", ""), current_language())
    if occurrence is None or service is None or occurrence.slug != service.slug:
        return _refused_page(message, status)
    form = SignupForm()
    form.issue_key()
    return _render_form(occurrence, service, form, status, message)


def refused_find(message: str, status: int):
    return _private(make_response(render_template("courses/find.html", form=SignupCodeForm(), notice=message),
                                  status))


def refused_private(message: str, status: int):
    token = (request.view_args or {}).get("token", "")
    signup = find_by_token(token)
    if signup is None:
        return _refused_page(message, status)
    return _render_private(signup, token, status, message)


__all__ = ["bp", "derive_token", "refused_find"]
