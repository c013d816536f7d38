"""Everyday phrases that say what is wrong without the word for it.

Parents and children describe a problem in ordinary words: "har slutat
äta" is about an eating disorder, "bråkar om barnen" about a dispute over
custody, "kastar sig på golvet" about tantrums. No page uses the phrase,
and each of its words is everyday ("slutat", "äta", "bråkar") or says who
is involved, so the ranking cannot find the service from them. A phrase
here adds the word the pages use (``implied_words``); the typed words are
still searched too.

A phrase must mean one thing in a family-support context wherever it is
typed: "vägrar äta" is left out (every toddler does), "slutat äta" is in.
The relevance sets in ``tests/search`` check each addition. Single words
that mean the same belong in ``content/synonymer.txt`` instead.
"""

from __future__ import annotations

import re

from .analysis import fold

#: The word the pages use -> phrases that mean it (lower case, å/ä/ö written; matched folded, whole words).
PHRASES: dict[str, tuple[str, ...]] = {
    "ätstörning": ("slutat äta", "slutar äta", "slutat att äta", "svälter sig", "kräks efter maten",
                   "kräks upp maten"),
    "vårdnadstvist": ("bråkar om barnen", "bråk om barnen", "tjafsar om barnen", "grälar om barnen",
                      "strider om barnen", "bråkar om vårdnaden", "strider om vårdnaden", "tvist om barnen"),
    "umgänge": ("låter mig inte träffa", "låter mig inte se", "får inte träffa barnen", "får inte träffa mina barn",
                "får inte träffa min son", "får inte träffa min dotter", "får inte se barnen"),
    "utbrott": ("kastar sig på golvet", "slänger sig på golvet", "lägger sig på golvet och skriker"),
    "bebis": ("fått barn", "fick barn", "fått en bebis", "fick en bebis", "fått ett barn"),
    "kontrollerar": ("läser mina meddelanden", "läser alla mina meddelanden", "spårar min telefon",
                     "går igenom min telefon", "kollar min telefon", "bestämmer vad jag får ha på mig"),
    "frånvaro": ("inte gått till skolan", "inte varit i skolan", "går inte till skolan", "vill inte gå till skolan",
                 "slutat gå till skolan", "slutat gå i skolan", "stannar hemma från skolan", "inte gå till skolan"),
    "orosanmälan": ("aldrig få mat", "får aldrig mat", "får ingen mat", "inte får mat", "går hungrig",
                    "ingen vuxen hemma", "ingen vuxen bryr sig"),
    "brott": ("springa med paket", "springer med paket", "springa åt", "springer åt", "sälja åt dom", "langar åt"),
    "koncentration": ("kan inte sitta still", "sitter aldrig still", "kan inte koncentrera sig"),
}

_TARGET = {fold(phrase): fold(word) for word, phrases in PHRASES.items() for phrase in phrases}
_PATTERN = re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(p) for p in sorted(_TARGET, key=len, reverse=True))
                      + r")(?![^\W\d_])")


def implied_words(tokens: list[str]) -> list[str]:
    """The (folded) words the phrases in ``tokens`` (the typed words, in order, lower case) stand for."""
    found = [_TARGET[m.group(0)] for m in _PATTERN.finditer(fold(" ".join(tokens)))]
    return list(dict.fromkeys(found))
