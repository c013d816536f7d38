"""Staff login, two-factor, sessions and the users CLI."""

import datetime as dt

import pytest

from familjeguiden.accounts.models import AuditEntry, User
from familjeguiden.extensions import db
from tests.staff import PASSWORD, login, make_user, totp_code


@pytest.fixture
def staff(app):
    return make_user("kim@example.com", ["coordinator"], "Kim", totp=True)


def test_login_with_password_and_code_lands_in_the_inbox(client, staff):
    response = client.post("/personal/logga-in", data={"email": staff.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/personal/logga-in/kod")
    assert client.get("/personal/inkorg").status_code == 302  # not logged in until the code
    response = client.post("/personal/logga-in/kod", data={"code": totp_code(staff)})
    assert response.headers["Location"].endswith("/personal/inkorg")
    assert client.get("/personal/inkorg").status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_swedish_message(client, staff):
    wrong = client.post("/personal/logga-in", data={"email": staff.email, "password": "fel-lösenord-123"})
    unknown = client.post("/personal/logga-in", data={"email": "ingen@example.com", "password": "fel-lösenord-123"})
    assert wrong.status_code == unknown.status_code == 400
    message = "Fel e-postadress eller lösenord"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_wrong_code_is_refused_and_a_code_cannot_be_used_twice(client, staff):
    client.post("/personal/logga-in", data={"email": staff.email, "password": PASSWORD})
    assert client.post("/personal/logga-in/kod", data={"code": "000000"}).status_code == 400
    code = totp_code(staff)
    assert client.post("/personal/logga-in/kod", data={"code": code}).status_code == 302
    client.post("/personal/logga-ut")
    other = client.application.test_client()
    other.post("/personal/logga-in", data={"email": staff.email, "password": PASSWORD})
    assert other.post("/personal/logga-in/kod", data={"code": code}).status_code == 400


def test_account_locks_after_repeated_failures_even_for_the_right_password(client, staff, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/personal/logga-in", data={"email": staff.email, "password": "fel-lösenord-123"})
    response = client.post("/personal/logga-in", data={"email": staff.email, "password": PASSWORD})
    assert response.status_code == 400
    db.session.refresh(staff)
    assert staff.locked_until is not None
    staff.locked_until = dt.datetime(2000, 1, 1)
    db.session.commit()
    assert client.post("/personal/logga-in", data={"email": staff.email, "password": PASSWORD}).status_code == 302


def test_login_rate_limit_per_client_address(app_factory, staff):
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    with app.app_context():
        codes = [client.post("/personal/logga-in", data={"email": f"x{n}@example.com", "password": "x" * 12}
                             ).status_code for n in range(4)]
    assert codes == [400, 400, 400, 429]


def test_logout_invalidates_the_old_cookie_everywhere(client, staff, app):
    login(client, staff)
    stolen = app.test_client()
    stolen.set_cookie("fg_session", client.get_cookie("fg_session").value)
    assert stolen.get("/personal/inkorg").status_code == 200
    client.post("/personal/logga-ut")
    assert client.get("/personal/inkorg").status_code == 302
    assert stolen.get("/personal/inkorg").status_code == 302  # the replayed cookie is refused


def test_password_change_ends_other_sessions_but_keeps_this_one(client, staff, app):
    login(client, staff)
    other = app.test_client()
    login(other, staff)
    response = client.post("/personal/konto", data={"current": PASSWORD, "new": "ett-helt-nytt-lösenord-99"})
    assert response.status_code == 302
    assert client.get("/personal/inkorg").status_code == 200
    assert other.get("/personal/inkorg").status_code == 302
    weak = client.post("/personal/konto", data={"current": "ett-helt-nytt-lösenord-99", "new": "kort"})
    assert "minst 12 tecken" in weak.get_data(as_text=True)


def test_idle_session_expires(client, staff, app):
    login(client, staff)
    with client.session_transaction() as session:
        session["fg_senast"] -= app.config["STAFF_IDLE_MINUTES"] * 60 + 5
    response = client.get("/personal/inkorg")
    assert response.status_code == 302 and "/personal/logga-in" in response.headers["Location"]


def test_new_session_on_login(client, staff):
    with client.session_transaction() as session:
        session["planted"] = "fixation"
    login(client, staff)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_two_factor_enrolment_is_forced_for_coordinators_and_gives_recovery_codes(client, app):
    import re

    import pyotp

    user = make_user("ny@example.com", ["coordinator"], "Ny")
    response = client.post("/personal/logga-in", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/personal/tvastegs")
    assert client.get("/personal/inkorg").headers["Location"].endswith("/personal/tvastegs")
    page = client.get("/personal/tvastegs").get_data(as_text=True)
    assert "<svg" in page and "QR-kod" in page and "http" not in page.split("<svg", 1)[1].split("</svg>")[0][:0]
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    done = client.post("/personal/tvastegs", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10
    assert client.get("/personal/inkorg").status_code == 200
    # A recovery code works once.
    client.post("/personal/logga-ut")
    client.post("/personal/logga-in", data={"email": user.email, "password": PASSWORD})
    assert client.post("/personal/logga-in/kod", data={"code": codes[0]}).status_code == 302
    client.post("/personal/logga-ut")
    client.post("/personal/logga-in", data={"email": user.email, "password": PASSWORD})
    assert client.post("/personal/logga-in/kod", data={"code": codes[0]}).status_code == 400


def test_editor_without_two_factor_requirement_logs_in_with_password_only(client, app):
    editor = make_user("red@example.com", ["editor"], "Red")
    response = client.post("/personal/logga-in", data={"email": editor.email, "password": PASSWORD})
    assert response.status_code == 302 and "tvastegs" not in response.headers["Location"]


def test_demo_mode_turns_off_two_factor_and_says_so(app_factory):
    app = app_factory(REQUIRE_2FA=False)
    client = app.test_client()
    with app.app_context():
        user = make_user("demo@example.com", ["coordinator"], "Demo")
        assert "Demoläge" in client.get("/personal/logga-in").get_data(as_text=True)
        response = client.post("/personal/logga-in", data={"email": user.email, "password": PASSWORD})
        assert response.headers["Location"].endswith("/personal/inkorg")


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "https://evil.example", "http:evil.example", "%2F%2Fevil.example",
    "/%2F%2Fevil.example", "%2F%5Cevil.example", "javascript:alert(1)", "/%0d%0aLocation:https://evil.example",
    "\\\\evil.example", "///evil.example",
])
def test_next_only_follows_local_paths(client, staff, target):
    response = login(client, staff, next_url=target)
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil" not in location


def test_next_follows_a_local_path(client, staff):
    assert login(client, staff, next_url="/personal/konto").headers["Location"] == "/personal/konto"


def test_users_cli(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "ny@example.com", "--role", "coordinator", "--role", "editor",
                                 "--name", "Ny Person", "--password-stdin"], input="ett-bra-lösenord-123\n")
    assert result.exit_code == 0, result.output
    assert "Samordnare, Redaktör" in result.output
    short = runner.invoke(args=["users", "create", "x@example.com", "--role", "editor", "--password-stdin"],
                          input="kort\n")
    assert short.exit_code != 0 and "minst 12 tecken" in short.output
    listing = runner.invoke(args=["users", "list"])
    assert "ny@example.com" in listing.output and "aktiv" in listing.output
    user = db.session.scalar(db.select(User).where(User.email == "ny@example.com"))
    user.totp_secret = "JBSWY3DPEHPK3PXP"
    db.session.commit()
    assert runner.invoke(args=["users", "reset-2fa", "ny@example.com"]).exit_code == 0
    db.session.refresh(user)
    assert user.totp_secret is None
    assert runner.invoke(args=["users", "deactivate", "ny@example.com"]).exit_code == 0
    assert "avaktiverad" in runner.invoke(args=["users", "list"]).output
    db.session.refresh(user)
    assert not user.active
    activated = runner.invoke(args=["users", "activate", "ny@example.com"])
    assert activated.exit_code == 0 and "är aktivt igen" in activated.output
    assert "avaktiverad" not in runner.invoke(args=["users", "list"]).output
    assert "inget konto" in runner.invoke(args=["users", "deactivate", "okand@example.com"]).output
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry))]
    assert "konto skapat" in actions and "konto avaktiverat" in actions


def test_demo_accounts_are_created_by_init_on_a_demo_installation(app_factory):
    app = app_factory(DEMO=True)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["init"])
        assert "samordnare@example.com" in result.output and "kursledare@example.com" in result.output
        # Coordinator, editor, admin and course leader.
        assert db.session.scalar(db.select(db.func.count(User.id))) == 4
