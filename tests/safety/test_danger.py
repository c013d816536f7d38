"""The danger detector on phrase sets written by other people than its patterns.

``danger_phrases*.tsv`` are things a person in danger (or worried about
someone in danger) could type; ``ordinary_queries*.tsv`` are ordinary
family-support searches and questions, many sharing words with danger.
Set 1 was written first and used while writing the patterns; set 2 was
written later by someone who had not seen the detector, and measured
before the patterns were extended for what it missed (see the closing
note of the issue for the figures). Both now stay as regression sets.

No danger phrasing may be missed. An ordinary query may show the box only
if it is listed here with the reason: a box too many costs a glance, a
box too few can cost a life.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from familjeguiden.safety import KINDS, assess

HERE = Path(__file__).parent

#: Ordinary queries that do show the acute-help box, and why that is acceptable.
ACCEPTED_FALSE_POSITIVES = {
    '4-åringen säger "jag ska döda dig" till sin syster när de bråkar, är det normalt?':
        "a parent quoting a child's threat: the detector cannot tell play from threat; showing help costs little",
}


def _lines(name: str) -> list[str]:
    lines = []
    for path in sorted(HERE.glob(name)):
        lines += [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")]
    return lines


def danger_set() -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in _lines("danger_phrases*.tsv")]


def ordinary_set() -> list[str]:
    return [line.strip() for line in _lines("ordinary_queries*.tsv")]


def test_the_sets_are_large_and_cover_every_kind_of_danger():
    dangers = danger_set()
    assert len(dangers) >= 60 and len(ordinary_set()) >= 60
    assert {kind for kind, _text in dangers} == {"vald", "sjalvmord", "barn-i-fara", "sexuella-overgrepp"}


def test_no_danger_phrasing_is_missed(capsys):
    dangers = danger_set()
    missed = [(kind, text) for kind, text in dangers if not assess(text)]
    wrong_kind = [(kind, text, assess(text).kinds) for kind, text in dangers
                  if assess(text) and kind not in assess(text).kinds and "oklar" not in assess(text).kinds]
    with capsys.disabled():
        print(f"\n[fara] {len(dangers)} farliga formuleringar: {len(missed)} missade, "
              f"{len(wrong_kind)} med en annan sorts hjälp än väntat")
    assert not missed, missed
    # The box must name the help for that kind of danger ("oklar" shows every kind).
    assert not wrong_kind, wrong_kind


def test_ordinary_queries_show_no_box_except_the_listed_ones(capsys):
    ordinary = ordinary_set()
    flagged = {text: assess(text) for text in ordinary if assess(text)}
    unexplained = {text: a.signals for text, a in flagged.items() if text not in ACCEPTED_FALSE_POSITIVES}
    with capsys.disabled():
        print(f"[fara] {len(ordinary)} vanliga sökningar: {len(flagged)} visar rutan "
              f"({len(flagged) - len(unexplained)} godtagna med skäl)")
    assert not unexplained, unexplained
    assert set(ACCEPTED_FALSE_POSITIVES) <= set(ordinary), "an accepted false positive is no longer in the set"


@pytest.mark.parametrize("text, kind", [
    ("han slår mig", "vald"), ("min man slår mig", "vald"), ("vill inte leva", "sjalvmord"),
    ("sjalvmord", "sjalvmord"), ("SJÄLVMORD", "sjalvmord"), ("kvinnojour", "vald"), ("hedersvåld", "vald"),
    ("självmordslinjen", "sjalvmord"), ("barnet är ensamt hemma i natt", "barn-i-fara"),
    # abuse of a child is also a child in danger: the box adds BRIS and the orosanmälan
    ("sonen berättade att tränaren tagit på honom", "barn-i-fara"),
    # a kind the rules name puts its help page first in search; the classifier alone says only "oklar"
    ("barnen såg när han tog mig i halsen", "vald"),
    ("han säger att han tar barnen om jag lämnar honom", "vald"),
    ("behöver bo nånstans med barnen där han inte hittar oss", "vald"),
    ("min man bestämmer över pengar och vilka jag får träffa", "vald"),
    ("styvpappa kommer in i mitt rum på nätterna", "sexuella-overgrepp"),
    ("jag hör skrik och bråk från lägenheten bredvid där det bor små barn", "vald"),
    ("hör skrik och smällar från grannen", "vald"),
    ("hon har långärmat hela sommaren", "sjalvmord"),
    ("jag såg märken på hennes handleder", "sjalvmord"),
    ("vem ringer jag om ett barn inte är säkert hemma", "barn-i-fara"),
    ("vår tolvåring blir inlåst när han inte lyder", "barn-i-fara"),
    ("barn lämnat ensamt", "barn-i-fara"),
    ("grannens bebis ensam hemma", "barn-i-fara"),
])
def test_what_outside_testing_found_missing_is_found(text, kind):
    assert kind in assess(text).kinds


@pytest.mark.parametrize("text", ["föräldrakurs", "skilsmässa", "pappa dricker", "tonåring skolkar",
                                  "ensam hemma med bebis",  # a parent alone with the baby, not a baby alone
                                  "barnet slår sig ofta när hen leker", "kniv och gaffel för barn", "hotell"])
def test_a_query_that_only_names_a_topic_shows_no_box(text):
    assert not assess(text)


@pytest.mark.parametrize("text, kind", [
    ("slagen", "vald"), ("hotad", "vald"), ("knivhotad", "vald"), ("barnmisshandel", "barn-i-fara"),
    ("tvångsgifte", "vald"), ("kidnappad", "vald"),
    # typed in a hurry: a letter left out, added, changed, or two swapped
    ("sjävmord", "sjalvmord"), ("sjalvmrod", "sjalvmord"), ("våldtäckt", "sexuella-overgrepp"),
    ("övergrep", "sexuella-overgrepp"), ("missandel", "vald"), ("kvinojour", "vald"),
])
def test_one_word_of_danger_shows_the_box_also_misspelt(text, kind):
    # One word is the rules' alone (the classifier does not judge it), so they must know these.
    assert kind in assess(text).kinds


@pytest.mark.parametrize("text", ["självkänsla", "utrotningshotad", "självmål", "sjalvstandig", "hotell"])
def test_a_word_near_a_danger_word_but_not_a_slip_of_it_shows_no_box(text):
    assert not assess(text)


@pytest.mark.parametrize("text", ["pappa", "killar", "granne", "pojkvän", "ensam", "han", "mig", "borta", "och"])
def test_one_ordinary_word_shows_no_box(text):
    # The classifier scored each of these 0.8-1.0 on its own (it shares letters with danger phrases).
    assert not assess(text)


def test_kinds_come_in_a_fixed_order():
    found = assess("pappa slår mig och jag vill inte leva, han tar på mig konstigt")
    assert list(found.kinds) == [k for k in KINDS if k in found.kinds] and len(found.kinds) >= 3


def test_the_shipped_classifier_was_trained_from_the_current_sets():
    from familjeguiden.safety.model import _model, training_data

    _texts, _labels, digest = training_data(HERE.parents[1])
    assert _model()["data_sha256"] == digest, "run: .venv/bin/python scripts/train_danger_model.py"


def test_the_classifier_scores_as_scikit_learn_does():
    """The plain-Python scoring gives scikit-learn's probabilities for the same model."""
    sklearn = pytest.importorskip("sklearn", reason="scikit-learn is a test dependency; see pyproject.toml")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    from familjeguiden.safety.model import NGRAMS, probability, training_data
    from familjeguiden.text import fold

    assert sklearn
    texts, labels, _digest = training_data(HERE.parents[1])
    vectorizers = [TfidfVectorizer(analyzer=kind, ngram_range=span, preprocessor=fold, sublinear_tf=True)
                   for kind, span in NGRAMS]
    union = make_union(*vectorizers)
    model = LogisticRegression(C=30.0, class_weight="balanced", max_iter=5000).fit(union.fit_transform(texts), labels)
    samples = ["han slår mig", "föräldrakurs för tonåringar", "vill unalive mig ikväll", "hotell i stan",
               "Min son på 15 har slutat äta och jag är orolig.", "", "ååå äää ööö 070-174 06 05"]
    expected = model.predict_proba(union.transform(samples))[:, 1]
    for text, want in zip(samples, expected, strict=True):
        assert probability(text) == pytest.approx(want, abs=1e-4), text


def test_a_request_asks_about_a_text_once_and_keeps_nothing_after_it(app, monkeypatch):
    """The rate limit's exemption and the view both ask about a question's text: one answer per
    request. What a person typed is not remembered by the worker once the request is over."""
    from familjeguiden.safety import danger

    asked = []
    real = danger._assess
    monkeypatch.setattr(danger, "_assess", lambda text: asked.append(text) or real(text))
    text = "pappa slår mig när han dricker"
    with app.test_request_context("/fraga", method="POST"):
        first, second = assess(text), assess(text)
        assert first == second and "vald" in first
    assert asked == [text]
    with app.test_request_context("/fraga", method="POST"):
        assert "vald" in assess(text)
    assert asked == [text, text]
