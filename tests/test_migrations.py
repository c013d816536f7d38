"""The migrations make exactly the schema the models describe (and the upgrade keeps data)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from familjeguiden.extensions import db


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    # SQLite and PostgreSQL name unnamed unique constraints differently from the models'
    # ``unique=True``; what matters is that the constraint exists, which the unique
    # checks below prove, so name-only differences are left out.
    return [d for d in diff if not (isinstance(d, tuple) and d[0] in ("add_constraint", "remove_constraint"))]


def test_models_and_migrations_agree(app):
    differences = _differences()
    assert not differences, "run `flask db migrate` and review the new migration:\n" + "\n".join(map(str, differences))


def test_unique_columns_are_unique_in_the_database(app):
    inspector = db.inspect(db.engine)
    for table, column in (("question", "token_hash"), ("question", "code"), ("referral", "token_hash"),
                          ("outbound_email", "message_id"), ("staff_user", "email")):
        uniques = [c["column_names"] for c in inspector.get_unique_constraints(table)]
        uniques += [i["column_names"] for i in inspector.get_indexes(table) if i.get("unique")]
        assert [column] in uniques, f"{table}.{column} is not unique in the database"


def test_flask_db_commands_are_there_when_asked_for(app):
    result = app.test_cli_runner().invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output
    listing = app.test_cli_runner().invoke(args=["db", "--help"])
    assert listing.exit_code == 0 and "upgrade" in listing.output and "--directory" in listing.output


def test_a_web_worker_does_not_load_alembic(instance_path):
    # Alembic and Mako cost every worker about 11 MB it never uses (DESIGN.md: under 150 MB).
    import subprocess
    import sys

    code = ("import sys; from familjeguiden import create_app; create_app(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'flask_migrate', 'mako')))")
    env = {**__import__("os").environ, "FAMILJEGUIDEN_INSTANCE_PATH": str(instance_path),
           "FAMILJEGUIDEN_SECRET_KEY": "test-" + "x" * 40}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
