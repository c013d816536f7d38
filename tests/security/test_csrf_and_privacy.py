"""CSRF on every POST, and a canary question that must never leak."""

import re
from pathlib import Path

from familjeguiden.extensions import db
from tests.staff import PASSWORD, make_user, totp_code

ARGS = {"code": "FG-2026-0001", "action": "ta", "slug": "steget", "number": "1", "token": "x" * 32,
        "email_id": "1", "user_id": "1", "template_id": "1", "id": "1"}


def post_rules(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            url = rule.rule
            for arg in rule.arguments:
                url = re.sub(rf"<(?:\w+:)?{arg}>", ARGS.get(arg, "1"), url)
            yield rule.endpoint, url


def csrf_from(html):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_every_post_without_or_with_a_wrong_csrf_token_is_refused(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        user = make_user("alla@example.com", ["coordinator", "editor", "admin"], "Alla", totp=True)
        token = csrf_from(client.get("/personal/logga-in").get_data(as_text=True))
        client.post("/personal/logga-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        token = csrf_from(client.get("/personal/logga-in/kod").get_data(as_text=True))
        client.post("/personal/logga-in/kod", data={"code": totp_code(user), "csrf_token": token})
        assert client.get("/personal/inkorg").status_code == 200  # logged in, so refusals are about CSRF
        rules = list(post_rules(app))
        assert len(rules) >= 15
        for endpoint, url in rules:
            for data in ({}, {"csrf_token": "fel-token"}):
                response = client.post(url, data=data)
                assert response.status_code == 400, (endpoint, data, response.status_code)
        assert client.get("/personal/inkorg").status_code == 200


def test_a_canary_question_never_reaches_the_search_index_or_the_api(fast_client, fast_app):
    canary = "kanariefagel7f3a9zq"
    from tests.fixtures import submit

    assert submit(fast_client, message=f"Hemlig fråga med {canary} i texten.").status_code == 303
    fast_app.test_cli_runner().invoke(args=["search", "rebuild"])
    index = Path(fast_app.config["SEARCH_INDEX_PATH"])
    files = [p for p in index.parent.rglob("*") if p.is_file() and "sokindex" in str(p)]
    assert files, "the index exists"
    for path in files:
        assert canary.encode() not in path.read_bytes(), path
    api = fast_client.get(f"/api/sok?q={canary}").get_json()
    assert api["total"] == 0
    from familjeguiden.search.models import SearchMiss
    misses = db.session.scalars(db.select(SearchMiss.query)).all()
    assert canary in misses  # the search itself was logged as unmet need, anonymously...
    assert all("Hemlig" not in m for m in misses)  # ...but never the question
