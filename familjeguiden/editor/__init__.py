"""Staff editing of service pages: preview, publish, history, restore."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import versions  # noqa: F401  (the language-version screens, on the same blueprint)
    from .routes import bp

    app.register_blueprint(bp)
