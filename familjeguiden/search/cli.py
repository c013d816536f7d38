"""``flask search``: rebuild the index and prune the zero-result log."""

from __future__ import annotations

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Sökindex och sökloggen.")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Build a new index from the published pages and switch to it."""
    from .engine import rebuild

    report = rebuild(progress=lambda done, total: click.echo(f"Sökindex: indexerat {done} av {total} sidor"))
    click.echo(f"Sökindexet är ombyggt: {report.pages} sidor på {report.seconds:.1f} s ({report.generation}).")


@search_cli.command("prune-log")
@click.option("--days", type=int, default=None, help="Behåll så här många dagar (standard: SEARCH_LOG_RETENTION_DAYS).")
def prune_log_command(days: int | None) -> None:
    """Delete zero-result log rows older than the retention period."""
    from .misses import prune

    deleted = prune(days)
    click.echo(f"Tog bort {deleted} rader ur loggen över sökningar utan träffar.")
