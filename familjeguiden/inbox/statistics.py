"""Counts for the statistics page and its CSV file.

Only categories and counts leave this module: no question text, no contact
details, no case codes, no dates finer than a month. Grouping by month and
the percentiles are computed in Python from a few columns, so the same code
runs on SQLite and PostgreSQL; at a municipality's volume (a few thousand
questions a year) that costs a few milliseconds.

Time to first answer is given in clock hours and in working days. Working
days count only Monday-Friday time (Swedish local time), as a fraction, so
a question sent Friday afternoon and answered Monday morning took well under
one working day, not three days.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ..extensions import db
from ..questions.lifecycle import Status
from ..questions.models import RELATIONS, Question
from ..search import top_misses
from ..taxonomy import AGE_GROUPS, TOPICS
from ..text import swedish_number
from ..timeutil import MONTHS, local_wall_time, months_before, start_of_local_day, utcnow
from ..workdays import is_working_day, working_days_between
from .concerns import count_made
from .models import Referral

NOT_GIVEN = "Inte angivet"
TOP_MISSES = 20
#: Searches without results are shown only when seen this many times in the
#: period: a rare one may be personal (the log itself holds no numbers or
#: e-mail addresses, see ``search.misses``).
MIN_MISS_COUNT = 3
#: Bars are drawn with one CSS class per 5 % step (the CSP forbids style="").
BAR_STEP = 5


@dataclass(frozen=True)
class DateRange:
    """Whole Swedish calendar days, both ends included."""

    start: dt.date
    end: dt.date

    def utc_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Naive UTC [from, to) covering the local days, as the columns store time."""
        return start_of_local_day(self.start), start_of_local_day(self.end + dt.timedelta(days=1))


def default_range(today: dt.date) -> DateRange:
    """The last twelve calendar months, this month included."""
    return DateRange(months_before(today, 11).replace(day=1), today)


@dataclass
class Row:
    label: str
    count: int
    share: float = 0.0      # of the table's total, 0-100
    bar: int = 0            # bar length as a multiple of BAR_STEP, 0-100, relative to the largest row


@dataclass
class Duration:
    """Median and 90th percentile of time to first answer."""

    answered: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None
    median_workdays: float | None = None
    p90_workdays: float | None = None


@dataclass
class Statistics:
    period: DateRange
    total: int = 0
    spam: int = 0
    months: list[Row] = field(default_factory=list)
    topics: list[Row] = field(default_factory=list)
    age_groups: list[Row] = field(default_factory=list)
    relations: list[Row] = field(default_factory=list)
    referrals: list[Row] = field(default_factory=list)
    referral_total: int = 0
    #: Reports of concern (orosanmälningar) made in the period.
    concern_reports: int = 0
    first_answer: Duration = field(default_factory=Duration)
    #: Questions whose first answer is known to be in time or late (answered, or unanswered past due).
    target_base: int = 0
    within_target: int = 0
    misses: list[Row] = field(default_factory=list)

    @property
    def within_target_share(self) -> float | None:
        return 100 * self.within_target / self.target_base if self.target_base else None


def percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between the closest ranks (as numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def working_days_elapsed(start: dt.datetime, end: dt.datetime) -> float:
    """Working time (see ``workdays``) between two naive UTC times, in days (local calendar)."""
    first, last = local_wall_time(start), local_wall_time(end)
    if last <= first:
        return 0.0
    if first.date() == last.date():
        return (last - first).total_seconds() / 86400 if is_working_day(first.date()) else 0.0
    seconds = 0.0
    if is_working_day(first.date()):  # the rest of the first day
        seconds += 86400 - (first - dt.datetime.combine(first.date(), dt.time())).total_seconds()
    last_counts = is_working_day(last.date())
    if last_counts:  # the start of the last day
        seconds += (last - dt.datetime.combine(last.date(), dt.time())).total_seconds()
    whole_days = working_days_between(first.date(), last.date()) - last_counts
    return seconds / 86400 + whole_days


def _rows(pairs: list[tuple[str, int]]) -> list[Row]:
    total = sum(count for _label, count in pairs)
    largest = max((count for _label, count in pairs), default=0)
    return [Row(label, count, 100 * count / total if total else 0.0,
                BAR_STEP * round(100 * count / largest / BAR_STEP) if largest else 0)
            for label, count in pairs]


def _months(period: DateRange) -> list[tuple[int, int]]:
    year, month, months = period.start.year, period.start.month, []
    while (year, month) <= (period.end.year, period.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _by_vocabulary(values: list[str | None], vocabulary: dict[str, str]) -> list[tuple[str, int]]:
    counts = {key: 0 for key in vocabulary}
    missing = 0
    for value in values:
        if value in counts:
            counts[value] += 1
        else:
            missing += 1
    pairs = [(label, counts[key]) for key, label in vocabulary.items()]
    if missing:
        pairs.append((NOT_GIVEN, missing))
    return pairs


def compute(period: DateRange, now: dt.datetime | None = None) -> Statistics:
    """Every figure on the statistics page for questions sent within ``period``."""
    now = now or utcnow()
    start, end = period.utc_bounds()
    stats = Statistics(period)
    rows = db.session.execute(
        db.select(Question.created_at, Question.topic, Question.age_group, Question.relation, Question.status,
                  Question.first_answered_at, Question.due_at)
        .where(Question.created_at >= start, Question.created_at < end)
    ).all()
    questions = [row for row in rows if row.status != Status.SPAM]
    stats.spam = len(rows) - len(questions)
    stats.total = len(questions)

    per_month = dict.fromkeys(_months(period), 0)
    for row in questions:
        local = local_wall_time(row.created_at)
        per_month[(local.year, local.month)] = per_month.get((local.year, local.month), 0) + 1
    stats.months = _rows([(f"{MONTHS[month - 1]} {year}", count) for (year, month), count in per_month.items()])
    stats.topics = _rows(_by_vocabulary([r.topic for r in questions], TOPICS))
    stats.age_groups = _rows(_by_vocabulary([r.age_group for r in questions],
                                            {slug: group[2] for slug, group in AGE_GROUPS.items()}))
    stats.relations = _rows(_by_vocabulary([r.relation for r in questions],
                                           {slug: label.split(" (")[0] for slug, label in RELATIONS.items()}))

    answered = [row for row in questions if row.first_answered_at is not None]
    hours = [(r.first_answered_at - r.created_at).total_seconds() / 3600 for r in answered]
    workdays = [working_days_elapsed(r.created_at, r.first_answered_at) for r in answered]
    stats.first_answer = Duration(len(answered), percentile(hours, 0.5), percentile(hours, 0.9),
                                  percentile(workdays, 0.5), percentile(workdays, 0.9))
    for row in questions:
        if row.due_at is None:
            continue
        if row.first_answered_at is not None:
            stats.target_base += 1
            stats.within_target += row.first_answered_at <= row.due_at
        elif row.due_at < now:
            stats.target_base += 1

    referrals = db.session.execute(
        db.select(Referral.service_slug, db.func.max(Referral.service_title), db.func.count())
        .where(Referral.created_at >= start, Referral.created_at < end)
        .group_by(Referral.service_slug)
    ).all()
    referrals = sorted(referrals, key=lambda r: (-r[2], r[1]))
    stats.referral_total = sum(r[2] for r in referrals)
    stats.referrals = _rows([(title, count) for _slug, title, count in referrals])
    stats.concern_reports = count_made(start, end)

    stats.misses = _rows(top_misses(period.start, period.end, limit=TOP_MISSES, min_count=MIN_MISS_COUNT))
    return stats


def csv_rows(stats: Statistics) -> list[list[str]]:
    """The same figures as the page, one ``section; category; value`` line each."""
    rows = [["Avsnitt", "Kategori", "Värde"],
            ["Period", "Från och med", stats.period.start.isoformat()],
            ["Period", "Till och med", stats.period.end.isoformat()],
            ["Sammanfattning", "Frågor", str(stats.total)],
            ["Sammanfattning", "Skräp (räknas inte)", str(stats.spam)],
            ["Sammanfattning", "Lotsningar", str(stats.referral_total)],
            ["Sammanfattning", "Orosanmälningar gjorda", str(stats.concern_reports)],
            ["Sammanfattning", "Besvarade frågor", str(stats.first_answer.answered)]]
    duration = stats.first_answer
    rows += [["Tid till första svar", "Median, timmar", swedish_number(duration.median_hours)],
             ["Tid till första svar", "90:e percentilen, timmar", swedish_number(duration.p90_hours)],
             ["Tid till första svar", "Median, arbetsdagar", swedish_number(duration.median_workdays)],
             ["Tid till första svar", "90:e percentilen, arbetsdagar", swedish_number(duration.p90_workdays)],
             ["Svarsmål", "Besvarade inom svarsmålet", str(stats.within_target)],
             ["Svarsmål", "Underlag (besvarade eller försenade)", str(stats.target_base)],
             ["Svarsmål", "Andel inom svarsmålet, procent", swedish_number(stats.within_target_share)]]
    for section, table in (("Frågor per månad", stats.months), ("Ämne", stats.topics),
                           ("Barnets ålder", stats.age_groups), ("Vem frågar", stats.relations),
                           ("Lotsningar per verksamhet", stats.referrals),
                           ("Sökningar utan träff", stats.misses)):
        rows += [[section, spreadsheet_safe(row.label), str(row.count)] for row in table]
    return rows


def spreadsheet_safe(text: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (search words are typed by anyone)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
