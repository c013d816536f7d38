"""Fixtures for the production tests: a throw-away PostgreSQL database, Redis, a real SMTP server.

These tests run what a municipality runs, so they need PostgreSQL and Redis
(``.ci/run`` makes sure both are up). They run in the PostgreSQL pass of
``.ci/run`` (``FAMILJEGUIDEN_TEST_DATABASE_URL`` set); in the SQLite pass
they are skipped, saying so.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.reliability.servers import fresh_database
from tests.smtp import SMTPServer

#: Redis for the tests' rate limits; each test uses its own key prefix, so nothing else in the db is touched.
TEST_REDIS_URL = os.environ.get("FAMILJEGUIDEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


@pytest.fixture
def postgres_url():
    if not TEST_DATABASE_URL:
        pytest.skip("produktionstesterna körs i PostgreSQL-varvet (FAMILJEGUIDEN_TEST_DATABASE_URL), "
                    "som i .ci/run: receptet använder PostgreSQL")
    with fresh_database("produktion") as url:
        yield url


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis på {TEST_REDIS_URL} svarar inte ({error}); .ci/run startar redis-server")
    return TEST_REDIS_URL


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()

