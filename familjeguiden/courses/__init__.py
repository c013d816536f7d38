"""Courses and groups: occurrences, sign-up without an account, the waiting list, offers, reminders.

See DESIGN.md section 9. Public: ``/tjanster/<slug>/anmalan/<id>`` (the
form) and ``/anmalan/<token>`` (the person's own page). Staff:
``/personal/kurser`` (editors and course leaders). CLI: ``flask courses``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ..errors import register_refusal
    from ..signals import gallring, initialising
    from ..timeutil import local_date
    from . import notices  # noqa: F401  (registers the sign-up link with the outbox)
    from .cli import courses_cli
    from .demo import seed_demo
    from .queries import course_marker
    from .routes import bp, refused_find, refused_private, refused_signup
    from .staff_routes import staff_bp

    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.cli.add_command(courses_cli)
    app.jinja_env.globals.update(course_marker=course_marker, course_language=_language_name)
    app.jinja_env.filters.update(local_date=local_date, moment=_moment)
    register_refusal("courses.signup", refused_signup)
    register_refusal("courses.find_signup", refused_find)
    for endpoint in ("courses.private", "courses.cancel_signup", "courses.accept"):
        register_refusal(endpoint, refused_private)

    def _demo(sender, **_extra):
        if sender.config.get("DEMO"):
            with sender.app_context():
                seed_demo()

    def _gallring(sender, now=None, **_extra):
        from .worker import purge

        return purge(now) if now is not None else None

    initialising.connect(_demo, sender=app, weak=False)
    gallring.connect(_gallring, sender=app, weak=False)


def _language_name(code: str) -> str:
    from ..languages import LANGUAGES, SWEDISH

    return LANGUAGES.get(code, LANGUAGES[SWEDISH]).name


def _moment(value) -> str:
    from ..i18n import current_language
    from .notices import moment_in

    return moment_in(value, current_language())
