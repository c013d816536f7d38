"""Staff accounts: login with two-factor, roles, sessions, audit trail."""

from __future__ import annotations

from flask import Flask, g

from ..extensions import login_manager
from ..i18n import _l
from ..signals import initialising


def init_app(app: Flask) -> None:
    from . import access  # noqa: F401  (registers the user loader)
    from .cli import create_demo_accounts, users_cli
    from .routes import bp

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Logga in för att se sidan.")
    # Flask-Login flashes ``localize_callback(login_message)``: ``str`` turns the
    # lazy text into the request's language, and the session stores plain text.
    login_manager.localize_callback = str
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    app.register_blueprint(bp)
    app.cli.add_command(users_cli)

    def demo_accounts(sender, **_extra):
        if sender.config.get("DEMO"):
            create_demo_accounts()

    initialising.connect(demo_accounts, sender=app, weak=False)

    @app.teardown_request
    def _forget_request_caches(_exc):
        # Flask-Login caches the user and Flask-WTF the CSRF token on ``g``.
        # When an outer app context is reused (tests, CLI), the next request
        # must load the user and read the session's token again.
        g.pop("_login_user", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
