"""Stable HSDS identifiers: the same content gives the same ids, everywhere.

HSDS ids are UUIDs that other systems store and link to, so they must not
change when a page is renamed, re-imported or the site is installed anew.
Every id is a UUID5 (SHA-1 of a namespace and a name, RFC 9562):

* a namespace per municipality, derived from a fixed project namespace and
  ``MUNICIPALITY_NAME``, so two municipalities running Familjeguiden never
  publish the same id for their own "familjecentralen";
* a service's id comes from the slug its page was *first created with* and
  is stored on the page (``page.uuid``), so a rename keeps it;
* organisations and locations get theirs from their name or address (the
  same organiser on several pages is one organisation);
* the small objects inside a service (phones, schedules, ...) get theirs
  from the service id and what they are, so they are stable too.

This module imports nothing from the application, so ``pages.models`` can
use it for the column default.
"""

from __future__ import annotations

import uuid

#: Fixed for the project: uuid5(NAMESPACE_URL, "https://familjeguiden.example.org/hsds").
PROJECT_NAMESPACE = uuid.UUID("0e318fea-76b7-5175-8378-cc13086db829")
DEFAULT_MUNICIPALITY = "Exempelby kommun"


def municipality_namespace(municipality: str | None = None) -> uuid.UUID:
    if municipality is None:
        municipality = _configured_municipality()
    return uuid.uuid5(PROJECT_NAMESPACE, " ".join(municipality.split()).lower())


def _configured_municipality() -> str:
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config.get("MUNICIPALITY_NAME") or DEFAULT_MUNICIPALITY
    return DEFAULT_MUNICIPALITY


def service_id(slug: str, municipality: str | None = None) -> str:
    """The id a page gets when it is created (stored; never recomputed)."""
    return str(uuid.uuid5(municipality_namespace(municipality), f"service/{slug}"))


def organization_id(name: str, municipality: str | None = None) -> str:
    return str(uuid.uuid5(municipality_namespace(municipality), "organization/" + " ".join(name.split()).lower()))


def location_id(address: str, municipality: str | None = None) -> str:
    return str(uuid.uuid5(municipality_namespace(municipality), "location/" + " ".join(address.split()).lower()))


def taxonomy_id(name: str) -> str:
    """Taxonomies are the project's own vocabularies: the same in every municipality."""
    return str(uuid.uuid5(PROJECT_NAMESPACE, f"taxonomy/{name}"))


def taxonomy_term_id(taxonomy: str, code: str) -> str:
    return str(uuid.uuid5(PROJECT_NAMESPACE, f"taxonomy_term/{taxonomy}/{code}"))


def child_id(parent: str, kind: str, key: str) -> str:
    """An object inside a service: ``child_id(service, "phone", "070-174 06 05")``."""
    return str(uuid.uuid5(uuid.UUID(parent), f"{kind}/{key}"))


def new_page_uuid(context) -> str:
    """Column default for ``page.uuid``: from the slug the page is created with."""
    return service_id(context.get_current_parameters()["slug"])
