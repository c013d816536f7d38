"""Objects the tests build, in one place (Indico style: fixtures that build domain objects).

Each function does what a real user's action does, through the real
operations, so a test starts from data the application itself made.
"""

from __future__ import annotations

from familjeguiden.extensions import db
from familjeguiden.pages.catalogue import bump_generation
from familjeguiden.pages.models import Page
from familjeguiden.pages.operations import add_revision
from familjeguiden.pages.publishing import make_live
from familjeguiden.questions.models import Question
from familjeguiden.questions.operations import Submission, submit_question


def submitted(data: Submission, urgent: bool = False) -> tuple[Question, str]:
    """Store a question as the form does; return it and its private token."""
    receipt = submit_question(data, urgent=urgent)
    return db.session.scalar(db.select(Question).where(Question.code == receipt.code)), receipt.token


def publish_revision(page: Page, front_matter: dict, body: str, note: str = "test"):
    """A new published revision of ``page``, live at once in this process (like a publish in the editor)."""
    revision = add_revision(page, front_matter, body, "test", note)
    db.session.flush()
    make_live(page, revision)
    db.session.commit()
    bump_generation()
    return revision


def page_for(slug: str) -> Page:
    return db.session.scalar(db.select(Page).where(Page.slug == slug))
