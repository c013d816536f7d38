"""Time helpers: the database stores naive UTC; people see Swedish time."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")


def utcnow() -> dt.datetime:
    """Naive UTC now, the form every timestamp column uses."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def local_date(value: dt.datetime) -> dt.date:
    """The Swedish calendar date of a stored (naive UTC) timestamp."""
    return value.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM).date()


def swedish_date(value: dt.date | str | None) -> str:
    """``2026-10-01`` -> ``1 oktober 2026``."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def local_time(value: dt.datetime | None) -> str:
    """A stored UTC timestamp as Swedish local time, ``2026-11-23 14:05``."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM)
    return local.strftime("%Y-%m-%d %H:%M")


def from_local(value: dt.datetime) -> dt.datetime:
    """A naive Swedish wall-clock time (from a form) as naive UTC, the form columns store."""
    return value.replace(tzinfo=STOCKHOLM).astimezone(dt.UTC).replace(tzinfo=None)


@lru_cache(maxsize=8192)
def _offset(utc_hour: dt.datetime) -> dt.timedelta:
    return utc_hour.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM).utcoffset()


def local_wall_time(value: dt.datetime) -> dt.datetime:
    """Naive UTC (as the columns store it) -> naive Swedish wall-clock time.

    Clocks change on the hour, so the offset is looked up once per UTC hour:
    cheap enough for the tens of thousands of rows a statistics page reads.
    """
    return value + _offset(value.replace(minute=0, second=0, microsecond=0))


def start_of_local_day(day: dt.date) -> dt.datetime:
    """Midnight in Sweden at the start of ``day``, as naive UTC."""
    return from_local(dt.datetime.combine(day, dt.time()))


def local_today() -> dt.date:
    """Today's date in Sweden (not the server's local date, not UTC)."""
    return dt.datetime.now(STOCKHOLM).date()


def months_before(moment, months: int):
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
