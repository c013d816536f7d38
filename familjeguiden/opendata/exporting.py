"""``flask opendata export``: the whole directory as HSDS files.

The same documents the API serves, so a municipality can publish them as
static files or hand them to a national directory::

    DIR/index.json                   the API root (version, profile)
    DIR/openapi.json
    DIR/services.json                every published service, fully nested (a JSON list)
    DIR/services/<id>.json           one service
    DIR/organizations.json, DIR/organizations/<id>.json
    DIR/taxonomies.json, DIR/taxonomy_terms.json
    DIR/csv/*.csv + datapackage.json the HSDS tabular form
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flask import current_app

from ..pages import opening_hours
from ..timeutil import STOCKHOLM
from .openapi import openapi_document
from .snapshot import get_snapshot
from .tabular import rows_from, write_datapackage


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def export_directory(folder: Path, today: dt.date | None = None) -> dict[str, int]:
    today = today or opening_hours.clock().astimezone(STOCKHOLM).date()
    snap = get_snapshot(today)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    services = [snap.services[sid] for sid in snap.order]
    organizations = [snap.organizations[oid] for oid in snap.organization_order]
    _write(folder / "index.json", {"version": "3.0",
                                   "profile": current_app.config.get("HSDS_PROFILE_URL")
                                   or f"{base}/api/hsds/openapi.json",
                                   "openapi_url": f"{base}/api/hsds/openapi.json"})
    _write(folder / "openapi.json", openapi_document())
    _write(folder / "services.json", services)
    for service in services:
        _write(folder / "services" / f"{service['id']}.json", service)
    _write(folder / "organizations.json", organizations)
    for organization in organizations:
        _write(folder / "organizations" / f"{organization['id']}.json", organization)
    _write(folder / "taxonomies.json", snap.taxonomies)
    _write(folder / "taxonomy_terms.json", snap.terms)
    flat_orgs = [{k: v for k, v in o.items() if k != "services"} for o in organizations]
    write_datapackage(folder / "csv", rows_from(services, flat_orgs, snap.taxonomies, snap.terms))
    return {"services": len(services), "organizations": len(organizations)}
