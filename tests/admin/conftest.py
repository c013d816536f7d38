"""Fixtures for administration: an admin (who is also a coordinator) logged in."""

from __future__ import annotations

import pytest

from tests.staff import login, make_user


@pytest.fixture
def admin(app):
    return make_user("admin@example.com", ["admin", "coordinator"], "Ada Admin", totp=True)


@pytest.fixture
def admin_client(app, admin):
    client = app.test_client()
    response = login(client, admin)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
