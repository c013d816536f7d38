"""Everyday phrases that name a problem without its word (search/phrases.py)."""

import pytest

from familjeguiden.search import search
from familjeguiden.search.analysis import fold
from familjeguiden.search.phrases import PHRASES, implied_words
from familjeguiden.search.query import parse_typed
from familjeguiden.search.state import get_state


def slugs(result):
    return [hit.slug for hit in result.hits]


def test_every_word_a_phrase_stands_for_is_on_the_pages(app):
    with app.test_request_context():
        words = get_state().words
        for word in PHRASES:
            assert len(words.get(fold(word)).scored), word


def test_each_phrase_is_read_as_its_word_also_without_swedish_letters():
    for word, phrases in PHRASES.items():
        for phrase in phrases:
            assert implied_words(phrase.split()) == [fold(word)], phrase
            assert implied_words(fold(phrase).split()) == [fold(word)], phrase


def test_a_phrase_adds_its_word_and_keeps_the_typed_ones():
    parsed = parse_typed("dottern 15 har slutat äta")
    assert parsed.words == ["dottern", "slutat", "ata", "atstorning"]
    # Only whole words: "slutat ätas" is not the phrase, and a toddler who "vägrar äta" is no eating disorder.
    assert implied_words("slutat ätas".split()) == []
    assert implied_words("vägrar äta".split()) == []


@pytest.mark.parametrize("text, wanted", [
    ("dottern 15 har slutat äta och tränar hela tiden", "bup"),
    ("min bror och hans fru ska skiljas och bråkar om barnen", "familjeratt"),
    ("min dotter har fått barn och verkar deprimerad", "familjecentralen"),
    ("han låter mig inte träffa ungen sen vi gjorde slut", "familjeratt"),
    ("grannens unge verkar aldrig få mat hemma", "socialtjansten-barn-och-unga"),
])
def test_a_sentence_with_a_phrase_finds_the_service(app, text, wanted):
    assert wanted in slugs(search(text))[:3]
