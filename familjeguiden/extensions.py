"""Flask extension objects, created unbound and attached in ``create_app``.

Keeping them here (as in microblog) lets feature packages import ``db``
without importing the application, which avoids import cycles. Flask-Migrate
is not among them: it is loaded only where migrations run (``migrating``).
"""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def configured_limit(setting: str):
    """A limit read from the configuration per request, so tests and installations can set it."""
    from flask import current_app

    return lambda: current_app.config[setting]


def form_stored(response) -> bool:
    """Only a stored form (answered with a redirect) counts toward a limit, never a refusal."""
    return response.status_code == 303
login_manager = LoginManager()
