"""The anonymous log of searches that found nothing."""

import datetime as dt

from familjeguiden.extensions import db
from familjeguiden.search import misses
from familjeguiden.search.models import SearchMiss


def rows():
    return db.session.scalars(db.select(SearchMiss).order_by(SearchMiss.query)).all()


def test_zero_result_searches_are_counted_per_normalised_query_and_day(client):
    client.get("/sok", query_string={"q": "Zebraflöjt   Banan"})
    client.get("/sok", query_string={"q": "zebraflöjt banan"})
    client.get("/api/sok", query_string={"q": " ZEBRAFLÖJT banan "})
    [row] = rows()
    assert (row.query, row.count, row.day) == ("zebraflöjt banan", 3, misses.today())


def test_searches_with_results_or_errors_are_not_logged(client):
    client.get("/sok", query_string={"q": "steget"})
    client.get("/api/sok", query_string={"q": "?!"})
    client.get("/sok")
    assert rows() == []


def test_the_log_stores_no_ip_address_or_session(client):
    client.get("/sok", query_string={"q": "zebraflöjt"}, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert set(SearchMiss.__table__.columns.keys()) == {"id", "query", "day", "count"}
    [row] = rows()
    assert "198.51.100.7" not in repr([row.query, row.day, row.count])


def test_normalise_collapses_whitespace_and_limits_length():
    assert misses.normalise("  Hej\t\nDu\x00där ") == "hej du där"
    assert len(misses.normalise("å" * 300)) == 200


def test_a_concurrent_insert_is_counted_not_lost(app, monkeypatch):
    misses.record_miss("zebraflöjt")
    real_increment = misses._increment
    calls = []

    def first_update_misses(query, day):  # another worker inserted meanwhile
        calls.append(query)
        return 0 if len(calls) == 1 else real_increment(query, day)

    monkeypatch.setattr(misses, "_increment", first_update_misses)
    misses.record_miss("zebraflöjt")
    assert [(r.query, r.count) for r in rows()] == [("zebraflöjt", 2)]


def test_prune_log_deletes_rows_older_than_the_retention(app, cli):
    today = misses.today()
    for query, age in [("gammal", 91), ("gräns", 90), ("ny", 10)]:
        db.session.add(SearchMiss(query=query, day=today - dt.timedelta(days=age), count=1))
    db.session.commit()
    result = cli.invoke(args=["search", "prune-log"])
    assert result.exit_code == 0 and "Tog bort 1 rader" in result.output
    assert [r.query for r in rows()] == ["gräns", "ny"]


def test_logging_prunes_old_rows_once_a_day(app, client):
    db.session.add(SearchMiss(query="gammal", day=misses.today() - dt.timedelta(days=200), count=4))
    db.session.commit()
    client.get("/sok", query_string={"q": "zebraflöjt"})
    assert [r.query for r in rows()] == ["zebraflöjt"]


def test_numbers_and_email_addresses_are_never_stored(client):
    for query in ("zebraflöjt 19850612-1234", "zebraflöjt 0313900655", "zebraflöjt qzx.qzx@qzx.invalid",
                  "zebraflöjt tel:+46701740605 q1q2q3q4q5"):
        assert client.get("/api/sok", query_string={"q": query}).get_json()["total"] == 0
    stored = {r.query: r.count for r in rows()}
    assert stored == {"zebraflöjt": 3, "zebraflöjt tel q q q q q": 1}
    assert not any(ch.isdigit() or ch == "@" for query in stored for ch in query)


def test_top_misses_counts_the_period_and_leaves_out_rare_queries(app):
    today = misses.today()
    for query, age, count in [("simskola", 1, 2), ("simskola", 3, 2), ("läxhjälp", 2, 3),
                              ("ett namn", 1, 2), ("gammal", 40, 9)]:
        db.session.add(SearchMiss(query=query, day=today - dt.timedelta(days=age), count=count))
    db.session.commit()
    period = (today - dt.timedelta(days=30), today)
    assert misses.top_misses(*period) == [("simskola", 4), ("läxhjälp", 3)]
    assert misses.top_misses(*period, limit=1) == [("simskola", 4)]
    assert ("ett namn", 2) in misses.top_misses(*period, min_count=1)


def test_cli_misses_report_names_the_synonym_group_that_would_answer(app, cli):
    for query in ("zebraflöjt", "skolsköterskorna hjälp", "hemmasitter"):
        db.session.add(SearchMiss(query=query, day=misses.today(), count=5))
    db.session.commit()
    result = cli.invoke(args=["search", "misses", "--days", "7"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("5  zebraflöjt" in line for line in lines)
    assert "ingen synonymgrupp passar" in result.output
    # "hemmasitter" is one letter from "hemmasittare", in the school absence group.
    assert "synonymgrupp som skulle svara: skolk, skolkar, frånvaro, hemmasittare" in result.output
