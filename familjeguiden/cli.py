"""Command-line interface: ``flask --app familjeguiden <command>``.

``init`` brings a fresh or existing installation up to date and is safe to
run again; the ``content`` group checks, imports and exports service pages.
Later features add their own groups here (search, users, outbox, gallring).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .signals import initialising

content_cli = AppGroup("content", help="Kontrollera, importera och exportera tjänstesidor.")


def _content_dir(directory: str | None) -> Path:
    return Path(directory) if directory else Path(current_app.config["CONTENT_PATH"])


@content_cli.command("check")
@click.argument("directory", required=False)
def content_check(directory: str | None) -> None:
    """Validate every service file; print 'file: field: problem' lines."""
    from .pages.content import check_directory
    from .pages.versions import check_versions

    folder = _content_dir(directory)
    services, problems = check_directory(folder)
    versions = [check_versions(folder, kind) for kind in ("tjanster", "sidor")]
    problems += [problem for result in versions for problem in result.problems]
    for problem in problems:
        click.echo(str(problem))
    translated = sum(len(result.versions) for result in versions)
    if problems:
        click.echo(f"{len(problems)} fel i innehållet; {len(services)} tjänstesidor och {translated} "
                   "språkversioner är giltiga.", err=True)
        sys.exit(1)
    click.echo(f"Allt innehåll är giltigt: {len(services)} tjänstesidor och {translated} språkversioner.")


@content_cli.command("import")
@click.argument("directory", required=False)
def content_import(directory: str | None) -> None:
    """Import service files; changed files get a new published revision."""
    report = import_content(_content_dir(directory))
    click.echo(f"Importerade: {report.created} nya, {report.updated} ändrade, {report.unchanged} oförändrade.")


@content_cli.command("export")
@click.argument("directory")
def content_export(directory: str) -> None:
    """Write every published page as a Markdown file with front matter."""
    from .pages.operations import export_published

    count = export_published(Path(directory))
    click.echo(f"Exporterade {count} tjänstesidor till {directory}.")


@content_cli.command("translations")
@click.option("--stamp", is_flag=True, help="Fyll i translation_of där det är tomt (för nya översättningar).")
def content_translations(stamp: bool) -> None:
    """List language versions that are missing or out of date (the Swedish page changed since)."""
    from .pages.translation_status import report
    from .pages.versions import stamp as stamp_files

    if stamp:
        for name in stamp_files(_content_dir(None)):
            click.echo(f"Fyllde i translation_of: {name}")
    for line in report():
        click.echo(line)


def import_content(directory: Path):
    """Import valid files, log broken ones (they are left out, never fatal)."""
    from .pages.content import check_directory
    from .pages.operations import import_services, import_versions
    from .pages.versions import check_versions

    services, problems = check_directory(directory)
    for problem in problems:
        current_app.logger.warning("Innehållsfel, sidan hoppas över: %s", problem)
    report = import_services(services)
    translated = check_versions(directory)
    for problem in translated.problems:
        current_app.logger.warning("Innehållsfel i en språkversion, den hoppas över: %s", problem)
    versions = import_versions(translated.versions)
    if versions.created or versions.updated:
        click.echo(f"Språkversioner: {versions.created} nya, {versions.updated} ändrade, "
                   f"{versions.unchanged} oförändrade.")
    return report


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database and import the shipped content."""
    from flask_migrate import upgrade

    from .migrating import init_migrations

    init_migrations(current_app._get_current_object())
    upgrade()
    click.echo("Databasen är uppdaterad.")
    report = import_content(Path(current_app.config["CONTENT_PATH"]))
    click.echo(f"Innehåll: {report.created} nya, {report.updated} ändrade, {report.unchanged} oförändrade sidor.")
    initialising.send(current_app._get_current_object())


@click.command("helgdagar")
def holidays_command() -> None:
    """Write the shipped table of Swedish holidays again from the installed ``holidays`` package."""
    from .holiday_calendar import FIRST_YEAR, LAST_YEAR, write_table

    path = write_table()
    click.echo(f"Skrev helgdagarna {FIRST_YEAR}-{LAST_YEAR} till {path}.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(init_command)
    app.cli.add_command(holidays_command)
