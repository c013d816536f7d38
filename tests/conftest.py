"""Shared fixtures: an app with its own instance folder and a seeded database.

The suite runs on SQLite by default. Set ``FAMILJEGUIDEN_TEST_DATABASE_URL``
(for example ``postgresql+psycopg://postgres@127.0.0.1:5432/fg_test``) to run
the same tests against PostgreSQL; ``.ci/run`` does both.

Speed: the schema is migrated and the shipped content imported once per
session into a template; each test then starts from a copy of it (a file
copy on SQLite; on PostgreSQL the template's rows, put back in every table).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from familjeguiden import create_app
from familjeguiden.extensions import db
from tests.smtp import SMTPServer

TEST_DATABASE_URL = os.environ.get("FAMILJEGUIDEN_TEST_DATABASE_URL")
#: Run the suite as if it were this many days later (``make test-next-year``): no test may
#: depend on today's date, and the shipped content's dates must not age the suite.
CLOCK_SHIFT_DAYS = int(os.environ.get("FAMILJEGUIDEN_TEST_CLOCK_SHIFT_DAYS") or 0)


def pytest_configure(config):
    if CLOCK_SHIFT_DAYS:
        import datetime as dt

        import time_machine

        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=CLOCK_SHIFT_DAYS)
        config._familjeguiden_clock = time_machine.travel(later, tick=True)
        config._familjeguiden_clock.start()


def pytest_report_header(config):
    if CLOCK_SHIFT_DAYS:
        import datetime as dt

        now = dt.datetime.now(dt.UTC)
        return f"klockan flyttad {CLOCK_SHIFT_DAYS} dagar framåt: nu är det {now:%Y-%m-%d %H:%M} UTC"
    return None


def base_config(instance: Path, database_url: str | None) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url or f"sqlite:///{instance / 'familjeguiden.db'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_SUPPRESS_SEND": True,
        "PUBLIC_BASE_URL": "http://localhost",
    }


def make_app(instance: Path, **overrides):
    config = base_config(instance, TEST_DATABASE_URL)
    config.update(overrides)
    return create_app(config, instance_path=str(instance))


def _initialise(app) -> None:
    """Run what ``flask init`` runs: migrations, content import, init hooks."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """An instance folder with a migrated, seeded database (and index)."""
    instance = tmp_path_factory.mktemp("template-instance")
    app = make_app(instance)
    if TEST_DATABASE_URL:
        with app.app_context():
            _drop_everything()
    _initialise(app)
    if TEST_DATABASE_URL:
        with app.app_context():
            SEEDED_ROWS.update(_rows())
            SEEDED_SEQUENCES.extend(_sequences())
    return instance


def _drop_everything() -> None:
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    metadata.drop_all(bind=db.engine)
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


#: On PostgreSQL, every table's rows as the template's ``flask init`` left them,
#: and the counters behind its primary keys: (sequence, key column).
SEEDED_ROWS: dict[str, list[dict]] = {}
SEEDED_SEQUENCES: list[tuple[str, sa.Column]] = []


def _rows() -> dict[str, list[dict]]:
    with db.engine.connect() as conn:
        return {table.name: [dict(row) for row in conn.execute(table.select()).mappings()]
                for table in db.metadata.sorted_tables}


def _sequences() -> list[tuple[str, sa.Column]]:
    found = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for column in table.primary_key.columns:
                sequence = conn.scalar(sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                                       {"t": f'"{table.name}"', "c": column.name})
                if sequence:
                    found.append((sequence, column))
    return found


def _reseed() -> None:
    """Empty every table and put the template's rows back, counters included.

    What a file copy of the template is on SQLite: the per-test instance
    folder (its search index included) is a copy of the template's, so the
    rows must be the template's too. Running ``flask init`` again instead
    (migrations, content import, index rebuild, demo accounts' password
    hashes) took about 2 s a test: most of an hour for the suite.
    """
    tables = db.metadata.sorted_tables
    with db.engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        # Pages and their revisions point at each other: foreign keys are checked by triggers, which a
        # restore of rows known to be consistent may skip (the suite connects as a superuser).
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        for table in tables:
            if SEEDED_ROWS[table.name]:
                conn.execute(table.insert(), SEEDED_ROWS[table.name])
        for sequence, column in SEEDED_SEQUENCES:
            highest = sa.func.max(column)
            conn.execute(sa.select(sa.func.setval(sequence, sa.func.coalesce(highest, 1), highest.is_not(None))))


@pytest.fixture
def instance_path(tmp_path, seeded_template):
    """A fresh copy of the seeded instance folder for one test."""
    instance = tmp_path / "instance"
    shutil.copytree(seeded_template, instance)
    return instance


@pytest.fixture
def app_factory(instance_path):
    """Build the app with extra settings on a freshly seeded database.

    On PostgreSQL the shared test database is given the template's rows
    again the first time a test asks for an app.
    """
    state = {"seeded": not TEST_DATABASE_URL}

    def factory(**overrides):
        app = make_app(instance_path, **overrides)
        if not state["seeded"]:
            with app.app_context():
                _reseed()
            state["seeded"] = True
        return app

    return factory


@pytest.fixture
def app(app_factory):
    """The application with a freshly seeded database."""
    app = app_factory()
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


# --- Shared by the question, inbox and security tests -------------------------


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app_factory, smtp):
    """The app wired to the test SMTP server, retrying at once."""
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SUPPRESS_SEND=False,
                   MAIL_RETRY_BASE_SECONDS=0, MAIL_MAX_ATTEMPTS=3, QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def fast_app(app_factory):
    """The app without the minimum fill time, so tests can post at once."""
    app = app_factory(QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def fast_client(fast_app):
    return fast_app.test_client()
