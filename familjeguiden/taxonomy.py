"""The fixed vocabularies of Familjeguiden, with their Swedish labels.

Slugs are what URLs, front matter and the database use; labels are what
people read. DESIGN.md section 3 is the source of these lists.
"""

from __future__ import annotations

#: Topics (``amne``) in the order they are offered to parents.
TOPICS: dict[str, str] = {
    "foraldraskap": "Föräldraskap",
    "gravid-och-sma-barn": "Gravid och små barn",
    "skola-och-narvaro": "Skola och närvaro",
    "psykisk-halsa": "Psykisk hälsa",
    "missbruk-i-familjen": "Missbruk i familjen",
    "alkohol-och-droger": "Alkohol och droger",
    "separation": "Separation",
    "konflikter-i-familjen": "Konflikter i familjen",
    "oro-for-ett-barn": "Oro för ett barn",
    "fritid": "Fritid",
    "brott-och-riskbeteende": "Brott och riskbeteende",
    "kropp-och-relationer": "Kropp och relationer",
}

#: Age groups (``alder``): slug -> (youngest, oldest, label).
AGE_GROUPS: dict[str, tuple[int, int, str]] = {
    "0-5": (0, 5, "0–5 år"),
    "6-12": (6, 12, "6–12 år"),
    "13-20": (13, 20, "13–20 år"),
}

#: Who a service is for.
AUDIENCES: dict[str, str] = {
    "barn": "Barn och unga",
    "foraldrar": "Föräldrar",
    "anhoriga": "Anhöriga",
    "blivande-foraldrar": "Blivande föräldrar",
}

#: Registration state of a course or group.
REGISTRATION: dict[str, str] = {
    "open": "Öppen för anmälan",
    "waitlist": "Fullt – du kan ställa dig på reservlistan",
    "full": "Fullt",
    "closed": "Anmälan är stängd",
}

YOUNGEST, OLDEST = 0, 20


def age_group_overlaps(group: str, ages: tuple[int, int]) -> bool:
    """A service matches an age group when its age range overlaps the group."""
    low, high, _label = AGE_GROUPS[group]
    return ages[0] <= high and ages[1] >= low


def age_groups_for(ages: tuple[int, int]) -> list[str]:
    """Every age group a service with this age range belongs to."""
    return [group for group in AGE_GROUPS if age_group_overlaps(group, ages)]
