"""Familjeguiden: a municipality's single front door to family support.

``create_app`` builds the application. Settings are read in order of
precedence: ``familjeguiden.config`` defaults, ``instance/config.py``,
``FAMILJEGUIDEN_*`` environment variables, then ``test_config``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from . import extensions as ext

ENV_PREFIX = "FAMILJEGUIDEN"
PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE_DIR.parent / "migrations"


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Create and configure an application instance."""
    instance_path = (instance_path or os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
                     or str(PACKAGE_DIR.parent / "instance"))
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    load_config(app, test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    # Through the module: the feature package ``familjeguiden.mail`` would
    # shadow a bare ``mail`` name imported into this package.
    from .database import check_sqlite_location

    check_sqlite_location(app.config["SQLALCHEMY_DATABASE_URI"])
    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=str(MIGRATIONS_DIR))
    ext.csrf.init_app(app)
    ext.mail.init_app(app)
    ext.limiter.init_app(app)

    from . import models  # noqa: F401  (registers every model with SQLAlchemy)
    from .accounts import init_app as init_accounts
    from .admin import init_app as init_admin
    from .cli import register_cli
    from .editor import init_app as init_editor
    from .inbox import init_app as init_inbox
    from .mail import init_app as init_mail
    from .opendata import init_app as init_opendata
    from .pages import init_app as init_pages
    from .questions import init_app as init_questions
    from .search import init_app as init_search
    from .security import init_app as init_security

    init_security(app)
    init_pages(app)
    init_search(app)
    init_questions(app)
    init_mail(app)
    init_accounts(app)
    init_inbox(app)
    init_admin(app)
    init_editor(app)
    init_opendata(app)
    app.jinja_env.globals["aria"] = aria
    register_cli(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    """Apply the four configuration layers and derive dependent settings."""
    app.config.from_object("familjeguiden.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config:
        app.config.from_mapping(test_config)

    if not app.config.get("SECRET_KEY"):
        if not (app.debug or app.testing):
            raise RuntimeError(
                "SECRET_KEY saknas: kör 'python -m familjeguiden.instance' (skapar instance/config.py) "
                "eller sätt FAMILJEGUIDEN_SECRET_KEY."
            )
        app.config["SECRET_KEY"] = "development-only-not-secret"  # noqa: S105 - debug/testing only, refused above otherwise

    instance = Path(app.instance_path)
    database_url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'familjeguiden.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    app.config["SEARCH_INDEX_PATH"] = app.config.get("SEARCH_INDEX_PATH") or str(instance / "sokindex")
    app.config["CONTENT_PATH"] = app.config.get("CONTENT_PATH") or str(PACKAGE_DIR / "content")
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["HTTPS"])
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URI"]
    logging.getLogger("familjeguiden").setLevel(logging.INFO)
    from .logs import init_logging

    init_logging()


def aria(field, extra: dict | None = None) -> dict:
    """Attributes that tie a form field to its hint and error text."""
    attrs = dict(extra or {})
    ids = []
    if field.description:
        ids.append(f"{field.id}-tips")
    if field.errors:
        ids.append(f"{field.id}-fel")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return attrs
