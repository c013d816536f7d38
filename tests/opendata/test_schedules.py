"""HSDS schedules carry the right UTC offset on both sides of a daylight-saving change."""

from __future__ import annotations

import datetime as dt

from familjeguiden.extensions import db
from familjeguiden.opendata.schedules import dst_periods, hsds_schedules
from familjeguiden.pages import opening_hours
from familjeguiden.pages.models import Page
from familjeguiden.pages.opening_hours import rules_from
from familjeguiden.timeutil import STOCKHOLM
from tests.opendata.conftest import get_json

SID = "b47d4c8a-b2aa-5349-967b-3b5a781ac5dc"


def weekdays_nine_to_four():
    return rules_from([{"days": "måndag-fredag", "time": "9.00-16.00", "note": "telefontid"},
                       {"days": "söndag", "time": "10.00-12.00"}])


def utc_instant(day: dt.date, hhmm_offset: str) -> dt.datetime:
    """``2026-03-30`` + ``09:00+02:00`` -> the UTC moment it names."""
    return dt.datetime.fromisoformat(f"{day.isoformat()}T{hhmm_offset}").astimezone(dt.UTC)


def test_periods_split_at_the_changes():
    periods = dst_periods(dt.date(2026, 3, 20))
    assert periods == (
        (dt.date(2025, 10, 26), dt.date(2026, 3, 28), 1.0),
        (dt.date(2026, 3, 29), dt.date(2026, 10, 24), 2.0),
        (dt.date(2026, 10, 25), dt.date(2027, 3, 27), 1.0),
    )


def test_each_period_says_nine_oclock_swedish_time_in_its_own_offset():
    schedules = hsds_schedules(SID, weekdays_nine_to_four(), "Telefontid vardagar 9-16", dt.date(2026, 3, 20))
    weekday = [s for s in schedules if s["byday"] == "MO,TU,WE,TH,FR"]
    assert [(s["valid_from"], s["valid_to"], s["timezone"], s["opens_at"], s["closes_at"]) for s in weekday] == [
        ("2025-10-26", "2026-03-28", 1, "09:00+01:00", "16:00+01:00"),
        ("2026-03-29", "2026-10-24", 2, "09:00+02:00", "16:00+02:00"),
        ("2026-10-25", "2027-03-27", 1, "09:00+01:00", "16:00+01:00"),
    ]
    # Every single day of every period: the published time is the real moment 9.00 happens in Sweden
    opening = {"MO,TU,WE,TH,FR": dt.time(9), "SU": dt.time(10)}
    for schedule in schedules:
        day = dt.date.fromisoformat(schedule["valid_from"])
        while day <= dt.date.fromisoformat(schedule["valid_to"]):
            opens = opening[schedule["byday"]]
            expected = dt.datetime.combine(day, opens, tzinfo=STOCKHOLM).astimezone(dt.UTC)
            assert utc_instant(day, schedule["opens_at"]) == expected, (day, schedule["opens_at"])
            day += dt.timedelta(days=1)


def test_the_sunday_of_the_change_already_has_the_new_offset():
    sunday = [s for s in hsds_schedules(SID, weekdays_nine_to_four(), "", dt.date(2026, 3, 20)) if s["byday"] == "SU"]
    change_day = next(s for s in sunday if s["valid_from"] == "2026-03-29")
    assert change_day["opens_at"] == "10:00+02:00" and change_day["timezone"] == 2
    autumn = next(s for s in sunday if s["valid_from"] == "2026-10-25")
    assert autumn["opens_at"] == "10:00+01:00"
    assert utc_instant(dt.date(2026, 10, 25), autumn["opens_at"]) == dt.datetime(2026, 10, 25, 9, tzinfo=dt.UTC)


def test_a_rule_with_dates_is_cut_to_them_and_monthly_rules_use_ordinals():
    rules = rules_from([{"days": "tisdag", "time": "18.00-19.30", "monthly": "första, sista",
                         "from": "2026-03-01", "to": "2026-05-31"}])
    schedules = hsds_schedules(SID, rules, "", dt.date(2026, 3, 20))
    assert [(s["valid_from"], s["valid_to"], s["opens_at"]) for s in schedules] == [
        ("2026-03-01", "2026-03-28", "18:00+01:00"), ("2026-03-29", "2026-05-31", "18:00+02:00")]
    assert schedules[0]["freq"] == "MONTHLY" and schedules[0]["byday"] == "1TU,-1TU"
    assert schedules[0]["description"] == "Första och sista tisdag i månaden 18.00-19.30"


def test_the_api_publishes_both_offsets_around_the_change(client, monkeypatch):
    monkeypatch.setattr(opening_hours, "clock", lambda: dt.datetime(2026, 3, 27, 12, tzinfo=dt.UTC))
    sid = db.session.scalar(db.select(Page.uuid).where(Page.slug == "ingangen"))
    schedules = get_json(client, f"/api/hsds/services/{sid}")["schedules"]
    offsets = {(s["valid_from"], s["opens_at"]) for s in schedules}
    assert ("2025-10-26", "09:00+01:00") in offsets and ("2026-03-29", "09:00+02:00") in offsets
    assert all("julafton" in s["notes"] for s in schedules)
    monkeypatch.setattr(opening_hours, "clock", lambda: dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC))
    summer = get_json(client, f"/api/hsds/services/{sid}")["schedules"]
    assert summer[0]["valid_from"] == "2026-03-29" and summer[0]["opens_at"] == "09:00+02:00"
