"""The e-mails a sign-up causes, written in the person's language.

Subjects are fixed text with the course's title (from the published page,
never from what a person typed). Bodies say what happened and link to the
private page; the link is made by the outbox when it sends
(``{anmalanlank:<id>}``), so no secret link is stored in the outbox. Nothing
the person wrote (the note, the children's ages) is ever put in an e-mail.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import force_locale

from ..extensions import db
from ..i18n import _
from ..languages import LANGUAGES, SWEDISH
from ..mail.outbox import enqueue, link_placeholder, register_link
from ..timeutil import STOCKHOLM, swedish_date
from .models import Occurrence, Signup
from .tokens import signup_url

SIGNUP_LINK = "anmalanlank"
KINDS = ("kvitto", "erbjudande", "bekraftad", "nekad", "paminnelse", "utgatt", "avbokad", "meddelande")


def course_title(slug: str, language: str = SWEDISH) -> str:
    """The service's title in ``language`` (Swedish when that version is missing), on one line."""
    from ..pages.catalogue import get_catalogue

    found = get_catalogue().get(slug, language)
    title = found.title if found is not None else slug
    return re.sub(r"[\r\n]+", " ", title)


def _subject(kind: str, title: str) -> str:
    return {
        "kvitto": _("Vi har tagit emot din anmälan till %(course)s", course=title),
        "erbjudande": _("Du erbjuds en plats i %(course)s", course=title),
        "bekraftad": _("Du har fått en plats i %(course)s", course=title),
        "nekad": _("Om din anmälan till %(course)s", course=title),
        "paminnelse": _("Påminnelse: %(course)s börjar snart", course=title),
        "utgatt": _("Erbjudandet om plats i %(course)s har gått ut", course=title),
        "avbokad": _("Din anmälan till %(course)s är avbokad", course=title),
        "meddelande": _("Meddelande om %(course)s", course=title),
    }[kind]


def notify(kind: str, signup: Signup, occurrence: Occurrence, message: str | None = None):
    """Queue one e-mail to the person in the current transaction (nothing if they gave no address)."""
    if kind not in KINDS:
        raise ValueError(kind)
    if not signup.email:
        return None
    language = LANGUAGES.get(signup.language or SWEDISH, LANGUAGES[SWEDISH])
    with force_locale(language.locale):
        title = course_title(occurrence.slug, language.code)
        subject = _subject(kind, title)
        return enqueue(f"anmalan-{kind}", signup.email, "course_signup", subject[:200], signup_id=signup.id,
                       notice=kind, title=title, occurrence=occurrence, signup=signup, message=message,
                       start=date_in(occurrence.starts_on, language.code),
                       offer_until=moment_in(signup.offer_expires_at, language.code),
                       signup_link=link_placeholder(SIGNUP_LINK, signup.id), mail_language=language)


def date_in(value, code: str) -> str:
    """A date as people read it in ``code`` (``20 januari 2027``, ``20 January 2027`` ...)."""
    from flask_babel import format_date

    if code in ("sv", "lattlast"):
        return swedish_date(value)
    return format_date(value, "d MMMM y" if code == "en" else "long")


def moment_in(value, code: str) -> str:
    """A stored UTC time as Swedish wall-clock time with its date, in ``code``: ``3 december 2026 kl. 14.05``."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM)
    return _("%(date)s kl. %(time)s", date=date_in(local.date(), code), time=local.strftime("%H.%M"))


def _signup_link(signup_id: int) -> str | None:
    signup = db.session.get(Signup, signup_id)
    return signup_url(signup) if signup is not None and signup.token_salt else None


register_link(SIGNUP_LINK, _signup_link)
