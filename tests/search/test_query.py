"""Reading what was typed: ages written without their unit, and numbers that are not words."""

import pytest

from familjeguiden.search.query import parse_typed


@pytest.mark.parametrize("text, ages, groups, words", [
    ("min son på 13 röker", [(13, 13)], ["13-20"], ["son", "roker"]),
    ("dottern 15 har slutat äta", [(15, 15)], ["13-20"], ["dottern", "slutat", "ata"]),
    ("min son 8 slåss i skolan", [(8, 8)], ["6-12"], ["son", "slass", "skolan"]),
    ("min dotter 15 år gå ut natt", [(15, 15)], ["13-20"], ["dotter", "ga", "natt"]),
])
def test_an_age_without_its_unit_is_an_age(text, ages, groups, words):
    parsed = parse_typed(text)
    assert (parsed.ages, parsed.age_groups, parsed.words) == (ages, groups, words)


@pytest.mark.parametrize("text, words", [
    ("sover dåligt på 2 veckor", ["sover", "daligt", "veckor"]),  # a count of weeks, not an age
    ("kostar det 50 kr", ["kostar", "kr"]),
    ("ring 112", ["ring", "112"]),  # numbers of three digits or more stay words
    ("1177 barn", ["1177", "barn"]),
])
def test_a_count_is_not_an_age_and_long_numbers_stay_words(text, words):
    parsed = parse_typed(text)
    assert parsed.ages == [] and parsed.words == words
