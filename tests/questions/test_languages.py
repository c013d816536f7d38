"""Asking in your language: /en/fraga, /ar/fraga ... store the language and the interpreter wish."""

from __future__ import annotations

import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.mail.models import OutboundEmail
from tests.fixtures import GOOD, stored_questions


def _post(client, prefix: str, **fields):
    page = client.get(f"{prefix}/fraga").get_data(as_text=True)
    data = dict(GOOD, started=re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1))
    data["form_key"] = re.search(r'name="form_key" type="hidden" value="([^"]+)"', page).group(1)
    data.update(fields)
    return client.post(f"{prefix}/fraga", data={k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize("prefix, code, tag, direction", [
    ("/en", "en", "en", "ltr"), ("/ar", "ar", "ar", "rtl"), ("/fi", "fi", "fi", "ltr"),
    ("/lattlast", "lattlast", "sv", "ltr"),
])
def test_question_from_a_language_version_records_it_and_the_receipt_stays_in_it(fast_client, prefix, code, tag,
                                                                                direction):
    response = _post(fast_client, prefix, wants_interpreter="y", interpreter_language="Tigrinja")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{prefix}/fraga/skickad")
    receipt = fast_client.get(f"{prefix}/fraga/skickad").get_data(as_text=True)
    assert f'<html lang="{tag}" dir="{direction}">' in receipt
    case_path = re.search(r'href="(' + re.escape(prefix) + r'/arende/[A-Za-z0-9_-]{32})"', receipt).group(1)
    assert f'<html lang="{tag}"' in fast_client.get(case_path).get_data(as_text=True)
    question = stored_questions()[-1]
    assert (question.language, question.interpreter) == (code, "Tigrinja")


def test_the_interpreter_field_suggests_the_page_language_and_is_ignored_unless_ticked(fast_client):
    page = fast_client.get("/ar/fraga").get_data(as_text=True)
    assert re.search(r'name="interpreter_language"[^>]*value="العربية"', page)
    assert _post(fast_client, "/ar", interpreter_language="العربية").status_code == 303
    assert stored_questions()[-1].interpreter is None


def test_ticking_interpreter_without_a_language_asks_for_one_and_keeps_the_text(fast_client):
    response = _post(fast_client, "", wants_interpreter="y", interpreter_language="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Skriv vilket språk tolken ska tala." in page
    assert GOOD["message"] in page
    assert stored_questions() == []


def test_receipt_email_to_the_asker_is_in_their_language(fast_client):
    _post(fast_client, "/en", contact_method="e-post", email="parent@example.com")
    mail = db.session.scalar(db.select(OutboundEmail).where(OutboundEmail.recipient == "parent@example.com"))
    assert "lang=\"en\"" in mail.body_html
    assert "{arendelank:" in mail.body_text  # the private link is made when the e-mail is sent ...
    from familjeguiden.questions.tokens import case_url

    with fast_client.application.test_request_context():
        assert "/en/arende/" in case_url(stored_questions()[-1])  # ... and leads to the English case page
    coordinator = db.session.scalar(db.select(OutboundEmail).where(OutboundEmail.recipient != "parent@example.com"))
    assert coordinator.subject.startswith("Ny fråga")
