"""The coordinator's inbox: triage, replies, referrals (lotsning), history,
reply templates, statistics and retention (gallring)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..pages.catalogue import get_catalogue
    from ..questions.models import CONTACT_METHODS, RELATIONS
    from . import stats_routes, template_routes  # noqa: F401  (add their views to the blueprint)
    from .models import OUTCOMES, REFERRAL_STATUSES
    from .retention import gallring_command
    from .routes import bp
    from .statistics import swedish_number

    app.register_blueprint(bp)
    app.cli.add_command(gallring_command)
    app.jinja_env.filters["sv_number"] = swedish_number
    app.jinja_env.globals.update(
        relations=RELATIONS, contact_methods=CONTACT_METHODS, outcomes=OUTCOMES,
        referral_statuses=REFERRAL_STATUSES, service_for=lambda slug: get_catalogue().get(slug),
        message_kinds={"fraga": "Fråga", "tillagg": "Tillägg från frågeställaren", "svar": "Svar",
                       "anteckning": "Intern anteckning", "samtal": "Samtal"},
    )
