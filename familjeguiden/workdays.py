"""Working days for response targets: Monday to Friday, except Swedish holidays.

"We answer within two working days" is a promise made by people who do not
work on juldagen or midsommarafton, so those days do not count. The
calendar is ``holiday_calendar``'s (made with the maintained ``holidays``
package): the public holidays (röda dagar) and the de facto ones that
municipal staff have off (midsommarafton, julafton, nyårsafton). Half days
(the afternoons before some holidays) count as working days.

Days are Swedish calendar days: a question sent at 00:30 on a Saturday,
Swedish time, is a weekend question even though it is still Friday in UTC
(``add_working_days`` works in local time; callers of
``working_days_between`` pass ``timeutil.local_date`` of their timestamps).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache

from .holiday_calendar import holidays_of
from .timeutil import STOCKHOLM


@lru_cache(maxsize=256)
def weekday_holidays(year: int) -> tuple[dt.date, ...]:
    """The holidays of ``year`` that fall on a weekday, sorted."""
    return tuple(sorted(day for day in holidays_of(year) if day.weekday() < 5))


def holiday_name(day: dt.date) -> str | None:
    """The Swedish name of the holiday on ``day``, if any."""
    return holidays_of(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in weekday_holidays(day.year)


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` (naive UTC) moved ``days`` working days ahead, at the same Swedish time of day.

    Returns naive UTC. Stepping a Stockholm-aware time by whole days keeps the
    wall-clock time across a daylight-saving change.
    """
    current = start.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM)
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current.date()):
            remaining -= 1
    return current.astimezone(dt.UTC).replace(tzinfo=None)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Whole working days after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count - _holidays_in(start, end)


def _holidays_in(start: dt.date, end: dt.date) -> int:
    """Weekday holidays after ``start`` up to and including ``end``."""
    count = 0
    for year in range(start.year, end.year + 1):
        days = weekday_holidays(year)
        low = bisect_right(days, start) if year == start.year else 0
        high = bisect_right(days, end) if year == end.year else len(days)
        count += max(0, high - low)
    return count
