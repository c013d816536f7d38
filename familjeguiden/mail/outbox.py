"""Putting e-mails in the outbox and sending them.

``enqueue`` only adds a row to the current transaction; the caller commits
it together with whatever caused the mail, so both happen or neither does.
``send_due`` is run by ``flask outbox send`` (and by the demo's background
sender). It claims each due row with a conditional update, so two senders
(on one host or several) never send the same row at the same time; a row
whose sender died is claimed again when its lease runs out, with the same
Message-ID, so the receiving side can recognise a repeat.

The outbox knows nothing about questions or referrals. A body may hold a
link placeholder ``{name:id}`` (``link_placeholder``); the feature that owns
the link registers a resolver for ``name`` (``register_link``), and the
link is made only when the mail is sent, so no secret link is stored in
the outbox.

Temporary failures (connection refused, 4xx) are retried with capped
backoff until ``MAIL_QUEUE_LIFETIME_HOURS`` after the row was created, as
a mail server keeps its queue; only then, or on a permanent 5xx answer,
is a row ``misslyckad``. A row that has failed at least once and is still
queued is *delayed* (``OutboundEmail.delayed``): the coordinator sees it
at once.

Nothing a person typed ever reaches a header: subjects are fixed text plus
the case code (checked here for line breaks), recipients are validated
addresses, and there is no Reply-To.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import re
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from flask import current_app, render_template
from flask_babel import get_translations
from flask_mail import Message

from ..database import immediate
from ..extensions import db, mail
from ..i18n import in_swedish, template_gettext
from ..timeutil import utcnow
from .models import FAILED, QUEUED, SENT, OutboundEmail

log = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"\{([a-z]+):(\d+)\}")
_resolvers: dict[str, Callable[[int], str | None]] = {}


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def register_link(name: str, resolver: Callable[[int], str | None]) -> None:
    """Let the outbox make the link ``{name:id}`` stands for, at sending time."""
    _resolvers[name] = resolver


def link_placeholder(name: str, ref_id: int) -> str:
    return f"{{{name}:{ref_id}}}"


def enqueue(kind: str, recipient: str, template: str, subject: str, question_id: int | None = None,
            signup_id: int | None = None, **context) -> OutboundEmail:
    """Add an e-mail to the outbox in the current transaction.

    ``subject`` is fixed text made by the caller (a case code at most);
    ``template`` names the ``mail/<template>.txt``/``.html`` pair.
    """
    if re.search(r"[\r\n]", subject):
        raise ValueError("an e-mail subject must be one line")
    context.update(base_url=current_app.config["PUBLIC_BASE_URL"], **template_gettext(get_translations()))
    row = OutboundEmail(
        question_id=question_id,
        signup_id=signup_id,
        kind=kind,
        recipient=recipient.strip(),
        subject=subject,
        body_text=render_template(f"mail/{template}.txt", **context),
        body_html=render_template(f"mail/{template}.html", **context),
        message_id=make_message_id(),
        status=QUEUED,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    return row


def make_message_id() -> str:
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN") or urlparse(
        current_app.config["PUBLIC_BASE_URL"]).hostname or "familjeguiden.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def smtp_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _claim(row_id: int, seen_attempts: int) -> bool:
    """Take a row for sending; ``False`` if another sender took it first."""
    lease = dt.timedelta(seconds=current_app.config["MAIL_SEND_LEASE_SECONDS"])
    result = db.session.execute(
        db.update(OutboundEmail)
        .where(OutboundEmail.id == row_id, OutboundEmail.status == QUEUED,
               OutboundEmail.attempts == seen_attempts)
        .values(attempts=seen_attempts + 1, next_attempt_at=utcnow() + lease)
    )
    db.session.commit()
    return result.rowcount == 1


def _begin_write() -> None:
    """End the current read transaction and begin a write one holding the lock.

    On SQLite, turning a transaction that has read into one that writes fails
    at once with "database is locked" when another sender committed
    meanwhile (the busy timeout does not apply), which would leave a sent
    mail looking unsent, to be sent again when its lease runs out. A
    transaction that takes the write lock first waits its turn instead.
    Nothing is pending when this is called.
    """
    db.session.commit()
    immediate()


def _fill_links(row: OutboundEmail) -> tuple[str, str]:
    """The bodies with every link placeholder replaced by its link (or removed if it no longer exists)."""
    def link(match: re.Match) -> str:
        resolver = _resolvers.get(match.group(1))
        return (resolver(int(match.group(2))) or "") if resolver else match.group(0)

    return _PLACEHOLDER.sub(link, row.body_text), _PLACEHOLDER.sub(link, row.body_html)


def _is_permanent(exc: Exception) -> bool:
    """A 5xx answer about the message or recipient will not change on retry."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPServerDisconnected)
    return False


