"""The analysis of each language version: the forms people type meet the forms on the pages."""

from __future__ import annotations

import pickle

import pytest

from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.search.language_analysis import language_analyzer, normalise_arabic, terms, words
from familjeguiden.search.schema import document_for


@pytest.mark.parametrize("code, typed, on_the_page", [
    ("en", "bullied", "bullying"), ("en", "Divorced", "divorce"), ("en", "clinics", "clinic"),
    ("en", "teenagers", "teenager"), ("en", "café", "cafe"),
    ("fi", "koulussa", "koulu"), ("fi", "lapset", "lapsia"), ("fi", "paivakoti", "päiväkoti"),
    ("fi", "avioeron", "avioero"),
    # Arabic: diacritics, tatweel, alef forms, taa marbuta typed as haa, the article and prepositions.
    ("ar", "مُراهِق", "مراهق"), ("ar", "مراهــق", "مراهق"), ("ar", "إبني", "ابني"), ("ar", "أطفالي", "الاطفال"),
    ("ar", "عياده", "عيادة"), ("ar", "المدرسه", "المدرسة"), ("ar", "للشباب", "الشباب"), ("ar", "الطلاق", "طلاق"),
])
def test_typed_forms_meet_the_pages_forms(code, typed, on_the_page):
    assert terms(code, typed) == terms(code, on_the_page) != []


@pytest.mark.parametrize("code, text, left", [
    ("en", "my child is being bullied at school", ["child", "bullied", "school"]),
    ("fi", "minun lapseni on koulussa", ["lapseni", "koulussa"]),
    ("ar", "ابني في المدرسة", ["ابني", "المدرسة"]),
])
def test_stop_words_are_left_out(code, text, left):
    assert words(code, text) == left


def test_arabic_normalisation():
    assert normalise_arabic("أإآٱ") == "اااا"
    assert normalise_arabic("مُسْتَشْفَى") == "مستشفي"
    assert normalise_arabic("مدرسه") == normalise_arabic("مدرسة") == "مدرسة"
    assert normalise_arabic("سؤال") == "سوال"


def test_the_analyzers_survive_the_index_schema():
    """Whoosh pickles the analyzers into each index generation."""
    for code in ("en", "fi", "ar", "lattlast"):
        analyzer = pickle.loads(pickle.dumps(language_analyzer(code)))  # noqa: S301 - our own bytes
        assert [t.text for t in analyzer("Mamma")] == [t.text for t in language_analyzer(code)("Mamma")]


def test_the_swedish_fields_do_not_change_with_the_versions(app):
    """The versions only add fields: a page's Swedish fields are exactly what they were."""
    catalogue = get_catalogue()
    service = catalogue.get("steget")
    versions = {code: v for (slug, code), v in catalogue.versions.items() if slug == "steget"}
    assert set(versions) == {"en", "ar", "fi", "lattlast"}
    alone, with_versions = document_for(service), document_for(service, versions)
    assert {k: v for k, v in with_versions.items() if k in alone} == alone
    assert with_versions["title_en"] == versions["en"].title and "title_en" not in alone
