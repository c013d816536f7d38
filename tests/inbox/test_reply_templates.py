"""Reply templates: create, edit, delete; shown per topic on the case page; picked without script."""

from __future__ import annotations

from familjeguiden.accounts.models import AuditEntry
from familjeguiden.extensions import db
from familjeguiden.inbox.models import ReplyTemplate
from tests.fixtures import ask
from tests.htmlcheck import executable_markup


def templates() -> list[ReplyTemplate]:
    db.session.expire_all()
    return db.session.scalars(db.select(ReplyTemplate).order_by(ReplyTemplate.id)).all()


def reply_field(html: str) -> str:
    """The text inside the reply textarea."""
    start = html.index(">", html.index('id="svar-text"')) + 1
    return html[start:html.index("</textarea>", start)].strip()


def create(client, title, topic="", body="Hej! Tack för att du hörde av dig.", language=None):
    data = {"topic": topic, "title": title, "body": body}
    if language:
        data["language"] = language
    return client.post("/personal/inkorg/svarsmallar/ny", data=data)


def test_create_edit_and_delete(coordinator_client, coordinator):
    assert coordinator_client.get("/personal/inkorg/svarsmallar/ny").status_code == 200
    response = create(coordinator_client, "Skolfrånvaro", "skola-och-narvaro", "Elevhälsan kan hjälpa er.")
    assert response.status_code == 303 and response.headers["Location"].endswith("/personal/inkorg/svarsmallar")
    (template,) = templates()
    assert (template.topic, template.title, template.body, template.updated_by_id) == (
        "skola-och-narvaro", "Skolfrånvaro", "Elevhälsan kan hjälpa er.", coordinator.id)
    listing = coordinator_client.get("/personal/inkorg/svarsmallar").get_data(as_text=True)
    assert "Skolfrånvaro" in listing and "Skola och närvaro" in listing
    assert executable_markup(listing) == []

    edit_page = coordinator_client.get(f"/personal/inkorg/svarsmallar/{template.id}").get_data(as_text=True)
    assert "Elevhälsan kan hjälpa er." in edit_page and '<option selected value="skola-och-narvaro">' in edit_page
    coordinator_client.post(f"/personal/inkorg/svarsmallar/{template.id}",
                            data={"topic": "", "title": "Allmänt svar", "body": "Ny text."})
    (template,) = templates()
    assert (template.topic, template.title, template.body) == (None, "Allmänt svar", "Ny text.")

    assert coordinator_client.post(f"/personal/inkorg/svarsmallar/{template.id}/radera").status_code == 303
    assert templates() == []
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-3:] == ["svarsmall skapad", "svarsmall ändrad", "svarsmall borttagen"]


def test_validation_messages_are_swedish(coordinator_client):
    response = coordinator_client.post("/personal/inkorg/svarsmallar/ny", data={"topic": "", "title": "", "body": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Skriv en rubrik." in html and "Skriv mallens text." in html
    bad_topic = create(coordinator_client, "X", topic="finns-inte")
    assert bad_topic.status_code == 400
    assert templates() == []


def test_case_page_offers_topic_and_general_templates_and_prefills_without_script(coordinator_client):
    for title, topic in (("Om skolfrånvaro", "skola-och-narvaro"), ("Allmänt tack", ""),
                         ("Om separation", "separation")):
        create(coordinator_client, title, topic, body=f"Text för {title}.")
    by_title = {t.title: t for t in templates()}
    question = ask(topic="skola-och-narvaro")
    html = coordinator_client.get(f"/personal/inkorg/{question.code}").get_data(as_text=True)
    assert "Om skolfrånvaro" in html and "Allmänt tack" in html and "Om separation" not in html
    link = f'href="/personal/inkorg/{question.code}?mall={by_title["Om skolfrånvaro"].id}#svar-text"'
    assert link in html
    assert reply_field(html) == ""

    picked = coordinator_client.get(f"/personal/inkorg/{question.code}?mall={by_title['Om skolfrånvaro'].id}")
    page = picked.get_data(as_text=True)
    assert reply_field(page) == "Text för Om skolfrånvaro."
    assert "Svarsfältet är ifyllt med mallen" in page
    # The reply and the note fields have their own ids, each label tied to its field.
    assert page.count('id="svar-text"') == 1 and page.count('for="anteckning-text"') == 1
    # An unknown template id is ignored.
    assert coordinator_client.get(f"/personal/inkorg/{question.code}?mall=9999").status_code == 200
    assert coordinator_client.get(f"/personal/inkorg/{question.code}?mall=abc").status_code == 200


def test_question_without_topic_gets_the_general_templates(coordinator_client):
    create(coordinator_client, "Allmänt tack")
    create(coordinator_client, "Om separation", "separation")
    question = ask()
    html = coordinator_client.get(f"/personal/inkorg/{question.code}").get_data(as_text=True)
    assert "Allmänt tack" in html and "Om separation" not in html


def test_editor_cannot_manage_templates(app, editor):
    from tests.staff import login

    client = app.test_client()
    login(client, editor)
    assert client.get("/personal/inkorg/svarsmallar").status_code == 403
    assert create(client, "X").status_code == 403


def test_templates_per_language_come_first_for_questions_in_that_language(coordinator_client):
    create(coordinator_client, "Allmänt tack")
    create(coordinator_client, "Thank you (English)", language="en")
    create(coordinator_client, "شكراً", language="ar")
    assert create(coordinator_client, "Okänt språk", language="xx").status_code == 400
    listing = coordinator_client.get("/personal/inkorg/svarsmallar").get_data(as_text=True)
    assert "Engelska" in listing and "Arabiska" in listing
    english = coordinator_client.get(f"/personal/inkorg/{ask(language='en').code}").get_data(as_text=True)
    assert english.index("Thank you (English)") < english.index("Allmänt tack")
    assert "شكراً" not in english
    swedish = coordinator_client.get(f"/personal/inkorg/{ask().code}").get_data(as_text=True)
    assert "Allmänt tack" in swedish and "Thank you (English)" not in swedish
