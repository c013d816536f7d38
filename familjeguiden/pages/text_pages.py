"""Fixed text pages (/akut, /om, ...) written as Markdown in ``content/sidor``.

Each page may have language versions beside it (``om.en.md``, and the short
guide ``om.so.md`` ...); a missing version shows the Swedish page with a
notice (``fallback``). Pages are read, rendered and cached once per process
and language, and again when the file or the contacts file changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app

from ..languages import SWEDISH, prefix_links
from .contacts import FILENAME as CONTACTS_FILE
from .contacts import fill_html
from .content import split_front_matter
from .rendering import render_markdown
from .versions import fingerprint


@dataclass(frozen=True)
class TextPage:
    title: str
    description: str
    html: str
    language: str = SWEDISH
    #: Shown in Swedish because the page is missing in the visitor's language.
    fallback: bool = False
    version_status: str = ""
    out_of_date: bool = False


def _read(path: Path) -> tuple[dict, str]:
    raw_yaml, body = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(raw_yaml) or {}, body


def _stamp(folder: Path, names: list[str]) -> tuple:
    return tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in (folder / n for n in names))


def load_text_page(name: str, language: str = SWEDISH) -> TextPage:
    """The text page ``name`` in ``language`` (or in Swedish, marked as a fallback)."""
    content = Path(current_app.config["CONTENT_PATH"])
    folder = content / "sidor"
    files = [f"{name}.md", f"{name}.{language}.md", f"../{CONTACTS_FILE}"]
    cache = current_app.extensions.setdefault("familjeguiden.text_pages", {})
    key = (name, language)
    stamp = _stamp(folder, files)
    cached = cache.get(key)
    if cached is None or cached[0] != stamp:
        cache[key] = (stamp, _load(folder, name, language))
    return cache[key][1]


def _load(folder: Path, name: str, language: str) -> TextPage:
    meta, body = _read(folder / f"{name}.md")
    version = folder / f"{name}.{language}.md"
    fields = {}
    if language != SWEDISH and version.exists():
        source = fingerprint(meta, body)
        meta, body = _read(version)
        fields = {"language": language, "version_status": meta.get("status", "ej-granskad"),
                  "out_of_date": meta.get("translation_of") != source}
    elif language != SWEDISH:
        fields = {"fallback": True}
    body = body.replace("{{ testdatum }}", current_app.config.get("ACCESSIBILITY_TESTED", ""))
    html = prefix_links(fill_html(render_markdown(body), language=fields.get("language")), language)
    return TextPage(meta["title"], meta.get("description", ""), html, **fields)
