"""How well the search answers queries typed in English, Arabic and Finnish.

Each set (``relevance_en.tsv``, ``relevance_ar.tsv``, ``relevance_fi.tsv``)
is written as parents and young people type, with typos, not copied from
the pages; each row names the services of which one should be among the
first three. The search runs as on ``/en/sok`` etc. (hits in that
language). The test prints the share in the top 3 per language, as
"engelska: 38/40 i topp 3 (0,95)", and fails below ``MIN_TOP3``.
"""

from __future__ import annotations

import pytest

from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.search import search

from .test_relevance import load_rows

SETS = {"en": ("relevance_en.tsv", "engelska"), "ar": ("relevance_ar.tsv", "arabiska"),
        "fi": ("relevance_fi.tsv", "finska")}
MIN_TOP3, MIN_ROWS = 0.9, 40


@pytest.mark.parametrize("code", SETS)
def test_language_set_is_well_formed(app, code):
    rows = load_rows(SETS[code][0])
    known = {s.slug for s in get_catalogue().services}
    assert len(rows) >= MIN_ROWS
    assert len({q.lower() for _n, q, _s in rows}) == len(rows), "a query is listed twice"
    for number, query, slugs in rows:
        assert query.strip() and slugs and set(slugs) <= known, f"line {number}"


@pytest.mark.parametrize("code", SETS)
def test_top3_per_language(app, capsys, code):
    name, label = SETS[code]
    rows = load_rows(name)
    hits, misses = 0, []
    for number, query, wanted in rows:
        ranking = [hit.slug for hit in search(query, per_page=50, language=code).hits]
        rank = next((i for i, slug in enumerate(ranking, start=1) if slug in wanted), None)
        if rank is not None and rank <= 3:
            hits += 1
        else:
            misses.append(f"  rad {number}: {query!r} vill ha {','.join(wanted)}, fick {ranking[:3]} (plats {rank})")
    share = hits / len(rows)
    with capsys.disabled():
        print(f"\n{label}: {hits}/{len(rows)} i topp 3 ({share:.2f})".replace(".", ","))
        for line in misses:
            print(line)
    assert share >= MIN_TOP3, f"{label}: top-3 {share:.2f} < {MIN_TOP3}"
