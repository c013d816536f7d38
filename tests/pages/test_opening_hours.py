"""Structured opening hours: the ``schedule:`` rules and "Öppet nu" on the page.

Every moment is given explicitly (never the real clock): the pure function
takes it as an argument and the page test replaces ``opening_hours.clock``.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from familjeguiden.pages import opening_hours
from familjeguiden.pages.content import dump_service, parse_service
from familjeguiden.pages.opening_hours import rules_from, status_at, validate_schedule
from familjeguiden.timeutil import STOCKHOLM

FRONT = textwrap.dedent("""\
    ---
    title: Testtjänst
    summary: En tjänst för att pröva öppettider.
    ages: [0, 20]
    topics: [fritid]
    contact: {phone: "070-174 06 99"}
    hours: Se nedan
    {schedule}
    reviewed: 2026-10-01
    ---

    Text.
    """)


def parse(schedule_yaml: str):
    return parse_service(FRONT.replace("{schedule}", schedule_yaml.strip("\n")), "testtjanst", "testtjanst.md")


def swedish(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def rules(*items):
    problems = []
    clean = validate_schedule(list(items), lambda f, m: problems.append((f, m)))
    assert problems == []
    return rules_from(clean)


INGANGEN = rules({"days": "måndag-fredag", "time": "9.00-16.00"}, {"days": "tisdag", "time": "16.00-19.00"})
FRITIDSGARDEN = rules({"days": "måndag-torsdag", "time": "15.00-21.00"}, {"days": "fredag", "time": "18.00-23.00"})


def test_the_written_forms_an_editor_uses_are_understood_and_normalised():
    result = parse("""
schedule:
  - days: vardagar
    time: 9-16
    note: telefontid
  - days: Tisdagar och torsdagar
    time: "18:30–20.00"
  - days: [lördag, söndag]
    time: 10.00-14.00
    monthly: första
    from: 2027-01-01
    to: 2027-06-30
