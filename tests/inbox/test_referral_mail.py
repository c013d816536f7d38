"""Referral and reply e-mails through the real SMTP test server, and the signed link."""

import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.mail.outbox import send_due
from tests.fixtures import ask, version_of
from tests.staff import login, make_user


@pytest.fixture
def staff_client(mail_app):  # noqa: F811
    user = make_user("sam@example.com", ["coordinator"], "Sam", totp=True)
    client = mail_app.test_client()
    login(client, user)
    return client


def test_referral_mail_carries_only_the_agreed_data(staff_client, smtp):  # noqa: F811
    question = ask("Min dotter dricker på helgerna och jag är orolig.", contact_method="e-post",
                   email="mamma@example.com", name="Maja Mamma", share_consent=False, topic="alkohol-och-droger")
    send_due()
    smtp.messages.clear()
    staff_client.post(f"/personal/inkorg/{question.code}/lotsa", data={
        "version": version_of(question), "services": ["ingangen"], "note": "Mamma vill ha råd om alkohol.",
        "share_contact": "nej"})
    send_due()
    (mail,) = smtp.messages
    assert mail.envelope_to == ["ingangen@example.com"] or mail.envelope_to[0].endswith("@example.com")
    assert mail.message["Subject"] == f"Lotsning från Familjeguiden ({question.code})"
    text = mail.text
    assert question.code in text and "Alkohol och droger" in text and "Mamma vill ha råd om alkohol." in text
    for secret in ("dricker på helgerna", "mamma@example.com", "Maja Mamma"):
        assert secret not in text
    link = re.search(r"(http://localhost/lotsning/\S+)", text).group(1)
    assert link.startswith("http://localhost/lotsning/")


def test_referral_with_consent_shares_contact_details(staff_client, smtp):  # noqa: F811
    question = ask("Vi behöver hjälp med bråk hemma.", contact_method="telefon", phone="070-174 06 77",
                   name="Pelle", share_consent=True)
    staff_client.post(f"/personal/inkorg/{question.code}/lotsa", data={
        "version": version_of(question), "services": ["familjebehandling"], "note": "Ring gärna.",
        "share_contact": "ja"})
    send_due()
    referral_mail = [m for m in smtp.messages if "Lotsning" in m.message["Subject"]][0]
    assert "+46701740677" in referral_mail.text and "Pelle" in referral_mail.text


def test_service_confirms_through_the_signed_link_and_a_tampered_one_is_refused(staff_client, smtp, mail_app):  # noqa: F811
    question = ask("En fråga som lotsas till Steget.")
    staff_client.post(f"/personal/inkorg/{question.code}/lotsa", data={
        "version": version_of(question), "services": ["steget"], "note": "Passar Steget?", "share_contact": "nej"})
    send_due()
    mail = [m for m in smtp.messages if "Lotsning" in m.message["Subject"]][0]
    path = re.search(r"http://localhost(/lotsning/\S+)", mail.text).group(1)
    service = mail_app.test_client()
    page = service.get(path)
    assert page.status_code == 200 and "Steget" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert service.post(path, data={"svar": "mottagen"}).status_code == 303
    db.session.refresh(question)
    assert question.referrals[0].status == "mottagen"
    assert question.events[-1].detail == "Steget svarade via länken: Mottagen"
    tampered = path[:-2] + ("AA" if not path.endswith("AA") else "BB")
    assert service.get(tampered).status_code == 404
    assert service.post(tampered, data={"svar": "avbojd"}).status_code == 404


def test_reply_notice_to_the_asker_has_no_answer_in_it(staff_client, smtp):  # noqa: F811
    question = ask("Hur pratar jag med mitt barn om skilsmässan?", contact_method="e-post", email="far@example.com")
    send_due()
    smtp.messages.clear()
    staff_client.post(f"/personal/inkorg/{question.code}/svara", data={
        "version": version_of(question), "body": "Skilda världar är en grupp för barn.", "channel": "arende"})
    send_due()
    (mail,) = smtp.messages
    assert mail.envelope_to == ["far@example.com"]
    assert mail.message["Subject"] == f"Det finns något nytt i ditt ärende ({question.code})"
    assert "Skilda världar" not in mail.text and "/arende/" in mail.text
