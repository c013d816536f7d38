"""Statistics: exact figures for a known set of questions, the page, the CSV, bad dates."""

from __future__ import annotations

import csv
import datetime as dt
import secrets

import pytest

from familjeguiden.extensions import db
from familjeguiden.inbox import statistics
from familjeguiden.inbox.models import Referral
from familjeguiden.questions.models import Question
from familjeguiden.search.models import SearchMiss
from familjeguiden.timeutil import local_today
from tests.htmlcheck import executable_markup

T = dt.datetime
PERIOD = statistics.DateRange(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
NOW = T(2026, 4, 15, 12, 0)
SECRET_TEXT = "Hemlig frågetext som aldrig får synas i statistiken"


def make_question(code, created, answered=None, due=None, topic=None, age=None, relation="foralder",
                  status="avslutad", closed=None) -> Question:
    question = Question(code=code, token_hash=secrets.token_hex(32), token_salt=secrets.token_hex(16),
                        message=SECRET_TEXT, topic=topic, age_group=age, relation=relation,
                        contact_method="e-post", email="person@example.com", name="Namn Namnsson",
                        consent_at=created, status=status, created_at=created, first_answered_at=answered,
                        due_at=due, closed_at=closed)
    db.session.add(question)
    db.session.flush()
    return question


@pytest.fixture
def known(app):
    """Six counted questions in Q1 2026, one spam, two just outside; referrals and search misses.

    Times are UTC; Stockholm is UTC+1 until 29 March and UTC+2 after.
    """
    q0 = make_question("FG-2026-0900", T(2025, 12, 31, 23, 30), answered=T(2026, 1, 2, 11, 30),  # 1 Jan local
                       topic="foraldraskap", age="0-5")
    make_question("FG-2026-0901", T(2026, 1, 5, 9), answered=T(2026, 1, 5, 12), due=T(2026, 1, 7, 9),
                  topic="foraldraskap", age="0-5")
    q2 = make_question("FG-2026-0902", T(2026, 1, 9, 9), answered=T(2026, 1, 12, 9), due=T(2026, 1, 13, 9),
                       topic="separation", age="6-12", relation="anhorig")
    q3 = make_question("FG-2026-0903", T(2026, 2, 2, 9), answered=T(2026, 2, 5, 3), due=T(2026, 2, 4, 9),
                       topic="separation", age="13-20", relation="ung")
    make_question("FG-2026-0904", T(2026, 2, 10, 9), answered=T(2026, 2, 10, 15), due=T(2026, 2, 12, 9))
    make_question("FG-2026-0905", T(2026, 3, 2, 9), due=T(2026, 3, 4, 9), topic="psykisk-halsa",
                  relation="yrkesperson", status="pagaende")
    make_question("FG-2026-0906", T(2026, 3, 20, 9), topic="fritid", status="skrap")
    make_question("FG-2026-0907", T(2026, 3, 31, 22, 30), topic="fritid")     # 1 April local: outside
    make_question("FG-2026-0908", T(2025, 12, 31, 22, 0), topic="fritid")     # 31 Dec local: outside
    for question, slug, title, when in ((q2, "steget", "Steget", T(2026, 1, 12, 10)),
                                        (q3, "steget", "Steget", T(2026, 2, 5, 10)),
                                        (q3, "elevhalsan", "Elevhälsan", T(2026, 2, 5, 10)),
                                        (q0, "bup", "BUP", T(2026, 4, 2, 10))):
        db.session.add(Referral(question=question, service_slug=slug, service_title=title, note="x",
                                created_at=when))
    for query, day, count in (("läxhjälp", dt.date(2026, 1, 10), 3), ("läxhjälp", dt.date(2026, 2, 10), 2),
                              ("simskola", dt.date(2026, 3, 1), 4), ("=HYPERLINK(\"x\")", dt.date(2026, 3, 1), 3),
                              ("sällsynt", dt.date(2026, 3, 1), 2),
                              ("gammalt", dt.date(2025, 12, 31), 10)):
        db.session.add(SearchMiss(query=query, day=day, count=count))
    db.session.commit()


def pairs(rows):
    return [(row.label, row.count) for row in rows if row.count]


def test_figures_for_a_known_set(known):
    stats = statistics.compute(PERIOD, now=NOW)
    assert (stats.total, stats.spam) == (6, 1)
    assert [(r.label, r.count) for r in stats.months] == [("januari 2026", 3), ("februari 2026", 2), ("mars 2026", 1)]
    assert pairs(stats.topics) == [("Föräldraskap", 2), ("Psykisk hälsa", 1), ("Separation", 2), ("Inte angivet", 1)]
    assert pairs(stats.age_groups) == [("0–5 år", 2), ("6–12 år", 1), ("13–20 år", 1), ("Inte angivet", 2)]
    assert pairs(stats.relations) == [("Förälder", 3), ("Anhörig", 1), ("Ung – jag frågar för min egen skull", 1),
                                      ("Yrkesperson", 1)]
    assert pairs(stats.referrals) == [("Steget", 2), ("Elevhälsan", 1)]
    assert stats.referral_total == 3
    # Hours: 36, 3, 72, 66, 6 -> median 36, p90 between 66 and 72 at 0.6 = 69.6.
    # Working days: 1.5, 0.125, 1.0 (Fri 10:00 -> Mon 10:00 local), 2.75, 0.25 -> median 1.0, p90 2.25.
    answer = stats.first_answer
    assert answer.answered == 5
    assert answer.median_hours == pytest.approx(36)
    assert answer.p90_hours == pytest.approx(69.6)
    # 0900 was asked on 1 January (nyårsdagen, not a working day): only the
    # 12.5 hours of 2 January count, so its 36 hours are 0.52 working days.
    # Sorted working days: 0.125, 0.25, 0.52, 1.0 (Fri 10:00 to Mon 10:00), 2.75.
    assert answer.median_workdays == pytest.approx(12.5 / 24)
    assert answer.p90_workdays == pytest.approx(1.0 + 0.6 * 1.75)
    # In time: 0901, 0902, 0904; late: 0903; unanswered past due: 0905; 0900 has no due date.
    assert (stats.within_target, stats.target_base, stats.within_target_share) == (3, 5, 60.0)
    # Only queries seen at least 3 times are shown: one person's rare words (a name typed by mistake) are not.
    assert pairs(stats.misses) == [("läxhjälp", 5), ("simskola", 4), ("=HYPERLINK(\"x\")", 3)]


def test_bars_are_relative_to_the_largest_row_in_5_percent_steps(known):
    stats = statistics.compute(PERIOD, now=NOW)
    assert [r.bar for r in stats.months] == [100, 65, 35]
    assert [round(r.share) for r in stats.months] == [50, 33, 17]


def test_percentile_interpolates_between_ranks():
    assert statistics.percentile([], 0.5) is None
    assert statistics.percentile([4], 0.9) == 4
    assert statistics.percentile([1, 2, 3, 4], 0.5) == 2.5
    assert statistics.percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)


