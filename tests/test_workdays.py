"""Response targets count working days the way the coordinators work them."""

import datetime as dt

from familjeguiden.timeutil import local_date
from familjeguiden.workdays import add_working_days, holiday_name, is_working_day, working_days_between


def test_weekends_do_not_count():
    friday = dt.datetime(2026, 11, 20, 15, 30)
    assert add_working_days(friday, 2) == dt.datetime(2026, 11, 24, 15, 30)  # Tuesday, same time
    assert working_days_between(friday.date(), dt.date(2026, 11, 24)) == 2


def test_christmas_and_new_year_do_not_count():
    # Wednesday 23 December 2026: julafton (Thu) and juldagen (Fri) are off,
    # then a weekend; the two working days are Mon 28 and Tue 29 December.
    asked = dt.datetime(2026, 12, 23, 9, 0)
    assert add_working_days(asked, 2) == dt.datetime(2026, 12, 29, 9, 0)
    assert working_days_between(asked.date(), dt.date(2026, 12, 29)) == 2
    # Across the new year: nyårsafton, nyårsdagen and trettondedag jul are off.
    assert working_days_between(dt.date(2026, 12, 29), dt.date(2027, 1, 7)) == 4


def test_midsummer_eve_and_ascension_are_days_off():
    assert holiday_name(dt.date(2026, 6, 19)) == "Midsommarafton"
    assert not is_working_day(dt.date(2026, 6, 19))
    assert not is_working_day(dt.date(2026, 5, 14))  # Kristi himmelsfärdsdag
    assert is_working_day(dt.date(2026, 5, 15))  # the "klämdag" after it is an ordinary working day
    assert add_working_days(dt.datetime(2026, 5, 13, 12, 0), 1) == dt.datetime(2026, 5, 15, 12, 0)


def test_counting_agrees_with_stepping_day_by_day():
    start = dt.date(2026, 1, 1)
    for span in range(0, 400, 7):
        end = start + dt.timedelta(days=span)
        stepped = sum(is_working_day(start + dt.timedelta(days=n)) for n in range(1, span + 1))
        assert working_days_between(start, end) == stepped, end


def test_days_are_swedish_calendar_days():
    # 23:30 UTC on Friday 20 November is 00:30 on Saturday in Sweden: a weekend
    # question, due two working days later at 00:30 Swedish time on Tuesday.
    asked = dt.datetime(2026, 11, 20, 23, 30)
    assert add_working_days(asked, 2) == dt.datetime(2026, 11, 23, 23, 30)  # Tue 00:30 CET
    assert local_date(asked) == dt.date(2026, 11, 21)


def test_the_deadline_keeps_the_swedish_clock_time_over_daylight_saving():
    # Friday 27 March 2026 11:00 CET (10:00 UTC); summer time starts on Sunday 29 March.
    due = add_working_days(dt.datetime(2026, 3, 27, 10, 0), 2)
    assert due == dt.datetime(2026, 3, 31, 9, 0)  # Tuesday 11:00 CEST
