"""The course worker: ``flask courses tick`` (from cron, a systemd timer or the outbox loop).

Each run, with the clock it is given (tests move it instead of waiting):

* offers not accepted in time lapse and pass to the next in line
  (pages that show an occurrence do this too when they notice one);
* participants with e-mail get a reminder ``COURSE_REMINDER_DAYS`` before
  the start, once;
* gallring: ``COURSE_RETENTION_MONTHS`` after an occurrence ended, its
  sign-ups, their history and their e-mails are deleted. The occurrence
  keeps only counts (sign-ups, places, people who queued, no-shows) for
  statistics. The audit trail gets counts, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app

from ..accounts.operations import audit
from ..database import begin_write
from ..extensions import db
from ..mail.models import OutboundEmail
from ..timeutil import local_date, months_before, utcnow
from .models import CONFIRMED, OFFERED, Occurrence, Signup, SignupEvent
from .notices import notify
from .operations import changed, lock_occurrence, settle_locked


@dataclass
class TickReport:
    lapsed_occurrences: int = 0
    reminders: int = 0
    purged_occurrences: int = 0
    purged_signups: int = 0

    def summary(self) -> str:
        return (f"{self.lapsed_occurrences} tillfällen med utgångna erbjudanden, {self.reminders} påminnelser, "
                f"{self.purged_signups} anmälningar gallrade från {self.purged_occurrences} tillfällen")


def expire_all(now: dt.datetime) -> int:
    ids = db.session.scalars(db.select(Signup.occurrence_id).where(
        Signup.status == OFFERED, Signup.offer_expires_at <= now).distinct()).all()
    db.session.commit()
    for occurrence_id in ids:
        settle_locked(occurrence_id, now)
    return len(ids)


def send_reminders(now: dt.datetime) -> int:
    today = local_date(now)
    last = today + dt.timedelta(days=int(current_app.config["COURSE_REMINDER_DAYS"]))
    begin_write()
    try:
        due = db.session.scalars(db.select(Signup).join(Occurrence).where(
            Signup.status == CONFIRMED, Signup.reminded_at.is_(None), Signup.email.is_not(None),
            Occurrence.starts_on >= today, Occurrence.starts_on <= last, Occurrence.purged_at.is_(None))).all()
        for signup in due:
            notify("paminnelse", signup, signup.occurrence)
            signup.reminded_at = now
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(due)


def _statistics(signups: list[Signup]) -> dict:
    waited = {e.signup_id for s in signups for e in s.events if e.action in ("erbjuden",)}
    places = [s for s in signups if s.confirmed_at is not None]
    return {"anmalningar": len(signups), "platser": len(places), "fick_vanta": len(waited),
            "uteblev": sum(1 for s in places if s.status == CONFIRMED and not s.attended)}


def purge(now: dt.datetime) -> tuple[int, int]:
    """Delete the sign-ups of occurrences that ended more than COURSE_RETENTION_MONTHS ago."""
    cutoff = local_date(months_before(now, int(current_app.config["COURSE_RETENTION_MONTHS"])))
    candidates = db.session.scalars(db.select(Occurrence).where(
        Occurrence.purged_at.is_(None), Occurrence.starts_on < cutoff)).all()
    ids = [occurrence.id for occurrence in candidates if occurrence.last_day < cutoff]
    db.session.commit()
    removed = 0
    for occurrence_id in ids:
        begin_write()
        try:
            occurrence = lock_occurrence(occurrence_id)
            signups = list(occurrence.signups)
            signup_ids = [s.id for s in signups]
            occurrence.stats = _statistics(signups)
            if signup_ids:
                for model, column in ((OutboundEmail, OutboundEmail.signup_id),
                                      (SignupEvent, SignupEvent.signup_id)):
                    db.session.execute(db.delete(model).where(column.in_(signup_ids)),
                                       execution_options={"synchronize_session": False})
                db.session.execute(db.delete(Signup).where(Signup.id.in_(signup_ids)),
                                   execution_options={"synchronize_session": False})
            occurrence.purged_at = now
            removed += len(signup_ids)
            audit("gallring: kursanmälningar", f"#{occurrence_id}: {len(signup_ids)} anmälningar raderade")
            db.session.commit()
            db.session.expire_all()
        except Exception:
            db.session.rollback()
            raise
        changed(occurrence_id)
    return len(ids), removed


def tick(now: dt.datetime | None = None) -> TickReport:
    now = now or utcnow()
    report = TickReport()
    report.lapsed_occurrences = expire_all(now)
    report.reminders = send_reminders(now)
    report.purged_occurrences, report.purged_signups = purge(now)
    return report
