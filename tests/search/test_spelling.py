"""The typo index finds what a real edit distance finds, from hashes alone."""

import random

from familjeguiden.search.spelling import SpellIndex, distance

WORDS = ["foraldrakurs", "foraldrar", "familjecentral", "familjeratt", "skilsmassa", "ungdomsmottagning",
         "elevhalsan", "kurator", "tonaring", "mobbning", "angest", "sjalvmord", "steget", "cope", "abc",
         "barnpsykiatri", "habilitering", "kvinnojour", "socialtjansten", "fritidsgard", "skola", "skolan"]


def brute_force(typo, maxdist):
    return {w: d for w in WORDS if w != typo and (d := distance(typo, w)) <= maxdist}


def test_one_edit_away_is_always_found_and_nothing_else():
    index = SpellIndex(WORDS)
    rng = random.Random(3)
    for word in WORDS:
        for _ in range(5):
            i = rng.randrange(len(word))
            for typo in (word[:i] + word[i + 1:], word[:i] + "x" + word[i + 1:], word[:i] + word[i:][::-1][:2][::-1]
                         + word[i + 2:]):
                assert index.within(typo, 1) == brute_force(typo, 1), typo


def test_two_edits_find_the_close_words_and_only_real_ones():
    # Two letters too many, or one too many and one missing: found. Two missing letters are not
    # (the index holds each word less one letter, not two), as before the index was hashed.
    index = SpellIndex(WORDS)
    for typo, word in (("kuratorrs", "kurator"), ("elevhalsaan", "elevhalsan"), ("mobnningg", "mobbning"),
                       ("tonarnigg", "tonaring")):
        found = index.within(typo, 2)
        assert word in found, typo
        assert found.items() <= brute_force(typo, 2).items()


def test_a_word_is_not_its_own_correction():
    assert SpellIndex(WORDS).within("kurator", 2) == {}
