"""Views of the public guide. They only read; writes live in operations."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for

from ..extensions import db
from ..i18n import _, current_language
from ..taxonomy import AGE_GROUPS, TOPICS
from . import opening_hours
from .catalogue import get_catalogue
from .models import PageRedirect
from .text_pages import load_text_page

bp = Blueprint("pages", __name__)


def cached_page(key: tuple, render):
    """Serve finished HTML from this worker's snapshot, rendering once.

    The cache lives on the catalogue snapshot, so a content change (a new
    generation) discards it in every worker.
    """
    catalogue = get_catalogue()
    key = (current_language(), *key)  # one cached page per language version
    html = catalogue.rendered.get(key)
    if html is None:
        html = render(catalogue)
        if "_flashes" not in session:
            catalogue.rendered[key] = html
    return html


@bp.get("/")
def home():
    def render(catalogue):
        return render_template(
            "pages/home.html",
            total=len(catalogue.services),
            age_counts={group: len(catalogue.filter(age_group=group)) for group in AGE_GROUPS},
            topic_counts=catalogue.topic_counts(),
        )
    return cached_page(("home",), render)


@bp.get("/tjanster/")
def services():
    age_group = request.args.get("alder", "").strip()
    topic = request.args.get("amne", "").strip()
    invalid = None
    if age_group and age_group not in AGE_GROUPS:
        invalid, age_group = _("Den åldersgruppen finns inte. Vi visar alla åldrar."), ""
    if topic and topic not in TOPICS:
        invalid, topic = _("Det ämnet finns inte. Vi visar alla ämnen."), ""
    catalogue = get_catalogue()
    matching = catalogue.filter(age_group=age_group or None, topic=topic or None, language=current_language())
    return render_template(
        "pages/services.html",
        services=matching,
        total=len(catalogue.services),
        age_group=age_group,
        topic=topic,
        invalid=invalid,
        topic_counts=catalogue.topic_counts(age_group or None),
    )


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
    html = opening_hours.fill_open_status(cached_page(("service", slug), render), found.schedule,
                                          opening_hours.clock())
    # The course box (free seats) changes with every sign-up: filled per request, like "Öppet nu".
    from ..courses.queries import fill_course_box

    return fill_course_box(html, found.slug)


def _text_page(name: str):
    return render_template("pages/text_page.html", page=load_text_page(name, current_language()))


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
