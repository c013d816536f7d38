"""The public question form: validation, spam protection, urgency, storage."""

import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.mail.models import OutboundEmail
from familjeguiden.questions.models import CaseEvent, CaseMessage, Question
from familjeguiden.questions.operations import Submission
from tests.factories import submitted
from tests.fixtures import GOOD, receipt, started_stamp, stored_questions, submit


def html(response):
    return response.get_data(as_text=True)


def field_error(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-fel">.*?</span>(.*?)</p>', page, re.S)
    return match.group(1) if match else ""


def test_form_page_says_it_is_not_for_emergencies_before_any_field(client):
    page = html(client.get("/fraga"))
    assert "Det här är inte en akutkanal" in page
    warning = page.index("Det här är inte en akutkanal")
    assert warning < page.index("<form method=\"post\"")
    assert 'href="tel:112"' in page and 'href="/akut"' in page
    assert "inom två arbetsdagar" in page
    assert 'href="/om/personuppgifter"' in page


def test_search_query_prefills_the_question(client):
    page = html(client.get("/fraga?q=pappa+dricker"))
    assert re.search(r"<textarea[^>]*>\s*pappa dricker</textarea>", page)


@pytest.mark.parametrize("fields, field_id, words", [
    ({"message": ""}, "message", "Skriv din fråga"),
    ({"message": "för kort"}, "message", "mellan 10 och 5 000 tecken"),
    ({"message": "x" * 5001}, "message", "mellan 10 och 5 000 tecken"),
    ({"relation": None}, "relation", "Välj vem du är"),
    ({"relation": "granne"}, "relation", "Inte ett giltigt val"),
    ({"contact_method": None}, "contact_method", "Välj hur du vill få svar"),
    ({"contact_method": "e-post"}, "email", "Skriv din e-postadress"),
    ({"contact_method": "e-post", "email": "inte en adress"}, "email", "namn@exempel.se"),
    ({"contact_method": "e-post", "email": "a@example.com\r\nBcc: evil@example.org"}, "email", "på en rad"),
    ({"contact_method": "telefon"}, "phone", "Skriv ditt telefonnummer"),
    ({"contact_method": "telefon", "phone": "12345"}, "phone", "svenskt telefonnummer"),
    ({"name": "Anna\r\nBcc: evil@example.org"}, "name", "på en rad"),
    ({"age_group": "99-100"}, "age_group", "Inte ett giltigt val"),
])
def test_each_rule_shows_its_error_next_to_the_field_and_keeps_the_text(fast_client, fields, field_id, words):
    response = submit(fast_client, **fields)
    assert response.status_code == 400
    page = html(response)
    assert words in field_error(page, field_id), field_error(page, field_id)
    assert 'class="error-summary"' in page and f'href="#{field_id}' in page
    assert f'{field_id}-fel' in re.search(rf'aria-describedby="[^"]*{field_id}-fel[^"]*"', page).group(0)
    message = fields.get("message", GOOD["message"])
    if message and len(message) < 200:
        assert message in page
    assert stored_questions() == []


def test_built_in_messages_are_swedish(fast_client):
    page = html(submit(fast_client, relation="granne", topic="okant"))
    assert "Not a valid choice" not in page
    assert field_error(page, "topic") == "Inte ett giltigt val"


def test_a_valid_anonymous_question_is_stored_with_history_and_coordinator_notice(fast_client, fast_app):
    response = submit(fast_client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/fraga/skickad")
    code, path = receipt(fast_client)
    (question,) = stored_questions()
    assert question.code == code
    assert re.fullmatch(r"FG-\d{4}-\d{4}", code)
    assert question.contact_method == "anonym" and question.email is None and question.phone is None
    assert question.status == "ny" and not question.urgent
    assert question.consent_at is None and not question.share_consent  # nothing was consented to
    assert path.split("/")[-1] not in (question.token_hash, question.token_salt)
    events = db.session.scalars(db.select(CaseEvent)).all()
    assert [e.action for e in events] == ["skapad"]
    mails = db.session.scalars(db.select(OutboundEmail)).all()
    assert [(m.kind, m.recipient) for m in mails] == [("ny_fraga", "familjeguiden@example.com")]
    assert GOOD["message"] not in mails[0].body_text and GOOD["message"] not in mails[0].body_html


def test_asking_needs_no_consent_box_and_the_form_says_on_what_legal_basis(fast_client):
    page = html(fast_client.get("/fraga"))
    assert 'name="consent"' not in page and "går med på" not in page
    assert "6.1 e" in page and "allmänhetens intresse" in page and "9.2 h" in page
    assert 'name="share_consent"' in page  # the one consent: passing contact details to a service
    assert submit(fast_client, consent=None).status_code == 303


def test_consent_to_share_contact_details_is_recorded_with_its_time(fast_client):
    submit(fast_client, contact_method="telefon", phone="070-174 06 05", share_consent="y")
    (question,) = stored_questions()
    assert question.share_consent and question.consent_at is not None


def test_email_answer_queues_a_receipt_and_phone_is_normalised(fast_client):
    submit(fast_client, contact_method="e-post", email="forälder@example.com".replace("ä", "a"))
    submit(fast_client, contact_method="telefon", phone="070-174 06 05", phone_when="Efter 17")
    first, second = stored_questions()
    assert first.email == "foralder@example.com"
    assert second.phone == "+46701740605" and second.phone_when == "Efter 17" and second.email is None
    kinds = [(m.kind, m.recipient) for m in db.session.scalars(db.select(OutboundEmail).order_by(OutboundEmail.id))]
    assert ("kvitto", "foralder@example.com") in kinds
    assert sum(kind == "ny_fraga" for kind, _ in kinds) == 2


def test_receipt_page_shows_code_and_link_once_and_is_private(fast_client):
    submit(fast_client)
    response = fast_client.get("/fraga/skickad")
    page = html(response)
    assert "Spara uppgifterna nu" in page and "Vad händer nu?" in page
    assert response.headers["Cache-Control"] == "no-store"
    # same-origin, not no-referrer: the page has a form, and over HTTPS the CSRF check needs our own Referer.
    assert response.headers["Referrer-Policy"] == "same-origin"
    again = html(fast_client.get("/fraga/skickad"))
    assert "Kvittot visas bara en gång" in again and "/arende/" not in again


def test_honeypot_rejects_without_storing_or_echoing(fast_client):
    response = submit(fast_client, website="http://spam.example")
    assert response.status_code == 400
    page = html(response)
    assert "kunde inte skickas" in page
    assert GOOD["message"] not in page
    assert stored_questions() == []


def test_a_form_sent_too_fast_is_refused_but_keeps_the_text(client):
    response = client.post("/fraga", data=dict(GOOD, started=started_stamp(client)))
    assert response.status_code == 400
    page = html(response)
    assert "Det gick väldigt fort" in page and GOOD["message"] in page
    assert stored_questions() == []


def test_a_forged_start_time_counts_as_too_fast(fast_client):
    response = fast_client.post("/fraga", data=dict(GOOD, started="1700000000"))
    assert response.status_code == 400 and stored_questions() == []


def test_rate_limit_gives_a_swedish_message_and_keeps_the_text(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, QUESTION_MIN_FILL_SECONDS=0, QUESTION_RATE_LIMIT="2 per minute")
    client = app.test_client()
    with app.app_context():
        assert submit(client).status_code == 303
        assert submit(client).status_code == 303
        response = submit(client, message="Den tredje frågan som ska finnas kvar i rutan.")
        assert response.status_code == 429
        page = html(response)
        assert "Vänta en stund" in page and "Den tredje frågan som ska finnas kvar i rutan." in page
        assert len(stored_questions()) == 2


def test_urgent_text_shows_emergency_guidance_before_sending_then_flags(fast_client):
    text = "Pappa slår mamma när han är full och jag är rädd för min lillebror."
    first = submit(fast_client, message=text)
    assert first.status_code == 200
    page = html(first)
    assert 'data-acute-help="vald' in page and "Kvinnofridslinjen" in page and "om det är akut nu" in page
    assert page.index("data-acute-help") < page.index("<h1>"), "the acute help comes before everything else"
    assert text in page and stored_questions() == []
    stamp = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    second = fast_client.post("/fraga", data=dict(GOOD, message=text, started=stamp, urgent_seen="1"))
    assert second.status_code == 303
    (question,) = stored_questions()
    assert question.urgent is True
    assert "brådskande" in question.events[0].detail


def test_failure_while_queueing_mail_leaves_nothing_half_written(fast_client, monkeypatch):
    import familjeguiden.questions.operations as operations

    def broken(*args, **kwargs):
        raise RuntimeError("utkorgen är trasig")

    monkeypatch.setattr(operations, "notify_coordinators", broken)
    fast_client.application.config["PROPAGATE_EXCEPTIONS"] = False
    response = submit(fast_client)
    assert response.status_code == 500
    assert "/arende/" not in html(response)
    assert stored_questions() == []
    assert db.session.scalar(db.select(db.func.count(CaseMessage.id))) == 0
    assert db.session.scalar(db.select(db.func.count(CaseEvent.id))) == 0


def test_csrf_is_required_and_only_the_form_sets_a_cookie(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True, QUESTION_MIN_FILL_SECONDS=0)
    client = app.test_client()
    with app.app_context():
        assert "Set-Cookie" not in client.get("/").headers
        form = client.get("/fraga")
        cookie = form.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        response = client.post("/fraga", data=dict(GOOD, started="x"))
        assert response.status_code == 400
        page = html(response)
        assert "Ladda inte om" not in page and "försök igen" in page
        assert GOOD["message"] in page  # nothing typed is lost
        assert stored_questions() == []
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html(form)).group(1)
        stamp = re.search(r'name="started" type="hidden" value="([^"]+)"', html(form)).group(1)
        assert client.post("/fraga", data=dict(GOOD, started=stamp, csrf_token=token)).status_code == 303


def test_a_question_with_nul_characters_is_kept_without_them(fast_client):
    """PostgreSQL cannot store NUL; a pasted stray one must not cost the asker the question."""
    response = submit(fast_client, message="Min dotter\x00 vill inte gå till skolan längre.", name="Al\x00ex")
    assert response.status_code == 303
    (question,) = stored_questions()
    assert question.message == "Min dotter vill inte gå till skolan längre." and question.name == "Alex"


def test_text_written_outside_the_forms_loses_nul_characters_too(fast_app):
    with fast_app.test_request_context():
        question, _token = submitted(Submission(
            message="Hej\x00 hej, en fråga om BVC.", relation="foralder", contact_method="anonym"), urgent=False)
    db.session.expire_all()
    assert db.session.get(Question, question.id).message == "Hej hej, en fråga om BVC."
