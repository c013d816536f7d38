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
from werkzeug.routing import IntegerConverter

from . import extensions as ext
from . import migrating
from .languages import Familjeguiden

ENV_PREFIX = "FAMILJEGUIDEN"
PACKAGE_DIR = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Create and configure an application instance."""
    instance_path = (instance_path or os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
                     or str(PACKAGE_DIR.parent / "instance"))
    app = Familjeguiden(__name__, instance_path=instance_path, instance_relative_config=True)
    app.url_map.converters["int"] = DatabaseId
    load_config(app, test_config)
    make_private_folder(app.instance_path)
    trust_proxies(app)

    # Through the module: the feature package ``familjeguiden.mail`` would
    # shadow a bare ``mail`` name imported into this package.
    from .database import check_sqlite_location, create_private_sqlite

    check_sqlite_location(app.config["SQLALCHEMY_DATABASE_URI"])
    create_private_sqlite(app.config["SQLALCHEMY_DATABASE_URI"])
    ext.db.init_app(app)
    migrating.register(app)
    ext.csrf.init_app(app)
    ext.mail.init_app(app)
    ext.limiter.init_app(app)

    from . import errors, i18n, models, templating  # models: registers every model with SQLAlchemy
    from .accounts import init_app as init_accounts
    from .admin import init_app as init_admin
    from .cli import register_cli
    from .courses import init_app as init_courses
    from .editor import init_app as init_editor
    from .inbox import init_app as init_inbox
    from .mail import init_app as init_mail
    from .opendata import init_app as init_opendata
    from .pages import init_app as init_pages
    from .questions import init_app as init_questions
    from .search import init_app as init_search
    from .security import init_app as init_security

    assert models  # imported for its side effect
    i18n.init_app(app)
    init_security(app)
    errors.init_app(app)
    templating.init_app(app)
    init_pages(app)
    init_search(app)
    init_questions(app)
    init_mail(app)
    init_accounts(app)
    init_inbox(app)
    init_admin(app)
    init_editor(app)
    init_opendata(app)
    init_courses(app)
    register_cli(app)
    return app


class DatabaseId(IntegerConverter):
    """``<int:...>`` in every route: ids are database integers, so a larger number is simply not found.

    Without the bound, an id past SQLite's 64-bit integers made a server
    error deep in the database driver.
    """

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", 2 ** 31 - 1)
        super().__init__(map, *args, **kwargs)


def make_private_folder(path: str) -> None:
    """The instance folder holds the secret key, the database and the index: only this user may enter."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    try:
        os.chmod(path, 0o700)
    except PermissionError:  # pragma: no cover - a folder owned by someone else: leave it as set up
        logging.getLogger(__name__).warning("Kan inte begränsa behörigheten för %s", path)


def trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXY_HOPS`` proxies, see the real client address, scheme and host (ProxyFix).

    Without it (the default), X-Forwarded-* headers are ignored: a client
    could otherwise pick any address and escape every rate limit.
    """
    hops = int(app.config.get("TRUSTED_PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


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
    app.config["SEARCH_INDEX_PATH"] = app.config.get("SEARCH_INDEX_PATH") or str(instance / "sokindex")
    app.config["CONTENT_PATH"] = app.config.get("CONTENT_PATH") or str(PACKAGE_DIR / "content")
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["HTTPS"])
    logging.getLogger("familjeguiden").setLevel(logging.INFO)
    from .logs import init_logging

    init_logging()
