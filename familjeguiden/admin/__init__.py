"""Administration: staff accounts and roles, the audit trail, and data rights
(an export of everything stored about one question, and deleting it on request)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from .routes import bp

    app.register_blueprint(bp)
