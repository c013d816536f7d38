"""The published services, held in memory by each worker.

Public pages are read far more often than they change, so each worker keeps
a snapshot of every published revision (already rendered to HTML) and the
finished HTML of pages it has served. Whoever changes content calls
``bump_generation``; it replaces a small file in the instance folder, and
each worker compares that file's identity (one ``stat`` call) on every
request, so a publish is visible in every worker on its next request without
a restart and without a database query per request.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from ..extensions import db
from ..taxonomy import TOPICS, age_group_overlaps, age_groups_for
from .models import PUBLISHED, Page
from .opening_hours import rules_from

log = logging.getLogger(__name__)
GENERATION_FILE = "innehall.generation"
_lock = threading.Lock()


@dataclass(frozen=True)
class Service:
    """A published service page as the public site shows it."""

    slug: str
    revision_id: int
    title: str
    summary: str
    ages: tuple[int, int]
    topics: tuple[str, ...]
    audience: tuple[str, ...]
    contact: dict
    reviewed: dt.date
    body_html: str
    body: str
    organizer: str = ""
    cost: str = ""
    hours: str = ""
    how_to_start: str = ""
    course: dict = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    #: Structured opening hours (``opening_hours.Rule``), empty when the page has none.
    schedule: tuple = ()

    @property
    def age_groups(self) -> list[str]:
        return age_groups_for(self.ages)

    @classmethod
    def from_revision(cls, slug: str, revision) -> Service:
        fm = revision.front_matter
        return cls(
            slug=slug,
            revision_id=revision.id,
            title=fm["title"],
            summary=fm["summary"],
            ages=tuple(fm["ages"]),
            topics=tuple(fm["topics"]),
            audience=tuple(fm.get("audience", ())),
            contact=dict(fm.get("contact", {})),
            reviewed=dt.date.fromisoformat(fm["reviewed"]),
            body_html=revision.body_html,
            body=revision.body,
            organizer=fm.get("organizer", ""),
            cost=fm.get("cost", ""),
            hours=fm.get("hours", ""),
            how_to_start=fm.get("how_to_start", ""),
            course=dict(fm.get("course", {})),
            keywords=tuple(fm.get("keywords", ())),
            schedule=rules_from(fm.get("schedule")),
        )


def swedish_sort_key(text: str) -> str:
    """Sort å, ä, ö after z, as Swedish readers expect."""
    return text.lower().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"}))


class Catalogue:
    """An immutable snapshot of every published service."""

    def __init__(self, services: list[Service], token: tuple):
        self.token = token
        self.services = sorted(services, key=lambda s: swedish_sort_key(s.title))
        self.by_slug = {s.slug: s for s in self.services}
        #: Finished HTML of public pages, keyed by the view that made it.
        self.rendered: dict[tuple, str] = {}

    def get(self, slug: str) -> Service | None:
        return self.by_slug.get(slug)

    def filter(self, age_group: str | None = None, topic: str | None = None) -> list[Service]:
        """Services whose age range overlaps ``age_group`` and that cover ``topic``."""
        return [
            s for s in self.services
            if (not age_group or age_group_overlaps(age_group, s.ages))
            and (not topic or topic in s.topics)
        ]

    def topic_counts(self, age_group: str | None = None) -> dict[str, int]:
        matching = self.filter(age_group=age_group)
        return {t: sum(t in s.topics for s in matching) for t in TOPICS}

    def related(self, service: Service, limit: int = 4) -> list[Service]:
        """Other services sharing a topic, those sharing the most first."""
        scored = [
            (len(set(service.topics) & set(other.topics)), other)
            for other in self.services if other.slug != service.slug
        ]
        scored = [pair for pair in scored if pair[0] > 0]
        scored.sort(key=lambda pair: -pair[0])
        return [other for _score, other in scored[:limit]]


def generation_path() -> Path:
    return Path(current_app.instance_path) / GENERATION_FILE


def generation_token() -> tuple:
    """Identity of the generation file: changes whenever content changes."""
    try:
        st = os.stat(generation_path())
    except FileNotFoundError:
        return (0, 0)
    return (st.st_ino, st.st_mtime_ns)


def bump_generation() -> None:
    """Tell every worker that published content changed (atomic replace)."""
    path = generation_path()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(str(time.time_ns()))
    os.replace(tmp, path)


def load_catalogue() -> Catalogue:
    """Read every published revision from the database."""
    token = generation_token()
    pages = db.session.scalars(
        db.select(Page).where(Page.status == PUBLISHED, Page.published_revision_id.is_not(None))
    ).all()
    services = []
    for page in pages:
        try:
            services.append(Service.from_revision(page.slug, page.published_revision))
        except (KeyError, TypeError, ValueError):
            log.exception("Sidan %s har en trasig revision och visas inte", page.slug)
    return Catalogue(services, token)


def get_catalogue() -> Catalogue:
    """This worker's snapshot, reloaded when the generation has changed."""
    state = current_app.extensions.setdefault("familjeguiden.catalogue", {})
    current = state.get("catalogue")
    if current is not None and current.token == generation_token():
        return current
    with _lock:
        current = state.get("catalogue")
        if current is None or current.token != generation_token():
            current = state["catalogue"] = load_catalogue()
    return current
