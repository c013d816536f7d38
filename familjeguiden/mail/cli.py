"""The outbox's commands: ``flask outbox send`` and ``flask outbox list``."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import local_time
from .models import OutboundEmail
from .outbox import send_due, smtp_configured

outbox_cli = AppGroup("outbox", help="Visa och skicka e-post i utkorgen.")


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Fortsätt tills processen stoppas (för systemd).")
@click.option("--interval", default=10.0, show_default=True, help="Sekunder mellan varven med --loop.")
def send_command(loop: bool, interval: float) -> None:
    """Send every due e-mail once (or keep doing it with --loop)."""
    if not smtp_configured():
        click.echo("Ingen SMTP-server är inställd (MAIL_SERVER): e-posten ligger kvar i utkorgen.")
        if not loop:
            return
    while True:
        report = send_due()
        if report.sent or report.retried or report.failed or not loop:
            click.echo(f"Skickade {report.sent}, försöker igen senare {report.retried}, misslyckade {report.failed}.")
        if not loop:
            return
        time.sleep(interval)


@outbox_cli.command("list")
@click.option("--status", type=click.Choice(["koad", "skickad", "misslyckad"]), help="Visa bara en status.")
def list_command(status: str | None) -> None:
    """List the outbox: one line per e-mail, without its content."""
    query = db.select(OutboundEmail).order_by(OutboundEmail.id)
    if status:
        query = query.where(OutboundEmail.status == status)
    rows = db.session.scalars(query).all()
    for row in rows:
        click.echo(f"{row.id:6}  {local_time(row.created_at)}  {row.status_label:10}  {row.attempts} försök  "
                   f"{row.recipient}  {row.subject}{'  (' + row.last_error + ')' if row.last_error else ''}")
    click.echo(f"{len(rows)} e-postmeddelanden.")
