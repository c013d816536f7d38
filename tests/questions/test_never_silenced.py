"""The question channel never silences a person, and an anonymous asker keeps their way back.

Issue #11: only stored questions count toward the limit; an urgent question
is stored even past it; a refused POST keeps the text and shows acute help;
a form sent twice is one question; the receipt gives a code and four words
that open the case at /arende; a follow-up reopens a closed case.
"""

from __future__ import annotations

import re

from familjeguiden.extensions import db
from familjeguiden.mail.models import OutboundEmail
from familjeguiden.questions.models import Question
from familjeguiden.questions.tokens import derive_words, read_words
from tests.fixtures import GOOD, receipt, started_stamp, stored_questions, submit

URGENT = "han slår mig och jag är rädd, vad ska jag göra"


def limited_app(app_factory, **settings):
    settings = {"RATELIMIT_ENABLED": True, "QUESTION_MIN_FILL_SECONDS": 0, "QUESTION_RATE_LIMIT": "5 per 10 minutes",
                **settings}
    return app_factory(**settings)


def form_of(client) -> dict:
    """A fresh form as the browser has it: the start time and the one-time key."""
    html = client.get("/fraga").get_data(as_text=True)
    key = re.search(r'name="form_key" type="hidden" value="([^"]+)"', html).group(1)
    return dict(GOOD, started=started_stamp(client), form_key=key)


def test_typing_mistakes_do_not_use_up_the_limit(app_factory):
    app = limited_app(app_factory)
    client = app.test_client()
    with app.app_context():
        for _ in range(6):  # six refused POSTs: each a typing mistake
            assert submit(client, message="kort").status_code == 400
        assert submit(client).status_code == 303, "a stored question after six mistakes"


def test_an_urgent_question_gets_its_receipt_after_six_failed_posts_and_past_the_limit(app_factory, capsys):
    app = limited_app(app_factory, QUESTION_RATE_LIMIT="2 per 10 minutes")
    client = app.test_client()
    with app.app_context():
        assert submit(client).status_code == 303 and submit(client).status_code == 303  # the limit is used up
        for _ in range(6):
            assert submit(client, message="kort").status_code in (400, 429)
        step = submit(client, message=URGENT)  # the urgency step, not a refusal
        assert step.status_code == 200 and "data-acute-help" in step.get_data(as_text=True)
        sent = submit(client, message=URGENT, urgent_seen="1")
        assert sent.status_code == 303
        code, _path = receipt(client)
        urgent = db.session.scalar(db.select(Question).where(Question.code == code))
        assert urgent.urgent and URGENT in urgent.message
    with capsys.disabled():
        print("\n[aldrig tyst] brådskande fråga efter 2 lagrade och 6 misslyckade POST: kvitto", code)


def test_a_refused_post_keeps_the_text_and_still_shows_acute_help(app_factory):
    app = limited_app(app_factory, QUESTION_RATE_LIMIT="1 per 10 minutes")
    client = app.test_client()
    with app.app_context():
        assert submit(client).status_code == 303
        refused = submit(client, message="Min son är ledsen och vill byta skola efter jul.")
        assert refused.status_code == 429
        page = refused.get_data(as_text=True)
        assert "Min son är ledsen och vill byta skola efter jul." in page and "data-acute-help" not in page
        # Danger text is exempt from the normal limit: stored, not refused.
        assert submit(client, message=URGENT, urgent_seen="1").status_code == 303


def test_the_ceiling_still_holds_back_a_flood_of_urgent_text(app_factory):
    app = limited_app(app_factory, QUESTION_RATE_CEILING="3 per hour")
    client = app.test_client()
    with app.app_context():
        statuses = [submit(client, message=URGENT, urgent_seen="1").status_code for _ in range(5)]
        assert statuses == [303, 303, 303, 429, 429]
        refused = submit(client, message=URGENT, urgent_seen="1").get_data(as_text=True)
        assert URGENT in refused and "data-acute-help" in refused and "Ring" in refused
        assert len(stored_questions()) == 3


def test_a_form_sent_twice_is_one_question_with_the_same_receipt(fast_client):
    data = form_of(fast_client)
    first = fast_client.post("/fraga", data=data)
    code, path = receipt(fast_client)
    again = fast_client.post("/fraga", data=data)  # pressed Send again after a timeout
    assert first.status_code == again.status_code == 303
    assert receipt(fast_client) == (code, path)
    assert len(stored_questions()) == 1
    notices = db.session.scalar(db.select(db.func.count()).select_from(OutboundEmail))
    assert notices == 1


