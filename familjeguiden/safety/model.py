"""The danger detector's safety net: a trained text classifier, scored in plain Python.

The rules in ``danger.py`` find the ways of describing danger someone wrote
down; measured on a set written by someone who had not seen them, they
still missed about a third. A classifier trained on all the phrase sets
learns the words around danger (child + "blöder", "hemliga lekar",
"unalive", "förgrep") and catches most of what no rule names, so the
detector shows acute help when either says so (``danger.assess``).

What is shipped is ``danger_model.json``, exported by
``scripts/train_danger_model.py`` from scikit-learn: for two TF-IDF parts
(character 3-5-grams within words, and words and word pairs) every term's
idf and weight, and the intercept. ``probability`` computes the same
numbers scikit-learn would (``TfidfVectorizer`` with sublinear tf and l2
norm per part, then the logistic function); ``tests/safety`` checks that it
does, and that the file was trained from the current data.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

from ..text import fold

MODEL_PATH = Path(__file__).with_name("danger_model.json")
#: The two parts of the features: (analyzer, ngram range), as trained.
NGRAMS = (("char_wb", (3, 5)), ("word", (1, 2)))
#: At or above this probability the net shows acute help. Chosen on held-out
#: data (tests/safety/README.md): at 0.8 it missed as few as at 0.7, with fewer false alarms.
THRESHOLD = 0.8

_SPACES = re.compile(r"\s\s+")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _char_wb(text: str, low: int, high: int) -> list[str]:
    grams = []
    for word in _SPACES.sub(" ", text).split():
        word = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(word[offset:offset + n])
            while offset + n < len(word):
                offset += 1
                grams.append(word[offset:offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return grams


def _words(text: str, low: int, high: int) -> list[str]:
    tokens = _TOKEN.findall(text)
    grams = []
    for n in range(low, high + 1):
        grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return grams


_ANALYZERS = {"char_wb": _char_wb, "word": _words}


@cache
def _model() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def probability(text: str) -> float:
    """How likely the classifier thinks ``text`` describes acute danger (0-1)."""
    model = _model()
    folded = fold(text or "")
    decision = model["intercept"]
    for part in model["parts"]:
        terms = part["terms"]
        counts = Counter(g for g in _ANALYZERS[part["analyzer"]](folded, *part["ngram_range"]) if g in terms)
        # Sublinear tf times idf per term, l2-normed over the part, dotted with the weights: in one pass.
        dot = squares = 0.0
        for gram, count in counts.items():
            term_idf, weight = terms[gram]
            value = (1.0 + math.log(count)) * term_idf if count > 1 else term_idf
            dot += value * weight
            squares += value * value
        if squares:
            decision += dot / math.sqrt(squares)
    return 1.0 / (1.0 + math.exp(-decision))


def training_data(root: Path) -> tuple[list[str], list[int], str]:
    """The training texts, labels (1 = danger) and a digest of them.

    Danger: every ``tests/safety/danger_phrases*.tsv`` line; ordinary: every
    ``ordinary_queries*.tsv`` line (see tests/safety/README.md for who wrote
    which set).
    """
    safety = root / "tests" / "safety"

    def lines(pattern: str) -> list[str]:
        found = []
        for path in sorted(safety.glob(pattern)):
            found += [line for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip() and not line.startswith("#")]
        return found

    danger = [line.split("\t", 1)[1] for line in lines("danger_phrases*.tsv")]
    ordinary = [line.strip() for line in lines("ordinary_queries*.tsv")]
    texts = danger + ordinary
    labels = [1] * len(danger) + [0] * len(ordinary)
    digest = hashlib.sha256("\n".join(f"{label}\t{text}" for label, text in zip(labels, texts, strict=True))
                            .encode("utf-8")).hexdigest()
    return texts, labels, digest
