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

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li",
    "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
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


def render_markdown(text: str) -> str:
    """Render Markdown written by staff into sanitised HTML.

    A level-one heading in the body becomes level two: the page title is the
    page's only ``h1``.
    """
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    return sanitise_html(html)


def tel_href(phone: str) -> str:
    """``070-174 06 10`` -> ``tel:+46701740610`` (Swedish numbers)."""
    digits = re.sub(r"[^0-9+]", "", phone)
    if digits.startswith("0") and len(digits) > 5:
        digits = "+46" + digits[1:]
    return "tel:" + digits
