"""Search benchmark: index build time and query latency.

Run from the repository root::

    .venv/bin/python bench/search_bench.py [--pages 1000] [--repeat 5]

It measures, on a private temporary instance folder:

* the real shipped content (29 services) and
* a synthetic corpus of ``--pages`` services made by recombining sentences,
  keywords, topics and age ranges of the real pages under varied titles,

for plain queries and for queries with typos (which take the fuzzy path),
both with snippets for the ten shown hits, as a parent's search page does.
The per-process result cache is bypassed, so every query is computed.
Targets (DESIGN.md section 6): p95 <= 15 ms plain, <= 30 ms fuzzy at 1,000 pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAIN = [
    "pappa dricker för mycket", "foraldrakurs tonaring", "skilsmassa barn", "min son skolkar", "bvc",
    "orosanmälan", "bebis sover dåligt", "ångest", "knark", "fritidsgård", "bråk hemma", "föräldrastöd",
    "tonåring kommer hem full", "mobbad i skolan", "preventivmedel", "familjebehandlare", "gravid",
    "vart vänder jag mig", "alkoholproblem", "mina föräldrar ska skilja sig",
]
FUZZY = [
    "stegett", "familjebehandlnig", "ungdomsmotagningen", "fritidsgåden", "skilsmäsa", "orosanmällan",
    "preventivmedl", "pinoccio", "tonårsförlder", "elevhälsn", "psykolg skolan", "barnmorksa",
]
DISTRICTS = ["Norr", "Söder", "Väster", "Öster", "centrum", "Åby", "Ekbacken", "Hagalund", "Sjöstaden", "Bruket"]
FORMS = ["grupp", "samtal", "kurs", "mottagning", "träffpunkt", "stöd", "råd", "team"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def synthetic_services(real: list, count: int, seed: int = 7) -> list:
    """``count`` services built from the real pages' sentences and metadata."""
    from familjeguiden.search.schema import html_to_text
    from familjeguiden.taxonomy import TOPICS

    rng = random.Random(seed)
    sentences = [s.strip() for svc in real for s in re.split(r"(?<=[.?!])\s+", html_to_text(svc.body_html))
                 if len(s.strip()) > 20]
    keywords = sorted({k for svc in real for k in svc.keywords})
    summaries = [svc.summary for svc in real]
    services = []
    for n in range(count):
        base = rng.choice(real)
        paragraphs = []
        for _ in range(rng.randint(5, 9)):
            paragraphs.append(" ".join(rng.sample(sentences, rng.randint(3, 6))))
        body = "\n\n".join(paragraphs)
        body_html = "".join(f"<h2>{html.escape(rng.choice(sentences)[:40])}</h2><p>{html.escape(p)}</p>"
                            for p in paragraphs)
        low = rng.randint(0, 17)
        services.append(dataclasses.replace(
            base,
            slug=f"tjanst-{n:04d}",
            title=f"{base.title.split(' – ')[0].split(',')[0]} {rng.choice(FORMS)} {rng.choice(DISTRICTS)}",
            summary=rng.choice(summaries),
            ages=(low, rng.randint(low, 20)),
            topics=tuple(rng.sample(sorted(TOPICS), rng.randint(1, 3))),
            keywords=tuple(rng.sample(keywords, rng.randint(3, 10))),
            body=body,
            body_html=body_html,
        ))
    return services


def measure(queries: list[str], repeat: int, cold: bool = False) -> tuple[list[float], list[float], float]:
    """Wall-clock and CPU milliseconds per query; ``cold`` empties the term, word and page-text caches first.

    Warm is the steady state of a worker that has seen the query's words
    before (their term scores and analyses are kept); cold is the first
    time a worker sees them after a new index generation (per-generation
    field lengths, the spelling index and the word list are kept, as in a
    worker). CPU time is reported too because on a shared, busy machine
    wall-clock time also measures the other processes.
    """
    from familjeguiden.search.searching import _search
    from familjeguiden.search.state import get_state

    state = get_state()
    for q in queries:  # warm the stemmer, analyzer and spelling caches once
        _search(state, q, None, None, 1, 10)
    wall, cpu, hits = [], [], 0
    for _ in range(repeat):
        for q in queries:
            state.forget_results()  # bypass the per-process result and analysis caches
            if cold:
                state.forget_computed()
            started, started_cpu = time.perf_counter(), time.process_time()
            result = _search(state, q, None, None, 1, 10)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            hits += bool(result.hits) and all(h.snippet is not None for h in result.hits)
    return wall, cpu, hits / (len(queries) * repeat)


