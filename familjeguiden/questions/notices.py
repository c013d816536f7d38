"""The e-mails a case causes, with their fixed subjects.

Subjects are fixed text with the case code: nothing a person typed ever
reaches a header. A notice to the coordinators about an urgent question or
follow-up says "Brådskande" in its subject (still without any content), so
it stands out in a shared mailbox. E-mails to the asker never contain the
question or the answer: only that there is something to read, and the
private link, which the outbox makes when it sends (``CASE_LINK``).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale

from ..extensions import db
from ..i18n import _l
from ..languages import LANGUAGES, SWEDISH
from ..mail.outbox import enqueue, link_placeholder, register_link
from .models import Question
from .tokens import case_url

CASE_LINK = "arendelank"


#: Marked for translation here, translated when a mail is queued (in its reader's language).
SUBJECTS = {
    "kvitto": _l("Vi har tagit emot din fråga (%(code)s)"),
    "ny_fraga": _l("Ny fråga till Familjeguiden (%(code)s)"),
    "ny_fraga_bradskande": _l("Brådskande: ny fråga till Familjeguiden (%(code)s)"),
    "tillagg": _l("Nytt tillägg i ärende %(code)s"),
    "tillagg_bradskande": _l("Brådskande: nytt tillägg i ärende %(code)s"),
    "nyhet": _l("Det finns något nytt i ditt ärende (%(code)s)"),
    "lank": _l("Din länk till ärende %(code)s"),
    "lotsning": _l("Lotsning från Familjeguiden (%(code)s)"),
}


#: E-mails to the asker are written in the asker's language; those to staff and services in Swedish.
TO_ASKER = frozenset({"kvitto", "nyhet", "lank"})


def notify(kind: str, recipient: str, template: str, question: Question, **context):
    """Queue one e-mail about ``question`` in the current transaction."""
    language = question.language if kind in TO_ASKER else SWEDISH
    with force_locale(LANGUAGES.get(language, LANGUAGES[SWEDISH]).locale):
        subject = str(SUBJECTS[kind]) % {"code": question.code}
        return enqueue(kind, recipient, template, subject, question_id=question.id, question=question,
                       code=question.code, case_link=link_placeholder(CASE_LINK, question.id),
                       mail_language=LANGUAGES.get(language, LANGUAGES[SWEDISH]), **context)


def notify_coordinators(kind: str, template: str, question: Question, **context):
    return notify(kind, current_app.config["COORDINATOR_EMAIL"], template, question, **context)


def _case_link(question_id: int) -> str | None:
    question = db.session.get(Question, question_id)
    return case_url(question) if question is not None and question.token_salt else None


register_link(CASE_LINK, _case_link)
