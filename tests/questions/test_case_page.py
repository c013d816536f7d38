"""The asker's private case page: /arende/<token>."""

import re

import pytest

from familjeguiden.extensions import db
from familjeguiden.questions.models import CaseEvent
from familjeguiden.questions.tokens import find_by_token
from tests.fixtures import receipt, stored_questions, submit


def test_anonymous_asker_reads_the_case_and_adds_a_follow_up(fast_client):
    submit(fast_client)
    code, path = receipt(fast_client)
    page = fast_client.get(path).get_data(as_text=True)
    assert f'Ditt ärende <span class="case-code">{code}</span>' in page
    assert "Vi har tagit emot din fråga" in page
    assert "Min pappa dricker för mycket" in page

    response = fast_client.post(path, data={"message": "Nu har han slutat svara i telefon också."})
    assert response.status_code == 303
    page = fast_client.get(path).get_data(as_text=True)
    assert "Ditt tillägg är skickat" in page
    assert "Nu har han slutat svara i telefon också." in page
    (question,) = stored_questions()
    assert [e.action for e in question.events] == ["skapad", "tillagg"]


def test_follow_up_is_validated_and_kept(fast_client):
    submit(fast_client)
    _code, path = receipt(fast_client)
    response = fast_client.post(path, data={"message": "kort"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "mellan 10 och 5 000 tecken" in page
    assert re.search(r">\s*kort</textarea>", page)


def test_case_page_is_private(fast_client):
    submit(fast_client)
    _code, path = receipt(fast_client)
    response = fast_client.get(path)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["A" * 32, "kort", "A" * 31 + "!", "../../etc/passwd", "' OR 1=1 --"])
def test_unknown_or_malformed_token_is_the_ordinary_404(fast_client, token):
    submit(fast_client)
    response = fast_client.get(f"/arende/{token}")
    assert response.status_code == 404
    assert "Vi hittar inte sidan" in response.get_data(as_text=True)
    assert fast_client.post(f"/arende/{token}", data={"message": "Ett tillägg som inte ska sparas."}).status_code == 404


def test_token_lookup_uses_only_the_hash(fast_client):
    submit(fast_client)
    _code, path = receipt(fast_client)
    token = path.rsplit("/", 1)[1]
    (question,) = stored_questions()
    assert find_by_token(token).id == question.id
    assert find_by_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert token not in (question.token_hash, question.token_salt)


def test_staff_notes_are_never_shown_to_the_asker(fast_client):
    from familjeguiden.questions.models import CaseMessage

    submit(fast_client)
    _code, path = receipt(fast_client)
    (question,) = stored_questions()
    db.session.add(CaseMessage(question=question, kind="anteckning", body="Intern anteckning om familjen.",
                               author_label="Samordnare", visible_to_asker=False))
    db.session.add(CaseMessage(question=question, kind="svar", body="Hej! Steget kan vara något för dig.",
                               author_label="Samordnare", visible_to_asker=True))
    db.session.add(CaseEvent(question=question, action="svar", detail="", actor_label="Samordnare"))
    db.session.commit()
    page = fast_client.get(path).get_data(as_text=True)
    assert "Steget kan vara något för dig." in page
    assert "Intern anteckning" not in page
