"""Opening hours as HSDS schedules, with the UTC offset right on both sides of DST.

HSDS times carry a UTC offset (``opens_at: "09:00+01:00"``) and
``timezone`` is a number of hours, while our rules are Swedish wall-clock
time all year. So every rule is published as one schedule per
daylight-saving period (DESIGN.md section 10): 9.00 in January is
``09:00+01:00`` with ``timezone: 1``, 9.00 in June is ``09:00+02:00`` with
``timezone: 2``, each with ``valid_from``/``valid_to`` covering its period.

We publish the current period and the next two (a year or more ahead).
The output changes only when a period starts, so it is cached and its
ETag stays the same between daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from ..pages.opening_hours import DAY_NAMES, Rule, clock_text, days_text
from ..timeutil import STOCKHOLM
from .ids import child_id

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PERIODS_AHEAD = 2
CLOSED_DAYS_NOTE = ("Stängt på allmänna helgdagar (röda dagar) och på midsommarafton, julafton och "
                    "nyårsafton. Tiderna är svensk tid.")


def _offset_hours(day: dt.date, at: dt.time = dt.time(12)) -> float:
    offset = dt.datetime.combine(day, at, tzinfo=STOCKHOLM).utcoffset()
    return offset.total_seconds() / 3600


@lru_cache(maxsize=32)
def dst_periods(today: dt.date, ahead: int = PERIODS_AHEAD) -> tuple[tuple[dt.date, dt.date, float], ...]:
    """``(first day, last day, UTC offset)`` of the period containing ``today`` and the next ``ahead``.

    A day belongs to the offset it has at noon: the change happens at night
    (02.00/03.00), so every opening hour of the changing Sunday already has
    the new offset.
    """
    start = today
    while _offset_hours(start - dt.timedelta(days=1)) == _offset_hours(today):
        start -= dt.timedelta(days=1)
    periods = []
    day = start
    for _ in range(ahead + 1):
        offset = _offset_hours(day)
        end = day
        while _offset_hours(end + dt.timedelta(days=1)) == offset:
            end += dt.timedelta(days=1)
        periods.append((day, end, offset))
        day = end + dt.timedelta(days=1)
    return tuple(periods)


def period_key(today: dt.date) -> dt.date:
    """The first day of the current period: what the published schedules depend on."""
    return dst_periods(today)[0][0]


def _utc_time(value: dt.time, offset: float) -> str:
    hours, minutes = divmod(int(round(offset * 60)), 60)
    sign = "+" if offset >= 0 else "-"
    return f"{value.hour:02d}:{value.minute:02d}{sign}{abs(hours):02d}:{minutes:02d}"


def _byday(rule: Rule) -> str:
    days = [BYDAY[d] for d in sorted(rule.days)]
    if not rule.monthly:
        return ",".join(days)
    return ",".join(f"{n}{day}" for n in rule.monthly for day in days)


def rule_description(rule: Rule) -> str:
    """``Måndag-fredag 9.00-11.00 (telefontid)``: the rule in words, for people reading the data."""
    from ..pages.opening_hours import ORDINAL_NAMES

    days = days_text(rule.days)
    if rule.monthly:
        which = " och ".join(ORDINAL_NAMES[n] for n in rule.monthly)
        days = f"{which} {days} i månaden"
    text = f"{days} {clock_text(rule.opens)}-{clock_text(rule.closes)}"
    if rule.note:
        text += f" ({rule.note})"
    return text[0].upper() + text[1:]


def hsds_schedules(service_uuid: str, rules, hours: str, today: dt.date) -> list[dict]:
    """HSDS ``schedules`` of one service on ``today``.

    Without rules, the free-text hours become one schedule with only a
    description, so that text still reaches other systems.
    """
    if not rules:
        if not hours:
            return []
        return [{"id": child_id(service_uuid, "schedule", "text"), "service_id": service_uuid,
                 "description": hours}]
    notes = " ".join(part for part in (hours, CLOSED_DAYS_NOTE) if part)
    schedules = []
    for index, rule in enumerate(rules, start=1):
        for first, last, _noon_offset in dst_periods(today):
            valid_from = max(first, rule.valid_from) if rule.valid_from else first
            valid_to = min(last, rule.valid_to) if rule.valid_to else last
            if valid_from > valid_to:
                continue
            offset = _offset_hours(valid_from, rule.opens)
            schedules.append({
                "id": child_id(service_uuid, "schedule", f"{index}/{valid_from.isoformat()}"),
                "service_id": service_uuid,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat(),
                "timezone": int(offset) if offset == int(offset) else offset,
                "freq": "MONTHLY" if rule.monthly else "WEEKLY",
                "wkst": "MO",
                "interval": 1,
                "byday": _byday(rule),
                "opens_at": _utc_time(rule.opens, offset),
                "closes_at": _utc_time(rule.closes, _offset_hours(valid_from, rule.closes)),
                "description": rule_description(rule),
                "notes": notes,
            })
    return schedules


__all__ = ["hsds_schedules", "dst_periods", "period_key", "rule_description", "DAY_NAMES"]
