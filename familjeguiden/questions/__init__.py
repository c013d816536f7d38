"""Fråga Familjeguiden: the public question form and the asker's case page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ..errors import register_refusal
    from . import notices  # noqa: F401  (registers the case link with the outbox)
    from .routes import bp, refused_case, refused_question, refused_word_code

    app.register_blueprint(bp)
    register_refusal("questions.ask", refused_question)
    register_refusal("questions.case", refused_case)
    register_refusal("questions.find_case", refused_word_code)
