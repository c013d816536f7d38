"""``flask opendata import``: another organisation's HSDS services as draft pages.

A neighbouring municipality publishes its services as HSDS; an editor here
may want some of them in the guide. Each service becomes a *draft* page
(never published by the import) that an editor completes and publishes in
the page editor. Everything the front matter has no place for is reported,
per service and field, so nothing is lost without anyone knowing.

Importing the same file again updates the same drafts: a page made from a
source service gets the id ``uuid5(our namespace, "import/<source id>")``,
found again on the next import. The source's own id is not reused, so our
open data never publishes another publisher's id as ours.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid as uuidlib
from dataclasses import dataclass, field

from ..extensions import db
from ..pages.content import validate_front_matter
from ..pages.models import DRAFT, Page, PageRedirect
from ..pages.operations import add_revision, latest_revision
from ..taxonomy import AUDIENCES, TOPICS
from ..text import slugify
from ..timeutil import local_today
from . import ids
from .mapping import AUDIENCE_TAXONOMY, TOPIC_TAXONOMY
from .schedules import BYDAY

AUTHOR = "Import av öppna data (HSDS)"
#: Fields we read (or that only describe the record itself); anything else non-empty is reported.
READ = {"id", "name", "description", "url", "email", "status", "application_process", "fees_description",
        "fees", "eligibility_description", "minimum_age", "maximum_age", "phones", "schedules",
        "service_at_locations", "organization", "organization_id", "cost_options", "attributes", "languages",
        "last_modified", "contacts"}


class ImportFileError(ValueError):
    """The file cannot be read as HSDS at all (a Swedish message)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    slugs: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)   # "Tjänst: fält: varför"


