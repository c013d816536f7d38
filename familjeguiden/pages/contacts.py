"""Contact details that many pages name, from one file: ``content/kontakter.yml``.

Familjeguiden's own number, social services' and socialjouren's, and the
national lines (112, BRIS, Självmordslinjen ...) appear on the emergency
page, service pages, the question form, e-mails and templates. When each
page wrote them itself they contradicted each other; now they are written
once, in ``kontakter.yml``, and everything takes them from there:

* in Markdown (service and text pages): ``{{ kontakt.socialtjansten.telefon }}``
  becomes the number as a ``tel:`` link (``epost`` a ``mailto:`` link;
  ``namn``, ``tider``, ``adress``, ``om`` plain text);
* in a service's front matter: ``contact: {office: socialtjansten}`` fills
  in that office's phone, e-mail and address;
* in templates: ``contact("bris", "telefon")`` and ``phone_link(number)``.

Texts that differ by language (``namn``, ``tider``, ``om``) may have
versions in the file (``tider_en: Weekdays 8 am–4 pm``); a page in that
language uses them, any other uses the Swedish text.

Every phone number on the site becomes a ``tel:`` link (literal numbers in
Markdown too, ``link_phone_numbers``), and the stylesheet keeps a number on
one line. ``check_placeholders`` lets ``flask content check`` name the file
and the placeholder when a key or field does not exist.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from flask import current_app, has_app_context
from markupsafe import Markup, escape

from ..text import tel_href

FILENAME = "kontakter.yml"
SHIPPED_CONTENT = Path(__file__).resolve().parent.parent / "content"
FIELDS = ("namn", "telefon", "epost", "adress", "tider", "om")
#: Front matter ``contact`` keys filled from an office: contact field -> kontakter.yml field.
OFFICE_TO_CONTACT = {"phone": "telefon", "email": "epost", "address": "adress"}
PLACEHOLDER = re.compile(r"\{\{\s*kontakt\.([a-z_]+)\.([a-z]+)\s*\}\}")

#: Swedish phone numbers as people write them: area code and groups of digits
#: (070-174 06 07, 031-390 06 00, 020-50 50 50, 077-150 50 50), and the short
#: national numbers (112, 114 14, 116 111, 1177, 90101).
PHONE_NUMBER = re.compile(
    r"(?<![\w+\-/.:])(?:0\d{1,3}[- ]\d{2,3}(?: \d{2,3}){1,3}|0\d{1,3}-\d{5,8}|112|114 14|116 111|1177|90101)"
    r"(?![\w\-/]| ?\d)")


@cache
def _load(path: str, _mtime: float) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = {}
    for section in ("kontor", "nationella"):
        for key, fields in (data.get(section) or {}).items():
            entries[key] = {name: str(value) for name, value in (fields or {}).items()
                            if name.split("_")[0] in FIELDS}
    return entries


def load_contacts(content_path: str | Path | None = None) -> dict[str, dict[str, str]]:
    """Every office and line: ``{key: {field: value}}`` (read again when the file changes).

    A content folder without its own contacts file (an export, a folder of
    pages to import) uses the installation's.
    """
    installed = Path(current_app.config["CONTENT_PATH"] if has_app_context() else SHIPPED_CONTENT)
    for folder in ([Path(content_path)] if content_path is not None else []) + [installed]:
        path = folder / FILENAME
        try:
            return _load(str(path), path.stat().st_mtime)
        except FileNotFoundError:
            continue
    return {}


def _value(entry: dict[str, str], field: str, language: str | None) -> str:
    """A field in ``language`` if the file has it (``tider_en``), else the Swedish one."""
    return entry.get(f"{field}_{language}") or entry.get(field, "") if language else entry.get(field, "")


def contact(key: str, field: str) -> str:
    """One value for templates, in the page's language: ``contact("familjeguiden", "tider")``."""
    from ..i18n import current_language

    return _value(load_contacts().get(key, {}), field, current_language())


def phone_link(number: str) -> Markup:
    """A phone number as a ``tel:`` link that stays on one line."""
    if not number:
        return Markup("")
    return Markup('<a class="tel" href="{href}">{number}</a>').format(href=tel_href(number), number=number)


def _value_html(entry: dict[str, str], field: str, language: str | None = None) -> Markup:
    value = _value(entry, field, language)
    if field == "telefon":
        return phone_link(value)
    if field == "epost" and value:
        return Markup('<a href="mailto:{0}">{0}</a>').format(value)
    return escape(value)


def fill_html(html: str, contacts: dict | None = None, language: str | None = None) -> str:
    """Replace placeholders in rendered (already sanitised) HTML by the values, escaped or as links."""
    contacts = load_contacts() if contacts is None else contacts
    if "kontakt." not in html:
        return html
    return PLACEHOLDER.sub(lambda m: str(_value_html(contacts.get(m.group(1), {}), m.group(2), language)), html)


def fill_text(text: str, contacts: dict | None = None, language: str | None = None) -> str:
    """Replace placeholders in plain text (e-mails, summaries) by the values."""
    contacts = load_contacts() if contacts is None else contacts
    return PLACEHOLDER.sub(lambda m: _value(contacts.get(m.group(1), {}), m.group(2), language), text)


def check_placeholders(text: str, contacts: dict) -> list[str]:
    """Problems (in Swedish) with the placeholders in ``text``: unknown key or field."""
    problems = []
    for match in PLACEHOLDER.finditer(text):
        key, field = match.groups()
        if key not in contacts:
            problems.append(f"{match.group(0)}: det finns ingen kontakt '{key}' i {FILENAME}")
        elif field not in contacts[key]:
            problems.append(f"{match.group(0)}: kontakten '{key}' har inget fält '{field}'")
    return problems


def office_contact(contact_fields: dict, contacts: dict | None = None) -> dict:
    """A front matter ``contact`` with an ``office`` filled in from the contacts file."""
    office = contact_fields.get("office")
    if not office:
        return dict(contact_fields)
    contacts = load_contacts() if contacts is None else contacts
    entry = contacts.get(office, {})
    filled = {field: entry[source] for field, source in OFFICE_TO_CONTACT.items() if entry.get(source)}
    filled.update({k: v for k, v in contact_fields.items() if k != "office"})
    return filled


_LINK_OR_TAG = re.compile(r"(<a\b[^>]*>.*?</a>|<[^>]+>)", re.DOTALL | re.IGNORECASE)


def link_phone_numbers(html: str) -> str:
    """Every phone number in the text of ``html`` (outside links and tags) as a ``tel:`` link."""
    pieces = _LINK_OR_TAG.split(html)
    for i in range(0, len(pieces), 2):  # even pieces are text between tags
        pieces[i] = PHONE_NUMBER.sub(lambda m: str(phone_link(m.group(0))), pieces[i])
    return "".join(pieces)
