"""A case's statuses and what each is called: the vocabulary of ``lifecycle``.

Kept apart from ``lifecycle`` only so that ``models`` can use it without an
import cycle (``lifecycle`` writes history rows, so it imports ``models``).
Everything else imports these names from ``lifecycle``.
"""

from __future__ import annotations

from enum import StrEnum

from ..i18n import _l


class Status(StrEnum):
    """Stored status values (DESIGN.md section 4)."""

    NEW = "ny"
    IN_PROGRESS = "pagaende"
    WAITING = "vantar"
    REFERRED = "lotsad"
    CLOSED = "avslutad"
    SPAM = "skrap"


#: What coordinators read for each status (tabs, case header, history).
LABELS = {
    Status.NEW: _l("Ny"),
    Status.IN_PROGRESS: _l("Pågående"),
    Status.WAITING: _l("Väntar på frågeställaren"),
    Status.REFERRED: _l("Lotsad"),
    Status.CLOSED: _l("Avslutad"),
    Status.SPAM: _l("Skräp"),
}

#: What the asker reads on their case page for each status.
FOR_ASKER = {
    Status.NEW: _l("Vi har tagit emot din fråga. En samordnare läser den snart."),
    Status.IN_PROGRESS: _l("En samordnare arbetar med din fråga."),
    Status.WAITING: _l("Vi väntar på svar från dig. Skriv gärna ett tillägg nedan."),
    Status.REFERRED: _l("Vi har lotsat dig vidare till en verksamhet som kan hjälpa dig."),
    Status.CLOSED: _l("Ärendet är avslutat. Du kan fortfarande läsa svaret här, och skriva till oss igen."),
    Status.SPAM: _l("Ärendet är avslutat."),
}

OPEN = frozenset({Status.NEW, Status.IN_PROGRESS, Status.WAITING, Status.REFERRED})
CLOSED = frozenset({Status.CLOSED, Status.SPAM})
#: The statuses the response clock runs in (it is paused while waiting for the asker).
CLOCK_RUNS = frozenset({Status.NEW, Status.IN_PROGRESS, Status.REFERRED})
