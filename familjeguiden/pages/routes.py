"""Views of the public guide. They only read; writes live in operations."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for

from ..courses.queries import cached_box, fill_course_box
from ..extensions import db
from ..i18n import _, current_language
from ..taxonomy import AGE_GROUPS, SEE_INSTEAD, TOPICS
from ..templating import text_page_versions
from . import http_cache, opening_hours
from .catalogue import get_catalogue
from .models import PageRedirect
from .text_pages import load_text_page

bp = Blueprint("pages", __name__)


def rendered(catalogue, key: tuple, render) -> tuple[str, str]:
    """The finished HTML of a public page and its digest, from this worker's snapshot, rendering once.

    The cache lives on the catalogue snapshot, so a content change (a new
    generation) discards it in every worker. A page that shows a flashed
    message is made afresh and never kept.
    """
    if "_flashes" in session:
        html = render(catalogue)
        return html, http_cache.digest(html)
    entry = catalogue.rendered.get(key)
    if entry is None:
        html = render(catalogue)
        entry = catalogue.rendered[key] = (html, http_cache.digest(html))
    return entry


def public_page(key: tuple, render, schedule=(), catalogue=None, course_slug: str | None = None):
    """A public page with its ETag and a short Cache-Control; 304 when the client has it.

    ``schedule``: a service's opening hours, whose line is put in per
    request and is part of the ETag (see ``http_cache``). ``course_slug``:
    a service whose course box (free seats, from its occurrences) is put in
    per request too, since every sign-up changes it; it is part of the ETag.
    """
    catalogue = catalogue or get_catalogue()
    language = current_language()
    moment = opening_hours.clock()
    html, base = rendered(catalogue, (language, *key), render)

    def page() -> str:
        filled = opening_hours.fill_open_status(html, schedule, moment)
        return fill_course_box(filled, course_slug) if course_slug else filled

    if not http_cache.may_be_shared():
        return page()  # the same page, but no-store (security.cache_policy)
    line, until = opening_hours.status_line_until(schedule, moment)
    box = cached_box(course_slug) if course_slug else None
    etag = (f"{language}-{base}" + (f"-{http_cache.digest(line)[:8]}" if line else "")
            + (f"-{http_cache.digest(str(box))[:8]}" if box else ""))
    return http_cache.answer(etag, page, http_cache.cache_control(moment, until))


@bp.get("/")
def home():
    def render(catalogue):
        return render_template(
            "pages/home.html",
            total=len(catalogue.services),
            age_counts={group: len(catalogue.filter(age_group=group)) for group in AGE_GROUPS},
            topic_counts=catalogue.topic_counts(),
        )
    return public_page(("home",), render)


@bp.get("/tjanster/")
def services():
    age_group = request.args.get("alder", "").strip()
    topic = request.args.get("amne", "").strip()
    invalid = None
    if age_group and age_group not in AGE_GROUPS:
        invalid, age_group = _("Den åldersgruppen finns inte. Vi visar alla åldrar."), ""
    if topic and topic not in TOPICS:
        invalid, topic = _("Det ämnet finns inte. Vi visar alla ämnen."), ""

    def render(catalogue):
        matching = catalogue.filter(age_group=age_group or None, topic=topic or None, language=current_language())
        return render_template(
            "pages/services.html",
            services=matching,
            total=len(catalogue.services),
            age_group=age_group,
            topic=topic,
            invalid=invalid,
            topic_counts=catalogue.topic_counts(age_group or None),
            see_instead=None if matching else SEE_INSTEAD.get((age_group, topic)),
        )
    # A bounded set of keys: only known age groups and topics get this far.
    return public_page(("services", age_group, topic, invalid), render)


@bp.get("/tjanster/<slug>")
def service(slug: str):
    catalogue = get_catalogue()
    found = catalogue.get(slug, current_language())
    if found is None:
        moved = db.session.get(PageRedirect, slug)
        if moved is not None:
            return redirect(url_for("pages.service", slug=moved.page.slug), code=301)
        abort(404)

    def render(catalogue):
        return render_template("pages/service.html", service=found, related=catalogue.related(found))
    # The cached HTML has a marker where "Öppet nu" goes: filled per request, to the minute.
    return public_page(("service", slug), render, found.schedule, catalogue, course_slug=found.slug)


def _text_page(name: str):
    page = load_text_page(name, current_language())  # a new object when its file changes

    def render(_catalogue):
        return render_template("pages/text_page.html", page=page)
    return public_page(("text", name, page, text_page_versions(name)), render)


@bp.get("/akut")
def emergency():
    return _text_page("akut")


@bp.get("/om")
def about():
    return _text_page("om")


@bp.get("/om/personuppgifter")
def privacy():
    return _text_page("personuppgifter")


@bp.get("/om/tillganglighet")
def accessibility():
    return _text_page("tillganglighet")


@bp.get("/om/surfa-sakert")
def safe_browsing():
    return _text_page("surfa-sakert")


@bp.get("/healthz")
def healthz():
    """Liveness and readiness for monitoring: database and content state."""
    status = {"status": "ok"}
    try:
        db.session.execute(db.text("SELECT 1"))
        status["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        current_app.logger.exception("Databasen svarar inte")
        status["database"] = "fel"
        status["status"] = "fel"
    if status["database"] == "ok":
        catalogue = get_catalogue()
        status["content"] = {"published_services": len(catalogue.services)}
        if not catalogue.services:
            status["status"] = "fel"
    for check in current_app.extensions.get("familjeguiden.health_checks", []):
        name, result, healthy = check()
        status[name] = result
        if not healthy:
            status["status"] = "fel"
    return jsonify(status), 200 if status["status"] == "ok" else 503
