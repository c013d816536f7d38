"""Find executable markup in HTML, the way a browser would see it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "meta", "link", "form",
                  "svg", "math", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background"}
ALLOWED_PAGE_ASSETS = {("script", "src", "/static/site.js"), ("link", "href", "/static/site.css"),
                       ("link", "href", "/static/favicon.svg")}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        if tag in DANGEROUS_TAGS:
            allowed = any((tag, name, value) in ALLOWED_PAGE_ASSETS for name, value in attrs)
            harmless_meta = tag == "meta" and not any(n == "http-equiv" for n, _ in attrs)
            if not (allowed or harmless_meta or self._language_alternate(tag, attrs)
                    or (tag == "form" and self._own_form(attrs))):
                self.problems.append(f"<{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in URL_ATTRIBUTES:
                # As a browser parses a URL: strip C0 controls and spaces at the ends, drop tabs and
                # newlines inside, then a scheme is letters, digits, "+", "-", "." before the colon.
                url = re.sub(r"[\t\n\r]", "", value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                            "\x0e\x0f\x10\x1a\x1b\x1c\x1d\x1e\x1f \t\n\r"))
                scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
                if scheme and scheme.group(1).lower() not in ("http", "https", "mailto", "tel"):
                    self.problems.append(f"<{tag} {name}={value[:40]}>")

    @staticmethod
    def _language_alternate(tag, attrs):
        """``<link rel=alternate hreflang>`` to a page of this site: it loads nothing."""
        values = dict(attrs)
        href = values.get("href", "")
        return (tag == "link" and values.get("rel") == "alternate" and "hreflang" in values
                and href.startswith("/") and not href.startswith("//"))

    @staticmethod
    def _own_form(attrs):
        action = dict(attrs).get("action", "")
        return action == "" or action.startswith("/")


def executable_markup(html: str) -> list[str]:
    """Every tag or attribute in ``html`` that could run code or load from elsewhere."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
