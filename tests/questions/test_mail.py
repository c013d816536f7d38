"""E-mail through a real SMTP server on loopback: receipts, notices, outages."""

import logging

from familjeguiden.extensions import db
from familjeguiden.mail.models import FAILED, QUEUED, SENT, OutboundEmail
from familjeguiden.mail.outbox import send_due
from tests.fixtures import receipt, submit

CANARY = "Kanariefågel-7f3a9 min dotter mår dåligt"


def outbox(status=None):
    db.session.expire_all()
    query = db.select(OutboundEmail).order_by(OutboundEmail.id)
    if status:
        query = query.where(OutboundEmail.status == status)
    return db.session.scalars(query).all()


def test_named_question_sends_receipt_and_notice_to_the_right_people(mail_app, smtp):
    client = mail_app.test_client()
    submit(client, contact_method="e-post", email="forälder@example.com".replace("ä", "a"), name="Anna",
           message=CANARY + " och behöver hjälp.")
    code, path = receipt(client)
    report = send_due()
    assert (report.sent, report.failed) == (2, 0)

    by_to = {tuple(m.envelope_to): m for m in smtp.messages}
    asker = by_to[("foralder@example.com",)]
    coordinator = by_to[("familjeguiden@example.com",)]
    assert asker.message["Subject"] == f"Vi har tagit emot din fråga ({code})"
    assert coordinator.message["Subject"] == f"Ny fråga till Familjeguiden ({code})"
    assert f"/personal/inkorg/{code}" in coordinator.text
    # The asker's mail carries the private link, filled in at sending time.
    assert "http://localhost" + path in asker.text
    assert "{arendelank}" not in asker.text
    # Neither mail repeats the question or the name.
    for received in (asker, coordinator):
        assert "Kanariefågel" not in received.text and "Anna" not in received.text
    # Message-IDs are the stable ones stored in the outbox.
    assert sorted(smtp.message_ids()) == sorted(row.message_id for row in outbox())
    assert {row.status for row in outbox()} == {SENT}
    # The stored body never holds the link.
    assert all(path not in row.body_text + row.body_html for row in outbox())


def test_smtp_outage_delays_but_loses_nothing_and_sends_each_once(mail_app, smtp):
    client = mail_app.test_client()
    smtp.stop()
    for n in range(4):
        response = submit(client, contact_method="e-post", email=f"person{n}@example.com")
        assert response.status_code == 303
    report = send_due()
    assert report.sent == 0 and report.retried == 8
    assert len(outbox(QUEUED)) == 8
    assert all(row.last_error and "Kunde inte nå" in row.last_error for row in outbox())

    smtp.start()
    report = send_due()
    assert report.sent == 8
    assert send_due().sent == 0  # nothing left, nothing sent twice
    ids = smtp.message_ids()
    assert len(ids) == len(set(ids)) == 8
    assert sorted(ids) == sorted(row.message_id for row in outbox(SENT))


def test_a_permanently_refused_recipient_ends_as_failed_with_the_reason(mail_app, smtp):
    smtp.handler.reject.add("finns-inte@example.com")
    client = mail_app.test_client()
    submit(client, contact_method="e-post", email="finns-inte@example.com")
    report = send_due()
    assert report.failed == 1 and report.sent == 1
    (failed,) = outbox(FAILED)
    assert failed.kind == "kvitto"
    assert "550" in failed.last_error and "finns-inte" not in failed.last_error


def test_temporary_failures_end_as_failed_after_the_configured_attempts(mail_app, smtp):
    smtp.stop()
    client = mail_app.test_client()
    submit(client)
    for _ in range(3):
        send_due()
    (row,) = outbox()
    assert row.status == FAILED and row.attempts == 3


def test_no_header_injection_from_any_field(mail_app, smtp):
    client = mail_app.test_client()
    evil = "=?utf-8?q?x=0D=0ABcc:_evil@example.org?= \r\nBcc: evil@example.org"
    submit(client, contact_method="e-post", email="asker@example.com", name=evil, phone_when=evil,
           message="Hej\r\nBcc: evil@example.org\r\n=?utf-8?q?=0D=0ABcc:_evil@example.org?= fråga")
    # The name with a line break is refused; the same text without one is accepted but never in a header.
    submit(client, contact_method="e-post", email="asker@example.com", name="=?utf-8?q?x=0D=0ABcc:_evil@example.org?=",
           message="Hej\r\nBcc: evil@example.org\r\n=?utf-8?q?=0D=0ABcc:_evil@example.org?= fråga")
    send_due()
    assert smtp.messages, "the second submission should have produced mail"
    for received in smtp.messages:
        assert "evil@example.org" not in received.envelope_to
        headers = received.raw.split(b"\r\n\r\n", 1)[0].decode()
        assert "evil" not in headers and "Bcc" not in headers


def test_nothing_personal_is_logged_while_asking_and_sending(mail_app, smtp, caplog):
    caplog.set_level(logging.DEBUG)
    client = mail_app.test_client()
    submit(client, contact_method="e-post", email="hemlig.person@example.com", name="Hemliga Hanna",
           message=CANARY)
    send_due()
    smtp.stop()
    submit(client, contact_method="telefon", phone="070-174 06 55", message=CANARY)
    send_due()
    # Everything the application logs; "mail.log" is the test SMTP server's own log.
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "E-post" in ours  # the sender did log its work
    for forbidden in ("Kanariefågel", "hemlig.person", "Hemliga Hanna", "740655"):
        assert forbidden not in ours


def test_outbox_list_and_send_commands(mail_app, smtp):
    client = mail_app.test_client()
    submit(client)
    cli = mail_app.test_cli_runner()
    listing = cli.invoke(args=["outbox", "list"])
    assert "Köad" in listing.output and "1 e-postmeddelanden" in listing.output
    sent = cli.invoke(args=["outbox", "send"])
    assert "Skickade 1" in sent.output
    assert len(smtp.messages) == 1


def test_without_smtp_mail_stays_in_the_outbox(fast_client, fast_app):
    submit(fast_client)
    assert send_due().sent == 0
    assert [row.status for row in outbox()] == [QUEUED]
    result = fast_app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "Ingen SMTP-server" in result.output
