"""The whole way through: a parent asks, a coordinator refers and answers, the parent reads it,
the case is closed and shows up in the statistics."""

from __future__ import annotations

import csv
import re

import pytest

from familjeguiden.extensions import db
from tests.staff import login, make_user

QUESTION = ("Min pappa dricker för mycket och mamma mår dåligt. Finns det en grupp för barn "
            "som har det så hemma?")
REPLY = "Hej! Steget är en stödgrupp för barn i din situation. De hör av sig till dig via Familjeguiden."


@pytest.fixture
def scenario_app(app_factory):
    app = app_factory(QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        yield app
        db.session.remove()


def version_on(html: str, action: str) -> str:
    """The version hidden in the form for one action, as a browser would send it."""
    form = html[html.index(f'/{action}"'):]
    return re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)


def test_anonymous_question_to_referral_answer_closing_and_statistics(scenario_app):
    # 1. A young person asks anonymously through the public form.
    asker = scenario_app.test_client()
    form_page = asker.get("/fraga").get_data(as_text=True)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', form_page).group(1)
    sent = asker.post("/fraga", data={"message": QUESTION, "relation": "ung", "contact_method": "anonym",
                                      "topic": "missbruk-i-familjen", "age_group": "13-20", "consent": "y",
                                      "started": started})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/fraga/skickad")
    receipt = asker.get("/fraga/skickad").get_data(as_text=True)
    code = re.search(r"FG-\d{4}-\d{4,}", receipt).group(0)
    case_path = re.search(r'href="(/arende/[A-Za-z0-9_-]{32})"', receipt).group(1)

    # 2. A coordinator logs in with password and TOTP and finds it under Ny.
    coordinator = make_user("samordnare@example.com", ["coordinator"], "Sam Samordnare", totp=True)
    staff = scenario_app.test_client()
    assert login(staff, coordinator).status_code == 302
    inbox = staff.get("/personal/inkorg").get_data(as_text=True)
    assert 'aria-current="page">Ny <span class="count">(1)</span>' in inbox
    assert f'href="/personal/inkorg/{code}"' in inbox

    # 3. The case page suggests services from the public search, Steget among them.
    case = staff.get(f"/personal/inkorg/{code}").get_data(as_text=True)
    assert QUESTION in case
    suggestions = case[case.index("Förslag från sökningen"):]
    suggestions = suggestions[:suggestions.index("</ul>")]
    assert "/tjanster/steget" in suggestions

    # 4. Refer to Steget, then reply on the case page.
    referred = staff.post(f"/personal/inkorg/{code}/lotsa", data={
        "version": version_on(case, "lotsa"), "services": ["steget"], "share_contact": "nej",
        "note": "Ung person, 13-20 år, vill gå i en grupp. Anonym: svarar via ärendesidan."})
    assert referred.status_code == 303
    case = staff.get(f"/personal/inkorg/{code}").get_data(as_text=True)
    assert "Ärendet är lotsat." in case
    replied = staff.post(f"/personal/inkorg/{code}/svara", data={
        "version": version_on(case, "svara"), "body": REPLY, "channel": "arende"})
    assert replied.status_code == 303
    assert "Svaret är sparat." in staff.get(f"/personal/inkorg/{code}").get_data(as_text=True)

    # 5. The asker's private page shows the reply and the referral to Steget.
    own = asker.get(case_path)
    assert own.status_code == 200
    own_html = own.get_data(as_text=True)
    assert REPLY in own_html
    referral_section = own_html[own_html.index("Här får du hjälp vidare"):]
    assert "Steget" in referral_section
    assert "Ung person, 13-20 år" not in own_html     # the note to the service is not for the asker

    # 6. The coordinator closes the case.
    case = staff.get(f"/personal/inkorg/{code}").get_data(as_text=True)
    closed = staff.post(f"/personal/inkorg/{code}/avsluta", data={
        "version": version_on(case, "avsluta"), "outcome": "lotsad"})
    assert closed.status_code == 303
    assert "Ärendet är avslutat." in asker.get(case_path).get_data(as_text=True)
    assert 'Avslutad <span class="count">(1)</span>' in staff.get("/personal/inkorg").get_data(as_text=True)

    # 7. It counts in the statistics and the CSV, without anything that identifies the asker.
    stats = staff.get("/personal/statistik").get_data(as_text=True)
    assert "<dt>Frågor</dt><dd>1</dd>" in stats
    assert "<dt>Besvarade frågor</dt><dd>1</dd>" in stats
    assert '<th scope="row">Steget</th><td class="num">1</td>' in stats
    assert '<th scope="row">Missbruk i familjen</th><td class="num">1</td>' in stats
    assert QUESTION not in stats and code not in stats
    lines = staff.get("/personal/statistik.csv").get_data().decode("utf-8-sig").splitlines()
    rows = list(csv.reader(lines, delimiter=";"))
    for row in (["Sammanfattning", "Frågor", "1"], ["Lotsningar per verksamhet", "Steget", "1"],
                ["Ämne", "Missbruk i familjen", "1"], ["Barnets ålder", "13–20 år", "1"],
                ["Svarsmål", "Besvarade inom svarsmålet", "1"]):
        assert row in rows, row
