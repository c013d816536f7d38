"""A search the danger check flags lists the page of help for that danger first.

The acute-help box above the results says whom to call; the results below
must not start with pages that merely share a word with the sentence
("jag vill inte finnas mer" put three parenting courses first).
"""

import pytest

from familjeguiden.safety import assess
from familjeguiden.safety.help_pages import HELP_PAGES, help_pages
from familjeguiden.search import search


def slugs(result):
    return [hit.slug for hit in result.hits]


@pytest.mark.parametrize("text, first", [
    ("jag vill inte finnas mer", "sjalvmord-och-sjalvskada"),
    ("barnen såg när han slog mig", "vald-i-nara-relationer"),
    ("min sambo hotar mig", "vald-i-nara-relationer"),
    ("barnet är ensamt hemma i natt", "socialtjansten-barn-och-unga"),
])
def test_the_help_for_the_danger_comes_first(app, text, first):
    assert assess(text)
    assert slugs(search(text))[0] == first


def test_a_help_page_the_words_did_not_find_is_added_and_listed(app):
    text = "jag vill inte finnas mer"
    result = search(text)
    assert result.total >= 1 and slugs(result)[0] == "sjalvmord-och-sjalvskada"
    # Listed among the first hits, not only under "fler träffar", and counted once.
    assert slugs(result).count("sjalvmord-och-sjalvskada") == 1
    assert slugs(search(text, everything=True)).count("sjalvmord-och-sjalvskada") == 1


def test_a_child_harmed_gets_both_the_violence_and_the_child_help(app):
    text = "sonen berättade att tränaren tagit på honom"
    assert {"sexuella-overgrepp", "barn-i-fara"} <= set(assess(text).kinds)
    assert slugs(search(text))[:2] == ["vald-i-nara-relationer", "socialtjansten-barn-och-unga"]


@pytest.mark.parametrize("text", [
    "min son hotas av några killar i skolan och de har tagit hans mobil",
    "ngn hotar att slå ihjäl min son 16å om han inte betalar",
])
def test_violence_from_other_young_people_lists_the_youth_police_too(app, text):
    assert "vald" in assess(text).kinds
    assert "ungdomspolisen" in slugs(search(text))[:3]


def test_violence_in_the_family_does_not_add_the_youth_police():
    assert "ungdomspolisen" not in help_pages(["vald"], "pappa slår mig och tar mina pengar")
    assert help_pages(["vald"], "några äldre killar rånade min son") == ["vald-i-nara-relationer", "ungdomspolisen"]


def test_an_age_filter_still_applies_to_the_help_pages(app):
    # The self-harm page is for ages 6-20; a search among 0-5 does not list it.
    assert "sjalvmord-och-sjalvskada" not in slugs(search("jag vill inte finnas mer", alder="0-5"))


def test_an_ordinary_search_is_not_reordered(app):
    assert not assess("föräldrakurs tonåring")
    assert slugs(search("föräldrakurs tonåring"))[0] != "vald-i-nara-relationer"


def test_kinds_without_a_page_move_nothing():
    assert help_pages(["akut", "oklar"]) == []
    assert help_pages(["vald", "sexuella-overgrepp", "sjalvmord"]) == ["vald-i-nara-relationer",
                                                                      "sjalvmord-och-sjalvskada"]


def test_every_help_page_exists(app):
    from familjeguiden.pages.catalogue import get_catalogue

    known = {service.slug for service in get_catalogue().services}
    assert {slug for found in HELP_PAGES.values() for slug in found} <= known


def test_an_unpublished_help_page_is_not_put_back(app, client):
    from .helpers import unpublish

    unpublish(app, "sjalvmord-och-sjalvskada")
    answer = client.get("/api/sok", query_string={"q": "jag vill inte finnas mer"}).get_json()
    found = [r["slug"] for r in answer["results"]]
    assert "sjalvmord-och-sjalvskada" not in found