def test_default_range_is_twelve_calendar_months():
    assert statistics.default_range(dt.date(2026, 11, 23)) == statistics.DateRange(dt.date(2025, 12, 1),
                                                                                    dt.date(2026, 11, 23))
    assert statistics.default_range(dt.date(2026, 1, 5)).start == dt.date(2025, 2, 1)


def test_page_shows_tables_first_and_no_personal_data(known, coordinator_client):
    response = coordinator_client.get("/personal/statistik?fran=2026-01-01&till=2026-03-31")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<caption>Antal frågor per månad</caption>" in html
    assert '<th scope="row">januari 2026</th><td class="num">3</td><td class="num">50 %</td>' in html
    assert "<td class=\"num\">36,0</td><td class=\"num\">0,5</td>" in html
    assert "60 % (3 av 5)" in html
    assert html.index("<table") < html.index('class="bar-chart"')
    assert 'class="bar bar-100"' in html and 'class="bar bar-65"' in html
    assert executable_markup(html) == []       # no style="" (CSP), no script
    for private in (SECRET_TEXT, "Namn Namnsson", "person@example.com", "FG-2026-09"):
        assert private not in html


def test_csv_has_bom_semicolons_and_the_same_figures(known, coordinator_client):
    response = coordinator_client.get("/personal/statistik.csv?fran=2026-01-01&till=2026-03-31")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="familjeguiden-statistik-2026-01-01-2026-03-31.csv"')
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Avsnitt;Kategori;Värde"
    for line in ("Period;Från och med;2026-01-01", "Sammanfattning;Frågor;6", "Frågor per månad;januari 2026;3",
                 "Tid till första svar;Median, timmar;36,0", "Tid till första svar;90:e percentilen, timmar;69,6",
                 "Svarsmål;Andel inom svarsmålet, procent;60,0", "Ämne;Separation;2",
                 "Lotsningar per verksamhet;Steget;2", "Sökningar utan träff;läxhjälp;5"):
        assert line in lines, line
    # A search word that looks like a formula is defused for the spreadsheet.
    parsed = list(csv.reader(lines, delimiter=";"))
    assert ["Sökningar utan träff", "'=HYPERLINK(\"x\")", "3"] in parsed
    assert SECRET_TEXT not in body.decode("utf-8-sig") and "FG-2026-09" not in body.decode("utf-8-sig")


@pytest.mark.parametrize("query, message", [
    ("fran=2026-13-01", "Skriv datumet som år-månad-dag, till exempel 2026-01-31."),
    ("till=31/12/2026", "Skriv datumet som år-månad-dag, till exempel 2026-01-31."),
    ("fran=1900-01-01", "Välj ett datum mellan år 2000 och 2100."),
    ("fran=2026-05-01&till=2026-04-01", "Till-datumet kan inte vara före från-datumet."),
])
def test_bad_dates_get_a_swedish_message(coordinator_client, query, message):
    response = coordinator_client.get(f"/personal/statistik?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error-summary"' in html and "<caption>" not in html
    csv_response = coordinator_client.get(f"/personal/statistik.csv?{query}")
    assert csv_response.status_code == 400
    assert message in csv_response.get_data(as_text=True)


def test_default_page_works_and_admin_may_see_it(app):
    from tests.staff import login, make_user

    admin = make_user("chef@example.com", ["admin"], "Chef", totp=True)
    client = app.test_client()
    login(client, admin)
    response = client.get("/personal/statistik")
    assert response.status_code == 200
    default = statistics.default_range(local_today())
    html = response.get_data(as_text=True)
    assert f'value="{default.start.isoformat()}"' in html and f'value="{default.end.isoformat()}"' in html


def test_editor_is_refused(app):
    from tests.staff import login, make_user

    editor = make_user("red@example.com", ["editor"], "Red")
    client = app.test_client()
    login(client, editor)
    assert client.get("/personal/statistik").status_code == 403
    assert client.get("/personal/statistik.csv").status_code == 403
