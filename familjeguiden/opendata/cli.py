"""``flask opendata export DIR`` and ``flask opendata import FILE``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

opendata_cli = AppGroup("opendata", help="Öppna data: exportera och importera tjänster som HSDS 3.0.")


@opendata_cli.command("export")
@click.argument("directory")
def export_command(directory: str) -> None:
    """Write every published service as HSDS JSON (and CSV) to DIRECTORY."""
    from .exporting import export_directory

    counts = export_directory(Path(directory))
    click.echo(f"Exporterade {counts['services']} tjänster och {counts['organizations']} organisationer "
               f"som HSDS 3.0 till {directory} (JSON, och CSV med datapackage.json i {directory}/csv).")


@opendata_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def import_command(file: str) -> None:
    """Read an HSDS service list (JSON) into draft pages; report what could not be mapped."""
    from .importing import ImportFileError, import_drafts, load_services

    try:
        text = Path(file).read_text(encoding="utf-8")
        services = load_services(text)
    except (OSError, UnicodeDecodeError):
        click.echo(f"{file}: kan inte läsas som UTF-8-text.", err=True)
        sys.exit(1)
    except ImportFileError as error:
        click.echo(f"{file}: {error}.", err=True)
        sys.exit(1)
    report = import_drafts(services)
    for line in report.unmapped:
        click.echo(f"Kunde inte föras över: {line}")
    click.echo(f"Importerade som utkast: {report.created} nya, {report.updated} ändrade, "
               f"{report.unchanged} oförändrade. {len(report.unmapped)} fält kunde inte föras över.")
    for slug in report.slugs:
        click.echo(f"  /personal/sidor/{slug}")
