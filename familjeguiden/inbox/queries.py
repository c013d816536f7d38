"""Reading the inbox: one page of cases with counts, fast at 100,000 rows.

Each list is read from an index already in display order (urgent first,
then oldest first, within one status tab; see the indexes after ``Question``
and migration 0006). Counts per tab are short index ranges plus one count
of the whole table (``status_counts``); an unfiltered tab reuses its count.
Searching looks at codes and question text in the database only; the
public search index never holds questions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..mail.models import FAILED, OutboundEmail
from ..questions.models import STATUSES, Question
from ..timeutil import local_date, utcnow
from ..workdays import working_days_between
from .models import ReplyTemplate

PAGE_SIZE = 50


@dataclass
class InboxFilters:
    status: str = "ny"
    topic: str = ""
    age_group: str = ""
    assignee: str = ""      # "", "mig", "ingen" or a user id
    overdue: bool = False
    urgent: bool = False
    text: str = ""
    page: int = 1


@dataclass
class InboxRow:
    question: Question
    age_days: int
    overdue: bool
    email_failed: bool


@dataclass
class InboxPage:
    rows: list[InboxRow]
    counts: dict[str, int]
    total: int
    page: int
    pages: int


def _filtered(filters: InboxFilters, user_id: int):
    query = db.select(Question).where(Question.status == filters.status)
    if filters.topic:
        query = query.where(Question.topic == filters.topic)
    if filters.age_group:
        query = query.where(Question.age_group == filters.age_group)
    if filters.assignee == "mig":
        query = query.where(Question.assignee_id == user_id)
    elif filters.assignee == "ingen":
        query = query.where(Question.assignee_id.is_(None))
    elif filters.assignee.isdigit():
        query = query.where(Question.assignee_id == int(filters.assignee))
    if filters.urgent:
        query = query.where(Question.urgent.is_(True))
    if filters.overdue:
        query = query.where(Question.first_answered_at.is_(None), Question.waiting_since.is_(None),
                            Question.due_at < utcnow())
    text = filters.text.strip()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(or_(Question.code.ilike(like), Question.message.ilike(like)))
    return query


def is_overdue(question: Question, now: dt.datetime) -> bool:
    return (question.first_answered_at is None and question.waiting_since is None
            and question.status in ("ny", "pagaende") and question.due_at is not None and question.due_at < now)


#: The tab that grows without end; its count is derived rather than counted.
LARGEST_TAB = "avslutad"


def status_counts() -> dict[str, int]:
    """Questions per status tab.

    Counting ``avslutad`` entry by entry was most of a request at 100,000
    questions (it holds nearly all of them). The other tabs are short index
    ranges; the whole table is counted by SQLite from the b-tree's cell
    counts without reading rows; the difference is ``avslutad``.
    """
    counts = dict.fromkeys(STATUSES, 0)
    others = [status for status in STATUSES if status != LARGEST_TAB]
    counts.update(db.session.execute(
        db.select(Question.status, db.func.count()).where(Question.status.in_(others))
        .group_by(Question.status)).all())
    everything = db.session.scalar(db.select(db.func.count()).select_from(Question))
    counts[LARGEST_TAB] = everything - sum(counts[status] for status in others)
    return counts


def inbox_page(filters: InboxFilters, user_id: int) -> InboxPage:
    counts = status_counts()
    query = _filtered(filters, user_id)
    if filters == InboxFilters(status=filters.status, page=filters.page):
        total = counts[filters.status]
    else:
        total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    questions = db.session.scalars(
        query.options(selectinload(Question.assignee))
        .order_by(Question.urgent.desc(), Question.created_at, Question.id)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    failed = set()
    if questions:
        failed = set(db.session.scalars(
            db.select(OutboundEmail.question_id).where(
                OutboundEmail.question_id.in_([q.id for q in questions]), OutboundEmail.status == FAILED)
        ))
    now = utcnow()
    today = local_date(now)
    rows = [InboxRow(q, working_days_between(local_date(q.created_at), today), is_overdue(q, now), q.id in failed)
            for q in questions]
    return InboxPage(rows, counts, total, page, pages)


def reply_templates(topic: str | None = None, *, every: bool = False) -> list[ReplyTemplate]:
    """Templates for one topic plus the general ones (or ``every`` template), general first."""
    query = db.select(ReplyTemplate)
    if not every:
        query = query.where(or_(ReplyTemplate.topic.is_(None), ReplyTemplate.topic == topic)
                            if topic else ReplyTemplate.topic.is_(None))
    return db.session.scalars(
        query.order_by(ReplyTemplate.topic.is_not(None), ReplyTemplate.topic, ReplyTemplate.title)).all()
