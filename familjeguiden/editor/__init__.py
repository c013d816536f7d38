"""Staff editing of service pages: preview, publish, history, restore."""

from flask import Flask


def init_app(app: Flask) -> None:
    from .routes import bp

    app.register_blueprint(bp)
