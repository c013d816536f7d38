"""``flask search``: rebuild the index, report and prune the zero-result log."""

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


@search_cli.command("misses")
@click.option("--days", type=int, default=30, show_default=True, help="Så många dagar bakåt, i dag medräknad.")
@click.option("--limit", type=int, default=20, show_default=True, help="Högst så många sökningar.")
@click.option("--min-count", type=int, default=3, show_default=True, help="Bara sökningar gjorda minst så ofta.")
def misses_command(days: int, limit: int, min_count: int) -> None:
    """List the most frequent searches without results and the synonym group that would answer each."""
    import datetime as dt

    from .misses import today, top_misses
    from .report import miss_report

    end = today()
    start = end - dt.timedelta(days=max(days, 1) - 1)
    rows = top_misses(start, end, limit=limit, min_count=min_count)
    click.echo(f"Sökningar utan träff {start.isoformat()}–{end.isoformat()} (minst {min_count} gånger):")
    if not rows:
        click.echo("  Inga.")
        return
    for line in miss_report(rows):
        click.echo(f"  {line.count:5d}  {line.query}")
        if line.found_now:
            click.echo(f"         hittar nu {line.found_now} träffar")
        for group in line.groups[:3]:
            click.echo(f"         synonymgrupp som skulle svara: {', '.join(group)}")
        if not line.found_now and not line.groups:
            click.echo("         ingen synonymgrupp passar: lägg till en ny grupp eller text på en sida")

