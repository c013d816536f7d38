"""Fixed text pages (/akut, /om, ...) written as Markdown in ``content/sidor``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app

from .contacts import fill_html
from .content import split_front_matter
from .rendering import render_markdown


@dataclass(frozen=True)
class TextPage:
    title: str
    description: str
    html: str


def load_text_page(name: str) -> TextPage:
    """Read, render and cache one text page for the life of the process."""
    cache = current_app.extensions.setdefault("familjeguiden.text_pages", {})
    if name not in cache:
        path = Path(current_app.config["CONTENT_PATH"]) / "sidor" / f"{name}.md"
        raw_yaml, body = split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(raw_yaml)
        body = body.replace("{{ testdatum }}", current_app.config.get("ACCESSIBILITY_TESTED", ""))
        cache[name] = TextPage(meta["title"], meta.get("description", ""), fill_html(render_markdown(body)))
    return cache[name]
