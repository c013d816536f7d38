"""The published services, held in memory by each worker.

Public pages are read far more often than they change, so each worker keeps
a snapshot of every published revision (already rendered to HTML) and the
finished HTML of pages it has served. The snapshot is made for one *content
generation*:

* the generation lives in the database (``ContentChange``: every publish,
  import, rename or unpublish adds a row in its own transaction), so every
  host sees every change; each worker asks for the newest id at most every
  ``CONTENT_CHECK_SECONDS`` (one indexed ``max(id)``);
* on the host where the change was made, ``bump_generation`` also replaces
  a small file in the instance folder, and every worker compares that file's
  identity (one ``stat``) on every request, so a publish shows in every
  worker of that host on the very next request.

A new generation, seen either way, makes the worker load a new snapshot.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import current_app

from ..extensions import db
from ..languages import prefix_links
from ..taxonomy import TOPICS, age_group_overlaps, age_groups_for
from ..text import swedish_sort_key
from .contacts import fill_html, fill_text, load_contacts, office_contact
from .models import PUBLISHED, ContentChange, Page, PageVersion
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
    #: The language of the texts: ``sv``, or a version's code (see ``languages``).
    language: str = "sv"
    #: Shown in Swedish because the version in the visitor's language is missing.
    fallback: bool = False
    #: A version's review state (``granskad``/``ej-granskad``); empty for the Swedish page.
    version_status: str = ""
    #: The Swedish page changed after this version was written.
    out_of_date: bool = False
    #: The Swedish revision's front matter, as stored (for fingerprints); not compared.
    source_front_matter: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def age_groups(self) -> list[str]:
        return age_groups_for(self.ages)

    def localised(self, revision, contacts: dict | None = None) -> Service:
        """This (Swedish) service with the texts of a language version's revision; facts stay Swedish."""
        contacts = load_contacts() if contacts is None else contacts
        fm = revision.front_matter
        return replace(
            self, revision_id=revision.id, language=revision.language, title=fm["title"], summary=fm["summary"],
            organizer=fm.get("organizer", self.organizer), cost=fm.get("cost", self.cost),
            hours=fill_text(fm.get("hours", self.hours), contacts, revision.language),
            how_to_start=fill_text(fm.get("how_to_start", self.how_to_start), contacts, revision.language),
            keywords=tuple(fm.get("keywords", ())), body=revision.body,
            body_html=prefix_links(fill_html(revision.body_html, contacts, revision.language), revision.language),
            version_status=fm.get("status", "ej-granskad"),
            out_of_date=fm.get("translation_of") != self.source_fingerprint,
        )

    @property
    def source_fingerprint(self) -> str:
        """The fingerprint of the Swedish text (what an up-to-date version's ``translation_of`` says)."""
        from .versions import fingerprint

        return fingerprint(self.source_front_matter, self.body)

    @classmethod
    def from_revision(cls, slug: str, revision, contacts: dict | None = None) -> Service:
        return cls.from_parts(slug, revision.id, revision.front_matter, revision.body, revision.body_html, contacts)

    @classmethod
    def from_parts(cls, slug: str, revision_id: int, fm: dict, body: str, body_html: str,
                   contacts: dict | None = None) -> Service:
        """A service from validated front matter and rendered body (a revision, or the editor's preview).

        The contacts file fills in an office's details and the body's
        placeholders (see ``contacts``).
        """
        contacts = load_contacts() if contacts is None else contacts
        return cls(
            slug=slug,
            revision_id=revision_id,
            title=fm["title"],
            summary=fm["summary"],
            ages=tuple(fm["ages"]),
            topics=tuple(fm["topics"]),
            audience=tuple(fm.get("audience", ())),
            contact=office_contact(dict(fm.get("contact", {})), contacts),
            reviewed=dt.date.fromisoformat(fm["reviewed"]),
            body_html=fill_html(body_html, contacts),
            body=body,
            organizer=fm.get("organizer", ""),
            cost=fm.get("cost", ""),
            hours=fill_text(fm.get("hours", ""), contacts),
            how_to_start=fill_text(fm.get("how_to_start", ""), contacts),
            course=dict(fm.get("course", {})),
            keywords=tuple(fm.get("keywords", ())),
            schedule=rules_from(fm.get("schedule")),
            source_front_matter=dict(fm),
        )


