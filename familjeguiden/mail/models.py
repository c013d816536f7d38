"""The outbox: every e-mail is a row first and is sent later.

Writing the row in the same transaction as the question means an e-mail can
never be promised and then lost, and a mail server outage only delays it.
The body never contains a private link: it holds a placeholder such as
``{arendelank:42}``, filled in with the derived link at sending time (see
``outbox.register_link``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..i18n import _l
from ..timeutil import utcnow

QUEUED, SENT, FAILED = "koad", "skickad", "misslyckad"
STATUS_LABELS = {QUEUED: _l("Köad"), SENT: _l("Skickad"), FAILED: _l("Misslyckad")}
DELAYED_LABEL = _l("Försenad – försöker igen")
#: Kinds whose recipient staff must not see: an address the asker gave only to get their own link.
PRIVATE_RECIPIENT_KINDS = frozenset({"lank"})


class OutboundEmail(db.Model):
    __tablename__ = "outbound_email"
    __table_args__ = (Index("ix_outbound_email_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    #: The course sign-up an e-mail is about (removed with it by gallring).
    signup_id: Mapped[int | None] = mapped_column(ForeignKey("course_signup.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]

    @property
    def delayed(self) -> bool:
        """Queued, but it has failed at least once: the coordinator should know at once."""
        return self.status == QUEUED and self.attempts > 0 and bool(self.last_error)

    @property
    def status_label(self) -> str:
        return str(DELAYED_LABEL if self.delayed else STATUS_LABELS.get(self.status, self.status))

    @property
    def recipient_for_staff(self) -> str:
        return str(_l("(adressen visas inte)")) if self.kind in PRIVATE_RECIPIENT_KINDS else self.recipient

    def __repr__(self) -> str:
        return f"<OutboundEmail {self.id} {self.kind} {self.status}>"
