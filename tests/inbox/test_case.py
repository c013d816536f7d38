"""The case view: reading, every action and its history, stale forms, referrals."""


import datetime as dt
import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.mail.models import OutboundEmail
from familjeguiden.questions.models import CaseEvent
from tests.fixtures import ask, version_of
from tests.staff import login


def events(question):
    db.session.expire_all()
    return [(e.action, e.actor_label) for e in db.session.scalars(
        db.select(CaseEvent).where(CaseEvent.question_id == question.id).order_by(CaseEvent.id))]


def act(client, question, action, **data):
    data.setdefault("version", version_of(question))
    return client.post(f"/personal/inkorg/{question.code}/{action}", data=data)


def page(client, question):
    return client.get(f"/personal/inkorg/{question.code}").get_data(as_text=True)


def test_a_case_opened_is_in_the_history_once_per_staff_session(app, coordinator, coordinator_client, question):
    html = page(coordinator_client, question)
    assert question.message in html
    for _ in range(5):  # reloads after actions, back and forth from the inbox: the same session
        page(coordinator_client, question)
    assert [e for e in events(question) if e[0] == "oppnad"] == [("oppnad", "Sam Samordnare")]
    # The next working session (a new login) is a new reading, and the history says so.
    later = app.test_client()
    login(later, coordinator)
    assert "Ärendet öppnades" in page(later, question)
    page(later, question)
    assert [e for e in events(question) if e[0] == "oppnad"] == [("oppnad", "Sam Samordnare")] * 2
    print("6 views in one session wrote 1 'Ärendet öppnades' line; a new login wrote 1 more")


def _select(html: str, name: str, action: str) -> str:
    """The <select name=...> inside the form that posts to ``action``."""
    form = html[html.index(f"/{action}\""):]
    form = form[:form.index("</form>")]
    return form[form.index(f'name="{name}"'):form.index("</select>")]


def _selected(select_html: str) -> list[str]:
    return re.findall(r'<option[^>]*selected[^>]*>([^<]*)</option>', select_html)


def test_the_action_forms_follow_the_case(coordinator_client, question, colleague):
    html = page(coordinator_client, question)
    status = _select(html, "status", "status")
    assert _selected(status) == ["Ny"], status  # the current status, preselected
    assert _selected(_select(html, "outcome", "avsluta")) in ([], ["Välj utfall"])  # no outcome preset
    assert "Välj kollega" in _select(html, "assignee", "tilldela")  # nobody is preselected on an unassigned case

    act(coordinator_client, question, "tilldela", assignee=colleague.id)
    html = page(coordinator_client, question)
    assert _selected(_select(html, "assignee", "tilldela")) == ["Kim Kollega"]
    assert _selected(_select(html, "status", "status")) == ["Pågående"]

    act(coordinator_client, question, "avsluta", outcome="besvarad")
    html = page(coordinator_client, question)
    assert "Avsluta ärendet" not in html
    assert "/status\"" not in html and "/tilldela\"" not in html  # only "Öppna igen" moves a closed case
    assert "Öppna ärendet igen" in html
    print("a new case preselects Ny, nobody and no outcome; an assigned one its assignee; a closed one offers "
          "only to open it again")


def test_picking_the_current_status_changes_nothing(coordinator_client, question):
    response = act(coordinator_client, question, "status", status="ny")
    after = coordinator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Välj en annan status än den ärendet har nu." in after
    assert [e for e in events(question) if e[0] == "status"] == []


def test_suggested_services_come_from_the_public_search(coordinator_client):
    question = ask("Min pappa dricker för mycket och mamma mår dåligt. Finns det en grupp för barn?")
    html = page(coordinator_client, question)
    suggestions = html[html.index("Förslag från sökningen"):html.index("</ul>", html.index("Förslag från sökningen"))]
    assert "/tjanster/steget" in suggestions
    assert "<mark>" in suggestions


