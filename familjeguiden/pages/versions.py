"""Language versions of pages: the files, their rules, and whether they are out of date.

A version is ``<slug>.<lang>.md`` beside the Swedish ``<slug>.md`` in
``content/tjanster`` (and ``<name>.<lang>.md`` beside a text page in
``content/sidor``). Its front matter holds only what is written in the
language – title, summary, the free-text facts (organizer, cost, hours,
how to start), keywords – plus:

* ``status``: ``granskad`` when a translator has reviewed it, else
  ``ej-granskad`` (the page then says so, in its language);
* ``translation_of``: the *fingerprint* of the Swedish text the version
  follows (``fingerprint``); when the Swedish page changes, the fingerprints
  differ and the version is *out of date* – the editor lists it and the
  public page says so. A fingerprint, not a date or a revision number,
  so the same files give the same answer on every installation;
* ``reviewed``: when a person last checked the version.

Everything that is a fact in every language (ages, topics, contact details,
opening hours, course dates) comes from the Swedish page.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..languages import LANGUAGES, SWEDISH, VERSION_CODES
from .contacts import check_placeholders, load_contacts
from .content import (
    TEXT_LIMITS,
    ContentProblem,
    _as_date,
    _validate_keywords,
    split_front_matter,
)

REVIEW_STATES = ("granskad", "ej-granskad")
TEXT_FIELDS = ("title", "summary", "organizer", "cost", "hours", "how_to_start")
SERVICE_FIELDS = set(TEXT_FIELDS) | {"keywords", "translation_of", "status", "reviewed"}
TEXT_PAGE_FIELDS = {"title", "description", "translation_of", "status", "reviewed"}
_VERSION_NAME = re.compile(r"^(?P<name>[a-z0-9-]+)\.(?P<lang>[a-z]+)$")


def fingerprint(front_matter: dict, body: str) -> str:
    """What a version is a translation of: the Swedish text, less its review date (a re-review changes nothing)."""
    facts = {key: value for key, value in front_matter.items() if key != "reviewed"}
    text = json.dumps(facts, ensure_ascii=False, sort_keys=True) + "\n" + body.strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class ParsedVersion:
    name: str  #: the slug, or the text page's name
    language: str
    front_matter: dict
    body: str


@dataclass
class VersionResult:
    versions: list[ParsedVersion] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)


def version_files(folder: Path):
    """``(path, name, language)`` of every version file in ``folder``."""
    for path in sorted(Path(folder).glob("*.*.md")):
        match = _VERSION_NAME.match(path.stem)
        if match:
            yield path, match.group("name"), match.group("lang")


def parse_version(text: str, name: str, language: str, filename: str, allowed: set[str],
                  contacts: dict) -> tuple[ParsedVersion | None, list[ContentProblem]]:
    """One version file, validated; ``allowed`` are its front matter fields (service or text page)."""
    problems: list[ContentProblem] = []
    if language not in VERSION_CODES:
        problems.append(ContentProblem(filename, "filnamn", f"okänd språkkod '{language}'; tillåtna: "
                                                            f"{', '.join(VERSION_CODES)}"))
    parts = split_front_matter(text)
    if parts is None:
        problems.append(ContentProblem(filename, "front matter",
                                       "filen måste börja med '---', sedan fälten och en rad med '---'"))
        return None, problems
    try:
        data = yaml.safe_load(parts[0]) or {}
    except yaml.YAMLError:
        problems.append(ContentProblem(filename, "front matter", "kan inte läsas som YAML"))
        return None, problems
    if not isinstance(data, dict):
        problems.append(ContentProblem(filename, "front matter", "ska vara fält i formen 'namn: värde'"))
        return None, problems
    clean, field_problems = check_version_fields(data, parts[1], filename, allowed, contacts)
    problems.extend(field_problems)
    if problems:
        return None, problems
    return ParsedVersion(name, language, clean, parts[1].strip() + "\n"), problems


def check_version_fields(data: dict, body: str, filename: str, allowed: set[str],
                         contacts: dict) -> tuple[dict, list[ContentProblem]]:
    """A version's front matter and text against the rules: the file check and the editor share it."""
    problems: list[ContentProblem] = []

    def problem(field_name: str, message: str) -> None:
        problems.append(ContentProblem(filename, field_name, message))

    clean: dict = {}
    for unknown in sorted(set(map(str, data)) - allowed):
        problem(unknown, "fältet hör till den svenska sidan eller finns inte (stavfel?)")
    for key in sorted(allowed & (set(TEXT_FIELDS) | {"description"})):
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip() and key not in ("title", "summary")):
            if key == "title" or (key == "summary" and "summary" in allowed):
                problem(key, "fältet saknas eller är tomt")
            continue
        limit = TEXT_LIMITS.get(key, 300)
        if not isinstance(value, str) or not value.strip():
            problem(key, "ska vara text" if key not in ("title", "summary") else "fältet saknas eller är tomt")
        elif len(value) > limit:
            problem(key, f"är {len(value)} tecken, högst {limit} tillåts")
        else:
            clean[key] = " ".join(value.split())
    if "keywords" in allowed:
        clean["keywords"] = _validate_keywords(data.get("keywords"), problem)
    status = data.get("status")
    if status not in REVIEW_STATES:
        problem("status", f"ska vara {' eller '.join(REVIEW_STATES)}")
    else:
        clean["status"] = status
    translation_of = data.get("translation_of")
    if not isinstance(translation_of, str) or not re.fullmatch(r"[0-9a-f]{16}", translation_of or ""):
        problem("translation_of", "saknas: kör flask content translations --stamp så fylls den svenska textens "
                                  "fingeravtryck i")
    else:
        clean["translation_of"] = translation_of
    reviewed = _as_date(data.get("reviewed"))
    if reviewed is None:
        problem("reviewed", "ska vara ett datum i formen ÅÅÅÅ-MM-DD")
    else:
        clean["reviewed"] = reviewed.isoformat()
    if not body.strip():
        problem("text", "sidan saknar brödtext under front matter")
    for message in check_placeholders(body, contacts):
        problem("text", message)
    return clean, problems


