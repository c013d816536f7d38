"""The coordinator's writes on a case. Each is one transaction with its history.

Every action that changes the case checks the version the coordinator saw;
if a colleague (or the asker) changed the case meanwhile, ``StaleCase`` is
raised and nothing is written, so no one acts on what they have not seen.
The version is also compared in the UPDATE itself (``Question`` maps it as
``version_id_col``), so two actions racing each other cannot both pass.
Internal notes are the exception: they only add a line, so they are always
stored. Status moves are made by ``questions.lifecycle``, which also says
which actions the current state allows.
"""

from __future__ import annotations

import datetime as dt

from .. import submissions
from ..accounts.operations import audit
from ..database import begin_write, lock_row
from ..extensions import db
from ..i18n import _
from ..mail.models import FAILED, OutboundEmail
from ..mail.outbox import link_placeholder, retry
from ..pages.catalogue import get_catalogue
from ..questions import lifecycle
from ..questions.models import CALL, NOTE, REPLY, CaseMessage, Question
from ..questions.notices import notify
from ..taxonomy import TOPICS
from ..text import is_email
from ..timeutil import local_today, utcnow
from .models import OUTCOMES, REFERRAL_STATUSES, Referral, ReferralRecipient, ReplyTemplate
from .referral_links import REFERRAL_LINK, new_referral_token

REPLY_KIND = "svar"


class StaleCase(Exception):
    """The case changed after the coordinator loaded it."""


class ActionError(ValueError):
    """A Swedish message explaining why an action was refused."""


def event(question: Question, user, action: str, detail: str = "", label: str | None = None) -> None:
    """A history line for something that is not a status move (``lifecycle.record`` writes it)."""
    lifecycle.record(question, action, detail, actor=user, label=label)


def begin_change(question: Question, version: int | None, action: str) -> None:
    """Start a change: the write lock, the version the coordinator saw, and what the state allows."""
    begin_write()
    lock_row(question)
    if version is None or question.version != version:
        raise StaleCase()
    try:
        lifecycle.require(question, action)
    except lifecycle.TransitionError as error:
        raise ActionError(str(error)) from None
    question.version += 1


def record_read(question: Question, user, first_in_session: bool) -> None:
    """Staff opened the case: the history says who, once per staff session (the route
    knows whether this session has read the case); the news is seen."""
    if not first_in_session and not question.new_activity:
        return
    begin_write()
    lock_row(question)
    if question.new_activity:
        question.new_activity = False
    if first_in_session:
        event(question, user, "oppnad", _("Ärendet öppnades"))
    db.session.commit()


def assign(question: Question, user, assignee, version: int) -> None:
    begin_change(question, version, "tilldela")
    lifecycle.assigned(question, user, assignee)
    db.session.commit()


def reply(question: Question, user, body: str, channel: str, version: int,
          call_date: dt.date | None = None, form_key: str | None = None) -> None:
    """Answer the asker: visible on the case page, with an e-mail notice if wanted (once per form key)."""
    if submissions.done_before(REPLY_KIND, form_key):
        return
    begin_change(question, version, "svara")
    kind = CALL if channel == "telefon" else REPLY
    text = body.strip()
    if kind == CALL:
        text = _("Samtal %(date)s: %(text)s", date=(call_date or local_today()).isoformat(), text=text)
    message = CaseMessage(question=question, kind=kind, body=text, author_label=user.name, author_id=user.id,
                          visible_to_asker=True)
    db.session.add(message)
    lifecycle.staff_answered(question, utcnow())
    if kind == REPLY and question.email:
        notify("nyhet", question.email, "news", question)
        detail = _("Svar skrevs på ärendesidan och en avisering mejlades")
    else:
        detail = _("Svar skrevs på ärendesidan") if kind == REPLY else _("Samtal loggades")
    event(question, user, "svar" if kind == REPLY else "samtal", detail)
    db.session.flush()
    submissions.remember(REPLY_KIND, form_key, message.id)
    db.session.commit()


def recipient_for(slug: str) -> ReferralRecipient | None:
    return db.session.get(ReferralRecipient, slug)


