"""Walk the whole URL map: every staff route refuses whoever lacks the role."""

import re

import pytest

from familjeguiden.accounts.access import staff_required  # noqa: F401  (documents the contract)
from tests.staff import login, make_user

PUBLIC_UNDER_PERSONAL = {"accounts.login", "accounts.code"}
LOGIN_ONLY = {"accounts.enrol", "accounts.logout"}
ARGUMENTS = {"number": "1", "code": "FG-2026-0001", "action": "ta", "slug": "steget", "rev": "1", "other": "1",
             "user_id": "1", "token": "x", "email_id": "1", "filename": "x", "template_id": "1", "report_id": "1",
             "occurrence_id": "1", "signup_id": "1", "language": "en"}


def staff_rules(app):
    """Every staff route once, with logging out last (it ends the session)."""
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "accounts.logout", r.rule))
    for rule in rules:
        if rule.rule.startswith("/personal") and rule.endpoint not in PUBLIC_UNDER_PERSONAL:
            method = "GET" if "GET" in rule.methods else "POST"
            url = rule.rule
            for arg in rule.arguments:
                url = re.sub(rf"<(?:\w+(?:\([^)]*\))?:)?{arg}>", ARGUMENTS[arg], url)
            yield rule.endpoint, method, url


def call(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, data={})


def test_every_staff_route_is_guarded(app):
    rules = list(staff_rules(app))
    assert len(rules) >= 6
    for endpoint, _method, _url in rules:
        view = app.view_functions[endpoint]
        assert hasattr(view, "staff_roles") or endpoint in LOGIN_ONLY, f"{endpoint} saknar staff_required"


def test_anonymous_is_sent_to_login_on_every_staff_route(app, client):
    for endpoint, method, url in staff_rules(app):
        response = call(client, method, url)
        assert response.status_code in (302, 303), (endpoint, response.status_code)
        assert "/personal/logga-in" in response.headers["Location"], endpoint


@pytest.mark.parametrize("roles", [["editor"], ["coordinator"], ["admin"], ["course_leader"]])
def test_each_role_gets_exactly_its_routes(app, roles):
    user = make_user(f"{roles[0]}@example.com", roles, roles[0].title(), totp=roles[0] != "editor")
    client = app.test_client()
    login(client, user)
    for endpoint, method, url in staff_rules(app):
        allowed = getattr(app.view_functions[endpoint], "staff_roles", ())
        response = call(client, method, url)
        if allowed and not set(allowed) & set(roles):
            assert response.status_code == 403, (roles, endpoint, response.status_code)
        else:
            assert response.status_code != 403, (roles, endpoint)


def test_an_editor_never_sees_a_question(app):
    from tests.fixtures import ask

    question = ask(message="Hemlig fråga som redaktören aldrig ska se.")
    editor = make_user("red@example.com", ["editor"], "Red")
    client = app.test_client()
    login(client, editor)
    for url in ("/personal/inkorg", f"/personal/inkorg/{question.code}"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Hemlig fråga" not in response.get_data(as_text=True)