def run_suite(label: str, repeat: int) -> None:
    from familjeguiden.search.state import get_state

    started = time.perf_counter()
    get_state().spell_index()
    print(f"  spelling index built in {(time.perf_counter() - started) * 1000:.0f} ms (once per generation)")
    report(f"{label} plain + snippets, warm", *measure(PLAIN, repeat))
    report(f"{label} plain + snippets, cold", *measure(PLAIN, repeat, cold=True))
    report(f"{label} fuzzy + snippets, warm", *measure(FUZZY, repeat))
    report(f"{label} fuzzy + snippets, cold", *measure(FUZZY, repeat, cold=True))


def report(label: str, wall: list[float], cpu: list[float], found: float) -> str:
    line = (f"{label:40} median {statistics.median(wall):6.2f} ms   p95 {percentile(wall, 0.95):6.2f} ms"
            f"   max {max(wall):6.2f} ms   | CPU median {statistics.median(cpu):6.2f} ms"
            f"   p95 {percentile(cpu, 0.95):6.2f} ms   ({len(wall)} queries, {found:.0%} with hits)")
    print(line)
    return line


def resident_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc (Linux)."""
    values = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def worker_memory(config: dict, instance: Path, varied: int = 3000) -> None:
    """In a fresh process: open the big index, run every query, then ``varied`` others; print memory.

    The varied queries (as in ``search_varied_bench.py``) fill the
    per-generation caches to their bounds, as a worker's day would; their
    CPU times per query are reported too.
    """
    from bench.search_varied_bench import varied_queries
    from familjeguiden import create_app
    from familjeguiden.search.searching import _search
    from familjeguiden.search.state import get_state

    app = create_app(config, instance_path=str(instance))
    with app.app_context():
        started, _peak = resident_mb()
        state = get_state()
        for q in PLAIN + FUZZY:
            _search(state, q, None, None, 1, 10)
        current, peak = resident_mb()
        print(f"  worker process: {started:.0f} MB with the app loaded, {current:.0f} MB with the index open "
              f"and all {len(PLAIN + FUZZY)} queries run (peak {peak:.0f} MB)")
        cpu = []
        for q in varied_queries(varied):
            begun = time.process_time()
            _search(state, q, None, None, 1, 10)
            cpu.append((time.process_time() - begun) * 1000)
        current, peak = resident_mb()
    print(f"  after {varied} varied queries: {current:.0f} MB (peak {peak:.0f} MB); CPU per query median "
          f"{statistics.median(cpu):.2f} ms, p95 {percentile(cpu, 0.95):.2f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        instance = Path(args.worker)
        worker_memory(bench_config(instance, big=True), instance)
        return 0

    from familjeguiden import create_app
    from familjeguiden.search.engine import rebuild

    print(f"Load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="sokbench-") as tmp:
        instance = Path(tmp)
        app = create_app(bench_config(instance), instance_path=str(instance))
        result = app.test_cli_runner().invoke(args=["init"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            from familjeguiden.pages.catalogue import get_catalogue

            real = list(get_catalogue().services)
            build = rebuild(real)
            print(f"Real content: {build.pages} pages, build {build.seconds * 1000:.0f} ms")
            run_suite(f"  {build.pages} pages", args.repeat)

        big = create_app(bench_config(instance, big=True), instance_path=str(instance))
        with big.app_context():
            services = synthetic_services(real, args.pages)
            build = rebuild(services)
            size = sum(f.stat().st_size for f in (instance / "storindex").parent.glob("storindex.*/*"))
            print(f"Synthetic corpus: {build.pages} pages, build {build.seconds:.2f} s, index {size / 1e6:.1f} MB")
            run_suite(f"  {build.pages} pages", args.repeat)
        subprocess.run([sys.executable, __file__, "--worker", str(instance)], check=True)
    return 0


def bench_config(instance: Path, big: bool = False) -> dict:
    config = {"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{instance / 'bench.db'}"}
    if big:
        config["SEARCH_INDEX_PATH"] = str(instance / "storindex")
    return config


if __name__ == "__main__":
    sys.exit(main())
