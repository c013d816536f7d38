"""A Swedish word list: is a typed word a real word (so no typo to correct)?

"folk" is one letter from "tolk" and "stan" from "står", but they are
words, not typos: offering "Menade du tolk?" misleads. The index only
knows the words of our own pages, so a general Swedish word list decides.

The list is derived from the Swedish Hunspell dictionary of the PyPI
package ``hunspell-sv`` (a maintained dictionary built on Den stora
svenska ordlistan/SFOL, LGPL-3.0; see ``ordlista/LICENS.txt``). It is
shipped in ``ordlista/sv.txt.gz``, made by ``build()`` below, so nothing is
downloaded at run time. That file holds, folded like the index
(``fold``):

* the suffix rules (``SFX flag strip add condition``), which make the
  inflected forms (``kille`` + ``ar`` -> ``killar``),
* then every lowercase base form with its flags (``kille/AEGY``).

A word is known when it is a base form, a base form with one suffix rule
its flags allow, or a compound of a base form that may begin compounds
(flag ``X``) and a known word that may end one (flag ``Y``).

Memory: the base forms stay one sorted ``bytes`` object (about 3.5 MB)
searched by bisection, instead of ~260,000 Python strings (~25 MB per
worker). It is read on the first word that may be a typo.
"""

from __future__ import annotations

import gzip
import logging
import re
import threading
from pathlib import Path

from .analysis import fold

log = logging.getLogger(__name__)

PATH = Path(__file__).with_name("ordlista") / "sv.txt.gz"
COMPOUND_BEGIN, COMPOUND_END = "X", "Y"
MIN_COMPOUND_PART = 3
PREFIX = 2
_ONLY_LETTERS = re.compile(r"^[a-z]+$")


class WordList:
    def __init__(self, path: Path = PATH):
        with gzip.open(path, "rb") as handle:
            data = handle.read()
        rules_text, _, words = data.partition(b"\n#\n")
        self._rules: dict[str, list[tuple[str, str, re.Pattern]]] = {}
        for line in rules_text.decode("ascii").splitlines():
            _sfx, flag, strip, add, condition = line.split(" ")
            self._rules.setdefault(add, []).append((flag, strip, re.compile(f"(?:{condition})$")))
        self._longest_ending = max(map(len, self._rules), default=0)
        self._data = words
        #: The byte range of the lines whose base form starts with each two letters: a
        #: bisection then covers a few hundred bytes instead of 3.5 MB (a typo is checked
        #: against a dozen pieces of itself, so this is most of the time of a typo).
        letters = [bytes([c]) for c in range(ord("a"), ord("z") + 1)]
        self._ranges: dict[bytes, tuple[int, int]] = {}
        for first in letters:
            for second in letters:
                prefix = first + second
                begin = self._first_line(prefix, 0, len(words))
                end = self._first_line(prefix[:-1] + bytes([prefix[-1] + 1]), begin, len(words))
                if end > begin:
                    self._ranges[prefix] = (begin, end)

    def _first_line(self, key: bytes, low: int, high: int) -> int:
        """The start of the first line in ``[low, high)`` whose base form is ``>= key``.

        A bisection over byte positions of the sorted lines: each step moves
        to the start of the line it lands in.
        """
        data = self._data
        while low < high:
            middle = (low + high) // 2
            start = data.rfind(b"\n", 0, middle) + 1
            end = data.find(b"\n", start)
            end = len(data) if end == -1 else end
            if data[start:end].partition(b"/")[0] < key:
                low = end + 1
            else:
                high = start
        return low

    def flags(self, word: str) -> str | None:
        """The flags of a base form (all forms folding alike, merged), or ``None``.

        A bisection (``_first_line``) over the lines that start with the
        word's first two letters.
        """
        key = word.encode("ascii", "ignore")
        data = self._data
        if not key:
            return None
        low, high = self._ranges.get(key[:PREFIX], (0, 0)) if len(key) >= PREFIX else (0, len(data))
        low = self._first_line(key, low, high)
        found = None
        while low < len(data):
            end = data.find(b"\n", low)
            end = len(data) if end == -1 else end
            base, _slash, flags = data[low:end].partition(b"/")
            if base != key:
                break
            found = (found or "") + flags.decode("ascii")
            low = end + 1
        return found

    def _inflected(self, word: str, need: str | None = None) -> bool:
        flags = self.flags(word)
        if flags is not None and (need is None or need in flags):
            return True
        for size in range(1, min(self._longest_ending, len(word) - 1) + 1):
            for flag, strip, condition in self._rules.get(word[-size:], ()):
                base = word[:-size] + strip
                if condition.search(base):
                    base_flags = self.flags(base)
                    if base_flags and flag in base_flags and (need is None or need in base_flags):
                        return True
        return False

    def __contains__(self, word: str) -> bool:
        """Whether a folded word is Swedish: a form of a listed word or a two-part compound."""
        if not _ONLY_LETTERS.match(word):
            return False
        if self._inflected(word):
            return True
        for end in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
            head_flags = self.flags(word[:end])
            if head_flags and COMPOUND_BEGIN in head_flags and self._inflected(word[end:], COMPOUND_END):
                return True
        return False


_loaded: WordList | None = None
_failed = False
_lock = threading.Lock()


def swedish_words() -> WordList | None:
    """The shipped word list, read once per process; ``None`` if it is missing."""
    global _loaded, _failed
    if _loaded is None and not _failed:
        with _lock:
            if _loaded is None and not _failed:
                try:
                    _loaded = WordList()
                except OSError:
                    _failed = True
                    log.warning("Ordlistan %s saknas; stavningsförslag görs utan den", PATH)
    return _loaded


def is_swedish(word: str) -> bool:
    words = swedish_words()
    return words is not None and word in words


# --------------------------------------------------------------------------
# Building the shipped file (run by hand when the dictionary is updated)


def build(dic: Path, aff: Path, out: Path = PATH) -> int:
    """Write ``out`` from a Hunspell ``.dic``/``.aff`` pair; returns the number of base forms.

    ``python -m familjeguiden.search.wordlist .../sv_SE.dic .../sv_SE.aff``
    with the files of ``pip download hunspell-sv``.
    """
    rules = []
    for line in aff.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[0] == "SFX":
            strip = "" if fields[2] == "0" else fold(fields[2])
            add = fold(fields[3].split("/")[0])
            condition = fold(fields[4])
            if add and _ONLY_LETTERS.match(add) and (not strip or _ONLY_LETTERS.match(strip)):
                rules.append(f"SFX {fields[1]} {strip} {add} {condition}")
    entries = set()
    for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
        word, _slash, flags = line.strip().partition("/")
        if not word or word[0].isupper():
            continue
        folded = fold(word)
        if _ONLY_LETTERS.match(folded) and (flags.isascii()):
            entries.add(f"{folded}/{flags}" if flags else folded)
    text = "\n".join(sorted(set(rules))) + "\n#\n" + "\n".join(sorted(entries, key=lambda e: e.partition("/")[0]))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0))
    return len(entries)


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    import sys

    print(build(Path(sys.argv[1]), Path(sys.argv[2])), "grundformer")
