"""Database migrations (Flask-Migrate, Alembic), loaded only where they run.

A web worker never migrates, yet importing Flask-Migrate brings Alembic
and Mako with it: 11 MB in every worker (DESIGN.md section 6 allows
150 MB). So ``create_app`` registers ``flask db`` as a group that loads
Flask-Migrate when one of its commands is looked up, and ``flask init``
(and a test that migrates) calls ``init_migrations`` first.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def init_migrations(app: Flask) -> None:
    """Flask-Migrate for ``app`` (once): what ``flask_migrate.upgrade`` and the ``db`` commands need."""
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate

    from .extensions import db

    # Flask-Migrate would add its own ``db`` group; the lazy one below is kept, and delegates to it.
    command = app.cli.commands.get("db")
    Migrate(app, db, directory=str(MIGRATIONS_DIR))
    if command is not None:
        app.cli.commands["db"] = command


class LazyMigrationCommands(click.Group):
    """``flask db ...``: Flask-Migrate's own group, imported when it is run or listed.

    Running it hands the whole command line to that group (its options,
    such as ``--directory``, and the callback that reads them included).
    """

    def _commands(self, ctx: click.Context | None) -> click.Group:
        if current_app:
            app = current_app._get_current_object()
        else:  # Flask's CLI pushes the app's context before a command is looked up; this is a fallback
            info = ctx.find_object(ScriptInfo) if ctx is not None else None
            app = (info or ScriptInfo()).load_app()
        init_migrations(app)
        from flask_migrate.cli import db

        return db

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        return self._commands(parent).make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands(ctx).list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._commands(ctx).get_command(ctx, name)


def register(app: Flask) -> None:
    app.cli.add_command(LazyMigrationCommands("db", help="Perform database migrations."))