def check_versions(content_dir: Path, kind: str = "tjanster") -> VersionResult:
    """Every version file of services (``tjanster``) or text pages (``sidor``)."""
    folder = Path(content_dir) / kind
    allowed = SERVICE_FIELDS if kind == "tjanster" else TEXT_PAGE_FIELDS
    contacts = load_contacts(content_dir)
    result = VersionResult()
    for path, name, language in version_files(folder):
        if not (folder / f"{name}.md").exists():
            result.problems.append(ContentProblem(path.name, "filnamn", f"det finns ingen svensk sida {name}.md"))
            continue
        if kind == "tjanster" and language in LANGUAGES and not LANGUAGES[language].full:
            result.problems.append(ContentProblem(path.name, "filnamn", f"{LANGUAGES[language].name} har bara "
                                                  "den korta guiden (sidor/om." + language + ".md)"))
            continue
        version, problems = parse_version(path.read_text(encoding="utf-8"), name, language, path.name, allowed,
                                          contacts)
        result.problems.extend(problems)
        if version:
            result.versions.append(version)
    return result


def swedish_source(folder: Path, name: str) -> tuple[dict, str] | None:
    """The Swedish page's front matter and body, read from its file."""
    parts = split_front_matter((Path(folder) / f"{name}.md").read_text(encoding="utf-8"))
    if parts is None:
        return None
    return (yaml.safe_load(parts[0]) or {}), parts[1]


def stamp(content_dir: Path) -> list[str]:
    """Fill in ``translation_of`` where it is empty, with the Swedish file's fingerprint; the files changed."""
    from .content import parse_service

    changed = []
    for kind in ("tjanster", "sidor"):
        folder = Path(content_dir) / kind
        for path, name, _language in version_files(folder):
            text = path.read_text(encoding="utf-8")
            if not re.search(r'^translation_of:\s*(""|\'\'|)\s*$', text, re.M):
                continue
            if kind == "tjanster":
                parsed = parse_service((folder / f"{name}.md").read_text(encoding="utf-8"), name, f"{name}.md")
                if parsed.service is None:
                    continue
                mark = fingerprint(parsed.service.front_matter, parsed.service.body)
            else:
                source = swedish_source(folder, name)
                mark = fingerprint(source[0], source[1].strip() + "\n") if source else None
            if mark:
                path.write_text(re.sub(r'^translation_of:.*$', f"translation_of: {mark}", text, count=1, flags=re.M),
                                encoding="utf-8")
                changed.append(path.name)
    return changed


__all__ = ["fingerprint", "ParsedVersion", "check_versions", "check_version_fields", "version_files", "stamp",
           "SWEDISH"]
