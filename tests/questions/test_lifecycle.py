"""The case lifecycle: which moves each status allows, and that every move writes its history line."""

from __future__ import annotations

import pytest

from familjeguiden.questions import lifecycle
from familjeguiden.questions.lifecycle import Status
from familjeguiden.questions.models import Question
from familjeguiden.timeutil import utcnow

pytestmark = pytest.mark.usefixtures("app")  # the models and the interface language


class Staff:
    id = None
    name = "Sam Samordnare"


def case(status: Status) -> Question:
    return Question(status=status, message="", relation="foralder", contact_method="anonym", token_hash="x",
                    version=1)


def test_every_status_has_a_label_and_a_text_for_the_asker():
    assert set(lifecycle.LABELS) == set(lifecycle.FOR_ASKER) == set(Status)
    assert lifecycle.OPEN | lifecycle.CLOSED == set(Status) and not lifecycle.OPEN & lifecycle.CLOSED


@pytest.mark.parametrize("status", list(Status))
def test_the_status_choice_starts_with_the_current_status(status):
    choices = lifecycle.status_choices(case(status))
    assert choices[0] == status and status not in choices[1:]
    assert all(choice in lifecycle.OPEN for choice in choices[1:])


@pytest.mark.parametrize("status, allowed, refused", [
    (Status.NEW, {"ta", "svara", "avsluta", "skrap", "status"}, {"oppna-igen", "inte-skrap"}),
    (Status.WAITING, {"svara", "avsluta", "skrap"}, {"oppna-igen"}),
    (Status.REFERRED, {"avsluta", "status"}, {"skrap", "oppna-igen"}),
    (Status.CLOSED, {"oppna-igen", "anteckning", "orosanmalan"}, {"avsluta", "status", "tilldela", "svara", "skrap"}),
    (Status.SPAM, {"inte-skrap", "anteckning"}, {"avsluta", "oppna-igen", "orosanmalan", "svara"}),
])
def test_what_each_status_allows(status, allowed, refused):
    possible = lifecycle.actions_for(case(status))
    assert allowed <= possible and not refused & possible
    for action in refused:
        with pytest.raises(lifecycle.TransitionError):
            lifecycle.require(case(status), action)


def test_every_move_writes_one_history_line(app):
    now = utcnow()
    question = case(Status.NEW)
    question.events = []
    lifecycle.move(question, Status.WAITING, now, Staff())
    assert question.status == Status.WAITING and question.waiting_since == now
    lifecycle.close(question, "besvarad", "Besvarad", now, Staff())
    assert question.status == Status.CLOSED and question.closed_at == now and question.waiting_since is None
    lifecycle.reopen(question, now, Staff())
    assert question.status == Status.IN_PROGRESS and question.outcome is None
    lifecycle.mark_spam(question, now, Staff())
    assert [(e.action, e.detail, e.actor_label) for e in question.events] == [
        ("status", "Status ändrad från Ny till Väntar på frågeställaren", "Sam Samordnare"),
        ("avslutad", "Avslutat: Besvarad", "Sam Samordnare"),
        ("oppnad-igen", "Ärendet öppnades igen (Pågående)", "Sam Samordnare"),
        ("skrap", "Markerat som skräp", "Sam Samordnare"),
    ]
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.move(question, Status.IN_PROGRESS, now, Staff())  # spam leaves only through "inte skräp"
    from familjeguiden.extensions import db

    db.session.rollback()
