"""Spotting questions that may describe acute danger.

The question form is not an emergency channel, but people in crisis write
anyway. When the text contains words that suggest violence, threats,
suicide or abuse, the form shows the emergency guidance again before the
question is sent, and the question is flagged urgent so it comes first in
the coordinator's inbox. False alarms cost little; a missed one costs much,
so the list errs on the side of flagging.

Matching is done on folded text (å/ä -> a, ö -> o, lower case) so that
"sjalvmord" and "SJÄLVMORD" match as well. Each pattern matches the start
of a word, which covers inflections; common inflections are listed.
"""

from __future__ import annotations

import re

#: Patterns that suggest acute danger, on folded text (no å/ä/ö). Each
#: must match at the start of a word; ``\b`` ends a pattern where a longer
#: word would mean something harmless ("vald" = våld, but not "valde").
URGENT_PATTERNS = (
    # suicide and self-harm
    r"sjalvmord", r"ta (?:sitt |mitt )?liv", r"tar livet av", r"vill (?:do|inte leva)\b", r"orkar inte leva",
    r"skar (?:sig|mig)\b", r"skara (?:sig|mig)\b", r"skadar sig sjalv", r"skadar mig sjalv", r"hanga (?:sig|mig)",
    r"overdos",
    # violence and threats
    r"slar (?:mig|honom|henne|dem|oss|barnen?|mamma|pappa)\b", r"slog\b", r"slagit\b", r"misshand",
    r"vald(?:et|s|samma?|sbrott|tak)?\b", r"hota[rdt]?\b", r"hot om\b", r"mordhot", r"doda\b", r"dodar\b",
    r"kniv", r"vapen", r"pistol", r"sparka[rdt]?\b", r"stryp", r"livsfar", r"i fara\b",
    r"radd for (?:min|sin|hans|hennes)",
    # sexual abuse
    r"overgrepp", r"valdtakt", r"valdtog", r"tvinga(?:r|de) (?:mig|honom|henne)",
    # explicit urgency
    r"akut", r"nodlage", r"hjalp mig nu", r"ring polisen",
    # children missing or left without care
    r"forsvunnen", r"forsvann", r"rymt", r"ensam hemma i natt",
)

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
_PATTERN = re.compile(r"(?<![a-z])(?:" + "|".join(URGENT_PATTERNS) + r")")


def fold(text: str) -> str:
    return text.lower().translate(_FOLD)


def urgent_signals(text: str) -> list[str]:
    """The danger words found in ``text`` (folded), in order of appearance."""
    return [match.group(0) for match in _PATTERN.finditer(fold(text))]


def looks_urgent(text: str) -> bool:
    return bool(_PATTERN.search(fold(text)))
