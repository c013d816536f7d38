"""Open data: every published service as Open Referral HSDS 3.0.

``/api/hsds/`` (routes.py) serves the services, organisations and
vocabularies as HSDS JSON; ``flask opendata export`` writes the same
documents (and the tabular CSV form) to a folder, and ``flask opendata
import`` turns another organisation's HSDS services into draft pages.
The mapping is in mapping.py and the Swedish profile in docs/hsds/.

Keep this module free of imports at load time: ``pages.models`` imports
``opendata.ids`` for its column default.
"""

from __future__ import annotations

DEFAULTS = {
    #: Requests per client address to /api/hsds (Flask-Limiter syntax).
    "HSDS_RATE_LIMIT": "120 per minute;5000 per day",
    #: Where the HSDS profile is documented; ``None`` points to our OpenAPI description.
    "HSDS_PROFILE_URL": None,
}


def init_app(app) -> None:
    from .cli import opendata_cli
    from .routes import bp

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(bp)
    app.cli.add_command(opendata_cli)
