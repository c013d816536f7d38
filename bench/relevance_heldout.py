"""How well search generalises: a held-out query set no change was tuned to.

Run from the repository root (a few seconds)::

    .venv/bin/python bench/relevance_heldout.py

Builds a private instance with the shipped pages and prints, for
``bench/heldout/relevance_heldout*.tsv`` (see their headers) and, for
comparison, the three sets in ``tests/search``: the top-3 hit rate, the
mean reciprocal rank and the share of queries listing 20 or more pages.
For the held-out set it prints how many queries missed, not which: the
set stays useful only while nobody tunes the search to its lines.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import prepared_instance  # noqa: E402

SETS = sorted((ROOT / "bench" / "heldout").glob("relevance_heldout*.tsv")) + [
    ROOT / "tests" / "search" / name for name in ("relevance.tsv", "relevance_varied.tsv", "relevance_third.tsv")]


def rows(path: Path) -> list[tuple[str, list[str]]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, slugs = line.split("\t")
            found.append((query, [s.strip() for s in slugs.split(",") if s.strip()]))
    return found


def measure(path: Path) -> tuple[int, float, float, float]:
    from familjeguiden.search import search

    queries = rows(path)
    hits, reciprocal, broad = 0, 0.0, 0
    for query, wanted in queries:
        result = search(query, per_page=50)
        rank = next((i for i, hit in enumerate(result.hits, start=1) if hit.slug in wanted), None)
        hits += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0.0
        broad += result.total >= 20
    count = len(queries)
    return count, hits / count, reciprocal / count, broad / count


def main() -> int:
    from familjeguiden import create_app

    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        instance = prepared_instance(Path(tmp) / "instance")
        app = create_app({"RATELIMIT_ENABLED": False}, instance_path=str(instance))
        with app.test_request_context():
            for path in SETS:
                count, top3, mrr, broad = measure(path)
                missed = round(count * (1 - top3))
                print(f"{path.name:26} {count:4d} queries  top-3 {top3:.3f}  MRR {mrr:.3f}  "
                      f"20+ pages {broad:.1%}" + (f"  ({missed} not in the top 3)" if "heldout" in path.name else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
