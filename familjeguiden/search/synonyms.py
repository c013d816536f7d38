"""The staff-edited synonym list (``content/synonymer.txt``).

Parents say "soc", "knark" or "dagis"; the pages say "socialtjänsten",
"droger" and "förskolan". The file groups words that mean the same thing
for a search. It is applied at query time: a typed word that belongs to a
group is searched as "this word OR any word in its group", the typed word
itself weighing more.

A rebuild copies the parsed groups into the new index generation, so every
worker uses the same list as its index and no request reads the file. That
is why the file itself says to run ``flask search rebuild`` after editing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import analyse, fold

log = logging.getLogger(__name__)

FILENAME = "synonymer.txt"
SNAPSHOT = "synonymer.json"
MIN_GROUP, MAX_GROUP = 2, 8


@dataclass
class SynonymProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"{FILENAME}, rad {self.line}: {self.message}"


@dataclass
class SynonymFile:
    groups: list[list[str]] = field(default_factory=list)
    problems: list[SynonymProblem] = field(default_factory=list)


def parse_synonyms(text: str) -> SynonymFile:
    """Read groups from the file's text; rules are in the file's header.

    A broken line is reported and left out rather than failing the whole
    list: one staff typo must not switch synonyms off.
    """
    result = SynonymFile()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = [w.strip() for w in line.split(",") if w.strip()]
        if any(" " in w for w in words):
            result.problems.append(SynonymProblem(number, "Bara enstaka ord, inga fraser med mellanslag."))
            continue
        if any(w != w.lower() for w in words):
            result.problems.append(SynonymProblem(number, "Skriv orden med små bokstäver."))
            words = [w.lower() for w in words]
        if not MIN_GROUP <= len(words) <= MAX_GROUP:
            result.problems.append(SynonymProblem(
                number, f"En grupp ska ha {MIN_GROUP}–{MAX_GROUP} ord, den här har {len(words)}."))
            if len(words) < MIN_GROUP:
                continue
        result.groups.append(words)
    return result


def read_synonym_file(content_path: str | Path) -> SynonymFile:
    path = Path(content_path) / FILENAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning("Synonymlistan %s saknas; sökningen används utan synonymer", path)
        return SynonymFile()
    parsed = parse_synonyms(text)
    for problem in parsed.problems:
        log.warning("Synonymlistan: %s", problem)
    return parsed


class SynonymMap:
    """Maps an index term to the index terms of every group it is in."""

    def __init__(self, groups: list[list[str]]):
        self.groups = groups
        self._map: dict[str, set[str]] = {}
        self._written: dict[str, str] | None = None
        for group in groups:
            terms = {tokens[0] for tokens in (analyse(word) for word in group) if tokens}
            for term in terms:
                self._map.setdefault(term, set()).update(terms)

    def expand(self, term: str) -> set[str]:
        """Terms that mean the same as ``term``, not including ``term``."""
        return self._map.get(term, set()) - {term}

    def words(self) -> set[str]:
        """Every word of every group, folded as typed (not stemmed)."""
        return {fold(word) for group in self.groups for word in group}

    def written(self, folded: str) -> str | None:
        """How the list writes a folded word ("panikangest" -> "panikångest"), if it has it."""
        if self._written is None:
            self._written = {}
            for group in self.groups:
                for word in group:
                    self._written.setdefault(fold(word), word)
        return self._written.get(folded)

    def knows(self, term: str) -> bool:
        """Whether ``term`` is in any group (a word staff listed is never a typo)."""
        return term in self._map

    def __len__(self) -> int:
        return len(self.groups)


def write_snapshot(directory: Path, groups: list[list[str]]) -> None:
    (directory / SNAPSHOT).write_text(json.dumps({"groups": groups}, ensure_ascii=False), encoding="utf-8")


def load_snapshot(directory: Path, content_path: str | Path) -> SynonymMap:
    """The groups frozen into an index generation (or the file, if none)."""
    try:
        groups = json.loads((directory / SNAPSHOT).read_text(encoding="utf-8"))["groups"]
    except (FileNotFoundError, ValueError, KeyError):
        groups = read_synonym_file(content_path).groups
    return SynonymMap(groups)
