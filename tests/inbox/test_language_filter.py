"""The coordinator sees which language a question came in and who wants an interpreter, and can filter."""

from __future__ import annotations

from tests.fixtures import ask


def test_inbox_marks_language_and_interpreter_and_filters_by_them(coordinator_client):
    arabic = ask("سؤال عن ابني في المدرسة، هو لا يريد الذهاب.", language="ar", interpreter="arabiska")
    finnish = ask("Poikani ei halua mennä kouluun.", language="fi")
    swedish = ask()
    page = coordinator_client.get("/personal/inkorg").get_data(as_text=True)
    assert "Arabiska" in page and "Tolk: arabiska" in page and "Finska" in page
    only_arabic = coordinator_client.get("/personal/inkorg?sprak=ar").get_data(as_text=True)
    assert arabic.code in only_arabic and finnish.code not in only_arabic and swedish.code not in only_arabic
    interpreter = coordinator_client.get("/personal/inkorg?tolk=1").get_data(as_text=True)
    assert arabic.code in interpreter and finnish.code not in interpreter
    # An unknown language code filters nothing rather than hiding everything.
    unknown = coordinator_client.get("/personal/inkorg?sprak=xx").get_data(as_text=True)
    assert swedish.code in unknown and arabic.code in unknown


def test_case_page_names_the_language_and_the_interpreter(coordinator_client):
    question = ask("My son does not want to go to school.", language="en", interpreter="engelska")
    page = coordinator_client.get(f"/personal/inkorg/{question.code}").get_data(as_text=True)
    assert "Engelska" in page and "Vill ha tolk: engelska" in page
    plain = ask()
    assert "Har inte bett om tolk" in coordinator_client.get(f"/personal/inkorg/{plain.code}").get_data(as_text=True)
