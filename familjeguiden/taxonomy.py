"""The fixed vocabularies of Familjeguiden, with their Swedish labels.

Slugs are what URLs, front matter and the database use; labels are what
people read. DESIGN.md section 3 is the source of these lists.
"""

from __future__ import annotations

from .i18n import _l

#: Topics (``amne``) in the order they are offered to parents.
TOPICS: dict[str, str] = {
    "foraldraskap": _l("Föräldraskap"),
    "gravid-och-sma-barn": _l("Gravid och små barn"),
    "skola-och-narvaro": _l("Skola och närvaro"),
    "psykisk-halsa": _l("Psykisk hälsa"),
    "missbruk-i-familjen": _l("Missbruk i familjen"),
    "alkohol-och-droger": _l("Alkohol och droger"),
    "separation": _l("Separation"),
    "konflikter-i-familjen": _l("Konflikter i familjen"),
    "oro-for-ett-barn": _l("Oro för ett barn"),
    "fritid": _l("Fritid"),
    "brott-och-riskbeteende": _l("Brott och riskbeteende"),
    "kropp-och-relationer": _l("Kropp och relationer"),
}

#: Age groups (``alder``): slug -> (youngest, oldest, label).
AGE_GROUPS: dict[str, tuple[int, int, str]] = {
    "0-5": (0, 5, _l("0–5 år")),
    "6-12": (6, 12, _l("6–12 år")),
    "13-20": (13, 20, _l("13–20 år")),
}

#: Age group × topic pairs no service covers because the topic is about the young person's own
#: behaviour, and where a family there finds help instead: (age group, topic) -> (topic, why).
#: Without this, a parent of a toddler whose partner drinks who picks "Alkohol och droger"
#: meets a bare "Inga tjänster passar" (tests/pages/test_age_topic_matrix.py lists the empty cells).
SEE_INSTEAD: dict[tuple[str, str], tuple[str, str]] = {
    ("0-5", "alkohol-och-droger"): ("missbruk-i-familjen", _l(
        "Ämnet handlar om ungas eget bruk av alkohol och droger. Är det en vuxen i familjen som dricker "
        "eller tar droger?")),
    ("0-5", "brott-och-riskbeteende"): ("oro-for-ett-barn", _l(
        "Ämnet handlar om ungas egna brott och risker. Är du orolig för att ett litet barn far illa?")),
}

#: Who a service is for.
AUDIENCES: dict[str, str] = {
    "barn": _l("Barn och unga"),
    "foraldrar": _l("Föräldrar"),
    "anhoriga": _l("Anhöriga"),
    "blivande-foraldrar": _l("Blivande föräldrar"),
}

#: Registration state of a course or group.
REGISTRATION: dict[str, str] = {
    "open": _l("Öppen för anmälan"),
    "waitlist": _l("Fullt – du kan ställa dig på reservlistan"),
    "full": _l("Fullt"),
    "closed": _l("Anmälan är stängd"),
}

YOUNGEST, OLDEST = 0, 20


def age_group_overlaps(group: str, ages: tuple[int, int]) -> bool:
    """A service matches an age group when its age range overlaps the group."""
    low, high, _label = AGE_GROUPS[group]
    return ages[0] <= high and ages[1] >= low


def age_groups_for(ages: tuple[int, int]) -> list[str]:
    """Every age group a service with this age range belongs to."""
    return [group for group in AGE_GROUPS if age_group_overlaps(group, ages)]
