"""Index writes beside a searching thread: a rebuild and a one-page update, alone and beside.

Run from the repository root (not part of the test suite)::

    .venv/bin/python bench/index_write_bench.py [--repeat 3]

A private temporary instance with the shipped content. In one process it
times ``rebuild()`` and an update of one page (``apply_changes``), first
alone (the reference), then while another thread of the same process
searches without pause, as a worker's other threads do under load. The
figure is the ratio beside / alone: each write gives up the interpreter
lock now and then and has to win it back from the searching thread, so 2
is what sharing one core fairly costs; far more means the write waits on
the lock after its own small reads, writes or seeks. A publish is meant to
be searchable at once, also in a worker that is busy searching.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(action, repeat: int) -> float:
    """Median seconds of ``repeat`` runs of ``action``."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def beside_searches(app, action, repeat: int) -> tuple[float, int]:
    """``timed(action)`` while another thread searches; also how many searches it made."""
    from familjeguiden.search.searching import _search
    from familjeguiden.search.state import get_state

    stop, searches = threading.Event(), [0]

    def keep_searching():
        with app.app_context():
            while not stop.is_set():
                _search(get_state(), "pappa dricker", None, None, 1, 10)
                searches[0] += 1

    worker = threading.Thread(target=keep_searching)
    worker.start()
    try:
        return timed(action, repeat), searches[0]
    finally:
        stop.set()
        worker.join()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from familjeguiden import create_app
    from familjeguiden.pages.catalogue import get_catalogue
    from familjeguiden.search.engine import apply_changes, rebuild

    with tempfile.TemporaryDirectory(prefix="skrivbench-") as tmp:
        instance = Path(tmp)
        config = {"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{instance / 'bench.db'}"}
        app = create_app(config, instance_path=str(instance))
        result = app.test_cli_runner().invoke(args=["init"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            page = get_catalogue().get("bup")
            writes = {"rebuild": rebuild, "update of one page": lambda: apply_changes(updates=[page])}
            print(f"{len(get_catalogue().services)} pages, median of {args.repeat}")
            print(f"{'write':<20} {'alone':>9} {'beside':>9} {'ratio':>6}  searches meanwhile")
            for label, action in writes.items():
                action()  # warm: imports, the first generation's state
                alone = timed(action, args.repeat)
                beside, searches = beside_searches(app, action, args.repeat)
                print(f"{label:<20} {alone:>8.2f}s {beside:>8.2f}s {beside / alone:>6.1f}  {searches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