def load_services(text: str) -> list[dict]:
    """A page envelope (``contents``), a list of services, or one service."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportFileError(f"filen är inte giltig JSON (rad {getattr(exc, 'lineno', '?')})") from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFileError("filen ska innehålla en HSDS-tjänstelista (contents), en lista med tjänster "
                              "eller en tjänst")
    for number, item in enumerate(data, start=1):
        if not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ImportFileError(f"tjänst nummer {number} saknar namn (name)")
    return data


def import_drafts(services: list[dict], today: dt.date | None = None) -> ImportReport:
    """Create or update one draft page per service, in one transaction."""
    report = ImportReport()
    today = today or local_today()
    for service in services:
        name = " ".join(service["name"].split())
        unmapped: list[tuple[str, str]] = []
        front_matter, body = to_front_matter(service, unmapped, today)
        problems: list[tuple[str, str]] = []
        clean = validate_front_matter(front_matter, lambda f, m, found=problems: found.append((f, m)))
        clean = {k: v for k, v in clean.items() if v not in (None, [], {})}
        for field_name, message in problems:
            if field_name != "reviewed":  # set when an editor publishes
                unmapped.append((field_name, f"behöver kompletteras i redigeraren: {message}"))
        report.unmapped.extend(f"{name}: {f}: {why}" for f, why in unmapped)
        page_id = _page_uuid(service, name)
        page = db.session.scalar(db.select(Page).where(Page.uuid == page_id))
        if page is None:
            page = Page(slug=_free_slug(name), status=DRAFT, uuid=page_id)
            db.session.add(page)
            db.session.flush()
            report.created += 1
        else:
            current = latest_revision(page)
            if current is not None and current.front_matter == clean and current.body == body:
                report.unchanged += 1
                report.slugs.append(page.slug)
                continue
            report.updated += 1
        source = str(service.get("id") or "")[:60]
        add_revision(page, clean, body, AUTHOR, f"Importerad från HSDS{' (id ' + source + ')' if source else ''}")
        db.session.flush()
        report.slugs.append(page.slug)
    db.session.commit()
    return report


def _page_uuid(service: dict, name: str) -> str:
    source = str(service.get("id") or "").strip() or f"name/{name.lower()}"
    return str(uuidlib.uuid5(ids.municipality_namespace(), f"import/{source}"))


def _free_slug(name: str) -> str:
    base = slugify(name) or "tjanst"
    slug, n = base, 1
    while (db.session.scalar(db.select(Page.id).where(Page.slug == slug)) is not None
           or db.session.get(PageRedirect, slug) is not None):
        n += 1
        slug = f"{base[:76]}-{n}"
    return slug


def to_front_matter(service: dict, unmapped: list, today: dt.date) -> tuple[dict, str]:
    """Map one HSDS service; every field we cannot keep goes to ``unmapped`` as (field, why)."""
    for key in sorted(set(service) - READ):
        if service[key] not in (None, "", [], {}):
            unmapped.append((key, "finns inte i Familjeguidens sidor"))
    fm: dict = {"title": " ".join(service["name"].split())}
    description = (service.get("description") or "").strip()
    if description:
        fm["summary"] = _first_sentence(description)
    ages = [service.get("minimum_age"), service.get("maximum_age")]
    if all(isinstance(a, (int, float)) for a in ages):
        fm["ages"] = [int(a) for a in ages]
    elif any(a is not None for a in ages):
        fm["ages"] = [int(ages[0] or 0), int(ages[1] if ages[1] is not None else 20)]
    organization = service.get("organization") or {}
    if organization.get("name"):
        fm["organizer"] = organization["name"]
    cost = service.get("fees_description") or service.get("fees")
    options = service.get("cost_options") or []
    if not cost and options:
        cost = options[0].get("option") or options[0].get("amount_description")
    if cost:
        fm["cost"] = cost
    if len(options) > 1:
        unmapped.append(("cost_options", f"{len(options)} kostnadsalternativ; bara ett kan visas"))
    if service.get("application_process"):
        fm["how_to_start"] = service["application_process"]
    fm["contact"] = _contact(service, unmapped)
    rules, hours = _schedule(service.get("schedules") or [], unmapped, today)
    if rules:
        fm["schedule"] = rules
    if hours:
        fm["hours"] = hours
    topics, audience = _terms(service.get("attributes") or [], unmapped)
    if topics:
        fm["topics"] = topics
    if audience:
        fm["audience"] = audience
    if service.get("status") not in (None, "active"):
        unmapped.append(("status", f"tjänsten är '{service['status']}' hos källan"))
    for language in service.get("languages") or []:
        if (language.get("code") or "").lower() not in ("sv", "swe"):
            unmapped.append(("languages", f"språket {language.get('name') or language.get('code')} kan inte anges"))
    body_parts = [description] if description else []
    if service.get("eligibility_description"):
        body_parts.append(service["eligibility_description"].strip())
    return fm, "\n\n".join(body_parts) + "\n" if body_parts else ""


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"^(.{20,200}?[.!?])(\s|$)", text)
    return match.group(1) if match else text[:200].rsplit(" ", 1)[0] if len(text) > 200 else text


def _contact(service: dict, unmapped: list) -> dict:
    contact = {}
    phones = service.get("phones") or []
    if phones:
        contact["phone"] = phones[0].get("number", "")
        if len(phones) > 1:
            unmapped.append(("phones", f"{len(phones)} telefonnummer; bara det första används"))
    email = service.get("email") or next((c.get("email") for c in service.get("contacts") or [] if c.get("email")),
                                         None)
    if email:
        contact["email"] = email
    if service.get("url"):
        contact["web"] = service["url"]
    links = service.get("service_at_locations") or []
    if links:
        location = links[0].get("location") or {}
        addresses = location.get("addresses") or []
        if addresses:
            a = addresses[0]
            contact["address"] = ", ".join(p for p in (a.get("address_1"), a.get("postal_code"), a.get("city")) if p)
        elif location.get("name"):
            contact["address"] = location["name"]
        if len(links) > 1:
            unmapped.append(("service_at_locations", f"{len(links)} platser; bara den första används"))
    return {k: v for k, v in contact.items() if v}


def _schedule(schedules: list, unmapped: list, today: dt.date) -> tuple[list[dict], str]:
    """Weekly and monthly HSDS rules -> ``schedule:``; descriptions -> ``hours`` text."""
    rules: dict[tuple, dict] = {}
    texts: list[str] = []
    for number, item in enumerate(schedules, start=1):
        if item.get("description") and item["description"] not in texts and not item.get("freq"):
            texts.append(item["description"])
        if not item.get("freq"):
            continue
        rule = _rule(item, number, unmapped, today)
        if rule is None:
            continue
        key = tuple((k, v) for k, v in rule.items() if k not in ("from", "to"))
        seen = rules.get(key)
        if seen is None:
            rules[key] = rule
        elif "to" not in rule or "to" not in seen:  # the same rule split into periods (as we publish it)
            seen.pop("to", None)
        else:
            seen["to"] = max(seen["to"], rule["to"])
    hours = " ".join(texts)[:300]
    return list(rules.values()), hours


def _rule(item: dict, number: int, unmapped: list, today: dt.date) -> dict | None:
    where = f"schedules[{number}]"
    for key in ("byweekno", "bymonthday", "byyearday", "count", "dtstart", "until"):
        if item.get(key) not in (None, ""):
            unmapped.append((f"{where}.{key}", "sådana regler kan inte anges i schedule"))
            return None
    if item.get("interval") not in (None, 1, "1"):
        unmapped.append((f"{where}.interval", "bara varje vecka eller månad kan anges"))
        return None
    days, monthly = [], []
    for part in (item.get("byday") or "").split(","):
        match = re.fullmatch(r"\s*(-?\d)?([A-Z]{2})\s*", part.upper())
        if not match or match.group(2) not in BYDAY:
            unmapped.append((f"{where}.byday", f"'{item.get('byday')}' kan inte läsas"))
            return None
        days.append(BYDAY.index(match.group(2)))
        if match.group(1):
            monthly.append(int(match.group(1)))
    opens, closes = _local_time(item.get("opens_at"), item), _local_time(item.get("closes_at"), item)
    if not days or opens is None or closes is None:
        unmapped.append((where, "saknar dagar eller öppettider"))
        return None
    from ..pages.opening_hours import ORDINAL_NAMES, clock_text, days_text

    rule = {"days": days_text(set(days)), "time": f"{clock_text(opens)}-{clock_text(closes)}"}
    if item.get("freq") == "MONTHLY":
        if not monthly or any(n not in ORDINAL_NAMES for n in monthly):
            unmapped.append((f"{where}.byday", "bara första–fjärde eller sista veckodagen i månaden kan anges"))
            return None
        rule["monthly"] = ", ".join(ORDINAL_NAMES[n] for n in sorted(set(monthly), key=lambda n: n if n > 0 else 9))
    if item.get("description"):
        rule["note"] = item["description"][:60]
    if item.get("valid_from") and item["valid_from"] > today.isoformat():
        rule["from"] = item["valid_from"]
    if item.get("valid_to"):
        rule["to"] = item["valid_to"]
    return rule


def _local_time(value, item: dict) -> dt.time | None:
    """``09:00+01:00`` -> 9.00 Swedish time (converted if the offset is another country's)."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?\s*", str(value or ""))
    if not match:
        return None
    clock = dt.time(int(match.group(1)) % 24, int(match.group(2)))
    zone = match.group(3)
    if not zone:
        return clock
    from ..timeutil import STOCKHOLM

    offset = dt.timedelta() if zone == "Z" else dt.timedelta(
        hours=int(zone[1:3]), minutes=int(zone[-2:])) * (1 if zone[0] == "+" else -1)
    day = dt.date.fromisoformat(item["valid_from"]) if item.get("valid_from") else local_today()
    moment = dt.datetime.combine(day, clock, tzinfo=dt.timezone(offset))
    return moment.astimezone(STOCKHOLM).time().replace(tzinfo=None)


def _terms(attributes: list, unmapped: list) -> tuple[list[str], list[str]]:
    topics, audience = [], []
    for attribute in attributes:
        term = attribute.get("taxonomy_term") or {}
        taxonomy, code = term.get("taxonomy"), term.get("code")
        if taxonomy == TOPIC_TAXONOMY and code in TOPICS:
            topics.append(code)
        elif taxonomy == AUDIENCE_TAXONOMY and code in AUDIENCES:
            audience.append(code)
        else:
            label = term.get("name") or code or attribute.get("taxonomy_term_id") or attribute.get("id")
            unmapped.append(("attributes", f"termen '{label}' ({taxonomy or 'okänd taxonomi'}) finns inte bland "
                                           "Familjeguidens ämnen och målgrupper"))
    return topics, audience
