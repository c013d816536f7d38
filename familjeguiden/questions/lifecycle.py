"""The life of a case, in one place: its statuses, every move between them,
who may make each move, what it records and what the asker then reads.
Every line of a case's history is written by ``record`` (each move writes
its own), and nothing else sets ``question.status`` (tests/test_architecture.py).
The statuses and their names live in ``status`` (so ``models`` can use them)
and are re-exported here.

Every status change of a question goes through this module, whoever makes
it: the public form and case page (a new question, a follow-up), the
coordinator's inbox (take, reply, refer, wait, close, reopen, spam), the
admin pages and gallring. The inbox's action forms ask ``actions_for`` what
is possible in the current state, so a closed case offers "Öppna igen"
rather than "Avsluta".

Two clocks run on a case, both in working days (see ``workdays``):

* ``due_at``: when the *first* answer is due. Statistics measure the
  response target against it; it moves on only while the case waits for
  the asker.
* ``next_due_at``: when Familjeguiden owes the asker its *next* answer.
  Set when a question or a follow-up arrives, cleared by an answer or by
  closing, paused while waiting for the asker. The inbox marks a case
  overdue from this clock.

An urgent question (its text suggests danger) is due the same working day
(by ``URGENT_READ_BY_HOUR``, Swedish time; after that, the morning of the
next working day) instead of ``RESPONSE_TARGET_DAYS`` later.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from ..extensions import db
from ..i18n import _l, in_swedish
from ..timeutil import STOCKHOLM, local_date, utcnow
from ..workdays import add_working_days, is_working_day, working_days_between
from .models import CaseEvent
from .status import CLOCK_RUNS, CLOSED, FOR_ASKER, LABELS, OPEN, Status

__all__ = ["CLOCK_RUNS", "CLOSED", "FOR_ASKER", "LABELS", "OPEN", "Status"]  # the vocabulary, re-exported


#: The statuses a coordinator may pick in "Ändra status" from each status.
#: Referring, closing, spam and reopening have actions of their own.
STATUS_CHOICES = {
    Status.NEW: (Status.IN_PROGRESS, Status.WAITING),
    Status.IN_PROGRESS: (Status.WAITING,),
    Status.WAITING: (Status.IN_PROGRESS,),
    Status.REFERRED: (Status.IN_PROGRESS, Status.WAITING),
    Status.CLOSED: (),
    Status.SPAM: (),
}

#: Inbox actions and the statuses each is possible in. The role check
#: (coordinator) is made for the whole inbox by ``staff_required``.
ACTIONS = {
    "ta": OPEN,
    "tilldela": OPEN,
    "svara": OPEN,
    "lotsa": OPEN,
    "anteckning": OPEN | CLOSED,
    "status": frozenset(s for s, choices in STATUS_CHOICES.items() if choices),
    "avsluta": OPEN,
    "skrap": frozenset({Status.NEW, Status.IN_PROGRESS, Status.WAITING}),
    "oppna-igen": frozenset({Status.CLOSED}),
    "inte-skrap": frozenset({Status.SPAM}),
    "orosanmalan": OPEN | frozenset({Status.CLOSED}),
    "epost-igen": OPEN | CLOSED,
    "lotsning-status": OPEN | CLOSED,
}


class TransitionError(ValueError):
    """The move is not possible from the case's current status (a Swedish message)."""


def status_of(question) -> Status:
    return Status(question.status)


def label(status: str) -> str:
    return str(LABELS.get(status, status))


def actions_for(question) -> set[str]:
    """The inbox actions possible on the case as it is now."""
    current = status_of(question)
    return {name for name, allowed in ACTIONS.items() if current in allowed}


def status_choices(question) -> tuple[Status, ...]:
    """What "Ändra status" offers: the current status first (so it is preselected), then where it may go."""
    current = status_of(question)
    return (current, *STATUS_CHOICES[current])


def require(question, action: str) -> None:
    if action not in actions_for(question):
        raise TransitionError(_l("Det går inte att göra så med ett ärende som är %(status)s.",
                                 status=label(question.status).lower()))


# --------------------------------------------------------------------------
# Clocks


def deadline(now: dt.datetime, urgent: bool) -> dt.datetime:
    """When an answer to something that arrived at ``now`` (naive UTC) is due."""
    if not urgent:
        return add_working_days(now, int(current_app.config["RESPONSE_TARGET_DAYS"]))
    read_by = int(current_app.config["URGENT_READ_BY_HOUR"])
    local = now.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM)
    if is_working_day(local.date()) and local.hour < read_by:
        due = local.replace(hour=read_by, minute=0, second=0, microsecond=0)
    else:
        day = local.date() + dt.timedelta(days=1)
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        due = dt.datetime.combine(day, dt.time(10), tzinfo=STOCKHOLM)
    return due.astimezone(dt.UTC).replace(tzinfo=None)


def _pause(question, now: dt.datetime) -> None:
    if question.waiting_since is None:
        question.waiting_since = now


def _resume(question, now: dt.datetime) -> None:
    """The wait is over: move both clocks on by the working days spent waiting."""
    if question.waiting_since is None:
        return
    waited = working_days_between(local_date(question.waiting_since), local_date(now))
    if waited:
        if question.due_at is not None and question.first_answered_at is None:
            question.due_at = add_working_days(question.due_at, waited)
        if question.next_due_at is not None:
            question.next_due_at = add_working_days(question.next_due_at, waited)
    question.waiting_since = None


