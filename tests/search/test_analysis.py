"""Swedish analysis: stemming, folding, stop words, compounds, synonyms."""

from pathlib import Path

import pytest

from familjeguiden.search.analysis import (
    COMPOUND_PARTS,
    STEM_OVERRIDES,
    analyse,
    fold,
    spelling_analyzer,
    split_compound,
    stem,
)
from familjeguiden.search.synonyms import SynonymMap, parse_synonyms, read_synonym_file

CONTENT = Path(__file__).resolve().parents[2] / "familjeguiden" / "content"


def stems(word):
    return analyse(word)[0]


@pytest.mark.parametrize("forms", [
    ["förälder", "föräldrar", "föräldern", "föräldrarna"],
    ["barn", "barnet", "barnen", "barns"],
    ["skilsmässa", "skilsmässan", "skilsmässor"],
    ["tonåring", "tonåringar", "tonåringen", "tonåringarna"],
    ["tonår", "tonåren", "tonårs"],
    ["skola", "skolan", "skolor"],
    ["kurs", "kurser", "kursen"],
    ["stöd", "stödet"],
    ["tonårsförälder", "tonårsföräldrar"],
    ["föräldrakurs", "föräldrakurser"],
])
def test_forms_parents_use_share_one_stem(forms):
    assert len({stems(form) for form in forms}) == 1, {form: stems(form) for form in forms}


def test_different_words_keep_different_stems():
    assert stems("barn") != stems("barnmorska")
    assert stems("mor") != stems("morgon")
    assert stems("aktivitet") == stems("aktiviteter") != stems("akt")


def test_every_override_is_applied_to_its_folded_form():
    for form, stemmed in STEM_OVERRIDES.items():
        assert stem(form) == stemmed
        assert form == fold(form)


@pytest.mark.parametrize("plain, swedish", [
    ("foraldrar", "föräldrar"), ("skilsmassa", "skilsmässa"), ("angest", "ångest"),
    ("oppen forskola", "öppen förskola"), ("TONARING", "Tonåring"),
])
def test_text_without_swedish_letters_analyses_like_text_with_them(plain, swedish):
    assert analyse(plain) == analyse(swedish)


def test_fold_removes_accents_but_keeps_letters():
    assert fold("Föräldrastöd") == "foraldrastod"
    assert fold("café Müller") == "cafe muller"


def test_stop_words_are_dropped_also_without_diacritics():
    assert analyse("för mycket och så") == []
    assert analyse("for mycket") == []
    # "får" is a stop word, but its folded form is "far" as in "far illa".
    assert analyse("barn som far illa") == [stems("barn"), "far", stems("illa")]


@pytest.mark.parametrize("word, parts", [
    ("föräldrastöd", ("foraldra", "stod")),
    ("familjebehandlare", ("familje", "behandlare")),
    ("alkoholproblem", ("alkohol", "problem")),
    ("tonårsförälder", ("tonars", "foralder")),
    ("småbarnsföräldrar", ("smabarns", "foraldrar")),
    ("elevhälsoteam", ("elev", "halso", "team")),
])
def test_compounds_split_into_their_parts(word, parts):
    assert split_compound(fold(word)) == parts


def test_words_that_are_not_compounds_are_left_alone():
    for word in ["barnet", "skolan", "förälder", "hemmasittare", "polisen", "steget"]:
        assert split_compound(fold(word)) is None, word


def test_a_compound_is_findable_by_its_parts():
    terms = analyse("Föräldrastöd")
    assert stems("stöd") in terms and stems("föräldrar") in terms
    assert stems("behandlare") in analyse("familjebehandlare")
    assert stems("alkohol") in analyse("alkoholproblem")


def test_compound_word_list_has_linking_forms():
    assert {"foraldra", "smabarn", "tonar"} <= COMPOUND_PARTS


def test_spelling_analyzer_folds_but_does_not_stem():
    assert [t.text for t in spelling_analyzer()("Föräldrarna skolkar")] == ["foraldrarna", "skolkar"]


def test_shipped_synonym_file_parses_without_problems_and_is_large_enough():
    parsed = read_synonym_file(CONTENT)
    assert parsed.problems == []
    assert len(parsed.groups) >= 60


def test_shipped_synonyms_do_not_expand_far_illa_to_pappa():
    synonyms = SynonymMap(read_synonym_file(CONTENT).groups)
    assert stems("pappa") not in synonyms.expand("far")
    assert stems("narkotika") in synonyms.expand(stems("knark"))


def test_synonym_parser_reports_broken_lines_and_keeps_the_rest():
    parsed = parse_synonyms("# kommentar\n\nsoc, socialtjänsten\nanmäla oro, orosanmälan\nensam\nDagis, förskola\n")
    assert [g for g in parsed.groups] == [["soc", "socialtjänsten"], ["dagis", "förskola"]]
    assert [p.line for p in parsed.problems] == [4, 5, 6]
    assert "mellanslag" in str(parsed.problems[0])


def test_synonym_map_expands_to_the_whole_group_in_index_terms():
    synonyms = SynonymMap([["dagis", "förskolan", "förskola"], ["soc", "socialtjänsten"]])
    assert synonyms.expand(stems("dagis")) == {stems("förskola")}
    assert synonyms.expand(stems("socialtjänsten")) == {stems("soc")}
    assert synonyms.expand("okänt") == set()
