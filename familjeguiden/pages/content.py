"""Reading and validating service pages written as Markdown with front matter.

A service page file looks like DESIGN.md section 3: YAML front matter between
``---`` lines, then the Markdown body. The optional ``schedule:`` (fixed
opening hours as rules) is described and checked in ``opening_hours.py``. ``parse_service`` turns text into a
normalised, JSON-safe front matter dict plus body, or a list of problems that
each name the file, the field and what is wrong, in Swedish, so that the
person who edited the file can fix it without reading code.

The same rules validate the files (``flask content check``) and, later, the
editor's form, so there is exactly one definition of a valid page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..taxonomy import AUDIENCES, OLDEST, REGISTRATION, TOPICS, YOUNGEST
from ..text import SLUG_RE, is_email
from .contacts import check_placeholders, load_contacts
from .opening_hours import validate_schedule

PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{2,20}$")

FIELDS = {
    "title", "summary", "ages", "topics", "audience", "organizer", "cost", "contact",
    "hours", "how_to_start", "course", "keywords", "reviewed",
    "schedule",  # structured opening hours, see opening_hours.py
}
CONTACT_FIELDS = ("office", "phone", "email", "address", "web")
TEXT_LIMITS = {"title": 80, "summary": 200, "organizer": 120, "cost": 200, "hours": 300, "how_to_start": 500}
REQUIRED_TEXT = ("title", "summary")


@dataclass
class ContentProblem:
    """One thing wrong with one content file."""

    file: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.problem}"


@dataclass
class ParsedService:
    """A valid service page: its slug, normalised front matter and Markdown."""

    slug: str
    front_matter: dict
    body: str


@dataclass
class ParseResult:
    service: ParsedService | None = None
    problems: list[ContentProblem] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Split ``---``-delimited YAML from the body; ``None`` if there is none."""
    text = text.lstrip("\ufeff")
    match = re.match(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)(.*)$", text, re.DOTALL)
    if not match:
        return None
    return match.group(1), match.group(2)


def parse_service(text: str, slug: str, filename: str, contacts: dict | None = None) -> ParseResult:
    """Parse and validate one service page's source text.

    ``contacts`` (the contacts file, see ``contacts.py``) checks offices and
    placeholders; ``None`` reads the file of the running app.
    """
    result = ParseResult()

    def problem(field_name: str, message: str) -> None:
        result.problems.append(ContentProblem(filename, field_name, message))

    if not SLUG_RE.match(slug):
        problem("filnamn", "namnet får bara innehålla a-z, 0-9 och bindestreck")
    parts = split_front_matter(text)
    if parts is None:
        problem("front matter", "filen måste börja med '---', sedan fälten och en rad med '---'")
        return result
    raw_yaml, body = parts
    try:
        data = yaml.safe_load(raw_yaml) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" på rad {mark.line + 2}" if mark else ""
        problem("front matter", f"kan inte läsas som YAML{where}")
        return result
    if not isinstance(data, dict):
        problem("front matter", "ska vara fält i formen 'namn: värde'")
        return result

    contacts = load_contacts() if contacts is None else contacts
    front_matter = validate_front_matter(data, problem, contacts)
    if not body.strip():
        problem("text", "sidan saknar brödtext under front matter")
    for message in check_placeholders(body, contacts):
        problem("text", message)
    for name in ("hours", "how_to_start"):
        for message in check_placeholders(front_matter.get(name, ""), contacts):
            problem(name, message)
    if not result.problems:
        result.service = ParsedService(slug=slug, front_matter=front_matter, body=body.strip() + "\n")
    return result


def validate_front_matter(data: dict, problem, contacts: dict | None = None) -> dict:
    """Check every field; report problems through ``problem(field, message)``.

    Messages are written for people: the same text serves ``flask content
    check`` (after the file and field name) and the editor's form (next to
    the field). Returns the normalised front matter (dates as ISO strings,
    lists as lists).
    """
    clean: dict = {}
    for unknown in sorted(set(map(str, data)) - FIELDS):
        problem(unknown, "okänt fält (stavfel?)")

    for name, limit in TEXT_LIMITS.items():
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if name in REQUIRED_TEXT:
                problem(name, "fältet saknas eller är tomt")
            continue
        if not isinstance(value, str):
            problem(name, "ska vara text")
        elif len(value) > limit:
            problem(name, f"är {len(value)} tecken, högst {limit} tillåts")
        else:
            clean[name] = " ".join(value.split())

    clean["ages"] = _validate_ages(data.get("ages"), problem)
    clean["topics"] = _validate_choices(data.get("topics"), "topics", TOPICS, problem, required=True)
    clean["audience"] = _validate_choices(data.get("audience"), "audience", AUDIENCES, problem, required=False)
    clean["contact"] = _validate_contact(data.get("contact"), problem, contacts)
    if data.get("course") is not None:
        clean["course"] = _validate_course(data["course"], problem)
    if data.get("schedule") is not None:
        clean["schedule"] = validate_schedule(data["schedule"], problem)
    clean["keywords"] = _validate_keywords(data.get("keywords"), problem)
    reviewed = _as_date(data.get("reviewed"))
    if data.get("reviewed") is None:
        problem("reviewed", "fältet saknas: ange datum då någon senast granskade sidan (ÅÅÅÅ-MM-DD)")
    elif reviewed is None:
        problem("reviewed", "ska vara ett datum i formen ÅÅÅÅ-MM-DD")
    else:
        clean["reviewed"] = reviewed.isoformat()
    return clean


