"""Markdown to safe HTML.

Python-Markdown passes raw HTML and ``javascript:`` links straight through,
so every piece of Markdown shown on the site goes through ``render_markdown``,
which sanitises the result with nh3 against a short allow-list: structural
tags only, no attributes that run code, and links only to http, https,
mailto and tel (relative links to our own pages are kept).
"""

from __future__ import annotations

import re

import markdown
import nh3

from ..text import slugify
from .contacts import PLACEHOLDER, link_phone_numbers

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li",
    "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set(), "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> str:
    """Remove everything from ``html`` that is not on the allow-list."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def heading_id(title: str, separator: str) -> str:
    """``Om du är orolig för ett barn`` -> ``om-du-ar-orolig-for-ett-barn``: links can point at a section."""
    title = PLACEHOLDER.sub(" ", title)
    return slugify(title, separator) or "avsnitt"


def render_markdown(text: str) -> str:
    """Render Markdown written by staff into sanitised HTML.

    Headings get ids from their text (``toc``), or a fixed one written after
    them (``## Gör en orosanmälan {#orosanmalan}``, ``attr_list``), so a link
    to a section works in every language version of the page.

    A level-one heading in the body becomes level two: the page title is the
    page's only ``h1``. After sanitising, every phone number in the text
    becomes a ``tel:`` link (our own markup, with the escaped number).
    Placeholders for contacts are kept as text here and filled in per
    content generation (``contacts.fill_html``), so a changed number in
    ``kontakter.yml`` needs no new revisions.
    """
    html = markdown.markdown(text, extensions=["sane_lists", "tables", "attr_list", "toc"], output_format="html",
                             extension_configs={"toc": {"slugify": heading_id}})
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    return link_phone_numbers(sanitise_html(html))