def is_overdue(question, now: dt.datetime | None = None) -> bool:
    """Familjeguiden owes the asker an answer and its time has passed."""
    now = now or utcnow()
    return (question.status in CLOCK_RUNS and question.next_due_at is not None
            and question.next_due_at < now)


# --------------------------------------------------------------------------
# History. Every line of a case's history is written by ``record``.

#: Who the history names when no one was logged in.
ASKER = "Frågeställaren"
SYSTEM = "System"


def record(question, action: str, detail: str = "", *, actor=None, label: str | None = None,
           at: dt.datetime | None = None) -> None:
    """Add one line to the case history (the caller commits).

    ``actor`` is the staff user who did it (None for the asker, a service or
    the system, then ``label`` names them).
    """
    db.session.add(CaseEvent(question=question, action=action, detail=detail,
                             actor_label=label or (actor.name if actor else SYSTEM),
                             actor_id=actor.id if actor else None, created_at=at or utcnow()))


# --------------------------------------------------------------------------
# Moves. Each changes the question in the current transaction and writes its
# history line; the caller (an ``operations`` function) has begun the write
# and checked the action with ``require``, and commits.


def start(question, now: dt.datetime, urgent: bool) -> None:
    """A new question from the form."""
    question.status = Status.NEW
    question.urgent = urgent
    question.created_at = now
    question.due_at = question.next_due_at = deadline(now, urgent)
    detail = in_swedish("Frågan skickades via formuläret.")
    if urgent:
        detail += " " + in_swedish("Texten kan tyda på akut fara: markerad som brådskande.")
    record(question, "skapad", detail, label=ASKER, at=now)


def asker_wrote(question, now: dt.datetime, urgent: bool) -> bool:
    """The asker added to the case: it needs our attention again.

    A waiting or closed case goes back to the open tab "Pågående" (a spam
    case stays where it is: robots write follow-ups too), the case is
    marked as having news, and the clock starts again from now (urgent if
    the new text suggests danger). Returns whether the case was reopened.
    """
    current = status_of(question)
    reopened = current in (Status.WAITING, Status.CLOSED)
    if current is Status.WAITING:
        _resume(question, now)
    if reopened:
        question.status = Status.IN_PROGRESS
        question.closed_at = None
        question.outcome = None
    if current is not Status.SPAM:
        question.urgent = question.urgent or urgent
        due = deadline(now, urgent)
        question.next_due_at = min(due, question.next_due_at) if question.next_due_at else due
    question.new_activity = True
    detail = in_swedish("Frågeställaren skrev ett tillägg.")
    if reopened:
        detail += " " + in_swedish("Ärendet öppnades igen.")
    if urgent:
        detail += " " + in_swedish("Texten kan tyda på akut fara: markerad som brådskande.")
    record(question, "tillagg", detail, label=ASKER, at=now)
    return reopened


def staff_answered(question, now: dt.datetime) -> None:
    """A reply or a logged call: the first answer is given, nothing more is owed now.

    The caller records what was answered (a reply and a call read differently).
    """
    if question.first_answered_at is None:
        question.first_answered_at = now
    question.next_due_at = None
    if question.status == Status.NEW:
        question.status = Status.IN_PROGRESS


def assigned(question, actor, assignee) -> None:
    """Someone took or was given the case: a new case is now being worked on."""
    question.assignee_id = assignee.id
    if question.status == Status.NEW:
        question.status = Status.IN_PROGRESS
    record(question, "tilldelad", in_swedish("Tilldelat %(name)s", name=assignee.name), actor=actor)


def move(question, to: Status, now: dt.datetime, actor) -> None:
    """A status picked in "Ändra status" (see ``STATUS_CHOICES``)."""
    current = status_of(question)
    if to not in STATUS_CHOICES[current]:
        raise TransitionError(_l("Välj en annan status än den ärendet har nu.") if to == current
                              else _l("Välj en status ur listan."))
    _set(question, to, now)
    record(question, "status", in_swedish("Status ändrad från %(before)s till %(after)s",
                                          before=label(current), after=label(to)), actor=actor, at=now)


def referred(question, now: dt.datetime) -> None:
    """The case was referred; ``operations.refer`` records one line per service."""
    _set(question, Status.REFERRED, now)


def close(question, outcome: str, outcome_label: str, now: dt.datetime, actor) -> None:
    _set(question, Status.CLOSED, now)
    question.outcome = outcome
    question.closed_at = now
    question.next_due_at = None
    record(question, "avslutad", in_swedish("Avslutat: %(outcome)s", outcome=outcome_label), actor=actor, at=now)


def mark_spam(question, now: dt.datetime, actor, many: bool = False) -> None:
    _set(question, Status.SPAM, now)
    question.closed_at = now
    question.next_due_at = None
    record(question, "skrap", in_swedish("Markerat som skräp (flera på en gång)") if many
           else in_swedish("Markerat som skräp"), actor=actor, at=now)


def reopen(question, now: dt.datetime, actor) -> None:
    """A coordinator opens a closed case again (or takes it out of spam)."""
    was = status_of(question)
    question.status = Status.NEW if was is Status.SPAM and question.first_answered_at is None \
        else Status.IN_PROGRESS
    question.closed_at = None
    question.outcome = None
    record(question, "oppnad-igen", in_swedish("Ärendet öppnades igen (%(status)s)", status=label(question.status)),
           actor=actor, at=now)


def _set(question, to: Status, now: dt.datetime) -> None:
    if question.status == Status.WAITING and to != Status.WAITING:
        _resume(question, now)
    if to == Status.WAITING:
        _pause(question, now)
    question.status = to
