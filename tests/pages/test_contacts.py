"""One source of truth for contact details (content/kontakter.yml).

Every phone number the public site or an e-mail shows must belong to
exactly one office, national line or service, and the numbers of the
offices and lines in kontakter.yml must never be typed by hand into a page,
a template or an e-mail: only the placeholder or ``contact()`` may produce
them. So two pages can no longer state different numbers for one office,
and changing a number in kontakter.yml changes it everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.pages.contacts import PHONE_NUMBER, load_contacts
from familjeguiden.text import normalise_phone

PACKAGE = Path(__file__).resolve().parents[2] / "familjeguiden"
TEXT_PAGES = ["/", "/tjanster/", "/akut", "/om", "/om/personuppgifter", "/om/tillganglighet", "/om/surfa-sakert",
              "/fraga", "/arende", "/fraga/skickad", "/sok?q=han+slår+mig", "/sok?q=vill+inte+leva"]


def _key(number: str) -> str:
    """Numbers compared by their digits (short national numbers have no area code)."""
    return normalise_phone(number) or re.sub(r"\D", "", number)


def owners(app) -> dict[str, set[str]]:
    """Every registered number -> who it belongs to (office or line key, or service slug)."""
    found: dict[str, set[str]] = {}
    for key, fields in load_contacts().items():
        if fields.get("telefon"):
            found.setdefault(_key(fields["telefon"]), set()).add(f"kontakt:{key}")
    for service in get_catalogue().services:
        if service.contact.get("phone"):
            found.setdefault(_key(service.contact["phone"]), set())
    return found


def numbers_in(html: str) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", html)
    return {match.group(0) for match in PHONE_NUMBER.finditer(text)} | set(re.findall(r'href="tel:([^"]+)"', html))


def test_every_number_on_the_public_site_is_registered_once(app, client):
    registered = owners(app)
    shared = {number: who for number, who in registered.items() if len(who) > 1}
    assert not shared, f"one number for several offices: {shared}"
    pages = TEXT_PAGES + [f"/tjanster/{s.slug}" for s in get_catalogue().services]
    unknown = {}
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        for number in numbers_in(html):
            if _key(number) not in registered:
                unknown.setdefault(number, []).append(url)
    assert not unknown, f"numbers nobody registered (typed by hand?): {unknown}"


def test_the_offices_numbers_are_never_typed_by_hand():
    contacts = load_contacts(PACKAGE / "content")
    office_numbers = {fields["telefon"] for fields in contacts.values() if len(fields.get("telefon", "")) > 6}
    sources = [p for p in (PACKAGE / "content").rglob("*.md")] + list((PACKAGE / "templates").rglob("*.*"))
    typed = {}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for number in office_numbers:
            if number in text:
                typed.setdefault(str(path.relative_to(PACKAGE)), []).append(number)
    assert not typed, f"write {{{{ kontakt.<kontor>.telefon }}}} (or contact() in templates) instead: {typed}"


@pytest.mark.parametrize("office", ["familjeguiden", "socialtjansten", "socialjouren"])
def test_a_changed_number_in_the_contacts_file_changes_every_page(app_factory, tmp_path, office):
    import shutil

    content = tmp_path / "innehall"
    shutil.copytree(PACKAGE / "content", content)
    path = content / "kontakter.yml"
    old = load_contacts(content)[office]["telefon"]
    path.write_text(path.read_text(encoding="utf-8").replace(f'"{old}"', '"031-390 06 99"'), encoding="utf-8")
    app = app_factory(CONTENT_PATH=str(content))
    with app.app_context():
        client = app.test_client()
        shown = "".join(client.get(url).get_data(as_text=True) for url in ("/akut", "/fraga", "/om"))
        shown += "".join(client.get(f"/tjanster/{s.slug}").get_data(as_text=True)
                         for s in get_catalogue().services)
    assert "031-390 06 99" in shown and old not in shown


def test_every_phone_number_is_a_link_that_does_not_break(client):
    html = client.get("/akut").get_data(as_text=True)
    text_only = re.sub(r"<a [^>]*href=\"tel:[^\"]+\"[^>]*>[^<]*</a>", " ", html)
    text_only = re.sub(r"<[^>]+>", " ", text_only)
    loose = [m.group(0) for m in PHONE_NUMBER.finditer(text_only)]
    assert not loose, f"numbers on /akut that are not tel: links: {loose}"
    css = (PACKAGE / "static" / "site.css").read_text(encoding="utf-8")
    assert re.search(r'a\[href\^="tel:"\][^}]*white-space:\s*nowrap', css)
