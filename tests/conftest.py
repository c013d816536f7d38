"""Shared fixtures: an app with its own instance folder and a seeded database.

The suite runs on SQLite by default. Set ``FAMILJEGUIDEN_TEST_DATABASE_URL``
(for example ``postgresql+psycopg://postgres@127.0.0.1:5432/fg_test``) to run
the same tests against PostgreSQL; ``.ci/run`` does both.

Speed: the schema is migrated and the shipped content imported once per
session into a template; each test then starts from a copy of it (a file
copy on SQLite, a truncate and re-import on PostgreSQL).
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
    return instance


def _drop_everything() -> None:
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    metadata.drop_all(bind=db.engine)
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def _truncate_all() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))


@pytest.fixture
def instance_path(tmp_path, seeded_template):
    """A fresh copy of the seeded instance folder for one test."""
    instance = tmp_path / "instance"
    shutil.copytree(seeded_template, instance)
    return instance


@pytest.fixture
def app_factory(instance_path):
    """Build the app with extra settings on a freshly seeded database.

    On PostgreSQL the shared test database is emptied and seeded again the
    first time a test asks for an app.
    """
    state = {"seeded": not TEST_DATABASE_URL}

    def factory(**overrides):
        app = make_app(instance_path, **overrides)
        if not state["seeded"]:
            with app.app_context():
                _truncate_all()
            _initialise(app)
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
