"""Admin user management: list, create, roles, deactivate, reset 2FA, self-protection, audit log."""

from __future__ import annotations

from familjeguiden.accounts.models import AuditEntry, User
from familjeguiden.extensions import db
from tests.htmlcheck import executable_markup
from tests.staff import PASSWORD, login, make_user


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def last_audit() -> AuditEntry:
    return db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_list_shows_roles_2fa_state_and_last_login(admin_client, admin):
    make_user("rut@example.com", ["editor"], "Rut Redaktör")
    html = admin_client.get("/personal/admin/anvandare").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert "Ada Admin" in html and "Administratör, Samordnare" in html
    row = html[html.index("Rut Redaktör"):]
    row = row[:row.index("</tr>")]
    assert "Redaktör" in row and "<td>Av</td>" in row and "<td>Aktivt</td>" in row and "Aldrig" in row
    assert executable_markup(html) == []


def test_create_a_user(admin_client):
    response = admin_client.post("/personal/admin/anvandare/ny", data={
        "email": "Ny@Example.com", "name": "Nina Ny", "roles": ["coordinator", "editor"],
        "password": "ett-bra-startlösenord"})
    assert response.status_code == 303
    user = db.session.scalar(db.select(User).where(User.email == "ny@example.com"))
    assert user.roles == ["coordinator", "editor"] and user.name == "Nina Ny"
    assert last_audit().action == "konto skapat" and last_audit().actor_label == "Ada Admin"
    assert "Kontot för Nina Ny är skapat" in admin_client.get(response.headers["Location"]).get_data(as_text=True)


def test_create_refuses_short_password_duplicate_and_missing_role(admin_client, admin):
    short = admin_client.post("/personal/admin/anvandare/ny", data={
        "email": "x@example.com", "name": "X", "roles": ["editor"], "password": "kort"})
    assert short.status_code == 400
    assert "Lösenordet måste ha minst 12 tecken." in short.get_data(as_text=True)
    duplicate = admin_client.post("/personal/admin/anvandare/ny", data={
        "email": admin.email, "name": "X", "roles": ["editor"], "password": "ett-bra-startlösenord"})
    assert "Det finns redan ett konto med den e-postadressen." in duplicate.get_data(as_text=True)
    no_role = admin_client.post("/personal/admin/anvandare/ny", data={
        "email": "y@example.com", "name": "Y", "password": "ett-bra-startlösenord"})
    assert "Välj minst en roll." in no_role.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_change_roles_ends_the_users_sessions(admin_client, app):
    rut = make_user("rut@example.com", ["editor"], "Rut")
    rut_client = app.test_client()
    login(rut_client, rut)
    assert rut_client.get("/personal/konto").status_code == 200
    response = admin_client.post(f"/personal/admin/anvandare/{rut.id}/roller", data={"roles": ["coordinator"]})
    assert response.status_code == 303
    assert fresh(rut).roles == ["coordinator"]
    assert last_audit().action == "roller ändrade: coordinator"
    assert rut_client.get("/personal/konto").status_code == 302


def test_deactivate_and_reset_2fa(admin_client, app):
    sam = make_user("sam@example.com", ["coordinator"], "Sam", totp=True)
    page = admin_client.get(f"/personal/admin/anvandare/{sam.id}").get_data(as_text=True)
    assert "Nollställ tvåstegsinloggningen för Sam" in page and "Avaktivera kontot för Sam" in page
    assert admin_client.post(f"/personal/admin/anvandare/{sam.id}/nollstall-2fa").status_code == 303
    assert fresh(sam).totp_secret is None and last_audit().action == "tvåstegsinloggning nollställd"
    assert admin_client.post(f"/personal/admin/anvandare/{sam.id}/avaktivera").status_code == 303
    assert fresh(sam).active is False and last_audit().action == "konto avaktiverat"
    other = app.test_client()
    assert login(other, fresh(sam)).status_code == 400
    again = admin_client.post(f"/personal/admin/anvandare/{sam.id}/avaktivera", follow_redirects=True)
    assert "Kontot är redan avaktiverat." in again.get_data(as_text=True)


