"""Helpers for the course tests: occurrences and sign-ups made through the real operations and forms."""

from __future__ import annotations

import datetime as dt
import re

from familjeguiden.courses.models import Occurrence, Signup
from familjeguiden.courses.staff_operations import create_occurrence
from familjeguiden.courses.tokens import find_by_token
from familjeguiden.extensions import db
from familjeguiden.timeutil import local_today

KEY = re.compile(r'name="form_key" type="hidden" value="([^"]+)"')
LINK = re.compile(r'href="((?:/[a-z]+)?/anmalan/[A-Za-z0-9_-]{32})"')


def occurrence(slug: str = "abc", seats: int = 3, days: int = 30, **values) -> Occurrence:
    return create_occurrence(slug=slug, starts_on=local_today() + dt.timedelta(days=days), seats=seats, **values)


def form_key(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return KEY.search(response.get_data(as_text=True)).group(1)


def sign_up(client, occ: Occurrence, name: str = "Kim", email: str | None = "kim@example.com",
            phone: str | None = None, ages: str = "7", prefix: str = "", key: str | None = None, **extra):
    """Fill in and send the public form like a person; return (response, private path)."""
    path = f"{prefix}/tjanster/{occ.slug}/anmalan/{occ.id}"
    data = {"name": name, "contact_method": "e-post" if email else "telefon", "email": email or "",
            "phone": phone or "", "child_ages": ages, "form_key": key or form_key(client, path), **extra}
    response = client.post(path, data=data)
    if response.status_code != 303:
        return response, None
    receipt = client.get(response.headers["Location"])
    match = LINK.search(receipt.get_data(as_text=True))
    return response, match.group(1) if match else None


def signup_of(path: str) -> Signup:
    signup = find_by_token(path.rsplit("/", 1)[1])
    db.session.refresh(signup)
    return signup


def statuses(occ: Occurrence) -> list[str]:
    db.session.expire_all()
    return [s.status for s in db.session.scalars(db.select(Signup).where(Signup.occurrence_id == occ.id)
                                                  .order_by(Signup.id))]
