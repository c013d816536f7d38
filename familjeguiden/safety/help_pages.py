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

from collections.abc import Iterable

#: Kind of danger (``danger.KINDS``) -> the slugs of the pages with help for it, in the order shown.
HELP_PAGES: dict[str, tuple[str, ...]] = {
    "vald": ("vald-i-nara-relationer",),
    "sexuella-overgrepp": ("vald-i-nara-relationer",),
    "barn-i-fara": ("socialtjansten-barn-och-unga",),
    "sjalvmord": ("sjalvmord-och-sjalvskada",),
}


def help_pages(kinds: Iterable[str]) -> list[str]:
    """The slugs of the help pages for ``kinds``, each once, in the order of the kinds."""
    found: list[str] = []
    for kind in kinds:
        found += [slug for slug in HELP_PAGES.get(kind, ()) if slug not in found]
    return found
