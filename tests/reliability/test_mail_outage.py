"""An SMTP outage delays e-mail but loses none and sends none twice.

DESIGN.md section 6: "0 lost under kill -9 or SMTP outage". A real SMTP
server on loopback (``tests/smtp.py``) is down while the first part of a
burst of questions and coordinator replies is queued; the sender fails a few
rounds, the server comes up, the rest of the burst arrives, and the sender
runs until nothing is due. Every outbox row must then have reached the
server exactly once (compared by the stable Message-ID), except one
recipient the server refuses for good: that row ends ``misslyckad``, the
coordinator sees it in the inbox list and on the case page, and the
"Försök igen" button queues it again.

A second test runs two senders at once (two threads, each with its own app
context and database session) and checks that no row is sent twice.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

import pytest

from familjeguiden.extensions import db
from familjeguiden.inbox import operations as inbox
from familjeguiden.mail.models import FAILED, QUEUED, SENT, OutboundEmail
from familjeguiden.mail.outbox import send_due
from familjeguiden.questions.models import Question
from tests.smtp import SMTPServer
from tests.staff import login, make_user

REFUSED = "finns-inte@example.com"
MAX_ROUNDS = 30


@pytest.fixture
def smtp():
    """The recording SMTP server, created but not started: it is "down"."""
    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app_factory, smtp):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SUPPRESS_SEND=False,
                      MAIL_RETRY_BASE_SECONDS=0, MAIL_MAX_ATTEMPTS=50, QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        yield app
        db.session.remove()


def rows(status: str | None = None) -> list[OutboundEmail]:
    db.session.commit()  # a fresh snapshot: other threads may have written meanwhile
    query = db.select(OutboundEmail).order_by(OutboundEmail.id)
    if status:
        query = query.where(OutboundEmail.status == status)
    return db.session.scalars(query).all()


def started_stamp(client) -> str:
    html = client.get("/fraga").get_data(as_text=True)
    return re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1)


def ask(client, number: int, email: str | None) -> Question:
    """Send the public form like a person would; return the stored question."""
    data = {"message": f"Fråga {number}: vår dotter vill inte gå till skolan. Vad kan vi göra?",
            "relation": "foralder", "consent": "y", "started": started_stamp(client),
            "contact_method": "e-post" if email else "anonym"}
    if email:
        data["email"] = email
    response = client.post("/fraga", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    html = client.get("/fraga/skickad").get_data(as_text=True)
    code = re.search(r'class="case-code"[^>]*>(FG-\d{4}-\d{4,})<', html).group(1)
    return db.session.scalar(db.select(Question).where(Question.code == code))


def answer(question: Question, coordinator) -> int:
    """A coordinator replies on the case page; return the e-mails it queued (a notice if e-mail was given)."""
    db.session.refresh(question)
    inbox.reply(question, coordinator, "Hej! Vi har läst din fråga och svarar här.", "arende", question.version)
    return 1 if question.email else 0


def burst(client, coordinator, first: int, count: int) -> int:
    """``count`` questions, every other one with e-mail, and a reply to every third.

    Returns how many e-mails this should have queued.
    """
    queued = 0
    for number in range(first, first + count):
        question = ask(client, number, f"person{number}@example.com" if number % 2 == 0 else None)
        queued += 2 if question.email else 1  # receipt to the asker, notice to the coordinators
        if number % 3 == 0:
            queued += answer(question, coordinator)
    return queued


def send_until_nothing_is_due() -> int:
    """Run the sender until a round finds nothing to do; bounded in rounds and time."""
    deadline = time.monotonic() + 60
    for rounds in range(1, MAX_ROUNDS + 1):
        report = send_due()
        if not (report.sent or report.retried or report.failed):
            return rounds
        assert time.monotonic() < deadline, "sändningen blev inte klar i tid"
    raise AssertionError(f"det fanns fortfarande e-post att skicka efter {MAX_ROUNDS} varv")


def delivery_problems(smtp, expected: set[str]) -> tuple[Counter, list[str], list[str]]:
    """(times each Message-ID arrived, duplicates, lost) for the expected outbox Message-IDs."""
    received = Counter(smtp.message_ids())
    duplicates = [mid for mid, times in received.items() if times > 1]
    lost = sorted(expected - set(received))
    return received, duplicates, lost


def summary_line(total: int, received: Counter, duplicates: list, lost: list, extra: str = "") -> str:
    return (f"{total} e-post, {sum(1 for _ in received)} levererade, {len(duplicates)} dubbletter, "
            f"{len(lost)} förlorade{extra}")


def report(capsys, record_property, line: str) -> None:
    print(line)
    with capsys.disabled():
        print(f"\n[e-postavbrott] {line}")
    record_property("e-postavbrott", line)


def test_smtp_outage_loses_nothing_and_sends_each_mail_once(mail_app, smtp, capsys, record_property):
    coordinator = make_user("samordnare@example.com", ["coordinator"], "Sam Samordnare", totp=True)
    client = mail_app.test_client()

    # Part one of the burst while the mail server is down.
    refused = ask(client, 0, REFUSED)
    expected = 2 + burst(client, coordinator, 1, 15)
    queued_while_down = len(rows())
    assert queued_while_down == expected
    for attempt in range(1, 4):
        result = send_due()
        assert result.sent == 0 and result.failed == 0 and result.retried == queued_while_down
        assert all(r.status == QUEUED and r.attempts == attempt and "Kunde inte nå" in r.last_error
                   for r in rows())

    # The server comes back, refusing one address for good; part two arrives meanwhile.
    smtp.handler.reject.add(REFUSED)
    smtp.start()
    expected += burst(client, coordinator, 16, 15)
    rounds = send_until_nothing_is_due()

    all_rows = rows()
    assert len(all_rows) == expected > queued_while_down
    (failed,) = rows(FAILED)
    assert failed.recipient == REFUSED and failed.kind == "kvitto" and failed.question_id == refused.id
    assert "550" in failed.last_error and REFUSED not in failed.last_error
    assert len(rows(SENT)) == len(all_rows) - 1
    received, duplicates, lost = delivery_problems(smtp, {r.message_id for r in all_rows} - {failed.message_id})
    assert not duplicates and not lost
    assert set(received) == {r.message_id for r in rows(SENT)}
    by_id = {m.message["Message-ID"]: m for m in smtp.messages}
    assert all(by_id[r.message_id].envelope_to == [r.recipient] for r in rows(SENT))

    # The coordinator sees the failure in the inbox list and on the case page.
    staff = mail_app.test_client()
    assert login(staff, coordinator).status_code == 302
    listing = staff.get("/personal/inkorg").get_data(as_text=True)
    table_rows = re.findall(r"<tr[ >].*?</tr>", listing, flags=re.S)
    failed_rows = [row for row in table_rows if "Misslyckades" in row]
    assert len(failed_rows) == 1 and f">{refused.code}</a>" in failed_rows[0]
    case_page = staff.get(f"/personal/inkorg/{refused.code}").get_data(as_text=True)
    assert "Misslyckad" in case_page and "Försök igen" in case_page and "550" in case_page

    # The address is fixed at the receiving end; "Försök igen" queues the same mail again.
    smtp.handler.reject.discard(REFUSED)
    db.session.refresh(refused)
    response = staff.post(f"/personal/inkorg/{refused.code}/epost-igen",
                          data={"version": refused.version, "email_id": failed.id})
    assert response.status_code == 303
    send_until_nothing_is_due()
    received, duplicates, lost = delivery_problems(smtp, {r.message_id for r in all_rows})
    assert {r.status for r in rows()} == {SENT}
    assert received[failed.message_id] == 1
    assert not duplicates and not lost and len(received) == len(all_rows)

    line = summary_line(len(all_rows), received, duplicates, lost,
                        f" ({queued_while_down} köade under avbrottet, 3 misslyckade sändningsvarv, {rounds} varv "
                        "efter; 1 nekad mottagare visad som Misslyckades och levererad efter Försök igen)")
    report(capsys, record_property, line)


class WritingDuringDelivery:
    """An SMTP handler that lets "the web app" commit a write while each mail is being delivered."""

    def __init__(self, handler, engine, question_id: int):
        self.handler, self.engine, self.question_id = handler, engine, question_id
        self.writes = 0

    @property
    def messages(self):
        return self.handler.messages

    async def handle_RCPT(self, *args):
        return await self.handler.handle_RCPT(*args)

    async def handle_DATA(self, server, session, envelope):
        with self.engine.begin() as conn:  # e.g. a new question or a follow-up, committed meanwhile
            conn.execute(db.update(Question).where(Question.id == self.question_id)
                         .values(version=Question.version + 1))
        self.writes += 1
        return await self.handler.handle_DATA(server, session, envelope)


def test_a_write_committed_while_a_mail_is_sent_does_not_leave_it_unsent(mail_app, smtp, capsys, record_property):
    """The sender must record "skickad" even when the web app wrote in the meantime.

    On SQLite a transaction that read the row before sending and then writes
    its status failed with "database is locked" whenever another connection
    had committed during the SMTP conversation: the mail was delivered but
    stayed queued, to be delivered again when its lease ran out.
    """
    client = mail_app.test_client()
    questions = [ask(client, n, f"under-sandning{n}@example.com") for n in range(5)]
    smtp.handler = WritingDuringDelivery(smtp.handler, db.engine, questions[0].id)
    smtp.start()
    result = send_due()
    received, duplicates, lost = delivery_problems(smtp, {r.message_id for r in rows()})
    line = summary_line(len(rows()), received, duplicates, lost,
                        f" (en annan anslutning skrev {smtp.handler.writes} gånger under sändningen)")
    report(capsys, record_property, line)
    assert result.sent == len(rows()) == 10 and smtp.handler.writes == 10, line
    assert {r.status for r in rows()} == {SENT}, line
    assert not duplicates and not lost, line


def test_two_concurrent_senders_never_send_the_same_row_twice(mail_app, smtp, capsys, record_property):
    client = mail_app.test_client()
    questions = [ask(client, n, f"samtidig{n}@example.com") for n in range(40)]
    total = len(rows())
    assert total == 2 * len(questions)
    smtp.start()

    barrier = threading.Barrier(2, timeout=30)
    sent_by = Counter()
    errors = []

    def sender(name: str) -> None:
        try:
            with mail_app.app_context():
                barrier.wait()
                deadline = time.monotonic() + 60
                for _ in range(MAX_ROUNDS):
                    result = send_due(limit=15)
                    sent_by[name] += result.sent
                    if not (result.sent or result.retried or result.failed) or time.monotonic() > deadline:
                        break
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(f"{name}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=sender, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads), "en sändare blev inte klar"
    assert not errors, errors

    received, duplicates, lost = delivery_problems(smtp, {r.message_id for r in rows()})
    line = summary_line(total, received, duplicates, lost,
                        f" (två samtidiga sändare: A skickade {sent_by['A']}, B {sent_by['B']})")
    report(capsys, record_property, line)
    assert not duplicates, line
    assert not lost and len(received) == total and sent_by["A"] + sent_by["B"] == total, line
    assert {r.status for r in rows()} == {SENT}, line