def refer(question: Question, user, slugs: list[str], note: str, share_contact: bool, version: int) -> list[Referral]:
    """Lotsa: refer the case to services; each with a recipient on the list gets an e-mail."""
    catalogue = get_catalogue()
    services = [catalogue.get(slug) for slug in slugs]
    if not slugs or any(s is None for s in services):
        raise ActionError(_("Välj verksamheter ur listan."))
    if share_contact and not question.share_consent:
        raise ActionError(_("Frågeställaren har inte gett samtycke till att kontaktuppgifterna lämnas vidare."))
    begin_change(question, version, "lotsa")
    referrals = []
    for service in services:
        recipient = recipient_for(service.slug)
        salt, token_hash, expires = new_referral_token()
        referral = Referral(question=question, service_slug=service.slug, service_title=service.title,
                            recipient_email=recipient.email if recipient else None, note=note.strip(),
                            share_contact=share_contact, created_by_id=user.id, token_salt=salt,
                            token_hash=token_hash, token_expires_at=expires)
        db.session.add(referral)
        db.session.flush()
        referrals.append(referral)
        if recipient:
            notify("lotsning", recipient.email, "referral", question, referral=referral,
                   topic=TOPICS.get(question.topic or "", _("Inte angivet")),
                   confirm_url=link_placeholder(REFERRAL_LINK, referral.id),
                   contact=_shared_contact(question) if share_contact else None)
        detail = _("Lotsad till %(service)s", service=service.title)
        if share_contact:
            detail += " " + _("med kontaktuppgifter")
        if not recipient:
            detail += " " + _("(ingen mottagare på listan, inget mejl skickades)")
        event(question, user, "lotsad", detail)
    lifecycle.referred(question, utcnow())
    db.session.commit()
    return referrals


def _shared_contact(question: Question) -> dict:
    return {"name": question.name, "email": question.email, "phone": question.phone,
            "phone_when": question.phone_when}


def note(question: Question, user, body: str) -> None:
    """An internal note: only adds a line, so it is stored even if the case changed meanwhile."""
    begin_write()
    db.session.add(CaseMessage(question=question, kind=NOTE, body=body.strip(), author_label=user.name,
                               author_id=user.id, visible_to_asker=False))
    event(question, user, "anteckning", _("Intern anteckning"))
    db.session.commit()


def change_status(question: Question, user, status: str, version: int) -> None:
    begin_change(question, version, "status")
    try:
        lifecycle.move(question, lifecycle.Status(status), utcnow(), user)
    except ValueError as error:  # also lifecycle.TransitionError
        message = str(error) if isinstance(error, lifecycle.TransitionError) else _("Välj en status ur listan.")
        raise ActionError(message) from None
    db.session.commit()


def close(question: Question, user, outcome: str, version: int) -> None:
    if outcome not in OUTCOMES:
        raise ActionError(_("Välj ett utfall."))
    begin_change(question, version, "avsluta")
    lifecycle.close(question, outcome, str(OUTCOMES[outcome]), utcnow(), user)
    db.session.commit()


def reopen(question: Question, user, version: int) -> None:
    action = "inte-skrap" if question.status == lifecycle.Status.SPAM else "oppna-igen"
    begin_change(question, version, action)
    lifecycle.reopen(question, utcnow(), user)
    db.session.commit()


def mark_spam(question: Question, user, version: int) -> None:
    begin_change(question, version, "skrap")
    lifecycle.mark_spam(question, utcnow(), user)
    db.session.commit()


def mark_many_as_spam(codes: list[str], user) -> tuple[int, int]:
    """Mark many questions as spam at once (after a flood); returns (marked, left as they were)."""
    begin_write()
    questions = db.session.scalars(db.select(Question).where(Question.code.in_(codes)).order_by(Question.id)
                                   .with_for_update()).all() if codes else []
    marked = 0
    now = utcnow()
    for question in questions:
        if "skrap" not in lifecycle.actions_for(question):
            continue
        lifecycle.mark_spam(question, now, user, many=True)
        question.version += 1
        marked += 1
    audit("ärenden markerade som skräp", str(marked), actor=user)
    db.session.commit()
    return marked, len(codes) - marked