def test_a_deactivated_account_can_be_opened_again(admin_client, app):
    sam = make_user("sam@example.com", ["coordinator"], "Sam", totp=True)
    old_session = app.test_client()
    assert login(old_session, sam).status_code == 302
    admin_client.post(f"/personal/admin/anvandare/{sam.id}/avaktivera")
    page = admin_client.get(f"/personal/admin/anvandare/{sam.id}").get_data(as_text=True)
    assert "Aktivera kontot för Sam igen" in page and "Avaktivera kontot för Sam" not in page
    response = admin_client.post(f"/personal/admin/anvandare/{sam.id}/aktivera", follow_redirects=True)
    assert "Kontot för Sam är aktivt igen." in response.get_data(as_text=True)
    assert fresh(sam).active is True and last_audit().action == "konto aktiverat igen"
    assert old_session.get("/personal/inkorg").status_code == 302, "a session from before stays closed"
    assert login(app.test_client(), fresh(sam)).status_code == 302
    again = admin_client.post(f"/personal/admin/anvandare/{sam.id}/aktivera", follow_redirects=True)
    assert "Kontot är redan aktivt." in again.get_data(as_text=True)


def test_an_admin_cannot_lock_themselves_out(admin_client, admin):
    roles = admin_client.post(f"/personal/admin/anvandare/{admin.id}/roller", data={"roles": ["coordinator"]})
    assert roles.status_code == 400
    assert "Du kan inte ta bort din egen roll som administratör." in roles.get_data(as_text=True)
    deactivate = admin_client.post(f"/personal/admin/anvandare/{admin.id}/avaktivera", follow_redirects=True)
    assert "Du kan inte avaktivera ditt eget konto." in deactivate.get_data(as_text=True)
    reset = admin_client.post(f"/personal/admin/anvandare/{admin.id}/nollstall-2fa", follow_redirects=True)
    assert "Du kan inte nollställa din egen tvåstegsinloggning här" in reset.get_data(as_text=True)
    admin = fresh(admin)
    assert admin.active and admin.has_2fa and "admin" in admin.roles
    assert admin_client.get("/personal/admin/anvandare").status_code == 200


def test_changing_own_roles_keeping_admin_asks_to_log_in_again(admin_client, admin):
    response = admin_client.post(f"/personal/admin/anvandare/{admin.id}/roller",
                                 data={"roles": ["admin", "coordinator", "editor"]})
    assert response.status_code == 303 and response.headers["Location"].endswith("/personal/logga-in")
    assert fresh(admin).roles == ["admin", "coordinator", "editor"]


def test_audit_log_shows_the_latest_50(admin_client, admin):
    from familjeguiden.accounts.operations import audit

    for number in range(60):
        audit(f"testhändelse {number}", f"mål {number}", actor=admin)
    db.session.commit()
    html = admin_client.get("/personal/admin/logg").get_data(as_text=True)
    assert html.count("testhändelse") == 50
    assert "testhändelse 59" in html and "testhändelse 9<" not in html


def test_csrf_is_required_for_account_actions(app_factory):
    from familjeguiden.extensions import db as _db

    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        admin = make_user("a@example.com", ["admin"], "A", totp=True)
        sam = make_user("sam@example.com", ["coordinator"], "Sam")
        client = app.test_client()
        from tests.staff import csrf_token, totp_code

        page = client.get("/personal/logga-in").get_data(as_text=True)
        client.post("/personal/logga-in", data={"email": admin.email, "password": PASSWORD,
                                                "csrf_token": csrf_token(page)})
        page = client.get("/personal/logga-in/kod").get_data(as_text=True)
        client.post("/personal/logga-in/kod", data={"code": totp_code(admin), "csrf_token": csrf_token(page)})
        assert client.get("/personal/admin/anvandare").status_code == 200
        response = client.post(f"/personal/admin/anvandare/{sam.id}/avaktivera")
        assert response.status_code == 400
        _db.session.expire_all()
        assert _db.session.get(User, sam.id).active
        _db.session.remove()
