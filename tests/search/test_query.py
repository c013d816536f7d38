"""Reading what was typed: ages as people text them, and numbers and small words that are not searched."""

import pytest

from familjeguiden.search.query import parse_typed


@pytest.mark.parametrize("text, ages, groups, words", [
    ("min son på 13 röker", [(13, 13)], ["13-20"], ["son", "roker"]),
    ("dottern 15 har slutat äta", [(15, 15)], ["13-20"], ["dottern", "slutat", "ata", "atstorning"]),
    ("min son 8 slåss i skolan", [(8, 8)], ["6-12"], ["son", "slass", "skolan"]),
    ("min dotter 15 år gå ut natt", [(15, 15)], ["13-20"], ["dotter", "ga", "natt"]),
    ("sonen 16å dricker varje helg", [(16, 16)], ["13-20"], ["sonen", "dricker", "helg"]),  # a text message's "å"
    ("dotter 2,5 år vill inte sova", [(2, 2)], ["0-5"], ["dotter", "vill", "sova"]),  # not 5: two and a half
    ("min tjej på sexton har slutat röka", [(16, 16)], ["13-20"], ["tjej", "slutat", "roka"]),
    ("hon e 14 och dricker", [(14, 14)], ["13-20"], ["dricker"]),  # "är"/"e" and a number ending the clause
    ("min son är 15, han röker", [(15, 15)], ["13-20"], ["son", "roker"]),
])
def test_an_age_without_its_unit_is_an_age(text, ages, groups, words):
    parsed = parse_typed(text)
    assert (parsed.ages, parsed.age_groups, parsed.words) == (ages, groups, words)


@pytest.mark.parametrize("text, words", [
    ("sover dåligt på 2 veckor", ["sover", "daligt", "veckor"]),  # a count of weeks, not an age
    ("kostar det 50 kr", ["kostar", "kr"]),
    ("ring 112", ["ring", "112"]),  # numbers of three digits or more stay words
    ("1177 barn", ["1177", "barn"]),
    ("vi är 2 vuxna", ["vuxna"]),  # a count of adults
])
def test_a_count_is_not_an_age_and_long_numbers_stay_words(text, words):
    parsed = parse_typed(text)
    assert parsed.ages == [] and parsed.words == words


def test_sex_after_a_word_for_a_child_is_the_word_not_the_number():
    parsed = parse_typed("prata med tjejen på sex om sex")
    assert parsed.ages == [] and "sex" in parsed.words


def test_small_children_named_in_two_words_set_the_age():
    for text in ("min man dricker, barnen är små", "små barn sover dåligt"):
        assert parse_typed(text).age_groups == ["0-5"], text


def test_spoken_and_texted_small_words_are_not_searched():
    # Unknown to the pages, "dom", "mej", "ngn" made the query look half unknown (and "dom",
    # a court's ruling, matched the police page).
    parsed = parse_typed("asså dom tog mej mobil o ngn hotar typ mkt")
    assert parsed.words == ["tog", "mobil", "hotar"]
