"""The inbox's command: ``flask gallring`` (see ``retention``)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..signals import gallring
from ..timeutil import local_date, utcnow
from .retention import run


@click.command("gallring")
@click.option("--dry-run", is_flag=True, help="Visa vad som skulle gallras utan att ändra något.")
@with_appcontext
def gallring_command(dry_run: bool) -> None:
    """Delete or anonymise closed questions older than RETENTION_MONTHS."""
    report = run(dry_run=dry_run)
    action = "anonymiseras" if report.mode == "anonymise" else "raderas"
    cutoff = local_date(report.cutoff).isoformat()
    if dry_run:
        click.echo(f"Provkörning: inget ändras. Ärenden avslutade före {cutoff} som skulle {action}:")
        for code in report.codes:
            click.echo(f"  {code}")
        click.echo(f"Skulle {action}: {report.summary()}.")
    else:
        click.echo(f"Gallring klar (avslutade före {cutoff}). Har {action}: {report.summary()}.")
        for _receiver, result in gallring.send(current_app._get_current_object(), now=utcnow()):
            if result:
                click.echo(f"Kursanmälningar: {result[1]} raderade från {result[0]} avslutade tillfällen.")
