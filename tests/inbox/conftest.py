"""Fixtures for the inbox: staff users, logged-in clients and a question."""

from __future__ import annotations

import pytest

from tests.fixtures import ask
from tests.staff import login, make_user


@pytest.fixture
def coordinator(app):
    return make_user("samordnare@example.com", ["coordinator"], "Sam Samordnare", totp=True)


@pytest.fixture
def colleague(app):
    return make_user("kollega@example.com", ["coordinator"], "Kim Kollega", totp=True)


@pytest.fixture
def editor(app):
    return make_user("redaktor@example.com", ["editor"], "Rut Redaktör")


@pytest.fixture
def coordinator_client(app, coordinator):
    client = app.test_client()
    response = login(client, coordinator)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def question(app):
    return ask()
