"""``flask users ...``: manage staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..extensions import db
from . import operations
from .models import ROLES, User

users_cli = AppGroup("users", help="Hantera personalkonton.")

#: Accounts created by ``flask init`` on a demo installation (``make run``).
DEMO_ACCOUNTS = [
    ("samordnare@example.com", "Sam Samordnare", ["coordinator"], "lingon-kaffe-buss-2026"),
    ("redaktor@example.com", "Rut Redaktör", ["editor"], "moln-cykel-penna-2026"),
    ("admin@example.com", "Ada Admin", ["admin", "coordinator", "editor"], "hjortron-lampa-tag-2026!"),
    ("kursledare@example.com", "Kim Kursledare", ["course_leader"], "tranbar-gunga-kompass-2026"),
]


def _get(email: str) -> User:
    user = operations.find_user(email)
    if user is None:
        raise click.ClickException(f"Det finns inget konto med e-postadressen {email}.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(list(ROLES)),
              help="Roll; ange flera gånger för flera roller.")
@click.option("--name", default="", help="Namn som visas för kollegor.")
@click.option("--password-stdin", is_flag=True, help="Läs lösenordet från standard in.")
def create(email: str, roles: tuple[str], name: str, password_stdin: bool) -> None:
    """Create a staff account (asks for the password)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Lösenord", hide_input=True, confirmation_prompt="Upprepa lösenordet")
    try:
        user = operations.create_user(email, name, list(roles), password)
    except operations.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Skapade {user.email} ({user.role_labels}).")


@users_cli.command("list")
def list_users() -> None:
    """List every account with roles and two-factor state."""
    for user in db.session.scalars(db.select(User).order_by(User.email)):
        state = "aktiv" if user.active else "avaktiverad"
        click.echo(f"{user.email:36} {user.role_labels:45} {'2FA' if user.has_2fa else '-  '}  {state}")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Close an account and end all its sessions."""
    operations.deactivate(_get(email))
    click.echo(f"{email} är avaktiverat.")


@users_cli.command("activate")
@click.argument("email")
def activate(email: str) -> None:
    """Open a deactivated account again (the person logs in afresh)."""
    operations.reactivate(_get(email))
    click.echo(f"{email} är aktivt igen.")


@users_cli.command("reset-2fa")
@click.argument("email")
def reset_2fa(email: str) -> None:
    """Remove two-factor so the user enrols again at next login."""
    operations.reset_2fa(_get(email))
    click.echo(f"Tvåstegsinloggningen för {email} är nollställd.")


def create_demo_accounts() -> None:
    """On a demo installation, make sure the demo accounts exist and say so."""
    created = []
    for email, name, roles, password in DEMO_ACCOUNTS:
        if operations.find_user(email) is None:
            operations.create_user(email, name, roles, password)
            created.append(email)
    click.echo("Demokonton (bara för demo, byt på en riktig installation):")
    for email, _name, roles, password in DEMO_ACCOUNTS:
        click.echo(f"  {email:28} lösenord: {password:24} roller: {', '.join(str(ROLES[r]) for r in roles)}")
