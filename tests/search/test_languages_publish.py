"""Publishing and taking down language versions: search follows at once, in the visitor's language.

Kept apart from ``test_languages.py``, whose tests share one read-only app:
these change content, so each gets its own app (and, on PostgreSQL, its own
clean database).
"""

from __future__ import annotations

from familjeguiden.extensions import db
from familjeguiden.pages.catalogue import bump_generation, get_catalogue
from familjeguiden.pages.models import UNPUBLISHED, Page, PageVersion
from familjeguiden.signals import content_changed

from .test_languages import hits


def test_a_missing_version_falls_back_to_swedish_marked_as_swedish(app, client):
    page = db.session.scalar(db.select(Page).where(Page.slug == "ungdomsmottagningen"))
    version = next(v for v in page.versions if v.language == "fi")
    version.status = UNPUBLISHED
    db.session.commit()
    bump_generation()
    content_changed.send(app, slugs=["ungdomsmottagningen"])
    assert db.session.get(PageVersion, version.id).status == UNPUBLISHED

    html = client.get("/fi/sok", query_string={"q": "nuorisovastaanotto youth clinic"}).get_data(as_text=True)
    found = {h["href"]: h for h in hits(html)}
    assert "/fi/tjanster/ungdomsmottagningen" in found
    hit = found["/fi/tjanster/ungdomsmottagningen"]
    swedish = get_catalogue().get("ungdomsmottagningen")
    assert hit["swedish"] and hit["title"] == swedish.title
    assert 'class="snippet" lang="sv" dir="ltr"' in html
    # The other versions still show their own texts.
    english = hits(client.get("/en/sok", query_string={"q": "youth clinic"}).get_data(as_text=True))
    assert english[0]["title"] == get_catalogue().get("ungdomsmottagningen", "en").title


def test_a_published_version_is_searchable_at_once(app, client):
    """The editor publishes a version: its new words find it and its new title shows, on the next search."""
    from familjeguiden.pages.operations import add_revision, version_of
    from familjeguiden.pages.publishing import make_version_live, went_live

    page = db.session.scalar(db.select(Page).where(Page.slug == "steget"))
    version = version_of(page, "en")
    current = version.published_revision
    front_matter = dict(current.front_matter, title="Steget – a group for kids who worry about a parent")
    revision = add_revision(page, front_matter, current.body + "\n\nWe also talk about hummingbirdmusic.",
                            author="test", note="test", language="en")
    db.session.flush()
    make_version_live(version, revision)
    db.session.commit()
    went_live("steget")

    html = client.get("/en/sok", query_string={"q": "hummingbirdmusic"}).get_data(as_text=True)
    assert [(h["href"], h["title"]) for h in hits(html)] == [
        ("/en/tjanster/steget", "Steget – a group for kids who worry about a parent")]
    assert "<mark>hummingbirdmusic</mark>" in html
