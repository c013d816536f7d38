"""Every HSDS document of one content generation, built once per worker.

The API is read far more often than content changes, so each worker maps
the published catalogue to HSDS once, when the catalogue (a new content
generation) or the daylight-saving period (the schedules' UTC offsets)
changes, and keeps the finished JSON bodies with their ETags. One database
query per generation adds what the catalogue lacks: each page's stable id,
when it last changed, and the pages that were withdrawn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass, field

from flask import current_app

from ..extensions import db
from ..pages.catalogue import get_catalogue
from ..pages.models import PUBLISHED, UNPUBLISHED, Page, PageRevision
from . import mapping
from .mapping import PageInfo, Site
from .schedules import period_key

EXTENSION_KEY = "familjeguiden.opendata"
MAX_CACHED_BODIES = 512
_lock = threading.Lock()


@dataclass
class Snapshot:
    catalogue: object
    period: dt.date
    services: dict[str, dict] = field(default_factory=dict)        # id -> full service
    list_items: dict[str, dict] = field(default_factory=dict)      # id -> one-to-one fields
    order: list[str] = field(default_factory=list)                 # active ids, catalogue order
    slug_of: dict[str, str] = field(default_factory=dict)          # id -> slug
    id_of: dict[str, str] = field(default_factory=dict)            # slug -> id
    modified: dict[str, dt.datetime] = field(default_factory=dict)
    terms_of: dict[str, set[str]] = field(default_factory=dict)
    withdrawn: dict[str, dict] = field(default_factory=dict)       # id -> minimal inactive record
    organizations: dict[str, dict] = field(default_factory=dict)   # id -> full organisation
    organization_order: list[str] = field(default_factory=list)
    taxonomies: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    bodies: dict[tuple, tuple[bytes, str]] = field(default_factory=dict)

    def body(self, key: tuple, build) -> tuple[bytes, str]:
        """The finished JSON and its ETag for ``key``, made once per snapshot."""
        found = self.bodies.get(key)
        if found is None:
            data = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()
            found = (data, hashlib.sha256(data).hexdigest()[:32])
            if len(self.bodies) >= MAX_CACHED_BODIES:
                self.bodies.clear()
            self.bodies[key] = found
        return found


def site() -> Site:
    config = current_app.config
    return Site(base_url=config["PUBLIC_BASE_URL"].rstrip("/"), municipality=config["MUNICIPALITY_NAME"])


def page_infos() -> tuple[dict[str, PageInfo], list[tuple[str, str, dt.datetime]]]:
    """Published pages by slug, and withdrawn ones as ``(uuid, title, when)``.

    Drafts that were never published are not open data and are left out.
    """
    rows = db.session.execute(
        db.select(Page.slug, Page.uuid, Page.status, Page.updated_at, PageRevision.created_at,
                  PageRevision.front_matter)
        .join(PageRevision, PageRevision.id == Page.published_revision_id)
        .where(Page.status.in_((PUBLISHED, UNPUBLISHED)))
    ).all()
    published, withdrawn = {}, []
    for slug, uuid, status, updated_at, revision_at, front_matter in rows:
        if not uuid:
            continue
        modified = max(updated_at, revision_at)
        if status == PUBLISHED:
            published[slug] = PageInfo(uuid=uuid, modified=modified)
        else:
            withdrawn.append((uuid, (front_matter or {}).get("title") or slug, modified))
    return published, withdrawn


def build(catalogue, today: dt.date) -> Snapshot:
    snap = Snapshot(catalogue=catalogue, period=period_key(today))
    where = site()
    published, withdrawn = page_infos()
    by_organizer: dict[str, list] = {}
    for service in catalogue.services:
        if service.slug in published:
            by_organizer.setdefault(mapping.organizer_name(service, where), []).append(service)
    orgs = {name: mapping.organization(name, services, where) for name, services in by_organizer.items()}
    for service in catalogue.services:
        page = published.get(service.slug)
        if page is None:  # published after this worker loaded its catalogue: next generation has it
            continue
        org = orgs[mapping.organizer_name(service, where)]
        sid = page.uuid
        snap.services[sid] = mapping.full_service(service, page, org, where, today)
        snap.list_items[sid] = mapping.service_list_item(service, page, org, where)
        snap.order.append(sid)
        snap.slug_of[sid], snap.id_of[service.slug] = service.slug, sid
        snap.modified[sid] = page.modified
        snap.terms_of[sid] = mapping.term_ids(service)
    for uuid, title, modified in withdrawn:
        snap.withdrawn[uuid] = mapping.withdrawn_service(uuid, title, modified)
        snap.modified[uuid] = modified
    for name in sorted(orgs, key=str.lower):
        org = dict(orgs[name])
        members = [snap.id_of[s.slug] for s in by_organizer[name] if s.slug in snap.id_of]
        org["services"] = [_without_organization(snap.list_items[sid]) for sid in members]
        snap.organizations[org["id"]] = org
        snap.organization_order.append(org["id"])
    snap.taxonomies = [mapping.taxonomy(name, where) for name in mapping.TAXONOMIES]
    snap.terms = mapping.all_terms(where)
    return snap


def _without_organization(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "organization"}


def get_snapshot(today: dt.date) -> Snapshot:
    """This worker's snapshot for the current catalogue and daylight-saving period."""
    catalogue = get_catalogue()
    state = current_app.extensions.setdefault(EXTENSION_KEY, {})
    current = state.get("snapshot")
    if current is not None and current.catalogue is catalogue and current.period == period_key(today):
        return current
    with _lock:
        current = state.get("snapshot")
        if current is None or current.catalogue is not catalogue or current.period != period_key(today):
            current = state["snapshot"] = build(catalogue, today)
    return current