def _validate_ages(value, problem) -> list[int]:
    if value is None:
        problem("ages", "Ange yngsta och äldsta ålder, till exempel 6 och 16.")
        return []
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        problem("ages", "Ange yngsta och äldsta ålder som två heltal, till exempel 6 och 16.")
        return []
    low, high = value
    if not (YOUNGEST <= low <= OLDEST and YOUNGEST <= high <= OLDEST):
        problem("ages", f"Åldrarna måste ligga mellan {YOUNGEST} och {OLDEST} år.")
    elif low > high:
        problem("ages", "Den yngsta åldern kan inte vara högre än den äldsta.")
    return [low, high]


def _validate_choices(value, name, allowed: dict, problem, required: bool) -> list[str]:
    if value is None or value == []:
        if required:
            problem(name, "fältet saknas: ange minst ett värde")
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problem(name, "ska vara en lista, till exempel [" + next(iter(allowed)) + "]")
        return []
    chosen = []
    for item in value:
        if item not in allowed:
            problem(name, f"okänt värde '{item}'; tillåtna: {', '.join(allowed)}")
        elif item not in chosen:
            chosen.append(item)
    return chosen


NO_CONTACT = "Ange minst ett sätt att nå tjänsten: telefon, e-post, adress eller webbadress."


def _validate_contact(value, problem, contacts: dict | None = None) -> dict:
    if not isinstance(value, dict) or not value:
        problem("contact", NO_CONTACT)
        return {}
    clean = {}
    for key, item in value.items():
        if key not in CONTACT_FIELDS:
            problem(f"contact.{key}", "okänt fält; tillåtna: " + ", ".join(CONTACT_FIELDS))
            continue
        item = str(item).strip() if item is not None else ""
        if not item:
            continue
        if key == "office" and contacts is not None and item not in contacts:
            problem("contact.office", f"Det finns ingen kontakt '{item}' i kontakter.yml.")
        elif key == "email" and not is_email(item):
            problem("contact.email", f"Skriv e-postadressen i formen namn@exempel.se (nu står det '{item}').")
        elif key == "phone" and not PHONE_RE.match(item):
            problem("contact.phone", f"Skriv telefonnumret med siffror, till exempel 070-174 06 05 (nu står det "
                                     f"'{item}').")
        elif key == "web" and not re.match(r"^https?://[^\s<>\"']+$", item):
            problem("contact.web", "Skriv en hel webbadress som börjar med https://")
        else:
            clean[key] = item
    if not clean and not any(str(k) not in CONTACT_FIELDS for k in value):
        problem("contact", NO_CONTACT)
    return clean


def _validate_course(value, problem) -> dict:
    if not isinstance(value, dict):
        problem("course", "ska ha fälten next_start och registration")
        return {}
    clean = {}
    for key in set(map(str, value)) - {"next_start", "registration"}:
        problem(f"course.{key}", "okänt fält; tillåtna: next_start, registration")
    if value.get("next_start") is not None:
        start = _as_date(value["next_start"])
        if start is None:
            problem("course.next_start", "ska vara ett datum i formen ÅÅÅÅ-MM-DD")
        else:
            clean["next_start"] = start.isoformat()
    registration = value.get("registration")
    if registration is not None:
        if registration not in REGISTRATION:
            problem("course.registration", f"okänt värde '{registration}'; tillåtna: {', '.join(REGISTRATION)}")
        else:
            clean["registration"] = registration
    return clean


def _validate_keywords(value, problem) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        problem("keywords", "ska vara en lista med ord, till exempel [alkohol, droger]")
        return []
    return [" ".join(str(v).split()) for v in value if str(v).strip()]


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def dump_service(front_matter: dict, body: str) -> str:
    """Write a page back in the file format (used by ``flask content export``)."""
    ordered = {key: front_matter[key] for key in _FIELD_ORDER
               if key in front_matter and front_matter[key] not in (None, [], {})}
    for date_key in ("reviewed",):
        if date_key in ordered:
            ordered[date_key] = dt.date.fromisoformat(ordered[date_key])
    if "course" in ordered and "next_start" in ordered["course"]:
        ordered["course"] = dict(ordered["course"], next_start=dt.date.fromisoformat(ordered["course"]["next_start"]))
    if "schedule" in ordered:
        ordered["schedule"] = [{key: dt.date.fromisoformat(value) if key in ("from", "to") else value
                                for key, value in rule.items()} for rule in ordered["schedule"]]
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
    return f"---\n{text}---\n\n{body.strip()}\n"


_FIELD_ORDER = ("title", "summary", "ages", "topics", "audience", "organizer", "cost", "contact",
                "hours", "schedule", "how_to_start", "course", "keywords", "reviewed")


def iter_service_files(content_dir: Path):
    """Every Swedish ``<slug>.md`` in the service folder (not the ``<slug>.<lang>.md`` versions), sorted."""
    folder = Path(content_dir) / "tjanster"
    return sorted(path for path in folder.glob("*.md") if "." not in path.stem)


def check_directory(content_dir: Path) -> tuple[list[ParsedService], list[ContentProblem]]:
    """Parse every service file; return the valid ones and all problems."""
    services, problems = [], []
    contacts = load_contacts(content_dir)
    for path in iter_service_files(content_dir):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            problems.append(ContentProblem(path.name, "fil", "kan inte läsas som UTF-8-text"))
            continue
        result = parse_service(text, path.stem, path.name, contacts)
        problems.extend(result.problems)
        if result.service:
            services.append(result.service)
    return services, problems
