"""The coordinator's writes on a case. Each is one transaction with its history.

Every action checks the version the coordinator saw; if a colleague changed
the case meanwhile, ``StaleCase`` is raised and nothing is written, so no
one overwrites work they have not seen. Every action, and every read, adds
a ``CaseEvent``.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from ..accounts.operations import audit
from ..extensions import db
from ..mail.models import FAILED, OutboundEmail
from ..mail.outbox import enqueue, retry
from ..pages.catalogue import get_catalogue
from ..questions.models import CALL, NOTE, REPLY, STATUSES, CaseEvent, CaseMessage, Question
from ..questions.operations import pause_clock, resume_clock
from ..taxonomy import TOPICS
from ..timeutil import utcnow
from .models import OUTCOMES, REFERRAL_STATUSES, Referral, ReplyTemplate

OPEN_STATUSES = ("ny", "pagaende", "vantar", "lotsad")


class StaleCase(Exception):
    """The case changed after the coordinator loaded it."""


class ActionError(ValueError):
    """A Swedish message explaining why an action was refused."""


def _event(question: Question, user, action: str, detail: str = "") -> None:
    db.session.add(CaseEvent(question=question, action=action, detail=detail,
                             actor_label=user.name if user else "System", actor_id=user.id if user else None))


def _begin(question: Question, version: int | None) -> None:
    if version is None or question.version != version:
        raise StaleCase()
    question.version += 1


def _set_status(question: Question, status: str) -> None:
    if question.status == "vantar" and status != "vantar":
        resume_clock(question)
    if status == "vantar":
        pause_clock(question)
    question.status = status


def record_read(question: Question, user) -> None:
    """Every time staff open a case, the history says who and when."""
    _event(question, user, "oppnad", "Ärendet öppnades")
    db.session.commit()


def assign(question: Question, user, assignee, version: int) -> None:
    _begin(question, version)
    question.assignee_id = assignee.id
    if question.status == "ny":
        _set_status(question, "pagaende")
    _event(question, user, "tilldelad", f"Tilldelat {assignee.name}")
    db.session.commit()


def reply(question: Question, user, body: str, channel: str, version: int,
          call_date: dt.date | None = None) -> None:
    """Answer the asker: visible on the case page, with an e-mail notice if wanted."""
    _begin(question, version)
    kind = CALL if channel == "telefon" else REPLY
    text = body.strip()
    if kind == CALL:
        text = f"Samtal {(call_date or utcnow().date()).isoformat()}: {text}"
    db.session.add(CaseMessage(question=question, kind=kind, body=text, author_label=user.name,
                               author_id=user.id, visible_to_asker=True))
    if question.first_answered_at is None:
        question.first_answered_at = utcnow()
    if question.status == "ny":
        _set_status(question, "pagaende")
    notified = ""
    if kind == REPLY and question.email:
        enqueue("nyhet", question.email, "news", question=question)
        notified = " och en avisering mejlades"
    _event(question, user, "svar" if kind == REPLY else "samtal",
           ("Svar skrevs på ärendesidan" if kind == REPLY else "Samtal loggades") + notified)
    db.session.commit()


def referral_token(referral: Referral) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="lotsning").dumps(referral.id)


def referral_from_token(token: str) -> Referral | None:
    try:
        referral_id = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="lotsning").loads(token)
    except BadSignature:
        return None
    return db.session.get(Referral, referral_id) if isinstance(referral_id, int) else None


def refer(question: Question, user, slugs: list[str], note: str, share_contact: bool, version: int) -> list[Referral]:
    """Lotsa: refer the case to services; each with a contact address gets an e-mail."""
    catalogue = get_catalogue()
    services = [catalogue.get(slug) for slug in slugs]
    if not slugs or any(s is None for s in services):
        raise ActionError("Välj verksamheter ur listan.")
    if share_contact and not question.share_consent:
        raise ActionError("Frågeställaren har inte gett samtycke till att kontaktuppgifterna lämnas vidare.")
    _begin(question, version)
    referrals = []
    for service in services:
        referral = Referral(question=question, service_slug=service.slug, service_title=service.title,
                            note=note.strip(), share_contact=share_contact, created_by_id=user.id)
        db.session.add(referral)
        db.session.flush()
        referrals.append(referral)
        email = service.contact.get("email")
        if email:
            enqueue("lotsning", email, "referral", question=question, referral=referral,
                    topic=TOPICS.get(question.topic or "", "Inte angivet"),
                    confirm_url=current_app.config["PUBLIC_BASE_URL"].rstrip("/")
                    + url_for("inbox.confirm_referral", token=referral_token(referral)),
                    contact=_shared_contact(question) if share_contact else None)
        _event(question, user, "lotsad", f"Lotsad till {service.title}"
               + (" med kontaktuppgifter" if share_contact else "") + ("" if email else " (ingen e-postadress)"))
    _set_status(question, "lotsad")
    db.session.commit()
    return referrals


def _shared_contact(question: Question) -> dict:
    return {"name": question.name, "email": question.email, "phone": question.phone,
            "phone_when": question.phone_when}


def note(question: Question, user, body: str, version: int) -> None:
    _begin(question, version)
    db.session.add(CaseMessage(question=question, kind=NOTE, body=body.strip(), author_label=user.name,
                               author_id=user.id, visible_to_asker=False))
    _event(question, user, "anteckning", "Intern anteckning")
    db.session.commit()


def change_status(question: Question, user, status: str, version: int) -> None:
    if status not in STATUSES or status == "avslutad":
        raise ActionError("Välj en status ur listan. Avsluta ärendet med knappen Avsluta.")
    _begin(question, version)
    before = question.status_label
    _set_status(question, status)
    if status == "skrap":
        question.closed_at = utcnow()
    _event(question, user, "status", f"Status ändrad från {before} till {STATUSES[status]}")
    db.session.commit()


def close(question: Question, user, outcome: str, version: int) -> None:
    if outcome not in OUTCOMES:
        raise ActionError("Välj ett utfall.")
    _begin(question, version)
    _set_status(question, "avslutad")
    question.outcome = outcome
    question.closed_at = utcnow()
    _event(question, user, "avslutad", f"Avslutat: {OUTCOMES[outcome]}")
    db.session.commit()


def retry_email(question: Question, user, email_id: int, version: int) -> None:
    row = db.session.get(OutboundEmail, email_id)
    if row is None or row.question_id != question.id or row.status != FAILED:
        raise ActionError("Det e-postmeddelandet kan inte skickas om.")
    _begin(question, version)
    retry(row)
    _event(question, user, "epost-igen", "Misslyckad e-post köades igen")
    db.session.commit()


def set_referral_status(question: Question, user, referral_id: int, status: str, version: int) -> None:
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.question_id != question.id or status not in REFERRAL_STATUSES:
        raise ActionError("Välj en lotsning och en status ur listan.")
    _begin(question, version)
    referral.status = status
    _event(question, user, "lotsning-status", f"{referral.service_title}: {REFERRAL_STATUSES[status]}")
    db.session.commit()


def confirm_referral(referral: Referral, status: str) -> None:
    """A service answers through the signed link in its e-mail (no account)."""
    if status not in ("mottagen", "avbojd"):
        raise ActionError("Välj om ni tar emot ärendet eller inte.")
    referral.status = status
    referral.question.version += 1
    db.session.add(CaseEvent(question=referral.question, action="lotsning-status",
                             detail=f"{referral.service_title} svarade via länken: {REFERRAL_STATUSES[status]}",
                             actor_label=referral.service_title))
    db.session.commit()


def save_template(template: ReplyTemplate | None, user, topic: str | None, title: str, body: str) -> ReplyTemplate:
    """Create (``template`` None) or change a reply template; the audit trail notes the title."""
    if topic and topic not in TOPICS:
        raise ActionError("Välj ett ämne ur listan.")
    created = template is None
    if created:
        template = ReplyTemplate()
        db.session.add(template)
    template.topic = topic or None
    template.title = title.strip()
    template.body = body.strip()
    template.updated_by_id = user.id
    audit("svarsmall skapad" if created else "svarsmall ändrad", template.title[:200], actor=user)
    db.session.commit()
    return template


def delete_template(template: ReplyTemplate, user) -> None:
    audit("svarsmall borttagen", template.title[:200], actor=user)
    db.session.delete(template)
    db.session.commit()
