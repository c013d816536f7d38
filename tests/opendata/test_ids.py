"""Service ids are stable: across renames, re-imports, fresh installs and the migration."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask_migrate import upgrade

from familjeguiden.extensions import db
from familjeguiden.migrating import init_migrations
from familjeguiden.opendata import ids
from familjeguiden.pages.models import Page
from tests.conftest import TEST_DATABASE_URL, make_app
from tests.opendata.conftest import get_json
from tests.staff import make_user


def uuid_of(slug: str) -> str | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Page.uuid).where(Page.slug == slug))


def test_a_fresh_install_of_the_same_content_gives_the_same_ids(app, tmp_path):
    here = {p.slug: p.uuid for p in db.session.scalars(db.select(Page))}
    assert all(uuid.UUID(value).version == 5 for value in here.values())
    assert here["steget"] == ids.service_id("steget", "Exempelby kommun")
    if TEST_DATABASE_URL:
        return  # one shared PostgreSQL test database: the formula above is the fresh install
    other = make_app(tmp_path / "annan")
    with other.app_context():  # the command runs in the current app context: make it the other app's
        assert other.test_cli_runner().invoke(args=["init"]).exit_code == 0
        assert {p.slug: p.uuid for p in db.session.scalars(db.select(Page))} == here


def test_another_municipality_gets_other_ids():
    assert ids.service_id("steget", "Exempelby kommun") != ids.service_id("steget", "Grannby kommun")
    assert ids.organization_id("Socialtjänsten", "Exempelby kommun") != ids.organization_id("Socialtjänsten", "X")


def test_a_rename_keeps_the_id_and_the_api_follows(app, client):
    from familjeguiden.editor import operations

    before = uuid_of("steget")
    page = db.session.scalar(db.select(Page).where(Page.slug == "steget"))
    operations.rename(page, "steget-stodgrupp", make_user("red@example.com", ["editor"]))
    assert uuid_of("steget-stodgrupp") == before
    service = get_json(client, f"/api/hsds/services/{before}")
    assert service["url"] == "https://www.example.com/steget" and service["name"] == "Steget"
    # the files keep their names: importing them again updates the page, id unchanged
    assert client.application.test_cli_runner().invoke(args=["content", "import"]).exit_code == 0
    assert uuid_of("steget-stodgrupp") == before


def test_a_re_import_keeps_every_id(app, cli):
    before = {p.slug: p.uuid for p in db.session.scalars(db.select(Page))}
    assert cli.invoke(args=["content", "import"]).exit_code == 0
    db.session.expire_all()
    assert {p.slug: p.uuid for p in db.session.scalars(db.select(Page))} == before


def test_the_migration_gives_existing_pages_their_ids(tmp_path):
    if TEST_DATABASE_URL:
        return  # needs a database of its own at an old revision
    app = make_app(tmp_path / "gammal")
    init_migrations(app)
    with app.app_context():
        upgrade(revision="0006")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO page (slug, status, created_at, updated_at) VALUES "
                                 "('steget', 'publicerad', '2026-01-01', '2026-01-01'), "
                                 "('ny-grupp', 'utkast', '2026-01-01', '2026-01-01')"))
        upgrade(revision="0008")
        with db.engine.connect() as conn:
            rows = dict(conn.execute(sa.text("SELECT slug, uuid FROM page")).all())
        assert rows == {"steget": ids.service_id("steget"), "ny-grupp": ids.service_id("ny-grupp")}
        with db.engine.begin() as conn:  # unique: two pages can never share an id
            try:
                conn.execute(sa.text("UPDATE page SET uuid = :u WHERE slug = 'ny-grupp'"), {"u": rows["steget"]})
            except sa.exc.IntegrityError:
                pass
            else:
                raise AssertionError("page.uuid is not unique")
