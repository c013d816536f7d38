"""``flask courses``: add and list occurrences, and run the worker (``tick``)."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow

courses_cli = AppGroup("courses", help="Kurs- och grupptillfällen med anmälan och väntelista.")


def _date(_ctx, _param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("skriv datumet som ÅÅÅÅ-MM-DD") from None


@courses_cli.command("add")
@click.argument("slug")
@click.option("--start", "starts_on", required=True, callback=_date, help="Första träffen, ÅÅÅÅ-MM-DD.")
@click.option("--seats", type=click.IntRange(1, 1000), required=True, help="Antal platser.")
@click.option("--place", default="", help="Var kursen hålls.")
@click.option("--approval", is_flag=True, help="Ett samtal först: anmälningar väntar på att kursledaren godkänner.")
@click.option("--end", "ends_on", callback=_date, help="Sista träffen, ÅÅÅÅ-MM-DD.")
@click.option("--meetings", type=click.IntRange(1, 100), help="Antal träffar.")
@click.option("--when", "schedule_text", default="", help="Veckodag och tid, till exempel 'Tisdagar 17.00–19.00'.")
def add_command(slug, starts_on, seats, place, approval, ends_on, meetings, schedule_text) -> None:
    """Create an occurrence; the last line is its public sign-up path."""
    from ..pages.catalogue import get_catalogue
    from .staff_operations import create_occurrence

    if get_catalogue().get(slug) is None:
        raise click.ClickException(f"Det finns ingen publicerad tjänstesida som heter '{slug}'.")
    if ends_on and ends_on < starts_on:
        raise click.ClickException("Slutdatumet är före startdatumet.")
    occurrence = create_occurrence(slug=slug, starts_on=starts_on, seats=seats, place=place, approval=approval,
                                   ends_on=ends_on, meetings=meetings, schedule_text=schedule_text)
    click.echo(f"Skapade tillfälle {occurrence.id} för {slug}: start {starts_on}, {seats} platser"
               f"{', samtal först' if approval else ''}.")
    click.echo(f"/tjanster/{slug}/anmalan/{occurrence.id}")


@courses_cli.command("list")
@click.option("--all", "include_past", is_flag=True, help="Visa också avslutade tillfällen.")
def list_command(include_past: bool) -> None:
    """One line per occurrence: id, service, start, seats taken and queue."""
    from .queries import occurrences_for_staff

    rows = occurrences_for_staff(include_past=include_past)
    for occurrence, (taken, waiting) in rows:
        click.echo(f"{occurrence.id:5}  {occurrence.slug:22} {occurrence.starts_on}  {taken}/{occurrence.seats} "
                   f"platser  {waiting} i kö{'  samtal först' if occurrence.approval else ''}"
                   f"{'  stängd' if occurrence.closed else ''}  /tjanster/{occurrence.slug}/anmalan/{occurrence.id}")
    click.echo(f"{len(rows)} tillfällen.")


@courses_cli.command("tick")
def tick_command() -> None:
    """Lapse late offers (the next in line is asked), send reminders, and run the courses' gallring."""
    from .worker import tick

    report = tick(utcnow())
    db.session.remove()
    click.echo(f"Kurser: {report.summary()}.")
