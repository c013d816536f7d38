"""A day-long SMTP outage delays e-mail but fails none (issue #12 item 7).

With the old rule (6 attempts) every queued e-mail was ``misslyckad`` for
good after about half an hour without a mail server. Now a temporary
failure is retried with capped backoff for ``MAIL_QUEUE_LIFETIME_HOURS``
(72) after the row was made. The sender's clock is moved in ten-minute
steps through a whole day with the server down (no waiting), using the
default backoff settings: nothing fails, the coordinator sees "Försenad" on
the case at once, no wait between attempts is longer than the cap; the
server comes back and every e-mail arrives exactly once. A second outage
that outlives the queue lifetime ends ``misslyckad`` only after 72 hours.
"""

from __future__ import annotations

import datetime as dt

import pytest

from familjeguiden.extensions import db
from familjeguiden.mail import outbox
from familjeguiden.mail.models import FAILED, QUEUED, SENT
from familjeguiden.timeutil import utcnow
from tests.smtp import SMTPServer
from tests.staff import login, make_user

from .test_mail_outage import ask, delivery_problems, report, rows

STEP = dt.timedelta(minutes=10)


class Clock:
    """The sender's idea of now, moved by the test."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def smtp():
    server = SMTPServer()  # created, not started: the server is down
    yield server
    server.stop()


@pytest.fixture
def default_mail_app(app_factory, smtp, monkeypatch):
    """Mail to the test server with the default retry settings and a movable clock."""
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SUPPRESS_SEND=False,
                      QUESTION_MIN_FILL_SECONDS=0)
    clock = Clock()
    monkeypatch.setattr(outbox, "utcnow", clock)
    with app.app_context():
        yield app, clock
        db.session.remove()


def test_a_day_long_outage_fails_nothing_and_then_delivers_each_mail_once(default_mail_app, smtp, capsys,
                                                                          record_property):
    app, clock = default_mail_app
    assert app.config["MAIL_QUEUE_LIFETIME_HOURS"] == 72 and not app.config["MAIL_MAX_ATTEMPTS"]
    cap = dt.timedelta(seconds=app.config["MAIL_RETRY_MAX_SECONDS"] * 1.5)  # the cap with its +50 % jitter
    client = app.test_client()
    questions = [ask(client, n, f"dygn{n}@example.com" if n % 2 else None) for n in range(4)]
    queued = len(rows())
    assert queued == 6

    # The first round fails; the coordinator sees the delay on the case at once.
    outbox.send_due()
    coordinator = make_user("dygn.samordnare@example.com", ["coordinator"], "Dora Dygn", totp=True)
    staff = app.test_client()
    assert login(staff, coordinator).status_code == 302
    case_page = staff.get(f"/personal/inkorg/{questions[1].code}").get_data(as_text=True)
    assert "Försenad – försöker igen" in case_page

    # A whole day without a mail server, in ten-minute steps.
    longest_wait = dt.timedelta(0)
    for _ in range(24 * 6):
        clock.now += STEP
        result = outbox.send_due()
        assert result.failed == 0 and result.sent == 0
        for row in rows():
            assert row.status == QUEUED, row.last_error
            longest_wait = max(longest_wait, row.next_attempt_at - clock.now)
    assert longest_wait <= cap, longest_wait
    attempts = sorted(r.attempts for r in rows())

    # The server is back: everything arrives within the next (capped) retry, exactly once.
    smtp.start()
    for _ in range(12):
        clock.now += STEP
        outbox.send_due()
    received, duplicates, lost = delivery_problems(smtp, {r.message_id for r in rows()})
    assert {r.status for r in rows()} == {SENT} and not duplicates and not lost

    # An outage longer than the queue lifetime: failed only after 72 hours.
    smtp.stop()
    late = ask(client, 99, "sent-fel@example.com")
    made = clock.now
    for row in rows(QUEUED):  # made "now" on the moved clock (the model's default used the real one)
        row.created_at = row.next_attempt_at = made
    db.session.commit()
    failed_at = None
    while failed_at is None and clock.now - made < dt.timedelta(hours=80):
        clock.now += STEP
        outbox.send_due()
        if rows(FAILED):
            failed_at = clock.now - made
    assert failed_at is not None and dt.timedelta(hours=72) <= failed_at <= dt.timedelta(hours=72) + cap, failed_at
    assert {r.question_id for r in rows(FAILED)} == {late.id}

    line = (f"ett dygns avbrott med flyttad klocka: {queued} e-post köade i 24 h med {attempts[0]}–{attempts[-1]} "
            f"försök var, 0 misslyckade, längsta väntan {longest_wait.total_seconds() / 60:.0f} min, "
            f"sedan {len(received)} levererade och 0 dubbletter; ett avbrott på över 72 h gav misslyckad efter "
            f"{failed_at.total_seconds() / 3600:.1f} h").replace(".", ",")
    report(capsys, record_property, line)
