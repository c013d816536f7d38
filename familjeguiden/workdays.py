"""Working days for response targets (Monday-Friday).

Swedish public holidays are not subtracted: a deadline may then look one
day stricter than it is, never looser. (A holiday calendar could be added
here without changing any caller.)
"""

from __future__ import annotations

import datetime as dt


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` moved ``days`` weekdays ahead, at the same time of day."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Whole weekdays after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count
