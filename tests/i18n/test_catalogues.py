"""The interface catalogues: complete for what visitors see, consistent, compiled, and used everywhere.

Swedish is the source (message ids are the Swedish texts); staff pages are
Swedish only, so their entries may stay empty (``catalogues.STAFF_PLACES``).
"""

from __future__ import annotations

import gettext

import pytest

from .catalogues import LOCALES, TRANSLATIONS, catalogue, untranslated_public
from .untranslated import bare_text, public_templates


@pytest.mark.parametrize("locale", LOCALES)
def test_every_text_a_visitor_sees_is_translated(locale):
    assert untranslated_public(locale) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder_and_plural_form(locale):
    problems = []
    messages = catalogue(locale)
    for message, errors in messages.check():
        problems.extend(f"{message.id!r}: {error}" for error in errors)
    for message in messages:
        if message.pluralizable and any(message.string):
            assert len(message.string) == messages.num_plurals, message.id
    assert problems == []


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_the_po_file(locale):
    """The .mo files are committed (no build step on install); after editing a .po run make translations."""
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected, swedish_forms = {}, set()
    for message in catalogue(locale):
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            swedish_forms.update(message.id)
            for index, text in enumerate(message.string):
                if text:
                    expected[(message.id[0], index)] = text
        elif message.string:
            expected[message.id] = message.string
    # Babel writes an untranslated plural entry as its Swedish forms: the same as no translation.
    compiled = {key: value for key, value in compiled.items()
                if key != "" and not (key not in expected and value in swedish_forms)}
    assert compiled == expected, "kör make translations"


def test_public_templates_have_no_text_outside_gettext():
    problems = [problem for path in public_templates() for problem in bare_text(path)]
    assert problems == [], "\n".join(problems)
