"""Durable storage: SQLite settings on every connection, the location check, PostgreSQL defaults."""

import fcntl
import os
import sqlite3
import threading

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


def writer_lock_is_free(app) -> bool:
    """Try the writer lock file from a separate open file, as another worker would."""
    descriptor = os.open(f"{db.engine.url.database}-writer.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


@sqlite_only
def test_writers_queue_on_the_lock_file_until_the_commit(app):
    db.session.remove()
    immediate()
    assert not writer_lock_is_free(app)
    db.session.commit()
    assert writer_lock_is_free(app)
    immediate()
    db.session.rollback()
    assert writer_lock_is_free(app), "a rollback must release the queue too"


@sqlite_only
def test_concurrent_questions_from_several_threads_are_all_stored(app):
    from familjeguiden.questions.models import Question
    from familjeguiden.questions.operations import Submission, submit_question

    failures: list[Exception] = []

    def ask(n: int) -> None:
        try:
            for i in range(15):
                with app.test_request_context():
                    submit_question(Submission(message=f"Fråga {n}-{i} om stöd till familjen",
                                               relation="foralder", contact_method="anonym"), urgent=False)
                    db.session.remove()
        except Exception as error:  # noqa: BLE001 - collected and reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    db.session.remove()
    assert db.session.scalar(db.select(db.func.count(Question.id))) == 60
    assert writer_lock_is_free(app)


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
