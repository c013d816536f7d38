"""Which service page gives help for each kind of danger.

The acute-help box links these pages, and a search whose text the danger
check flags lists them first (``search.searching``): someone who types
"jag vill inte finnas mer" or "han tog mig i halsen" should find the page
about suicidal thoughts, or about violence, at the top of the results, not
below pages that merely share a word with the sentence. A kind with no
page of its own (``akut``; ``oklar``, the classifier's) moves nothing: the
box above the results already shows whom to call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import fold

#: Kind of danger (``danger.KINDS``) -> the slugs of the pages with help for it, in the order shown.
HELP_PAGES: dict[str, tuple[str, ...]] = {
    "vald": ("vald-i-nara-relationer",),
    "sexuella-overgrepp": ("vald-i-nara-relationer",),
    "barn-i-fara": ("socialtjansten-barn-och-unga",),
    "sjalvmord": ("sjalvmord-och-sjalvskada",),
}


#: Violence or threats from other young people or strangers, not from the family: a gang, "some
#: boys", a robbery, money demanded. Ungdomspolisen helps young people exposed to such crime, so
#: it is listed after the help for violence ("min son hotas av några killar i skolan").
BY_OTHERS = re.compile(r"(?<![a-z])(?:killar|killarna|grabbar|grabbarna|gang|ganget|gangen|aldre (?:killar|ungdomar)|"
                       r"ranad|ranade|ranar|ranas|ran|utpressning|utpressad|betala|betalar|pengar av)(?![a-z])")
#: Where the one who threatens or hits is in the family, the help for violence is enough.
_FAMILY = re.compile(r"(?<![a-z])(?:pappa|pappan|mamma|mamman|farsan|morsan|styv\w+|bonus\w+|sambo\w*|"
                     r"foraldr\w+|bror\w*|brorsan|syster\w*|min man|mannen|maken|frun|hustrun|exet|kille|killen|"
                     r"pojkvan\w*)(?![a-z])")
BY_OTHERS_PAGE = "ungdomspolisen"


def help_pages(kinds: Iterable[str], text: str | None = None) -> list[str]:
    """The slugs of the help pages for ``kinds``, each once, in the order of the kinds.

    With the searched ``text``: violence from a gang or other young people
    (``BY_OTHERS``) adds Ungdomspolisen after the help for violence.
    """
    found: list[str] = []
    for kind in kinds:
        found += [slug for slug in HELP_PAGES.get(kind, ()) if slug not in found]
    if text and "vald" in kinds and BY_OTHERS_PAGE not in found:
        folded = fold(text)
        if BY_OTHERS.search(folded) and not _FAMILY.search(folded):
            found.append(BY_OTHERS_PAGE)
    return found
