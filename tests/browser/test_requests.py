"""Nothing from elsewhere: every request the browser makes goes to the app itself.

Every browser context in this suite records its requests, and the
autouse ``request_log`` fixture fails any test whose pages fetched
something from another origin. This test also names each page state, so
a font, script or image from a CDN shows up against the page that asked
for it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .visits import ALL_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("visit", ALL_PAGES, ids=lambda v: v.id)
def test_page_loads_nothing_from_other_sites(report, live_server, visit):
    found = report(visit)
    assert found.requests, f"inga anrop registrerades för {found.url}"
    foreign = [u for u in found.requests
               if urlsplit(u).scheme not in ("data", "blob", "about")
               and f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" != live_server.base_url]
    assert not foreign, f"{found.url} hämtade från andra webbplatser än {live_server.base_url}: {foreign}"
    paths = {urlsplit(u).path for u in found.requests}
    assert "/static/site.css" in paths, f"stilmallen hämtades inte på {found.url}: {sorted(paths)}"
