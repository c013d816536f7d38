"""Service pages and their revisions.

A ``Page`` is the stable identity of a service (its slug and publishing
state). Every change, whether imported from a file or made in the editor,
adds a ``PageRevision``; history is never rewritten. The revision stores the
validated front matter, the Markdown, and the sanitised HTML rendered once
when the revision is created, so no request ever renders Markdown.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..opendata.ids import new_page_uuid
from ..timeutil import utcnow

PUBLISHED, DRAFT, UNPUBLISHED = "publicerad", "utkast", "avpublicerad"


class Page(db.Model):
    __tablename__ = "page"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    #: Open data id (HSDS), from the slug the page was created with; kept on rename (opendata/ids.py).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, index=True, nullable=True, default=new_page_uuid)
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_revision.id", use_alter=True, name="fk_page_published_revision")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    published_revision: Mapped[PageRevision | None] = relationship(
        foreign_keys=[published_revision_id], post_update=True
    )
    #: The Swedish page's revisions (language versions have their own, see ``PageVersion``).
    revisions: Mapped[list[PageRevision]] = relationship(
        primaryjoin="and_(Page.id == PageRevision.page_id, PageRevision.language == 'sv')",
        foreign_keys="PageRevision.page_id", order_by="PageRevision.number", viewonly=True,
    )
    versions: Mapped[list[PageVersion]] = relationship(back_populates="page", order_by="PageVersion.language",
                                                       cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Page {self.slug} {self.status}>"


class PageRevision(db.Model):
    __tablename__ = "page_revision"
    __table_args__ = (UniqueConstraint("page_id", "language", "number", name="uq_page_revision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("page.id", ondelete="CASCADE"))
    #: ``sv`` for the Swedish page, or the code of a language version; each language numbers its own.
    language: Mapped[str] = mapped_column(String(10), default="sv", server_default="sv")
    number: Mapped[int]
    front_matter: Mapped[dict] = mapped_column(JSON)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    page: Mapped[Page] = relationship(foreign_keys=[page_id])

    @property
    def title(self) -> str:
        return self.front_matter.get("title", "")


class PageVersion(db.Model):
    """A language version of a page (lättläst, English, Arabic, Finnish): its own text and publishing.

    The facts that are the same in every language (ages, contact details,
    opening hours, course dates) are not stored here: they come from the
    Swedish page. The version's revisions are ``PageRevision`` rows with its
    language; their front matter holds the translated texts, ``status``
    (``granskad`` / ``ej-granskad``) and ``translation_of``, the fingerprint
    of the Swedish text it follows (see ``versions.fingerprint``).
    """

    __tablename__ = "page_version"
    __table_args__ = (UniqueConstraint("page_id", "language", name="uq_page_version_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("page.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_revision.id", use_alter=True, name="fk_page_version_published_revision"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    page: Mapped[Page] = relationship(back_populates="versions")
    published_revision: Mapped[PageRevision | None] = relationship(foreign_keys=[published_revision_id],
                                                                   post_update=True)

    @property
    def slug(self) -> str:
        return self.page.slug


class PageRedirect(db.Model):
    """An old address of a renamed page; the public site answers it with 301."""

    __tablename__ = "page_redirect"

    old_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("page.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    page: Mapped[Page] = relationship()


class ContentChange(db.Model):
    """One change to published content, in the order they happened (the content generation).

    Written in the same transaction as the publish, import, rename or
    unpublish it records. The largest id is the content generation: every
    worker on every host compares it (a few times a second at most) with
    the one its page cache and search index were made from, and catches up
    – the pages at once, the search index by applying the changed slugs.
    """

    __tablename__ = "content_change"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    slugs: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
