"""Test helpers shared by every test package: the public form filled in like a person would,
questions made as if sent through it, and reading a case's version.

Fixtures shared across packages live in ``tests/conftest.py``; a package's own
conftest keeps only what that package uses. Import helpers from here, never
from another package's conftest.
"""

from __future__ import annotations

import re

from familjeguiden.extensions import db
from familjeguiden.questions.models import Question
from familjeguiden.questions.operations import Submission
from tests.factories import submitted

GOOD = {
    "message": "Min pappa dricker för mycket och jag vet inte vem jag kan prata med.",
    "relation": "ung",
    "contact_method": "anonym",
    "consent": "y",
}


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


def ask(message="Min son skolkar och vi bråkar varje morgon om skolan.", urgent=False, **fields) -> Question:
    """A question as if sent through the public form."""
    from flask import current_app

    data = Submission(message=message, relation=fields.pop("relation", "foralder"),
                      contact_method=fields.pop("contact_method", "anonym"), **fields)
    with current_app.test_request_context():
        question, _token = submitted(data, urgent=urgent)
    return question


def version_of(question: Question) -> int:
    db.session.refresh(question)
    return question.version
