"""The HSDS tabular form: one CSV per object type and a Frictionless datapackage.

HSDS 3.0 defines a CSV file per object (``services.csv``, ``phones.csv``,
...) whose columns are the object's one-to-one fields in schema order;
nested objects become rows of their own table, tied by ``*_id`` columns.
The column lists below are those of the specification's schemas (a test
compares them with the copied schema files).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

#: file stem -> (HSDS object, columns in schema order)
TABLES = {
    "services": ("service", ("id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
                             "email", "status", "interpretation_services", "application_process",
                             "fees_description", "wait_time", "fees", "accreditations", "eligibility_description",
                             "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert",
                             "last_modified")),
    "organizations": ("organization", ("id", "name", "alternate_name", "description", "email", "website",
                                       "tax_status", "tax_id", "year_incorporated", "legal_status", "logo", "uri",
                                       "parent_organization_id")),
    "locations": ("location", ("id", "location_type", "url", "organization_id", "name", "alternate_name",
                               "description", "transportation", "latitude", "longitude", "external_identifier",
                               "external_identifier_type")),
    "service_at_location": ("service_at_location", ("id", "service_id", "location_id", "description")),
    "phones": ("phone", ("id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
                         "number", "extension", "type", "description")),
    "schedules": ("schedule", ("id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
                               "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday",
                               "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at",
                               "schedule_link", "attending_type", "notes")),
    "languages": ("language", ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    "cost_options": ("cost_option", ("id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
                                     "amount_description")),
    "contacts": ("contact", ("id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
                             "title", "department", "email")),
    "attributes": ("attribute", ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")),
    "taxonomies": ("taxonomy", ("id", "name", "description", "uri", "version")),
    "taxonomy_terms": ("taxonomy_term", ("id", "code", "name", "description", "parent_id", "taxonomy", "language",
                                         "taxonomy_id", "term_uri")),
}
NUMBERS = {"minimum_age", "maximum_age", "timezone", "interval", "count", "amount", "extension", "latitude",
           "longitude", "year_incorporated"}


def rows_from(services: list[dict], organizations: list[dict], taxonomies: list[dict], terms: list[dict]) -> dict:
    """Flatten fully nested services into the rows of each table (each id once)."""
    tables: dict[str, dict[str, dict]] = {name: {} for name in TABLES}

    def add(table: str, row: dict) -> None:
        tables[table].setdefault(row["id"], row)

    for org in organizations:
        add("organizations", org)
    for service in services:
        add("services", service)
        for phone in service.get("phones", ()):
            add("phones", phone)
        for schedule in service.get("schedules", ()):
            add("schedules", schedule)
        for language in service.get("languages", ()):
            add("languages", language)
        for option in service.get("cost_options", ()):
            add("cost_options", option)
        for contact in service.get("contacts", ()):
            add("contacts", contact)
        for attribute in service.get("attributes", ()):
            add("attributes", attribute)
        for link in service.get("service_at_locations", ()):
            add("service_at_location", link)
            add("locations", link["location"])
    for taxonomy in taxonomies:
        add("taxonomies", taxonomy)
    for term in terms:
        add("taxonomy_terms", term)
    return {name: list(rows.values()) for name, rows in tables.items()}


def write_datapackage(folder: Path, tables: dict[str, list[dict]]) -> int:
    """Write every table as CSV plus ``datapackage.json``; returns the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, (hsds_object, columns) in TABLES.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in tables[name]:
                writer.writerow({c: row[c] for c in columns if c in row and not isinstance(row[c], (list, dict))})
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": f"HSDS 3.0 {hsds_object}",
            "schema": {"fields": [{"name": c, "type": "number" if c in NUMBERS else "string"} for c in columns],
                       "primaryKey": "id"},
        })
    package = {"name": "familjeguiden-hsds", "title": "Familjeguiden: tjänster som HSDS 3.0",
               "profile": "tabular-data-package", "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return len(resources) + 1
