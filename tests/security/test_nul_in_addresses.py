"""A NUL character in an address or a query string is refused cleanly.

PostgreSQL cannot take NUL in a text parameter, so before this guard
``/personal/inkorg?q=%00`` or ``/personal/inkorg/FG%00`` ended in a server
error there. No address of ours can contain one, so every request that
does is answered with a Swedish 400 page before any view runs.
"""

import re

from tests.staff import login, make_user

from .test_csrf_and_privacy import ARGS


def get_rules(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.endpoint.startswith("static"):
            url = rule.rule
            for arg in rule.arguments:
                url = re.sub(rf"<(?:\w+:)?{arg}>", ARGS.get(arg, "1"), url)
            yield rule, url


def test_every_address_with_a_nul_gets_a_swedish_400(app):
    client = app.test_client()
    login(client, make_user("alla@example.com", ["coordinator", "editor", "admin"], "Alla", totp=True))
    checked = 0
    for rule, url in get_rules(app):
        for bad in (f"{url}?q=%00", f"{url}?sok=a%00b&alder=%00", f"{url}?%00=1"):
            response = client.get(bad)
            assert response.status_code == 400, (bad, response.status_code)
            checked += 1
        if rule.arguments:
            response = client.get(url + "%00")
            assert response.status_code in (400, 404), (url, response.status_code)
    assert checked >= 60
    page = client.get("/personal/inkorg?q=%00").get_data(as_text=True)
    assert "Adressen innehåller ett tecken som inte är tillåtet" in page and 'lang="sv"' in page
    api = client.get("/api/sok?q=bvc%00")
    assert api.status_code == 400 and api.is_json and "tecken" in api.get_json()["error"]


def test_ordinary_addresses_still_work(client):
    assert client.get("/sok?q=pappa+dricker").status_code == 200
    assert client.get("/tjanster/?alder=0-5").status_code == 200