@pytest.mark.parametrize("action, data, event, check", [
    ("ta", {}, "tilldelad", lambda q: q.assignee.name == "Sam Samordnare" and q.status == "pagaende"),
    ("anteckning", {"body": "Ringer skolan imorgon."}, "anteckning",
     lambda q: q.messages[-1].visible_to_asker is False),
    ("svara", {"body": "Hej! Elevhälsan kan hjälpa er.", "channel": "arende"}, "svar",
     lambda q: q.first_answered_at is not None and q.messages[-1].kind == "svar"),
    ("svara", {"body": "Pratade om läget hemma.", "channel": "telefon", "call_date": "2026-11-20"}, "samtal",
     lambda q: q.messages[-1].body.startswith("Samtal 2026-11-20:")),
    ("status", {"status": "vantar"}, "status", lambda q: q.status == "vantar" and q.waiting_since is not None),
    ("skrap", {}, "skrap", lambda q: q.status == "skrap"),
    ("avsluta", {"outcome": "besvarad"}, "avslutad", lambda q: q.status == "avslutad" and q.outcome == "besvarad"),
    ("lotsa", {"services": ["elevhalsan"], "note": "Familjen behöver stöd kring frånvaro.", "share_contact": "nej"},
     "lotsad", lambda q: q.status == "lotsad" and q.referrals[0].service_slug == "elevhalsan"),
])
def test_each_action_changes_the_case_and_writes_history(coordinator_client, question, action, data, event, check):
    response = act(coordinator_client, question, action, **data)
    assert response.status_code == 303
    assert events(question)[-1] == (event, "Sam Samordnare")
    db.session.refresh(question)
    assert check(question)
    after = coordinator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="notice notice-success"' in after


def test_assign_to_a_colleague(coordinator_client, question, colleague):
    act(coordinator_client, question, "tilldela", assignee=colleague.id)
    db.session.refresh(question)
    assert question.assignee_id == colleague.id
    assert "Tilldelat Kim Kollega" in page(coordinator_client, question)


def test_a_stale_form_is_refused_and_changes_nothing(coordinator_client, question, colleague, app):
    from tests.staff import login

    seen = version_of(question)
    other = app.test_client()
    login(other, colleague)
    assert act(other, question, "svara", body="Kollegan hann först.", channel="arende", version=seen,
               form_key=None).status_code == 303
    response = act(coordinator_client, question, "avsluta", outcome="besvarad", version=seen)
    html = coordinator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "har ändrats av någon annan" in html
    db.session.refresh(question)
    assert question.status == "pagaende"  # the colleague's reply, not the stale close
    assert "Kollegan hann först." in html  # the colleague's change is visible on reload


def test_an_internal_note_is_stored_even_if_the_case_changed_meanwhile(coordinator_client, question, colleague, app):
    from tests.staff import login

    seen = version_of(question)
    other = app.test_client()
    login(other, colleague)
    assert act(other, question, "ta", version=seen).status_code == 303
    act(coordinator_client, question, "anteckning", body="Min anteckning får inte försvinna.", version=seen)
    assert "Min anteckning får inte försvinna." in page(coordinator_client, question)


def test_invalid_action_input_is_explained(coordinator_client, question):
    response = act(coordinator_client, question, "svara", body="", channel="arende")
    assert "Skriv svaret." in coordinator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert coordinator_client.post(f"/personal/inkorg/{question.code}/okand", data={}).status_code == 404


def test_waiting_pauses_the_clock_and_moves_the_deadline(coordinator_client, question):

    act(coordinator_client, question, "status", status="vantar")
    db.session.refresh(question)
    due = question.due_at
    question.waiting_since -= dt.timedelta(days=7)
    db.session.commit()
    act(coordinator_client, question, "status", status="pagaende")
    db.session.refresh(question)
    assert question.waiting_since is None
    assert question.due_at - due >= dt.timedelta(days=7)


def test_retry_a_failed_email(coordinator_client, question):
    row = db.session.scalar(db.select(OutboundEmail).where(OutboundEmail.question_id == question.id))
    row.status, row.attempts, row.last_error = "misslyckad", 6, "E-postservern svarade 550"
    db.session.commit()
    assert "Försök igen" in page(coordinator_client, question)
    act(coordinator_client, question, "epost-igen", email_id=row.id)
    db.session.refresh(row)
    assert row.status == "koad" and row.attempts == 0
    assert events(question)[-1][0] == "epost-igen"


def test_sharing_contact_details_requires_the_askers_consent(coordinator_client, question):
    response = act(coordinator_client, question, "lotsa", services=["steget"], note="Hej", share_contact="ja")
    html = coordinator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "inte gett samtycke" in html
    db.session.refresh(question)
    assert question.referrals == []
