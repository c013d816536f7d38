"""Service page throughput against a constant string of the same size.

Target (DESIGN.md section 6): a service page reaches at least 80 % of the
requests/s of a route returning a constant string of the same size, served
by the same gunicorn setup (2 workers). Run: ``make bench`` or
``.venv/bin/python bench/page_bench.py``.
"""

from __future__ import annotations

import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import gunicorn_server, prepared_instance, wrk  # noqa: E402 - after sys.path gets the repository root

PAGES = ["/tjanster/steget", "/tjanster/familjecentralen", "/"]


def main(seconds: int = 10) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        instance = prepared_instance(Path(tmp) / "instance")
        with gunicorn_server(instance) as (base, _process):
            print(f"{'sida':32} {'req/s':>9} {'konstant':>9} {'kvot':>6}  p50 ms  p99 ms")
            for path in PAGES:
                size = len(urllib.request.urlopen(base + path).read())
                wrk(base + path, seconds=2)  # warm every worker's cache
                page = wrk(base + path, seconds=seconds)
                constant = wrk(f"{base}/bench/konstant/{size}", seconds=seconds)
                ratio = page["rate"] / constant["rate"]
                print(f"{path:32} {page['rate']:9.0f} {constant['rate']:9.0f} {ratio:6.2f}"
                      f"  {page['latency_ms']['50']:6.2f}  {page['latency_ms']['99']:6.2f}"
                      f"{'  FEL: ' + str(page['errors']) if page['errors'] else ''}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
