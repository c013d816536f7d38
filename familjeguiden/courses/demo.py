"""Demo occurrences (``make run``): upcoming courses and groups to sign up for.

Made once, on a demo installation only, relative to today, so the demo
always has something to sign up for: ABC and COPE with free seats,
Föräldrastegen almost full, Vägledande samspel, and Steget with a talk first.
"""

from __future__ import annotations

import datetime as dt

import click

from ..extensions import db
from ..timeutil import local_today
from .models import Occurrence

DEMO_OCCURRENCES = (
    # slug, days from today, meetings, when, place, seats, approval
    ("abc", 21, 4, "Tisdagar 17.30–20.00", "Familjecentralen Solrosen, Storgatan 12", 12, False),
    ("cope", 28, 7, "Onsdagar 18.00–20.30", "Medborgarhuset, sal 2", 16, False),
    ("foraldrastegen", 14, 5, "Torsdagar 18.00–20.00", "Exempelby skola, matsalen", 3, False),
    ("vagledande-samspel", 35, 8, "Måndagar 9.30–11.30", "Öppna förskolan, Lekplatsvägen 3", 10, False),
    ("steget", 42, 10, "Tisdagar 15.00–16.30", "Stegets lokaler, Åvägen 5", 8, True),
)


def seed_demo() -> int:
    """Create the demo occurrences unless the installation already has occurrences."""
    from ..pages.catalogue import get_catalogue
    from .staff_operations import create_occurrence

    if db.session.scalar(db.select(db.func.count()).select_from(Occurrence)):
        return 0
    db.session.commit()
    catalogue = get_catalogue()
    made = 0
    for slug, days, meetings, when, place, seats, approval in DEMO_OCCURRENCES:
        if catalogue.get(slug) is None:
            continue
        occurrence = create_occurrence(slug=slug, starts_on=local_today() + dt.timedelta(days=days),
                                       meetings=meetings, schedule_text=when, place=place, seats=seats,
                                       approval=approval, interpreter_possible=True)
        click.echo(f"Demokurs: /tjanster/{slug}/anmalan/{occurrence.id}")
        made += 1
    return made
