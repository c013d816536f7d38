"""Fixtures for the question channel: a form filler and an SMTP server."""

from __future__ import annotations

import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.questions.models import Question
from tests.smtp import SMTPServer

GOOD = {
    "message": "Min pappa dricker för mycket och jag vet inte vem jag kan prata med.",
    "relation": "ung",
    "contact_method": "anonym",
    "consent": "y",
}


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app_factory, smtp):
    """The app wired to the test SMTP server, retrying at once."""
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SUPPRESS_SEND=False,
                   MAIL_RETRY_BASE_SECONDS=0, MAIL_MAX_ATTEMPTS=3, QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        yield app
        db.session.remove()


def started_stamp(client) -> str:
    html = client.get("/fraga").get_data(as_text=True)
    return re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1)


def submit(client, **fields):
    """Fill in and send the form like a person would (after the fill time)."""
    data = dict(GOOD, started=started_stamp(client))
    data.update(fields)
    return client.post("/fraga", data={k: v for k, v in data.items() if v is not None})


def receipt(client) -> tuple[str, str]:
    """The case code and the case path shown on the receipt page."""
    html = client.get("/fraga/skickad").get_data(as_text=True)
    code = re.search(r"FG-\d{4}-\d{4,}", html).group(0)
    path = re.search(r'href="(/arende/[A-Za-z0-9_-]{32})"', html).group(1)
    return code, path


def stored_questions() -> list[Question]:
    db.session.expire_all()
    return db.session.scalars(db.select(Question).order_by(Question.id)).all()


@pytest.fixture
def fast_app(app_factory):
    """The app without the minimum fill time, so tests can post at once."""
    app = app_factory(QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def fast_client(fast_app):
    return fast_app.test_client()
