"""The app factory and the four layers of configuration."""

import pytest

from familjeguiden import create_app


def test_defaults_apply_when_nothing_overrides(tmp_path):
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    assert app.config["MUNICIPALITY_NAME"] == "Exempelby kommun"
    assert app.config["RESPONSE_TARGET_DAYS"] == 2
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'familjeguiden.db'}"
    assert app.config["SEARCH_INDEX_PATH"] == str(tmp_path / "sokindex")


def test_precedence_defaults_instance_env_test(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'SECRET_KEY = "from-instance"\nMUNICIPALITY_NAME = "Instansby"\n'
        'RESPONSE_PROMISE = "inom en vecka"\nRESPONSE_TARGET_DAYS = 5\n'
    )
    monkeypatch.setenv("FAMILJEGUIDEN_RESPONSE_PROMISE", "inom tre dagar")
    monkeypatch.setenv("FAMILJEGUIDEN_RESPONSE_TARGET_DAYS", "3")
    monkeypatch.setenv("FAMILJEGUIDEN_HTTPS", "true")
    app = create_app({"RESPONSE_TARGET_DAYS": 4}, instance_path=str(tmp_path))

    assert app.config["SECRET_KEY"] == "from-instance"          # instance beats default
    assert app.config["MUNICIPALITY_NAME"] == "Instansby"        # instance beats default
    assert app.config["RESPONSE_PROMISE"] == "inom tre dagar"    # env beats instance
    assert app.config["RESPONSE_TARGET_DAYS"] == 4               # test override beats env
    assert app.config["HTTPS"] is True                           # env values are parsed as JSON
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FAMILJEGUIDEN_DATABASE_URL", "postgresql+psycopg://fg@db.example.org/fg")
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://fg@db.example.org/fg"


def test_refuses_to_start_without_secret_key_outside_tests(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY saknas"):
        create_app({}, instance_path=str(tmp_path))


def test_instance_config_is_created_once_with_a_random_key(tmp_path):
    from familjeguiden.instance import ensure_instance_config

    assert ensure_instance_config(tmp_path) is True
    first = (tmp_path / "config.py").read_text()
    assert ensure_instance_config(tmp_path) is False
    assert (tmp_path / "config.py").read_text() == first
    other = tmp_path / "other"
    ensure_instance_config(other)
    assert (other / "config.py").read_text() != first
    assert oct((tmp_path / "config.py").stat().st_mode & 0o777) == "0o600"
