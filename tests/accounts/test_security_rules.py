"""Security findings from testing from outside (issue #12 item 8), each proven closed."""

from __future__ import annotations

import logging
import os
import stat
import time

import pytest

from familjeguiden.accounts import operations
from familjeguiden.accounts.models import User
from familjeguiden.extensions import db
from tests.staff import PASSWORD, login, make_user, totp_code


@pytest.fixture
def staff(app):
    return make_user("kim@example.com", ["coordinator"], "Kim Koordinator", totp=True)


def start_login(client, user):
    response = client.post("/personal/logga-in", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/personal/logga-in/kod")


@pytest.mark.parametrize("password, words", [
    ("password1234", "lätt att gissa"), ("kim@example.com!!", "e-postadress"), ("Kim-Koordinator-99", "namn"),
    ("lösenord12345", "lätt att gissa"), ("kort", "minst 12"),
])
def test_weak_and_personal_passwords_are_refused(app, password, words):
    with pytest.raises(operations.AccountError) as refused:
        operations.create_user("kim@example.com", "Kim Koordinator", ["coordinator"], password)
    assert words in str(refused.value)


def test_wrong_two_factor_codes_lock_the_account(app, staff, client, caplog):
    caplog.set_level(logging.WARNING)
    start_login(client, staff)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/personal/logga-in/kod", data={"code": "000000"}).status_code == 400
    db.session.refresh(staff)
    assert staff.locked_until is not None
    # Even the right code is refused now, and the log says so without the code.
    assert client.post("/personal/logga-in/kod", data={"code": totp_code(staff)}).status_code in (302, 400)
    assert "/personal/inkorg" not in (client.get("/personal/inkorg").headers.get("Location") or "inkorg")
    assert "Misslyckad kod" in caplog.text and "000000" not in caplog.text


def test_the_pending_two_factor_step_expires(app, staff, client):
    start_login(client, staff)
    with client.session_transaction() as session:
        session["fg_vantar_kod"]["since"] = int(time.time()) - app.config["TWO_FACTOR_PENDING_SECONDS"] - 1
        session.modified = True
    response = client.post("/personal/logga-in/kod", data={"code": totp_code(staff)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/personal/logga-in")


def test_failed_logins_are_logged_without_the_password(app, staff, client, caplog):
    caplog.set_level(logging.WARNING)
    client.post("/personal/logga-in", data={"email": staff.email, "password": "fel-lösenord-hemligt"})
    client.post("/personal/logga-in", data={"email": "okand@example.com", "password": "annat-hemligt"})
    assert f"konto {staff.id}" in caplog.text and "okänt konto" in caplog.text
    assert "hemligt" not in caplog.text and "okand@example.com" not in caplog.text


def test_concurrent_counting_is_atomic(app, staff):
    for _ in range(3):
        operations.check_login(staff.email, "fel")
    assert db.session.get(User, staff.id).failed_logins == 3


def test_a_staff_session_has_an_absolute_lifetime(app, staff, client):
    assert login(client, staff).status_code == 302
    assert client.get("/personal/inkorg").status_code == 200
    with client.session_transaction() as session:
        session["fg_inloggad"] = int(time.time()) - app.config["STAFF_SESSION_MAX_HOURS"] * 3600 - 1
    response = client.get("/personal/inkorg")
    assert response.status_code == 302 and "/personal/logga-in" in response.headers["Location"]


def test_ids_of_deleted_questions_and_referrals_are_never_reused(app):
    from familjeguiden.inbox.retention import delete_questions
    from tests.fixtures import ask

    first = ask("Den första frågan om sömn och vila.")
    newest = ask("Den senaste frågan, som sedan raderas.")
    code, newest_id = newest.code, newest.id
    delete_questions([newest.id])
    db.session.commit()
    again = ask("En ny fråga efter raderingen.")
    assert again.id > newest_id and again.code != code and first.id < newest_id


def test_the_question_form_start_time_has_a_maximum_age(app_factory):
    from itsdangerous import URLSafeSerializer

    from tests.fixtures import GOOD

    app = app_factory(QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        client = app.test_client()
        old = URLSafeSerializer(app.config["SECRET_KEY"], salt="fraga-starttid").dumps(
            int(time.time()) - app.config["QUESTION_FORM_MAX_AGE_HOURS"] * 3600 - 60)
        response = client.post("/fraga", data=dict(GOOD, started=old))
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "öppet länge" in page and GOOD["message"] in page


def test_the_question_form_start_time_stores_one_question_only(app_factory):
    """A robot reusing one opened form (its start time) with fresh form keys makes no new questions;
    the same form sent again (the same key) still gets its first receipt."""
    import re

    from familjeguiden.questions.models import Question
    from tests.fixtures import GOOD

    app = app_factory(QUESTION_MIN_FILL_SECONDS=0)
    with app.app_context():
        client = app.test_client()
        page = client.get("/fraga").get_data(as_text=True)
        stamp = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
        key = re.search(r'name="form_key" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post("/fraga", data=dict(GOOD, started=stamp, form_key=key)).status_code == 303
        assert client.post("/fraga", data=dict(GOOD, started=stamp, form_key=key)).status_code == 303  # resent
        reused = client.post("/fraga", data=dict(GOOD, started=stamp, form_key="x" * 43))
        assert reused.status_code == 400 and "redan skickats" in reused.get_data(as_text=True)
        assert client.post("/fraga", data=dict(GOOD, started=stamp)).status_code == 400  # no key at all
        assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 1
        fresh = re.search(r'name="started" type="hidden" value="([^"]+)"', reused.get_data(as_text=True)).group(1)
        assert client.post("/fraga", data=dict(GOOD, started=fresh, form_key="x" * 43)).status_code == 303


@pytest.mark.parametrize("url", ["/personal/inkorg/svarsmallar/99999999999999999999",
                                 "/personal/admin/anvandare/99999999999999999999",
                                 "/personal/inkorg/FG-2026-0001/orosanmalan/99999999999999999999"])
def test_huge_ids_are_not_found_rather_than_errors(app, url):
    admin = make_user("ada@example.com", ["admin", "coordinator"], "Ada", totp=True)
    client = app.test_client()
    login(client, admin)
    assert client.get(url).status_code == 404


def test_huge_ids_in_forms_are_refused_plainly(app, staff, client):
    from tests.fixtures import ask

    question = ask("En fråga för att pröva formulären.")
    login(client, staff)
    response = client.post(f"/personal/inkorg/{question.code}/epost-igen",
                           data={"version": question.version, "email_id": "9" * 30})
    assert response.status_code == 303


def test_the_database_hides_bound_values_in_errors(app):
    assert db.engine.hide_parameters


def test_instance_files_are_private(app):
    folder = app.instance_path
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    database = os.path.join(folder, "familjeguiden.db")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert not stat.S_IMODE(os.stat(database).st_mode) & 0o077
