"""The postings kept as arrays beside each segment (search/postings.py) score exactly as Whoosh's do."""

from pathlib import Path

import numpy as np

from familjeguiden.search.engine import current_generation, index_path
from familjeguiden.search.searching import _search
from familjeguiden.search.state import get_state

from .helpers import publish_edit, unpublish


def array_files(generation: Path) -> list[str]:
    return sorted(p.name for p in generation.iterdir() if ".fgpost-" in p.name)


def scores_both_ways(state, terms) -> list[tuple[str, object, object]]:
    """Each term's scores read from the arrays, then from Whoosh's postings."""
    from_arrays = {term: state.scores._compute(term) for term in terms}
    state._postings = {}  # as a reader that found no arrays
    return [(term, from_arrays[term], state.scores._compute(term)) for term in terms]


def assert_same_scores(state) -> None:
    terms = sorted(set().union(*state.scores.vocabulary().values()))
    assert len(terms) > 500
    for term, arrays, whoosh in scores_both_ways(state, terms):
        assert np.array_equal(arrays.ids, whoosh.ids), term
        assert np.allclose(arrays.scores, whoosh.scores), term
        assert arrays.idf == whoosh.idf, term


def test_a_built_generation_has_arrays_for_each_segment_and_they_score_as_whoosh(app):
    generation = current_generation(index_path())
    state = get_state()
    segments = [sub.segment().segment_id() for sub, _ in state.reader.leaf_readers()]
    assert set(state.postings) == set(segments)
    assert array_files(generation) == sorted(f"{s}.fgpost-{part}.npy" for s in segments
                                             for part in ("fields", "keys", "postings", "starts"))
    assert_same_scores(state)


def test_after_edits_the_arrays_leave_out_replaced_pages_and_still_score_as_whoosh(app, client):
    publish_edit(app, "bup", "Här finns också zebraflöjt.")
    unpublish(app, "steget")
    state = get_state()
    assert state.reader.has_deletions()  # the old versions are deleted in the first segment
    assert len(state.postings) >= 2  # the update's segment got arrays too
    assert [hit.slug for hit in _search(state, "zebraflöjt", None, None, 1, 10).hits] == ["bup"]
    assert "steget" not in [hit.slug for hit in _search(state, "steget", None, None, 1, 10).hits]
    assert_same_scores(state)


def test_a_generation_without_arrays_still_finds_the_same_pages(app):
    queries = ["pappa dricker", "foraldrakurs tonaring", "bebis sover dåligt", "ångest", "stegett"]
    state = get_state()
    with_arrays = [[h.slug for h in _search(state, q, None, None, 1, 10).hits] for q in queries]
    generation = current_generation(index_path())
    for name in array_files(generation):
        (generation / name).unlink()
    state.forget_computed()
    state._postings = None
    assert state.postings == {}
    assert [[h.slug for h in _search(state, q, None, None, 1, 10).hits] for q in queries] == with_arrays
