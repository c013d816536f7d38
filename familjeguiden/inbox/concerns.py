"""Orosanmälan: recording (or preparing) a report of concern to socialtjänsten on a case.

A coordinator who learns that a child may be harmed has a duty to report
to socialtjänsten (14 kap. 1 § socialtjänstlagen). The report itself is
made to socialtjänsten (by phone, its e-service or in writing); here the
coordinator records that it was made – or prepares it – with who made it,
when, by which channel, what was shared and the reference number if one
was given. The case history shows it, statistics count the reports made,
and the printable summary holds only what the coordinator chose to
include. The asker sees on the case page only the note the coordinator
writes for them, if any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..accounts.operations import audit
from ..database import begin_write, lock_row
from ..extensions import db
from ..i18n import _
from ..timeutil import utcnow
from .models import CONCERN_CHANNELS, ConcernReport
from .operations import ActionError, begin_change, event


@dataclass
class ConcernDetails:
    state: str
    made_by: str
    made_at: dt.datetime | None
    channel: str
    recipient: str
    shared: str
    include_question: bool = False
    include_contact: bool = False
    include_age: bool = False
    reference: str | None = None
    asker_note: str | None = None


def record_concern(question, user, details: ConcernDetails, version: int) -> ConcernReport:
    if details.channel not in CONCERN_CHANNELS or details.state not in ("forberedd", "gjord"):
        raise ActionError(_("Välj hur anmälan görs."))
    if details.state == "gjord" and details.made_at is None:
        details.made_at = utcnow()
    begin_change(question, version, "orosanmalan")
    report = ConcernReport(question=question, state=details.state, made_by=details.made_by.strip(),
                           made_at=details.made_at, channel=details.channel, recipient=details.recipient.strip(),
                           shared=details.shared.strip(), include_question=details.include_question,
                           include_contact=details.include_contact, include_age=details.include_age,
                           reference=(details.reference or "").strip() or None,
                           asker_note=(details.asker_note or "").strip() or None, created_by_id=user.id)
    db.session.add(report)
    if details.state == "gjord":
        detail = _("Orosanmälan gjord till %(recipient)s (%(channel)s) av %(who)s",
                   recipient=report.recipient, channel=report.channel_label.lower(), who=report.made_by)
    else:
        detail = _("Orosanmälan förberedd till %(recipient)s", recipient=report.recipient)
    event(question, user, "orosanmalan", detail)
    audit("orosanmälan " + ("gjord" if details.state == "gjord" else "förberedd"), question.code or "",
          actor=user)
    db.session.commit()
    return report


def mark_made(report: ConcernReport, user, made_at: dt.datetime | None = None,
              reference: str | None = None) -> None:
    """A prepared report has now been made."""
    begin_write()
    lock_row(report.question)
    if report.state == "gjord":
        raise ActionError(_("Anmälan är redan markerad som gjord."))
    report.state = "gjord"
    report.made_at = made_at or utcnow()
    if reference:
        report.reference = reference.strip()
    report.question.version += 1
    event(report.question, user, "orosanmalan",
          _("Orosanmälan gjord till %(recipient)s (%(channel)s) av %(who)s", recipient=report.recipient,
            channel=report.channel_label.lower(), who=report.made_by))
    audit("orosanmälan gjord", report.question.code or "", actor=user)
    db.session.commit()


def count_made(start: dt.datetime, end: dt.datetime) -> int:
    """Reports made in [start, end) (naive UTC), for the statistics page."""
    return db.session.scalar(db.select(db.func.count()).select_from(ConcernReport).where(
        ConcernReport.state == "gjord", ConcernReport.made_at >= start, ConcernReport.made_at < end)) or 0