""")
    assert result.problems == []
    assert result.service.front_matter["schedule"] == [
        {"days": "måndag-fredag", "time": "9.00-16.00", "note": "telefontid"},
        {"days": "tisdag, torsdag", "time": "18.30-20.00"},
        {"days": "lördag, söndag", "time": "10.00-14.00", "monthly": "första", "from": "2027-01-01",
         "to": "2027-06-30"},
    ]


def test_a_stored_schedule_is_written_back_to_a_file_unchanged():
    service = parse("schedule:\n  - days: måndag, torsdag\n    time: 9.00-10.00\n    monthly: första, sista\n"
                    "    from: 2027-01-01\n").service
    again = parse_service(dump_service(service.front_matter, service.body), "testtjanst", "x.md")
    assert again.problems == [] and again.service.front_matter == service.front_matter


@pytest.mark.parametrize(("schedule", "field", "words"), [
    ("schedule: måndag 9-16", "schedule", "ska vara en lista"),
    ("schedule:\n  - time: 9.00-16.00", "schedule[1].days", "fältet saknas"),
    ("schedule:\n  - days: månda\n    time: 9.00-16.00", "schedule[1].days", "'månda' är ingen veckodag"),
    ("schedule:\n  - days: fredag-måndag\n    time: 9.00-16.00", "schedule[1].days", "börja med den tidigare"),
    ("schedule:\n  - days: måndag\n    time: 9.00", "schedule[1].time", "kan inte läsas"),
    ("schedule:\n  - days: måndag\n    time: 16.00-9.00", "schedule[1].time", "senare än öppningstiden"),
    ("schedule:\n  - days: måndag\n    time: 18.00-24.00", "schedule[1].time", "23.59"),
    ("schedule:\n  - days: måndag\n    time: 9-10\n    monthly: femte", "schedule[1].monthly", "'femte'"),
    ("schedule:\n  - days: måndag\n    time: 9-10\n    from: i morgon", "schedule[1].from", "ÅÅÅÅ-MM-DD"),
    ("schedule:\n  - days: måndag\n    time: 9-10\n    from: 2027-02-01\n    to: 2027-01-01", "schedule[1].to",
     "före startdatumet"),
    ("schedule:\n  - days: måndag\n    time: 9-10\n    hela: ja", "schedule[1].hela", "okänt fält"),
])
def test_a_wrong_schedule_is_reported_with_field_and_problem_in_swedish(schedule, field, words):
    result = parse(schedule)
    assert result.service is None
    assert [(p.file, p.field) for p in result.problems] == [("testtjanst.md", field)]
    assert words in result.problems[0].problem


def test_content_check_reports_a_broken_schedule_and_fails(cli, tmp_path):
    folder = tmp_path / "tjanster"
    folder.mkdir()
    (folder / "testtjanst.md").write_text(FRONT.replace("{schedule}", "schedule:\n  - days: måndag\n    time: 9"),
                                          encoding="utf-8")
    result = cli.invoke(args=["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "testtjanst.md: schedule[1].time: '9' kan inte läsas" in result.output


def test_shipped_files_with_fixed_hours_have_a_schedule(app):
    from familjeguiden.pages.catalogue import get_catalogue

    catalogue = get_catalogue()
    assert catalogue.get("fritidsgarden").schedule == FRITIDSGARDEN
    assert catalogue.get("ior").schedule == ()  # "Ni bestämmer tider tillsammans": no fixed hours


@pytest.mark.parametrize(("moment", "text"), [
    (swedish(2026, 12, 1, 10), "Öppet nu, till 19.00"),                 # Tuesday: 9-16 runs on into 16-19
    (swedish(2026, 12, 2, 10), "Öppet nu, till 16.00"),                 # Wednesday
    (swedish(2026, 12, 2, 7, 59), "Stängt – öppnar i dag 9.00"),
    (swedish(2026, 12, 2, 16), "Stängt – öppnar torsdag 9.00"),        # closing time is closed
    (swedish(2026, 12, 5, 12), "Stängt – öppnar måndag 9.00"),          # Saturday
])
def test_open_now_or_when_it_opens(moment, text):
    assert status_at(INGANGEN, moment).text == text


def test_public_holidays_and_de_facto_holidays_are_closed():
    # Julafton (Thursday), juldagen (Friday), then the weekend: next opening is Monday 28 December
    assert status_at(INGANGEN, swedish(2026, 12, 24, 10)).text == "Stängt i dag, julafton – öppnar måndag 9.00"
    assert status_at(INGANGEN, swedish(2026, 12, 23, 17)).text == "Stängt – öppnar måndag 9.00"
    # Annandag påsk is a Monday: the youth centre opens on Tuesday
    assert (status_at(FRITIDSGARDEN, swedish(2026, 4, 6, 16)).text
            == "Stängt i dag, annandag påsk – öppnar tisdag 15.00")
    # Midsommarafton is a Friday this year; the Friday evening is closed
    assert status_at(FRITIDSGARDEN, swedish(2026, 6, 19, 19)).text.startswith("Stängt i dag, midsommarafton")


def test_the_same_utc_time_is_closed_before_and_open_after_the_spring_change():
    # 07.30 UTC is 08.30 on Friday 27 March (CET) but 09.30 on Monday 30 March (CEST)
    before = dt.datetime(2026, 3, 27, 7, 30, tzinfo=dt.UTC)
    after = dt.datetime(2026, 3, 30, 7, 30, tzinfo=dt.UTC)
    assert status_at(INGANGEN, before).text == "Stängt – öppnar i dag 9.00"
    assert status_at(INGANGEN, after).text == "Öppet nu, till 16.00"
    # and in autumn: 15.30 UTC on Friday 23 October is 17.30 CEST (closed), on 26 October 16.30 CET
    assert status_at(FRITIDSGARDEN, dt.datetime(2026, 10, 26, 15, 30, tzinfo=dt.UTC)).text == "Öppet nu, till 21.00"
    assert (status_at(FRITIDSGARDEN, dt.datetime(2026, 10, 25, 13, 30, tzinfo=dt.UTC)).text
            == "Stängt – öppnar måndag 15.00")


def test_monthly_rules_and_notes():
    first_tuesday = rules({"days": "tisdag", "time": "18.00-19.30", "monthly": "första", "note": "föräldramöte"})
    assert status_at(first_tuesday, swedish(2026, 12, 2, 12)).text == \
        "Stängt – öppnar tisdag 5 januari 18.00 (föräldramöte)"
    assert status_at(first_tuesday, swedish(2027, 1, 5, 18, 30)).text == "Öppet nu (föräldramöte), till 19.30"
    last_friday = rules({"days": "fredag", "time": "10-12", "monthly": "sista"})
    assert status_at(last_friday, swedish(2026, 11, 23, 12)).day == dt.date(2026, 11, 27)


def test_valid_from_and_to_limit_a_rule():
    spring = rules({"days": "måndag", "time": "9-10", "from": "2027-01-11", "to": "2027-01-18"})
    assert status_at(spring, swedish(2027, 1, 4, 12)).day == dt.date(2027, 1, 11)
    assert status_at(spring, swedish(2027, 1, 18, 11)) is None  # the last Monday has passed: no line at all


def test_the_page_shows_the_status_at_the_minute_it_is_served(client, monkeypatch):
    moment = {"now": swedish(2026, 4, 6, 16)}
    monkeypatch.setattr(opening_hours, "clock", lambda: moment["now"].astimezone(dt.UTC))
    holiday = client.get("/tjanster/fritidsgarden").get_data(as_text=True)
    assert "Stängt i dag, annandag påsk – öppnar tisdag 15.00" in holiday
    moment["now"] = swedish(2026, 4, 7, 15, 1)  # a minute after opening, the cached page says so
    opened = client.get("/tjanster/fritidsgarden").get_data(as_text=True)
    assert "Öppet nu, till 21.00" in opened and "annandag" not in opened
    assert holiday.replace("Stängt i dag, annandag påsk – öppnar tisdag 15.00", "Öppet nu, till 21.00") == opened
    steget = client.get("/tjanster/steget").get_data(as_text=True)
    assert "open-status" not in steget and "fg:oppet-nu" not in steget


def test_the_filled_line_is_kept_only_until_it_can_change():
    html = f"<dd>{opening_hours.status_marker()}</dd>"
    at = [swedish(2026, 12, 2, 8, 59), swedish(2026, 12, 2, 9, 0), swedish(2026, 12, 2, 15, 59),
          swedish(2026, 12, 2, 16, 0), swedish(2026, 12, 1, 12, 0), swedish(2026, 12, 2, 16, 1)]
    lines = [opening_hours.fill_open_status(html, INGANGEN, moment) for moment in at]
    assert [line.removeprefix('<dd><p class="open-status"><strong>').removesuffix("</strong></p></dd>")
            for line in lines] == [
        "Stängt – öppnar i dag 9.00", "Öppet nu, till 16.00", "Öppet nu, till 16.00",
        "Stängt – öppnar torsdag 9.00", "Öppet nu, till 19.00", "Stängt – öppnar torsdag 9.00"]
