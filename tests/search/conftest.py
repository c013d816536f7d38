"""Fixtures for the search tests.

Most page tests only read, so they share one app per module (a copy of
the seeded instance folder) instead of copying it for every parametrized
case; tests that change content use the ordinary ``app``/``client``.
"""

import shutil

import pytest

from familjeguiden.extensions import db
from tests.conftest import make_app


@pytest.fixture(scope="module")
def reader_app(tmp_path_factory, seeded_template):
    instance = tmp_path_factory.mktemp("sok-las") / "instance"
    shutil.copytree(seeded_template, instance)
    app = make_app(instance)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def reader(reader_app):
    """A test client for requests that change nothing the tests look at."""
    return reader_app.test_client()
