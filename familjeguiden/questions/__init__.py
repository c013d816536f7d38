"""Fråga Familjeguiden: the public question form and the asker's case page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    from .routes import bp, csrf_failed, too_many_requests

    app.register_blueprint(bp)
    app.register_error_handler(429, too_many_requests)
    app.register_error_handler(CSRFError, csrf_failed)
