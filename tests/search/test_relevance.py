"""How well the search answers what parents actually type (relevance.tsv).

Each row of ``relevance.tsv`` is a query and the services of which at
least one should be among the first three results, based on what the
service pages say. The test prints the top-3 hit rate and the mean
reciprocal rank (MRR) and fails if fewer than 90 % of queries hit.
"""

from pathlib import Path

from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.search import search

RELEVANCE_FILE = Path(__file__).with_name("relevance.tsv")


def load_rows():
    rows = []
    for number, line in enumerate(RELEVANCE_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        query, slugs = line.split("\t")
        rows.append((number, query, [s.strip() for s in slugs.split(",") if s.strip()]))
    return rows


def test_relevance_file_is_well_formed(app):
    rows = load_rows()
    known = {s.slug for s in get_catalogue().services}
    assert len(rows) >= 70
    assert len({q for _n, q, _s in rows}) == len(rows), "a query is listed twice"
    for number, query, slugs in rows:
        assert query.strip() and slugs, f"line {number}"
        assert set(slugs) <= known, f"line {number}: unknown slug in {slugs}"


def test_top3_hit_rate_and_mrr(app, capsys):
    rows = load_rows()
    hits, reciprocal, misses = 0, 0.0, []
    for number, query, wanted in rows:
        ranking = [hit.slug for hit in search(query).hits]
        rank = next((i for i, slug in enumerate(ranking, start=1) if slug in wanted), None)
        if rank is not None:
            reciprocal += 1 / rank
        if rank is not None and rank <= 3:
            hits += 1
        else:
            misses.append(f"  rad {number}: {query!r} vill ha {','.join(wanted)}, fick {ranking[:3]} (plats {rank})")
    top3, mrr = hits / len(rows), reciprocal / len(rows)
    with capsys.disabled():
        print(f"\nSökrelevans: {len(rows)} frågor, topp 3: {top3:.3f}, MRR: {mrr:.3f}")
        for miss in misses:
            print(miss)
    assert top3 >= 0.9, f"top-3 {top3:.3f} < 0.9"
