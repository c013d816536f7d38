"""Gallring: dry run, deletion with everything on the case, anonymisation, audit with counts."""

from __future__ import annotations

import datetime as dt

import pytest

from familjeguiden.accounts.models import AuditEntry
from familjeguiden.extensions import db
from familjeguiden.inbox import retention
from familjeguiden.inbox.models import Referral
from familjeguiden.mail.models import OutboundEmail
from familjeguiden.questions.models import CaseEvent, CaseMessage, Question
from familjeguiden.questions.tokens import find_by_token
from familjeguiden.timeutil import utcnow
from tests.fixtures import ask

PERSONAL = "Min dotter Saga mår dåligt"


def months_ago(months: int) -> dt.datetime:
    return utcnow() - dt.timedelta(days=round(months * 30.5))


def closed(months: int | None, status: str = "avslutad", **fields) -> Question:
    question = ask(PERSONAL + " och vi behöver hjälp.", contact_method="e-post", email="mamma@example.com",
                   name="Mamma Svensson", **fields)
    question.status = status
    question.closed_at = months_ago(months) if months is not None else None
    db.session.add(Referral(question=question, service_slug="steget", service_title="Steget",
                            note="Saga behöver en grupp."))
    db.session.add(CaseMessage(question=question, kind="svar", body="Hej Mamma Svensson!", author_label="Sam"))
    db.session.commit()
    return question


@pytest.fixture
def cases(app):
    """Old closed, old spam, recent closed, and an old but still open question."""
    return {
        "old": closed(25),
        "spam": closed(30, status="skrap"),
        "recent": closed(23),
        "open": closed(None, status="pagaende"),
    }


def counts(question_id: int) -> dict:
    db.session.expire_all()
    count = lambda model: db.session.scalar(  # noqa: E731
        db.select(db.func.count()).select_from(model).where(model.question_id == question_id))
    return {"question": db.session.get(Question, question_id) is not None, "messages": count(CaseMessage),
            "events": count(CaseEvent), "referrals": count(Referral), "emails": count(OutboundEmail)}


def test_dry_run_lists_the_codes_and_changes_nothing(cases, cli):
    before = {name: counts(q.id) for name, q in cases.items()}
    audits = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
    result = cli.invoke(args=["gallring", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Provkörning" in result.output
    assert cases["old"].code in result.output and cases["spam"].code in result.output
    assert cases["recent"].code not in result.output and cases["open"].code not in result.output
    assert "Skulle raderas: 2 ärenden, 4 meddelanden, 2 lotsningar, 2 historikrader, 4 e-postmeddelanden" \
        in result.output
    assert {name: counts(q.id) for name, q in cases.items()} == before
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == audits


def test_real_run_deletes_only_old_closed_questions_with_everything_on_them(cases, cli, caplog):
    ids = {name: q.id for name, q in cases.items()}
    codes = {name: q.code for name, q in cases.items()}
    result = cli.invoke(args=["gallring"])
    assert result.exit_code == 0, result.output
    assert "2 ärenden" in result.output
    for name in ("old", "spam"):
        assert counts(ids[name]) == {"question": False, "messages": 0, "events": 0, "referrals": 0, "emails": 0}
    for name in ("recent", "open"):
        assert counts(ids[name])["question"] and counts(ids[name])["emails"] == 2
    entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "gallring: raderade"
    assert entry.target == ("2 ärenden, 4 meddelanden, 2 lotsningar, 2 historikrader, 4 e-postmeddelanden")
    assert entry.actor_label == "System"
    # Neither the audit trail nor the log keeps a code or any content.
    for text in (entry.target, caplog.text):
        assert codes["old"] not in text and "Saga" not in text
    assert "Gallring (delete): 2 ärenden" in caplog.text
    # Running again finds nothing more.
    again = cli.invoke(args=["gallring"])
    assert "0 ärenden" in again.output


def test_retention_months_is_configurable(app_factory):
    app = app_factory(RETENTION_MONTHS=12)
    with app.app_context():
        old = closed(13)
        report = retention.run(dry_run=True)
        assert report.codes == [old.code]
        db.session.remove()


def test_anonymise_keeps_counts_but_removes_every_personal_detail(app_factory):
    app = app_factory(RETENTION_MODE="anonymise")
    with app.app_context():
        question = closed(25)
        question.topic, question.age_group = "psykisk-halsa", "6-12"
        db.session.commit()
        qid, code = question.id, question.code
        report = retention.run()
        assert report.questions == 1
        db.session.expire_all()
        kept = db.session.get(Question, qid)
        assert kept.code == code and kept.status == "avslutad" and kept.topic == "psykisk-halsa"
        assert kept.message == retention.ANONYMISED
        assert (kept.name, kept.email, kept.phone, kept.phone_when) == (None, None, None, None)
        assert all(m.body == "" for m in kept.messages)
        assert all(r.note == "" for r in kept.referrals) and len(kept.referrals) == 1
        assert counts(qid)["emails"] == 0
        assert kept.events[-1].action == "gallrad"
        # The asker's old link no longer opens the case.
        from familjeguiden.questions.tokens import derive_token

        assert find_by_token(derive_token(kept.token_salt or "x")) is None
        entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "gallring: anonymiserade" and entry.target.startswith("1 ärende,")
        # Already anonymised questions are not counted again.
        assert retention.run(dry_run=True).questions == 0
        # And the statistics still count it.
        from familjeguiden.inbox import statistics
        from familjeguiden.timeutil import local_date

        day = local_date(kept.created_at)  # statistics count by the Swedish calendar day
        stats = statistics.compute(statistics.DateRange(day, day))
        assert stats.total == 1 and ("Psykisk hälsa", 1) in [(r.label, r.count) for r in stats.topics]
        db.session.remove()


def test_months_before_clamps_to_the_end_of_the_month():
    assert retention.months_before(dt.datetime(2026, 3, 31, 8), 1) == dt.datetime(2026, 2, 28, 8)
    assert retention.months_before(dt.datetime(2026, 1, 15), 24) == dt.datetime(2024, 1, 15)
    assert retention.months_before(dt.datetime(2026, 1, 15), 1) == dt.datetime(2025, 12, 15)