def test_a_follow_up_sent_twice_is_stored_once(fast_client):
    submit(fast_client)
    _code, path = receipt(fast_client)
    html = fast_client.get(path).get_data(as_text=True)
    key = re.search(r'name="form_key" type="hidden" value="([^"]+)"', html).group(1)
    data = {"message": "Det har blivit värre sedan i går kväll.", "form_key": key}
    assert fast_client.post(path, data=data).status_code == 303
    assert fast_client.post(path, data=data).status_code == 303
    (question,) = stored_questions()
    assert [m.body for m in question.messages].count("Det har blivit värre sedan i går kväll.") == 1


def test_the_receipt_gives_a_code_and_four_words_that_open_the_case(fast_client):
    submit(fast_client)
    page = fast_client.get("/fraga/skickad").get_data(as_text=True)
    words = re.search(r'class="word-code"[^>]*>([^<]+)<', page).group(1).split()
    code = re.search(r'class="case-code"[^>]*>(FG-\d{4}-\d{4,})<', page).group(1)
    assert len(words) == 4
    (question,) = stored_questions()
    assert words == derive_words(question.token_salt)

    # Typed on another device: lower case, without å/ä/ö, one letter wrong.
    typed = " ".join(words).replace("å", "a").replace("ä", "a").replace("ö", "o")
    typed = typed[:-1] + ("x" if typed[-1] != "x" else "y")
    opened = fast_client.post("/arende", data={"code": code.lower().replace("-", ""), "words": typed})
    assert opened.status_code == 303 and "/arende/" in opened.headers["Location"]
    case = fast_client.get(opened.headers["Location"]).get_data(as_text=True)
    assert GOOD["message"] in case


def test_wrong_words_open_nothing_and_say_what_to_check(fast_client):
    submit(fast_client)
    code = receipt(fast_client)[0]
    refused = fast_client.post("/arende", data={"code": code, "words": "sol moln regn snö"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "hör inte ihop" in page and GOOD["message"] not in page


def test_word_codes_have_at_least_two_to_the_forty_four_combinations():
    from familjeguiden.questions.tokens import BITS_PER_WORD, WORDS_IN_CODE, word_list

    words = word_list()
    assert len(set(words)) == 2 ** BITS_PER_WORD and BITS_PER_WORD * WORDS_IN_CODE >= 44
    assert read_words("  ".join(words[:4]).upper()) == list(words[:4])


def test_opening_by_word_code_is_rate_limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, WORD_CODE_RATE_LIMIT="3 per 10 minutes")
    client = app.test_client()
    with app.app_context():
        statuses = [client.post("/arende", data={"code": "FG-2026-0001", "words": "a b c d"}).status_code
                    for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_the_link_can_be_mailed_to_an_address_that_is_not_kept_on_the_case(fast_client):
    submit(fast_client)
    _code, path = receipt(fast_client)
    response = fast_client.post(path + "/mejla-lanken", data={"email": "hemlig@example.com"})
    assert response.status_code == 303
    (question,) = stored_questions()
    assert question.email is None and question.contact_method == "anonym"
    mail = db.session.scalar(db.select(OutboundEmail).where(OutboundEmail.kind == "lank"))
    assert mail.recipient == "hemlig@example.com" and mail.recipient_for_staff != "hemlig@example.com"
    assert GOOD["message"] not in mail.body_text and "{arendelank:" in mail.body_text
    assert " ".join(derive_words(question.token_salt)) in mail.body_text


def test_a_follow_up_reopens_a_closed_case_and_restarts_the_clock(fast_client):
    from familjeguiden.questions import lifecycle
    from familjeguiden.timeutil import utcnow

    submit(fast_client)
    _code, path = receipt(fast_client)
    (question,) = stored_questions()
    lifecycle.close(question, "besvarad", "Besvarad", utcnow(), None)
    question.next_due_at = None
    db.session.commit()
    assert fast_client.post(path, data={"message": "Det har hänt igen, jag behöver hjälp."}).status_code == 303
    db.session.expire_all()
    question = db.session.get(Question, question.id)
    assert question.status == "pagaende" and question.closed_at is None and question.outcome is None
    assert question.new_activity and question.next_due_at is not None and question.next_due_at > utcnow()
    assert "öppnades igen" in question.events[-1].detail
