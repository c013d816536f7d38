"""Referrals (lotsning), who receives them, reports of concern, and reply templates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import _l
from ..timeutil import utcnow

REFERRAL_STATUSES = {
    "skickad": _l("Skickad"),
    "mottagen": _l("Mottagen"),
    "avbojd": _l("Avböjd"),
    "klar": _l("Klar"),
}
OUTCOMES = {
    "lotsad": _l("Lotsad till en verksamhet"),
    "besvarad": _l("Besvarad"),
    "hanvisad": _l("Hänvisad till annan aktör"),
    "ej-aktuell": _l("Ej aktuell"),
}


class Referral(db.Model):
    """A case referred to a service. The service confirms through a private link in its e-mail.

    As with case links, the link's token is derived from ``token_salt`` with
    the secret key and only its hash is stored; it stops working at
    ``token_expires_at`` or when the case is closed.
    """

    __tablename__ = "referral"
    #: Never reuse an id: old links and e-mails must not point at another family's referral.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    service_slug: Mapped[str] = mapped_column(String(80), index=True)
    service_title: Mapped[str] = mapped_column(String(120))
    #: The address the referral went to, as the recipient list had it then.
    recipient_email: Mapped[str | None] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(Text, default="")
    share_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="skickad")
    token_salt: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    question = relationship("Question", back_populates="referrals")

    @property
    def status_label(self) -> str:
        return str(REFERRAL_STATUSES.get(self.status, self.status))


class ReferralRecipient(db.Model):
    """Where referrals to a service go. Kept by coordinators and admins, not by page editors:
    changing the e-mail on a service page must not redirect cases (with names and contact
    details) to whoever edited it."""

    __tablename__ = "referral_recipient"

    service_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


CONCERN_CHANNELS = {
    "telefon": _l("Per telefon"),
    "e-tjanst": _l("Via kommunens e-tjänst"),
    "skriftligt": _l("Skriftligt (brev eller blankett)"),
    "personligen": _l("Personligen"),
}
CONCERN_STATES = {
    "forberedd": _l("Förberedd, inte gjord ännu"),
    "gjord": _l("Gjord"),
}


class ConcernReport(db.Model):
    """An orosanmälan to socialtjänsten, recorded (or prepared) on a case.

    What was shared is written by the coordinator; the printable summary
    holds only that and the parts of the case they tick. The asker sees
    ``asker_note`` on the case page, and only if the coordinator wrote one.
    """

    __tablename__ = "concern_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="forberedd")
    made_by: Mapped[str] = mapped_column(String(200))
    made_at: Mapped[dt.datetime | None]
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(200))
    shared: Mapped[str] = mapped_column(Text, default="")
    #: Which parts of the case the printable summary includes.
    include_question: Mapped[bool] = mapped_column(Boolean, default=False)
    include_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    include_age: Mapped[bool] = mapped_column(Boolean, default=False)
    reference: Mapped[str | None] = mapped_column(String(100))
    asker_note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    question = relationship("Question", back_populates="concern_reports")

    @property
    def state_label(self) -> str:
        return str(CONCERN_STATES.get(self.state, self.state))

    @property
    def channel_label(self) -> str:
        return str(CONCERN_CHANNELS.get(self.channel, self.channel))


class ReplyTemplate(db.Model):
    """A reusable answer, optionally tied to a topic, that staff manage."""

    __tablename__ = "reply_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str | None] = mapped_column(String(40), index=True)
    #: The language the template is written in (``sv`` or a version's code).
    language: Mapped[str] = mapped_column(String(10), default="sv", server_default="sv")
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
