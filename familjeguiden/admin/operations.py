"""Writes for administration.

Account changes go through ``accounts.operations`` (which validates and
writes the audit trail); this module adds the rules that need to know who
is acting: an admin cannot lock themselves out by deactivating their own
account, dropping their own admin role or resetting their own two-factor.

The data-rights functions export and delete one question. The audit trail
gets the case code and what was done, never the content.
"""

from __future__ import annotations

import datetime as dt

from ..accounts import operations as accounts
from ..accounts.models import User
from ..accounts.operations import AccountError, audit
from ..extensions import db
from ..i18n import _, in_swedish
from ..inbox.models import OUTCOMES
from ..inbox.retention import delete_questions
from ..mail.models import OutboundEmail
from ..questions import lifecycle
from ..questions.lifecycle import label
from ..questions.models import Question
from ..timeutil import utcnow

__all__ = ["AccountError", "change_roles", "deactivate_user", "reactivate_user", "reset_user_2fa", "export_case",
           "delete_case"]


def change_roles(actor: User, user: User, roles: list[str]) -> None:
    if user.id == actor.id and "admin" not in roles:
        raise AccountError(_("Du kan inte ta bort din egen roll som administratör. Be en annan "
                             "administratör om det behövs."))
    accounts.set_roles(user, roles)


def deactivate_user(actor: User, user: User) -> None:
    if user.id == actor.id:
        raise AccountError(_("Du kan inte avaktivera ditt eget konto. Be en annan administratör om det behövs."))
    if not user.active:
        raise AccountError(_("Kontot är redan avaktiverat."))
    accounts.deactivate(user)


def reactivate_user(actor: User, user: User) -> None:
    if user.active:
        raise AccountError(_("Kontot är redan aktivt."))
    accounts.reactivate(user)


def reset_user_2fa(actor: User, user: User) -> None:
    if user.id == actor.id:
        raise AccountError(_("Du kan inte nollställa din egen tvåstegsinloggning här, eftersom du då loggas "
                             "ut. Be en annan administratör om det behövs."))
    if not user.has_2fa:
        raise AccountError(_("Kontot har ingen tvåstegsinloggning att nollställa."))
    accounts.reset_2fa(user)


def _time(value: dt.datetime | None) -> str | None:
    """Stored times are naive UTC; the export says so in each value."""
    return value.replace(tzinfo=dt.UTC).isoformat() if value else None


def export_case(question: Question, actor: User) -> dict:
    """Everything stored about one question (GDPR art. 15), after noting the export in its history.

    The access token's hash and salt are left out: they are keys, not data
    about the person, and together with the secret key would open the case.
    """
    lifecycle.record(question, "registerutdrag", in_swedish("Registerutdrag (allt om ärendet) exporterades"),
                     actor=actor)
    audit("registerutdrag exporterat", question.code or "", actor=actor)
    db.session.commit()
    emails = db.session.scalars(db.select(OutboundEmail).where(OutboundEmail.question_id == question.id)
                                .order_by(OutboundEmail.id)).all()
    return {
        "exporterad": _time(utcnow()),
        "om_filen": "Allt Familjeguiden har sparat om ärendet. Tider anges i UTC.",
        "arende": {
            "arendenummer": question.code, "status": question.status,
            "status_text": label(question.status),
            "fraga": question.message, "amne": question.topic, "barnets_alder": question.age_group,
            "vem_fragar": question.relation, "kontaktsatt": question.contact_method,
            "namn": question.name, "e_post": question.email, "telefon": question.phone,
            "nar_ringa": question.phone_when,
            "samtycke_till_att_kontaktuppgifter_lamnas_vidare_lamnat": _time(question.consent_at),
            "samtycke_kontaktuppgifter_till_verksamhet": question.share_consent,
            "bradskande": question.urgent,
            "utfall": str(OUTCOMES[question.outcome]) if question.outcome in OUTCOMES else question.outcome,
            "handlaggare": question.assignee.name if question.assignee else None,
            "skapad": _time(question.created_at), "andrad": _time(question.updated_at),
            "forsta_svar_senast": _time(question.due_at), "nasta_svar_senast": _time(question.next_due_at),
            "vantar_sedan": _time(question.waiting_since),
            "forsta_svar": _time(question.first_answered_at), "avslutad": _time(question.closed_at),
        },
        "meddelanden": [{"typ": m.kind, "text": m.body, "av": m.author_label, "syns_for_fragestallaren":
                         m.visible_to_asker, "skapad": _time(m.created_at)} for m in question.messages],
        "lotsningar": [{"verksamhet": r.service_slug, "verksamhetens_namn": r.service_title, "meddelande": r.note,
                        "kontaktuppgifter_skickade": r.share_contact, "skickad_till": r.recipient_email,
                        "status": r.status,
                        "skapad": _time(r.created_at), "andrad": _time(r.updated_at)} for r in question.referrals],
        "orosanmalningar": [{"lage": c.state, "av": c.made_by, "tid": _time(c.made_at), "hur": c.channel,
                             "till": c.recipient, "vad_som_berattades": c.shared, "diarienummer": c.reference,
                             "meddelande_till_fragestallaren": c.asker_note} for c in question.concern_reports],
        "historik": [{"handelse": e.action, "beskrivning": e.detail, "av": e.actor_label,
                      "tid": _time(e.created_at)} for e in question.events],
        "e_post": [{"typ": e.kind, "till": e.recipient, "amnesrad": e.subject, "text": e.body_text,
                    "status": e.status, "forsok": e.attempts, "senaste_fel": e.last_error,
                    "message_id": e.message_id, "skapad": _time(e.created_at), "skickad": _time(e.sent_at)}
                   for e in emails],
    }


def delete_case(question: Question, actor: User) -> str:
    """Delete one question and everything on it at the asker's request; return its code."""
    code = question.code or ""
    try:
        audit("ärende raderat på begäran", code, actor=actor)
        delete_questions([question.id])
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return code
