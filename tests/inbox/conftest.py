"""Fixtures for the inbox: staff users, logged-in clients and questions."""

from __future__ import annotations

import pytest

from familjeguiden.extensions import db
from familjeguiden.questions.models import Question
from familjeguiden.questions.operations import Submission
from tests.factories import submitted
from tests.staff import login, make_user


@pytest.fixture
def coordinator(app):
    return make_user("samordnare@example.com", ["coordinator"], "Sam Samordnare", totp=True)


@pytest.fixture
def colleague(app):
    return make_user("kollega@example.com", ["coordinator"], "Kim Kollega", totp=True)


@pytest.fixture
def editor(app):
    return make_user("redaktor@example.com", ["editor"], "Rut Redaktör")


@pytest.fixture
def coordinator_client(app, coordinator):
    client = app.test_client()
    response = login(client, coordinator)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def ask(message="Min son skolkar och vi bråkar varje morgon om skolan.", urgent=False, **fields) -> Question:
    """A question as if sent through the public form."""
    from flask import current_app

    data = Submission(message=message, relation=fields.pop("relation", "foralder"),
                      contact_method=fields.pop("contact_method", "anonym"), **fields)
    with current_app.test_request_context():
        question, _token = submitted(data, urgent=urgent)
    return question


@pytest.fixture
def question(app):
    return ask()


def version_of(question: Question) -> int:
    db.session.refresh(question)
    return question.version
