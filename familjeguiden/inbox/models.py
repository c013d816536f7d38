"""Referrals (lotsning) and the coordinators' reusable reply templates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

REFERRAL_STATUSES = {
    "skickad": "Skickad",
    "mottagen": "Mottagen",
    "avbojd": "Avböjd",
    "klar": "Klar",
}
OUTCOMES = {
    "lotsad": "Lotsad till en verksamhet",
    "besvarad": "Besvarad",
    "hanvisad": "Hänvisad till annan aktör",
    "ej-aktuell": "Ej aktuell",
}


class Referral(db.Model):
    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    service_slug: Mapped[str] = mapped_column(String(80), index=True)
    service_title: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")
    share_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="skickad")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    question = relationship("Question", back_populates="referrals")

    @property
    def status_label(self) -> str:
        return REFERRAL_STATUSES.get(self.status, self.status)


class ReplyTemplate(db.Model):
    """A reusable answer, optionally tied to a topic, that staff manage."""

    __tablename__ = "reply_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str | None] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
