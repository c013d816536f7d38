"""Staff at /personal/kurser: who may enter, and what leaders do with participants and the queue."""

from __future__ import annotations

import csv
import io

import pytest

from familjeguiden.accounts.models import AuditEntry
from familjeguiden.courses.models import Occurrence
from familjeguiden.extensions import db
from familjeguiden.mail.models import OutboundEmail
from tests.staff import login, make_user

from .conftest import occurrence, sign_up, signup_of, statuses


@pytest.fixture
def leader(app):
    user = make_user("ledare@example.com", ["course_leader"], "Lea Ledare", totp=True)
    client = app.test_client()
    login(client, user)
    return client


def audit_actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_anonymous_goes_to_login_and_a_coordinator_without_the_role_is_refused(app, client):
    occ = occurrence("abc")
    urls = ["/personal/kurser", "/personal/kurser/ny", f"/personal/kurser/{occ.id}",
            f"/personal/kurser/{occ.id}/andra", f"/personal/kurser/{occ.id}/deltagare.csv"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/personal/logga-in" in response.headers["Location"], url
    coordinator = make_user("samordnare@example.com", ["coordinator"], "Sam Samordnare", totp=True)
    other = app.test_client()
    login(other, coordinator)
    for url in urls:
        assert other.get(url).status_code == 403, url
    assert other.post(f"/personal/kurser/{occ.id}/meddelande", data={"message": "x"}).status_code == 403


@pytest.mark.parametrize("roles", [["course_leader"], ["editor"]])
def test_course_leaders_and_editors_may_enter(app, roles):
    occurrence("abc")
    user = make_user(f"{roles[0]}@example.com", roles, "Namn", totp=roles[0] == "course_leader")
    client = app.test_client()
    login(client, user)
    page = client.get("/personal/kurser")
    assert page.status_code == 200 and "ABC" in page.get_data(as_text=True)


def test_create_and_edit_an_occurrence(app, leader):
    import datetime as dt

    from familjeguiden.timeutil import local_today

    first = (local_today() + dt.timedelta(days=90)).isoformat()  # relative, so the test holds any year
    before_first = (local_today() + dt.timedelta(days=30)).isoformat()
    response = leader.post("/personal/kurser/ny", data={
        "slug": "cope", "starts_on": first, "meetings": "7", "schedule_text": "Onsdagar 18.00",
        "place": "Medborgarhuset", "seats": "2", "language": "sv"})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    occ = db.session.scalar(db.select(Occurrence).where(Occurrence.slug == "cope"))
    assert (occ.seats, occ.meetings, occ.place) == (2, 7, "Medborgarhuset")
    bad = leader.post("/personal/kurser/ny", data={"slug": "cope", "starts_on": first, "ends_on": before_first,
                                                    "seats": "2", "language": "sv"})
    assert bad.status_code == 400 and "Sista träffen kan inte vara före den första" in bad.get_data(as_text=True)

    client = leader.application.test_client()
    for n in range(3):
        sign_up(client, occ, name=f"P{n}", email=f"p{n}@example.com")
    assert statuses(occ) == ["bekraftad", "bekraftad", "vantelista"]
    response = leader.post(f"/personal/kurser/{occ.id}/andra", data={
        "slug": "cope", "starts_on": first, "seats": "3", "language": "sv"})
    assert response.status_code == 303
    assert statuses(occ) == ["bekraftad", "bekraftad", "erbjuden"], "a new seat goes to the queue at once"
    assert "kurs: tillfälle skapat" in audit_actions() and "kurs: tillfälle ändrat" in audit_actions()


def test_talk_confirm_decline_move_remove_and_history(app, client, leader):
    occ = occurrence("steget", seats=1, approval=True)
    links = [sign_up(client, occ, name=name, email=f"{name.lower()}@example.com")[1]
             for name in ("Ada", "Bo", "Cy", "Di")]
    ada, bo, cy, di = (signup_of(link) for link in links)
    page = leader.get(f"/personal/kurser/{occ.id}").get_data(as_text=True)
    assert "Väntar på samtal" in page and "Ada" in page and "ada@example.com" in page

    act = f"/personal/kurser/{occ.id}/anmalan"
    assert leader.post(f"{act}/{ada.id}/godkann").status_code == 303
    leader.post(f"{act}/{bo.id}/godkann")
    leader.post(f"{act}/{cy.id}/godkann")
    leader.post(f"{act}/{di.id}/neka")
    assert statuses(occ) == ["bekraftad", "vantelista", "vantelista", "nekad"]
    assert [m.recipient for m in db.session.scalars(db.select(OutboundEmail).where(
        OutboundEmail.kind == "anmalan-bekraftad"))] == ["ada@example.com"]

    leader.post(f"{act}/{cy.id}/upp")
    assert "Du är nummer 1 i kön" in client.get(links[2]).get_data(as_text=True)
    leader.post(f"{act}/{ada.id}/ta-bort")
    assert statuses(occ) == ["avbokad", "vantelista", "erbjuden", "nekad"], "Cy was moved first, so Cy is offered"
    page = leader.get(f"/personal/kurser/{occ.id}").get_data(as_text=True)
    assert "Borttagen av kursledaren" in page and "Flyttad till plats 1 i kön" in page
    actions = audit_actions()
    for action in ("kurs: godkänd efter samtal", "kurs: nekad efter samtal", "kurs: kön ändrad",
                   "kurs: person borttagen", "kurs: deltagarlista läst"):
        assert action in actions, action


def test_attendance_message_and_a_safe_csv(app, client, leader):
    occ = occurrence("abc", seats=3, meetings=3)
    _, first = sign_up(client, occ, name="=HYPERLINK(\"http://evil.example\")", email="a@example.com")
    _, second = sign_up(client, occ, name="Bea", email=None, phone="070-174 06 11", ages="+5")
    one, two = signup_of(first), signup_of(second)
    response = leader.post(f"/personal/kurser/{occ.id}/narvaro",
                           data={f"narvaro-{one.id}-1": "on", f"narvaro-{one.id}-2": "on", f"narvaro-{two.id}-3": "on",
                                 f"narvaro-{two.id}-9": "on"})
    assert response.status_code == 303
    db.session.refresh(one)
    db.session.refresh(two)
    assert (one.attended, two.attended) == ([1, 2], [3])

    response = leader.post(f"/personal/kurser/{occ.id}/meddelande", data={"message": "Vi byter lokal till sal 3."})
    assert response.status_code == 303
    messages = db.session.scalars(db.select(OutboundEmail).where(OutboundEmail.kind == "anmalan-meddelande")).all()
    assert [m.recipient for m in messages] == ["a@example.com"] and "sal 3" in messages[0].body_text

    export = leader.get(f"/personal/kurser/{occ.id}/deltagare.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Status" and len(rows) == 3
    cells = [cell for row in rows[1:] for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    assert "'=HYPERLINK(\"http://evil.example\")" in cells
    assert "kurs: deltagarlista exporterad" in audit_actions() and "kurs: närvaro" in audit_actions()


def test_statistics_count_signups_places_waiting_and_lapsed_offers(app, client, leader):
    import datetime as dt

    from familjeguiden.courses.queries import statistics
    from familjeguiden.courses.worker import tick
    from familjeguiden.timeutil import utcnow

    occ = occurrence("abc", seats=1)
    links = [sign_up(client, occ, name=f"S{n}", email=f"s{n}@example.com")[1] for n in range(3)]
    client.post(links[0] + "/avboka")
    tick(utcnow() + dt.timedelta(hours=49))
    row = next(r for r in statistics() if r.occurrence.id == occ.id)
    assert (row.signups, row.places, row.waited, row.lapsed) == (3, 1, 2, 1)
    assert row.median_wait_hours is not None and row.no_shows is None
    page = leader.get("/personal/kurser/statistik")
    assert page.status_code == 200 and "Erbjudanden som gick ut" in page.get_data(as_text=True)
    assert "S1" not in page.get_data(as_text=True), "counts only, never names"