def retry_email(question: Question, user, email_id: int, version: int) -> None:
    row = db.session.get(OutboundEmail, email_id)
    if row is None or row.question_id != question.id or row.status != FAILED:
        raise ActionError(_("Det e-postmeddelandet kan inte skickas om."))
    begin_change(question, version, "epost-igen")
    retry(row)
    event(question, user, "epost-igen", _("Misslyckad e-post köades igen"))
    db.session.commit()


def set_referral_status(question: Question, user, referral_id: int, status: str, version: int) -> None:
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.question_id != question.id or status not in REFERRAL_STATUSES:
        raise ActionError(_("Välj en lotsning och en status ur listan."))
    begin_change(question, version, "lotsning-status")
    referral.status = status
    event(question, user, "lotsning-status", f"{referral.service_title}: {REFERRAL_STATUSES[status]}")
    db.session.commit()


def confirm_referral(referral: Referral, status: str) -> None:
    """A service answers through the private link in its e-mail (no account)."""
    if status not in ("mottagen", "avbojd"):
        raise ActionError(_("Välj om ni tar emot ärendet eller inte."))
    begin_write()
    question = referral.question
    if question.status in lifecycle.CLOSED:
        raise ActionError(_("Ärendet är avslutat hos Familjeguiden, så det går inte att svara här. "
                            "Ring Familjeguiden om något är oklart."))
    lock_row(question)
    referral.status = status
    question.version += 1
    event(question, None, "lotsning-status", _("%(service)s svarade via länken: %(status)s",
                                               service=referral.service_title, status=REFERRAL_STATUSES[status]),
          label=referral.service_title)
    db.session.commit()


def set_recipient(slug: str, email: str, user) -> None:
    """Who receives referrals to a service (coordinators and admins keep this list)."""
    if get_catalogue().get(slug) is None:
        raise ActionError(_("Välj en verksamhet ur listan."))
    email = (email or "").strip()
    begin_write()
    row = db.session.get(ReferralRecipient, slug)
    if not email:
        if row is not None:
            db.session.delete(row)
            audit("lotsningsmottagare borttagen", slug, actor=user)
        db.session.commit()
        return
    if not is_email(email):
        db.session.rollback()
        raise ActionError(_("Skriv e-postadressen i formen namn@exempel.se."))
    if row is None:
        row = ReferralRecipient(service_slug=slug)
        db.session.add(row)
    row.email, row.updated_by = email, user.name
    audit("lotsningsmottagare ändrad", f"{slug}: {email}", actor=user)
    db.session.commit()


def seed_recipients(services) -> int:
    """On a new installation, start the list from the services' e-mail addresses (never overwrites)."""
    added = 0
    for service in services:
        email = service.contact.get("email")
        if email and is_email(email) and db.session.get(ReferralRecipient, service.slug) is None:
            db.session.add(ReferralRecipient(service_slug=service.slug, email=email, updated_by="Installation"))
            added += 1
    db.session.commit()
    return added


def save_template(template: ReplyTemplate | None, user, topic: str | None, title: str, body: str,
                  language: str = "sv") -> ReplyTemplate:
    """Create (``template`` None) or change a reply template; the audit trail notes the title."""
    if topic and topic not in TOPICS:
        raise ActionError(_("Välj ett ämne ur listan."))
    begin_write()
    created = template is None
    if created:
        template = ReplyTemplate()
        db.session.add(template)
    template.topic = topic or None
    template.language = language or "sv"
    template.title = title.strip()
    template.body = body.strip()
    template.updated_by_id = user.id
    audit("svarsmall skapad" if created else "svarsmall ändrad", template.title[:200], actor=user)
    db.session.commit()
    return template


def delete_template(template: ReplyTemplate, user) -> None:
    begin_write()
    audit("svarsmall borttagen", template.title[:200], actor=user)
    db.session.delete(template)
    db.session.commit()

