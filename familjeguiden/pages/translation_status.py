"""Which language versions are missing or out of date: for editors and ``flask content translations``."""

from __future__ import annotations

from dataclasses import dataclass

from ..extensions import db
from ..languages import FULL, LANGUAGES, SWEDISH
from .catalogue import get_catalogue
from .models import Page, PageVersion
from .operations import latest_revision
from .versions import fingerprint


@dataclass
class VersionState:
    language: str
    exists: bool
    published: bool = False
    status: str = ""  #: granskad / ej-granskad
    out_of_date: bool = False
    revision_number: int | None = None

    @property
    def name(self) -> str:
        return LANGUAGES[self.language].name


def states_for(page: Page) -> list[VersionState]:
    """Every full language version of ``page``: missing, draft, published, reviewed, out of date."""
    swedish = page.published_revision or latest_revision(page)
    source = fingerprint(swedish.front_matter, swedish.body) if swedish else ""
    versions = {v.language: v for v in db.session.scalars(db.select(PageVersion).where(PageVersion.page_id == page.id))}
    states = []
    for code in FULL:
        if code == SWEDISH:
            continue
        version = versions.get(code)
        latest = latest_revision(page, code) if version else None
        if latest is None:
            states.append(VersionState(code, exists=False))
            continue
        states.append(VersionState(code, exists=True, published=version.published_revision_id is not None
                                   and version.status == "publicerad",
                                   status=latest.front_matter.get("status", "ej-granskad"),
                                   out_of_date=latest.front_matter.get("translation_of") != source,
                                   revision_number=latest.number))
    return states


def report() -> list[str]:
    """One line per page with a missing or out-of-date version, and a summary."""
    lines, missing, stale = [], 0, 0
    for service in get_catalogue().services:
        page = db.session.scalar(db.select(Page).where(Page.slug == service.slug))
        problems = []
        for state in states_for(page):
            if not state.exists:
                problems.append(f"{state.language}: saknas")
                missing += 1
            elif state.out_of_date:
                problems.append(f"{state.language}: inaktuell (den svenska sidan har ändrats)")
                stale += 1
        if problems:
            lines.append(f"{service.slug}: " + "; ".join(problems))
    lines.append(f"{missing} språkversioner saknas, {stale} är inaktuella.")
    return lines
