"""Reading the inbox: one page of cases with counts, fast at 100,000 rows.

Each list is read from an index already in display order (urgent first,
then oldest first, within one status tab; see the indexes after ``Question``
and migration 0006). Counts per tab are short index ranges plus one count
of the whole table (``status_counts``); an unfiltered tab reuses its count.
Searching looks at codes and question text in the database only; the
public search index never holds questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..mail.models import FAILED, OutboundEmail
from ..questions import lifecycle
from ..questions.models import Question
from ..timeutil import local_date, utcnow
from ..workdays import working_days_between
from .models import ReplyTemplate

PAGE_SIZE = 50


@dataclass
class InboxFilters:
    status: str = lifecycle.Status.NEW
    topic: str = ""
    age_group: str = ""
    assignee: str = ""      # "", "mig", "ingen" or a user id
    overdue: bool = False
    urgent: bool = False
    text: str = ""
    page: int = 1
    language: str = ""      # "" or the code of the site version the asker wrote from
    interpreter: bool = False


PREVIEW_CHARACTERS = 90


@dataclass
class InboxRow:
    question: Question
    #: Working days since the question came in (the case's age, not the child's).
    waiting_days: int
    overdue: bool
    email_failed: bool

    @property
    def preview(self) -> str:
        """The first words of the question, cut at a word boundary."""
        text = " ".join(self.question.message.split())
        if len(text) <= PREVIEW_CHARACTERS:
            return text
        cut = text.rfind(" ", 0, PREVIEW_CHARACTERS)
        return text[:cut if cut > 40 else PREVIEW_CHARACTERS] + " …"


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
    if filters.language:
        query = query.where(Question.language == filters.language)
    if filters.interpreter:
        query = query.where(Question.interpreter.is_not(None))
    if filters.overdue:
        query = query.where(Question.status.in_(lifecycle.CLOCK_RUNS), Question.next_due_at < utcnow())
    text = filters.text.strip()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(or_(Question.code.ilike(like), Question.message.ilike(like)))
    return query


#: The tab that grows without end; its count is derived rather than counted.
LARGEST_TAB = lifecycle.Status.CLOSED


def status_counts() -> dict[str, int]:
    """Questions per status tab.

    Counting ``avslutad`` entry by entry was most of a request at 100,000
    questions (it holds nearly all of them). The other tabs are short index
    ranges; the whole table is counted by SQLite from the b-tree's cell
    counts without reading rows; the difference is ``avslutad``.
    """
    counts = dict.fromkeys(lifecycle.LABELS, 0)
    others = [status for status in lifecycle.LABELS if status != LARGEST_TAB]
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
    rows = [InboxRow(q, working_days_between(local_date(q.created_at), today), lifecycle.is_overdue(q, now),
                     q.id in failed) for q in questions]
    return InboxPage(rows, counts, total, page, pages)


def reply_templates(topic: str | None = None, language: str = "sv", *, every: bool = False) -> list[ReplyTemplate]:
    """Templates for one topic plus the general ones (or ``every`` template), general first.

    For a question in another language, the templates in that language come
    first, then the Swedish ones (a reply in simple Swedish is always possible).
    """
    query = db.select(ReplyTemplate)
    if not every:
        query = query.where(or_(ReplyTemplate.topic.is_(None), ReplyTemplate.topic == topic)
                            if topic else ReplyTemplate.topic.is_(None))
        query = query.where(ReplyTemplate.language.in_({language, "sv"}))
    return db.session.scalars(
        query.order_by(ReplyTemplate.language != language, ReplyTemplate.topic.is_not(None), ReplyTemplate.topic,
                       ReplyTemplate.title)).all()
