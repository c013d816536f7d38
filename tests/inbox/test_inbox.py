"""The coordinator's inbox list: tabs, order, filters, search, marks."""

import datetime as dt
import re

from familjeguiden.extensions import db
from familjeguiden.mail.models import OutboundEmail
from tests.fixtures import ask


def codes_in(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/personal/inkorg/(FG-\d{4}-\d+)"', html)


def test_tabs_show_counts_and_urgent_first_then_oldest(coordinator_client):
    old = ask("En gammal fråga om sömn och läggning.")
    old.created_at -= dt.timedelta(days=3)
    db.session.commit()
    new = ask("En ny fråga om läxor och skolan.")
    urgent = ask("Pappa slår mamma, vad gör jag?", urgent=True)
    db.session.commit()
    html = coordinator_client.get("/personal/inkorg").get_data(as_text=True)
    assert codes_in(html) == [urgent.code, old.code, new.code]
    assert "Ny <span class=\"count\">(3)</span>" in html
    assert "Brådskande" in html


def test_overdue_mark_and_filter(coordinator_client):
    late = ask("En fråga som har väntat länge på svar.")
    late.created_at -= dt.timedelta(days=10)
    late.due_at = late.next_due_at = late.created_at + dt.timedelta(days=3)
    db.session.commit()
    fresh = ask("En alldeles ny fråga om fritid.")
    html = coordinator_client.get("/personal/inkorg").get_data(as_text=True)
    row = html[html.index(late.code):html.index("</tr>", html.index(late.code))]
    assert "Försenad" in row
    assert codes_in(coordinator_client.get("/personal/inkorg?forsenad=1").get_data(as_text=True)) == [late.code]
    assert fresh.code not in coordinator_client.get("/personal/inkorg?forsenad=1").get_data(as_text=True)


def test_filters_and_database_search(coordinator_client, coordinator):
    teen = ask("Min tonåring röker på, vad ska jag göra?", topic="alkohol-och-droger", age_group="13-20")
    small = ask("Bebisen sover inte på nätterna.", topic="gravid-och-sma-barn", age_group="0-5")
    by_topic = coordinator_client.get("/personal/inkorg?amne=alkohol-och-droger").get_data(as_text=True)
    assert codes_in(by_topic) == [teen.code]
    assert codes_in(coordinator_client.get("/personal/inkorg?alder=0-5").get_data(as_text=True)) == [small.code]
    assert codes_in(coordinator_client.get("/personal/inkorg?q=sover").get_data(as_text=True)) == [small.code]
    assert codes_in(coordinator_client.get(f"/personal/inkorg?q={teen.code}").get_data(as_text=True)) == [teen.code]
    teen.assignee_id = coordinator.id
    db.session.commit()
    assert codes_in(coordinator_client.get("/personal/inkorg?handlaggare=mig").get_data(as_text=True)) == [teen.code]
    assert codes_in(coordinator_client.get("/personal/inkorg?handlaggare=ingen").get_data(as_text=True)) == [small.code]


def test_failed_email_is_shown_in_the_list(coordinator_client):
    question = ask("En fråga där mejlet inte gick fram.")
    row = db.session.scalar(db.select(OutboundEmail).where(OutboundEmail.question_id == question.id))
    row.status, row.last_error = "misslyckad", "Mottagaren nekades av e-postservern (kod 550)"
    db.session.commit()
    html = coordinator_client.get("/personal/inkorg").get_data(as_text=True)
    row_html = html[html.index(question.code):html.index("</tr>", html.index(question.code))]
    assert "Misslyckades" in row_html


def test_pagination_keeps_filters(coordinator_client):
    for n in range(55):
        ask(f"Fråga nummer {n} om skolan och läxorna.", topic="skola-och-narvaro")
    first = coordinator_client.get("/personal/inkorg?amne=skola-och-narvaro").get_data(as_text=True)
    assert len(codes_in(first)) == 50 and "sida 1 av 2" in first
    assert "amne=skola-och-narvaro" in re.search(r'href="([^"]*sida=2[^"]*)"', first).group(1)
    second = coordinator_client.get("/personal/inkorg?amne=skola-och-narvaro&sida=2").get_data(as_text=True)
    assert len(codes_in(second)) == 5
