"""HTTP caching of public pages: a validator per page, a short ``Cache-Control``, 304s.

The public pages (home, the service list, every service page and the text
pages, in every language version) set no cookie and are the same for
every visitor, so a browser or a proxy cache (nginx's ``proxy_cache``, see
``docs/caching.md``) may keep them for a minute and revalidate them after.

The validator is a strong ``ETag``: a digest of the finished HTML, made
once when a worker renders the page for its content snapshot (see
``catalogue.get_catalogue``) and kept beside the HTML. So it changes with
the content generation (a publish, an unpublish, a new language version),
the language (each version is its own HTML), a deploy that changes a
template or a translation, and nothing else; every worker and every host
with the same content gives the same ETag, so a proxy's revalidation
succeeds wherever it lands. A digest of the inputs (the generation
counter) would be cheaper by nothing – the HTML is in memory – and could
let a worker that has not yet seen a generation answer 304 for new text.

A service page puts its open/closed line in per request ("Öppet nu",
"Stängt – öppnar …"): its ETag adds a digest of that line, and max-age
plus stale-while-revalidate never reach past the moment the line can
next change (an opening, a closing, midnight).

``If-None-Match`` is answered 304 before any HTML is touched when the
worker already has the page's digest (the normal case). Everything that
is not a public page – forms, staff pages, case pages, search results,
error pages, any answer that sets a cookie and any request that carries
the session cookie – is ``no-store`` (``security.cache_policy``, after
every request). Search results stay out on purpose: the query is what a parent
typed, sometimes about violence at home, and should not be kept on disk
by a browser or proxy; the zero-result log also counts every search.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from flask import Response, current_app, request, session


def digest(text: str) -> str:
    """A short, stable digest (the same in every process, unlike ``hash``)."""
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def may_be_shared() -> bool:
    """A request that may get the shared, cacheable answer: GET/HEAD without the session cookie.

    A visitor with a session (a form's CSRF token, a flashed message, a
    staff login) gets the same page but ``no-store``, so nothing meant for
    one session is ever stored or answered with a 304 that hides a message.
    """
    return (request.method in ("GET", "HEAD")
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
            and "_flashes" not in session)


def cache_control(moment: dt.datetime | None = None, until: dt.datetime | None = None) -> str:
    """``public, max-age=60, stale-while-revalidate=300``, shortened so neither outlives ``until``."""
    max_age = int(current_app.config["PUBLIC_MAX_AGE"])
    stale = int(current_app.config["PUBLIC_STALE_WHILE_REVALIDATE"])
    if until is not None and moment is not None:
        remaining = int((until - moment).total_seconds())
        max_age = max(0, min(max_age, remaining))
        stale = max(0, min(stale, remaining - max_age))
    if max_age <= 0:
        return "public, no-cache"
    return f"public, max-age={max_age}" + (f", stale-while-revalidate={stale}" if stale > 0 else "")


def answer(etag: str, html: Callable[[], str], control: str) -> Response:
    """200 with the page, or 304 when the client already has ``etag`` (``html`` is then never called)."""
    if request.if_none_match.contains_weak(etag):
        response = current_app.response_class(status=304)
    else:
        response = current_app.response_class(html())
    headers = response.headers  # set directly: a page is ~0.3 ms, each werkzeug helper a few µs
    headers["ETag"] = f'"{etag}"'
    headers["Cache-Control"] = control
    headers["Vary"] = "Cookie"
    return response