class Catalogue:
    """An immutable snapshot of every published service."""

    def __init__(self, services: list[Service], token: tuple, versions: list[Service] = ()):
        self.token = token
        self.services = sorted(services, key=lambda s: swedish_sort_key(s.title))
        self.by_slug = {s.slug: s for s in self.services}
        #: Language versions: (slug, language) -> the service with that version's texts.
        self.versions = {(v.slug, v.language): v for v in versions if v.slug in self.by_slug}
        #: Swedish pages shown in another version (links kept in that version), made on first use.
        self._fallbacks: dict[tuple[str, str], Service] = {}
        self._localised: dict[str, list[Service]] = {}
        #: Finished HTML of public pages, keyed by the view that made it.
        self.rendered: dict[tuple, str] = {}

    def get(self, slug: str, language: str | None = None) -> Service | None:
        """The service in ``language`` – its version, or the Swedish page marked as a fallback."""
        found = self.by_slug.get(slug)
        if found is None or not language or language == found.language:
            return found
        return self.versions.get((slug, language)) or self._fallbacks.setdefault(
            (slug, language), replace(found, fallback=True, body_html=prefix_links(found.body_html, language)))

    def languages_of(self, slug: str) -> tuple[str, ...]:
        """The languages the service exists in (Swedish first)."""
        return ("sv",) + tuple(lang for (s, lang) in sorted(self.versions) if s == slug)

    def in_language(self, language: str | None) -> list[Service]:
        """Every service, each in ``language`` where it exists (else Swedish), sorted for that language."""
        if not language or language == "sv":
            return self.services
        if language not in self._localised:
            shown = [self.get(s.slug, language) for s in self.services]
            self._localised[language] = sorted(shown, key=lambda s: swedish_sort_key(s.title))
        return self._localised[language]

    def filter(self, age_group: str | None = None, topic: str | None = None, language: str | None = None
               ) -> list[Service]:
        """Services whose age range overlaps ``age_group`` and that cover ``topic``."""
        return [
            s for s in self.in_language(language)
            if (not age_group or age_group_overlaps(age_group, s.ages))
            and (not topic or topic in s.topics)
        ]

    def topic_counts(self, age_group: str | None = None) -> dict[str, int]:
        matching = self.filter(age_group=age_group)
        return {t: sum(t in s.topics for s in matching) for t in TOPICS}

    def related(self, service: Service, limit: int = 4) -> list[Service]:
        """Other services sharing a topic, those sharing the most first (in the service's language)."""
        scored = [
            (len(set(service.topics) & set(other.topics)), other)
            for other in self.in_language(service.language if not service.fallback else None)
            if other.slug != service.slug
        ]
        scored = [pair for pair in scored if pair[0] > 0]
        scored.sort(key=lambda pair: -pair[0])
        return [other for _score, other in scored[:limit]]


def generation_path() -> Path:
    return Path(current_app.instance_path) / GENERATION_FILE


def _file_token() -> tuple:
    """Identity of this host's generation file: changes whenever content changed here."""
    try:
        st = os.stat(generation_path())
    except FileNotFoundError:
        return (0, 0)
    return (st.st_ino, st.st_mtime_ns)


def database_generation() -> int:
    """The newest content generation, as the database has it (0 before the first change)."""
    return db.session.scalar(db.select(db.func.max(ContentChange.id))) or 0


def known_generation(app=None) -> int:
    """The database generation, asked for at most every ``CONTENT_CHECK_SECONDS`` per process."""
    app = app or current_app._get_current_object()
    state = app.extensions.setdefault("familjeguiden.generation", {"checked": 0.0, "value": None})
    now = time.monotonic()
    if state["value"] is None or now - state["checked"] >= float(app.config["CONTENT_CHECK_SECONDS"]):
        state["value"] = database_generation()
        state["checked"] = now
    return state["value"]


def generation_token() -> tuple:
    """What a snapshot was made from: this host's file and the database's generation."""
    return (_file_token(), known_generation())


def record_change(slugs) -> None:
    """Add a new generation for ``slugs`` to the current transaction (the caller commits)."""
    db.session.add(ContentChange(slugs=sorted(set(slugs))))


def bump_generation(slugs=()) -> None:
    """After a commit that changed published content: a new generation, seen here at once.

    Writes the generation row (when the caller has not, in its own
    transaction, with ``record_change``), replaces this host's generation
    file (atomically) and forgets this process's cached database generation.
    """
    if slugs:
        record_change(slugs)
        db.session.commit()
    path = generation_path()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(str(time.time_ns()))
    os.replace(tmp, path)
    current_app.extensions.setdefault("familjeguiden.generation", {})["value"] = None


def load_catalogue() -> Catalogue:
    """Read every published revision from the database."""
    token = generation_token()
    pages = db.session.scalars(
        db.select(Page).where(Page.status == PUBLISHED, Page.published_revision_id.is_not(None))
    ).all()
    contacts = load_contacts()
    services = {}
    for page in pages:
        try:
            services[page.id] = Service.from_revision(page.slug, page.published_revision, contacts)
        except (KeyError, TypeError, ValueError):
            log.exception("Sidan %s har en trasig revision och visas inte", page.slug)
    versions = []
    for version in db.session.scalars(db.select(PageVersion).where(
            PageVersion.status == PUBLISHED, PageVersion.published_revision_id.is_not(None))):
        swedish = services.get(version.page_id)
        if swedish is None:
            continue
        try:
            versions.append(swedish.localised(version.published_revision, contacts))
        except (KeyError, TypeError, ValueError):
            log.exception("Sidan %s har en trasig version på %s och visas inte", swedish.slug, version.language)
    return Catalogue(list(services.values()), token, versions)


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