def _describe(exc: Exception) -> str:
    """A short error text without addresses or content, for the coordinator.

    It is stored with the e-mail and read on the (Swedish-only) case page, so
    it is written in Swedish whatever language the worker's context is in.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _msg in exc.recipients.values()})
        return in_swedish("Mottagaren nekades av e-postservern (kod %(codes)s)", codes=", ".join(map(str, codes)))
    if isinstance(exc, smtplib.SMTPResponseException):
        return in_swedish("E-postservern svarade %(code)s", code=exc.smtp_code)
    if isinstance(exc, (ConnectionError, OSError, smtplib.SMTPException)):
        return in_swedish("Kunde inte nå e-postservern (%(error)s)", error=type(exc).__name__)
    return in_swedish("Oväntat fel (%(error)s)", error=type(exc).__name__)


def _backoff(attempts: int) -> dt.timedelta:
    base = current_app.config["MAIL_RETRY_BASE_SECONDS"]
    ceiling = current_app.config["MAIL_RETRY_MAX_SECONDS"]
    delay = min(base * 2 ** max(attempts - 1, 0), ceiling)
    return dt.timedelta(seconds=delay * random.uniform(0.5, 1.5))  # noqa: S311 - jitter, not security


def send_due(limit: int = 100) -> SendReport:
    """Send every due row once; record success, retry time or failure."""
    report = SendReport()
    if not smtp_configured():
        return report
    due = db.session.execute(
        db.select(OutboundEmail.id, OutboundEmail.attempts)
        .where(OutboundEmail.status == QUEUED, OutboundEmail.next_attempt_at <= utcnow())
        .order_by(OutboundEmail.next_attempt_at, OutboundEmail.id).limit(limit)
    ).all()
    db.session.commit()
    if not due:
        return report
    try:
        connection = mail.connect()
        smtp = connection.__enter__()
    except Exception as exc:  # noqa: BLE001 - the server is down: every row waits
        for row_id, attempts in due:
            if _claim(row_id, attempts):
                _record_failure(db.session.get(OutboundEmail, row_id), exc, report)
        return report
    try:
        for row_id, attempts in due:
            if not _claim(row_id, attempts):
                continue
            row = db.session.get(OutboundEmail, row_id)
            try:
                text, html = _fill_links(row)
                message = Message(subject=row.subject, recipients=[row.recipient], body=text, html=html,
                                  sender=current_app.config["MAIL_DEFAULT_SENDER"])
                message.msgId = row.message_id
                smtp.send(message)
            except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
                _record_failure(row, exc, report)
                if isinstance(exc, smtplib.SMTPServerDisconnected):
                    break
                continue
            _begin_write()
            row.status, row.sent_at, row.last_error = SENT, utcnow(), None
            db.session.commit()
            report.sent += 1
    finally:
        with contextlib.suppress(Exception):  # closing a connection the server already dropped may fail
            connection.__exit__(None, None, None)
    return report


def _gave_up(row: OutboundEmail, now: dt.datetime) -> bool:
    """Past the queue lifetime (like an MTA's), or past the attempt cap if one is set."""
    lifetime = dt.timedelta(hours=float(current_app.config["MAIL_QUEUE_LIFETIME_HOURS"]))
    cap = current_app.config.get("MAIL_MAX_ATTEMPTS")
    return now >= row.created_at + lifetime or bool(cap and row.attempts >= int(cap))


def _record_failure(row: OutboundEmail, exc: Exception, report: SendReport) -> None:
    _begin_write()
    row.last_error = _describe(exc)
    if _is_permanent(exc) or _gave_up(row, utcnow()):
        row.status = FAILED
        report.failed += 1
        log.warning("E-post %s misslyckades slutgiltigt: %s", row.id, row.last_error)
    else:
        row.next_attempt_at = utcnow() + _backoff(row.attempts)
        report.retried += 1
        log.info("E-post %s försöks igen senare: %s", row.id, row.last_error)
    db.session.commit()


def retry(row: OutboundEmail) -> None:
    """Put a failed e-mail back in the queue (the coordinator's retry button)."""
    row.status, row.attempts, row.next_attempt_at = QUEUED, 0, utcnow()
