"""Durable storage: SQLite settings on every connection, the location check, PostgreSQL defaults."""

import sqlite3

import pytest

from familjeguiden.database import check_sqlite_location, immediate
from familjeguiden.extensions import db
from tests.conftest import TEST_DATABASE_URL

sqlite_only = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite-inställningar; sviten körs mot PostgreSQL")
postgres_only = pytest.mark.skipif(not TEST_DATABASE_URL, reason="bara när sviten körs mot PostgreSQL")


@sqlite_only
def test_every_sqlite_connection_is_durable(app):
    for _ in range(2):  # a fresh pooled connection each time
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


@sqlite_only
def test_immediate_takes_the_write_lock_up_front(app):
    db.session.remove()
    immediate()
    path = db.engine.url.database
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    try:
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM page").fetchone()  # reading still works (WAL)
        other.execute("COMMIT")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        db.session.rollback()


def test_a_read_only_location_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    import familjeguiden.database as database

    # The suite may run as root, who can write anywhere: ask the check as a normal service user would.
    monkeypatch.setattr(database.os, "access", lambda path, mode: False)
    with pytest.raises(RuntimeError, match="inte får skriva"):
        check_sqlite_location(f"sqlite:///{tmp_path / 'fg.db'}")


def test_a_read_only_mount_is_refused(tmp_path, monkeypatch):
    import familjeguiden.database as database

    class ReadOnly:
        f_flag = database.os.ST_RDONLY

    monkeypatch.setattr(database.os, "statvfs", lambda path: ReadOnly())
    with pytest.raises(RuntimeError, match="inte får skriva"):
        check_sqlite_location(f"sqlite:///{tmp_path / 'fg.db'}")


@postgres_only
def test_postgresql_keeps_its_durable_defaults(app):
    assert db.session.execute(db.text("SHOW synchronous_commit")).scalar() == "on"
    assert db.session.execute(db.text("SHOW fsync")).scalar() == "on"
