"""Search: full-text search over the published service pages and their language versions.

This package is the only place that imports ``whoosh`` (Whoosh-Reloaded is
frozen upstream; keeping it behind this small interface lets the engine be
replaced). The rest of the application uses only:

* ``rebuild()``: build a new index generation from the catalogue and swap it in,
* ``update_page(service)`` / ``remove_page(slug)``: incremental changes,
* ``search(text, alder=None, amne=None, page=1, language=None)`` -> ``SearchResult``
  (a query in any supported language; hits shown in ``language``'s version,
  see ``multilingual.py``),
* ``suggest(text)`` -> a corrected query or ``None``,
* ``top_misses(start, end, limit=20, min_count=3)`` -> the most frequent
  searches that found nothing, as ``(query, count)``,

plus ``init_app(app)``, which registers the ``/sok`` pages, the ``flask
search`` commands, the signal receivers and the health check.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app

from ..signals import content_changed, initialising
from .engine import apply_changes, index_path, stale_marker
from .engine import current_generation as _current_generation
from .engine import rebuild as _rebuild
from .follow import follow
from .misses import top_misses
from .searching import Hit, SearchResult, search, suggest
from .state import EXTENSION_KEY, get_state, init_state

__all__ = ["init_app", "rebuild", "update_page", "remove_page", "search", "suggest", "SearchResult", "Hit",
           "top_misses"]

log = logging.getLogger(__name__)

def rebuild(services=None, progress=None):
    """Build the whole index anew (see ``engine.rebuild``)."""
    return _rebuild(services, progress)


def update_page(service) -> bool:
    """Add or replace one published service in the index."""
    return apply_changes(updates=[service])


def remove_page(slug: str) -> bool:
    """Remove a page that is no longer published."""
    return apply_changes(removals=[slug])


def _on_initialising(sender, **_kwargs) -> None:
    """``flask init``: always build a fresh index."""
    if EXTENSION_KEY not in sender.extensions:
        return
    import click

    with _app_context(sender):
        report = _rebuild(progress=lambda done, total: click.echo(f"Sökindex: indexerat {done} av {total} sidor"))
        click.echo(f"Sökindexet är byggt: {report.pages} sidor på {report.seconds:.1f} s.")


def _on_content_changed(sender, slugs=(), **_kwargs) -> None:
    """Published content changed: update those pages in the index."""
    if EXTENSION_KEY not in sender.extensions or not slugs:
        return
    from ..pages.catalogue import get_catalogue

    with _app_context(sender):
        catalogue = get_catalogue()
        updates = [s for s in (catalogue.get(slug) for slug in slugs) if s is not None]
        removals = [slug for slug in slugs if catalogue.get(slug) is None]
        apply_changes(updates=updates, removals=removals)


class _app_context:
    """Use the running app context if it is ``app``'s, else push one."""

    def __init__(self, app):
        self.app, self.ctx = app, None

    def __enter__(self):
        try:
            if current_app._get_current_object() is self.app:
                return
        except RuntimeError:
            pass
        self.ctx = self.app.app_context()
        self.ctx.push()

    def __exit__(self, *exc):
        if self.ctx is not None:
            self.ctx.pop()


def health_check(app: Flask):
    def check():
        generation = _current_generation(index_path(app))
        stale = stale_marker(app).exists()
        result = {"index": "saknas" if generation is None else ("inaktuellt" if stale else "ok")}
        if generation is not None:
            result["generation"] = generation.name
            try:
                with app.app_context():
                    result["documents"] = len(get_state(app).docs)
            except Exception:  # noqa: BLE001 - report, do not fail the health page
                log.exception("Sökindexet kunde inte öppnas")
                result["index"] = "fel"
        return "search", result, result["index"] == "ok"
    return check


def init_app(app: Flask) -> None:
    from .cli import search_cli
    from .routes import bp

    init_state(app)
    app.register_blueprint(bp)
    app.cli.add_command(search_cli)
    initialising.connect(_on_initialising)
    content_changed.connect(_on_content_changed)
    app.extensions.setdefault("familjeguiden.health_checks", []).append(health_check(app))

    @app.before_request
    def _follow_other_hosts():
        """Catch up with content published on another host (see ``follow``)."""
        from flask import request

        if request.endpoint == "static":
            return
        try:
            follow(app)
        except Exception:  # noqa: BLE001 - a stale index must not fail the page; the next request retries
            log.exception("Sökindexet kunde inte följa innehållsändringar")
