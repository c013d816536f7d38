"""Reading the gettext catalogues: which entries a visitor can see, and which are still untranslated."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "familjeguiden" / "translations"
LOCALES = ("en", "ar", "fi", "sv@lattlast")
#: Where staff-only strings live: staff pages are Swedish only, their entries may stay empty.
STAFF_PLACES = ("familjeguiden/templates/inbox/", "familjeguiden/templates/editor/", "familjeguiden/templates/admin/",
                "familjeguiden/templates/accounts/", "familjeguiden/templates/staff_base.html",
                "familjeguiden/templates/mail/new_question.", "familjeguiden/templates/mail/follow_up.",
                "familjeguiden/templates/mail/referral.", "familjeguiden/templates/courses/staff",
                "familjeguiden/templates/mail/course_staff", "familjeguiden/inbox/", "familjeguiden/editor/",
                "familjeguiden/admin/", "familjeguiden/accounts/", "familjeguiden/courses/staff",
                # Their texts are stored in Swedish (i18n.in_swedish) for staff: case-history notes,
                # and the outbox's delivery errors shown on the case page.
                "familjeguiden/questions/operations.py", "familjeguiden/questions/lifecycle.py",
                "familjeguiden/mail/outbox.py")


def catalogue(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def is_public(message) -> bool:
    """Seen by a visitor: used in at least one place outside the staff pages (and not stored for staff)."""
    return any(not path.startswith(STAFF_PLACES) for path, _line in message.locations)


def untranslated_public(locale: str) -> list[str]:
    missing = []
    for message in catalogue(locale):
        if not message.id or not is_public(message):
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not all(strings) or message.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing
