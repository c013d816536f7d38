"""Data rights: export everything about a question (art. 15) and delete it on request."""

from __future__ import annotations

import json

from familjeguiden.accounts.models import AuditEntry
from familjeguiden.extensions import db
from familjeguiden.inbox.models import Referral
from familjeguiden.mail.models import OutboundEmail
from familjeguiden.questions.models import CaseEvent, CaseMessage, Question
from tests.fixtures import ask
from tests.staff import login, make_user


def a_case():
    question = ask("Min son Olle skolkar och vi bråkar varje morgon.", contact_method="e-post",
                   email="pappa@example.com", name="Pappa Persson", topic="skola-och-narvaro")
    db.session.add(Referral(question=question, service_slug="elevhalsan", service_title="Elevhälsan",
                            note="Frånvaro sedan september."))
    db.session.add(CaseMessage(question=question, kind="svar", body="Hej! Elevhälsan hör av sig.",
                               author_label="Ada Admin"))
    db.session.commit()
    return question


def last_audit() -> AuditEntry:
    db.session.expire_all()
    return db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_export_contains_everything_but_the_token_keys(admin_client, app):
    question = a_case()
    response = admin_client.get(f"/personal/admin/arenden/{question.code}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="registerutdrag-{question.code}.json"'
    data = json.loads(response.get_data(as_text=True))
    case = data["arende"]
    assert case["arendenummer"] == question.code and case["fraga"].startswith("Min son Olle")
    assert (case["namn"], case["e_post"], case["amne"]) == ("Pappa Persson", "pappa@example.com",
                                                           "skola-och-narvaro")
    assert [m["typ"] for m in data["meddelanden"]] == ["fraga", "svar"]
    assert data["lotsningar"][0]["verksamhet"] == "elevhalsan"
    assert data["lotsningar"][0]["meddelande"] == "Frånvaro sedan september."
    assert {e["till"] for e in data["e_post"]} == {"pappa@example.com", app.config["COORDINATOR_EMAIL"]}
    assert data["historik"][-1]["handelse"] == "registerutdrag"
    text = response.get_data(as_text=True)
    db.session.refresh(question)
    assert question.token_hash not in text and question.token_salt not in text
    assert "token" not in text and "body_html" not in text
    entry = last_audit()
    assert (entry.action, entry.target, entry.actor_label) == ("registerutdrag exporterat", question.code, "Ada Admin")


def test_export_and_delete_are_for_admins_only(app):
    question = a_case()
    coordinator = make_user("sam@example.com", ["coordinator"], "Sam", totp=True)
    client = app.test_client()
    login(client, coordinator)
    assert client.get(f"/personal/admin/arenden/{question.code}/export").status_code == 403
    assert client.get(f"/personal/admin/arenden/{question.code}/radera").status_code == 403
    assert client.post(f"/personal/admin/arenden/{question.code}/radera", data={"confirm": "y"}).status_code == 403
    assert db.session.get(Question, question.id) is not None
    case_page = client.get(f"/personal/inkorg/{question.code}").get_data(as_text=True)
    assert "/export" not in case_page and "/radera" not in case_page


def test_case_page_links_to_export_and_delete_for_admins(admin_client):
    question = a_case()
    html = admin_client.get(f"/personal/inkorg/{question.code}").get_data(as_text=True)
    assert f'href="/personal/admin/arenden/{question.code}/export"' in html
    assert f'href="/personal/admin/arenden/{question.code}/radera"' in html


def test_delete_needs_the_confirmation_then_removes_everything(admin_client):
    question = a_case()
    qid, code = question.id, question.code
    page = admin_client.get(f"/personal/admin/arenden/{code}/radera")
    assert page.status_code == 200 and "Radera ärende " + code in page.get_data(as_text=True)
    refused = admin_client.post(f"/personal/admin/arenden/{code}/radera", data={})
    assert refused.status_code == 400
    assert "Kryssa i rutan för att bekräfta att ärendet ska raderas." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Question, qid) is not None
    done = admin_client.post(f"/personal/admin/arenden/{code}/radera", data={"confirm": "y"})
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(Question, qid) is None
    for model in (CaseMessage, CaseEvent, Referral, OutboundEmail):
        assert db.session.scalar(db.select(db.func.count()).select_from(model)
                                 .where(model.question_id == qid)) == 0
    entry = last_audit()
    assert (entry.action, entry.target) == ("ärende raderat på begäran", code)
    assert f"Ärende {code} och allt som hörde till det är raderat." in admin_client.get(
        done.headers["Location"]).get_data(as_text=True)
    assert admin_client.get(f"/personal/admin/arenden/{code}/export").status_code == 404
