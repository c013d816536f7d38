"""Writes to service pages: new revisions, publishing, importing files."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..database import begin_write
from ..extensions import db
from ..languages import SWEDISH
from .content import ParsedService
from .models import DRAFT, PUBLISHED, Page, PageRedirect, PageRevision, PageVersion
from .publishing import make_live, make_version_live, went_live
from .rendering import render_markdown
from .versions import ParsedVersion

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_slugs: list[str] = field(default_factory=list)


def add_revision(page: Page, front_matter: dict, body: str, author: str, note: str,
                 language: str = SWEDISH) -> PageRevision:
    """Append a revision to ``page`` (or to its version in ``language``); the HTML is rendered here, once.

    Each language numbers its own revisions, so the history of the English
    page reads 1, 2, 3 like the Swedish one (and a racing save of the same
    version collides on the unique number).
    """
    last = db.session.scalar(
        db.select(db.func.max(PageRevision.number))
        .where(PageRevision.page_id == page.id, PageRevision.language == language)
    ) if page.id else None
    revision = PageRevision(
        page=page,
        language=language,
        number=(last or 0) + 1,
        front_matter=front_matter,
        body=body,
        body_html=render_markdown(body),
        author=author,
        note=note,
    )
    db.session.add(revision)
    return revision


def latest_revision(page: Page, language: str = SWEDISH) -> PageRevision | None:
    return db.session.scalar(
        db.select(PageRevision).where(PageRevision.page_id == page.id, PageRevision.language == language)
        .order_by(PageRevision.number.desc()).limit(1)
    )


def version_of(page: Page, language: str, create: bool = False) -> PageVersion | None:
    """The page's version in ``language`` (made, as a draft, when ``create``)."""
    version = db.session.scalar(db.select(PageVersion).where(PageVersion.page_id == page.id,
                                                             PageVersion.language == language))
    if version is None and create:
        version = PageVersion(page=page, language=language, status=DRAFT)
        db.session.add(version)
    return version


def import_versions(versions: list[ParsedVersion], author: str = "Import från filer",
                    note: str = "Importerad från innehållsfil") -> ImportReport:
    """Create or update language versions from files, published at once like the Swedish files."""
    report = ImportReport()
    begin_write()
    for parsed in versions:
        page = db.session.scalar(db.select(Page).where(Page.slug == parsed.name))
        if page is None:
            continue  # the Swedish page is missing or broken; check_versions reported it
        version = version_of(page, parsed.language, create=True)
        current = latest_revision(page, parsed.language)
        if current and current.front_matter == parsed.front_matter and current.body == parsed.body:
            report.unchanged += 1
            continue
        report.created += current is None
        report.updated += current is not None
        revision = add_revision(page, parsed.front_matter, parsed.body, author, note, parsed.language)
        db.session.flush()
        make_version_live(version, revision)
        report.changed_slugs.append(page.slug)
    db.session.commit()
    if report.changed_slugs:
        went_live(*sorted(set(report.changed_slugs)))
    return report


def import_services(services: list[ParsedService], author: str = "Import från filer",
                    note: str = "Importerad från innehållsfil") -> ImportReport:
    """Create or update pages from parsed files; unchanged files add nothing.

    A changed file gets a new revision that is published at once, because the
    files are the municipality's reviewed source of truth.
    """
    report = ImportReport()
    begin_write()
    for service in services:
        page = db.session.scalar(db.select(Page).where(Page.slug == service.slug))
        if page is None:  # a file named by a page's old address updates the renamed page
            moved = db.session.get(PageRedirect, service.slug)
            page = moved.page if moved is not None else None
        if page is None:
            page = Page(slug=service.slug, status=DRAFT)
            db.session.add(page)
            db.session.flush()
            report.created += 1
        else:
            current = latest_revision(page)
            if current and current.front_matter == service.front_matter and current.body == service.body:
                report.unchanged += 1
                continue
            report.updated += 1
        revision = add_revision(page, service.front_matter, service.body, author, note)
        db.session.flush()
        make_live(page, revision)
        report.changed_slugs.append(page.slug)
    db.session.commit()
    if report.changed_slugs:
        went_live(*report.changed_slugs)
    log.info("Innehåll importerat: %d nya, %d ändrade, %d oförändrade",
             report.created, report.updated, report.unchanged)
    return report


def export_published(directory) -> int:
    """Write every published revision as ``<slug>.md`` in ``directory/tjanster``.

    The output uses the same format as the shipped content, so a
    municipality can keep its pages in git and import them again.
    """
    from pathlib import Path

    from .content import dump_service

    folder = Path(directory) / "tjanster"
    folder.mkdir(parents=True, exist_ok=True)
    pages = db.session.scalars(
        db.select(Page).where(Page.status == PUBLISHED).order_by(Page.slug)
    ).all()
    for page in pages:
        revision = page.published_revision
        (folder / f"{page.slug}.md").write_text(dump_service(revision.front_matter, revision.body), encoding="utf-8")
    return len(pages)
