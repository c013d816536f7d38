"""/sok with varied queries against the constant route, in one run.

Run from the repository root (about a minute; needs ``wrk``)::

    .venv/bin/python bench/search_varied_bench.py [--queries 20000] [--seconds 10]
        [--warm-up 2] [--swedish-only]

A prepared instance (the shipped pages) is served by gunicorn with 2
sync workers (``bench.wsgi:app``, rate limits off). After ``--warm-up``
seconds of other distinct queries (the workers see the words, never the
measured queries), each for ``--seconds``, ``wrk -t1 -c8``:

1. the constant route ``/bench/konstant/<size>`` with the size of a typical
   search page (the reference);
2. ``/sok`` with ONE repeated query (served from the result cache);
3. ``/sok`` with a Lua script cycling through ``--queries`` distinct
   queries: random combinations of 1-4 words in ONE language each (80 %
   Swedish, the rest English, Arabic and Finnish: ``LANGUAGE_SHARES``),
   drawn from that language's relevance set and its pages' keywords, the
   Swedish ones 30 % without å/ä/ö, 15 % with a typo. Each worker sees
   each query at most once, so the per-process result caches do not
   decide the rate.

Reports the requests per second of each and the ratios to the constant
route, and the server CPU time per request (user + system time of the
gunicorn workers over the run, divided by the requests wrk completed): on
a machine shared with other work the rate depends on what else runs, the
CPU per request much less. Target (DESIGN.md section 6): varied >= 0.5.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import gunicorn_server, prepared_instance, require_wrk  # noqa: E402
from bench.load_bench import cpu_seconds, lua_string, rss_mb, workers_of  # noqa: E402

LUA = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", QUERIES[(counter + OFFSET) % #QUERIES + 1])
end
"""
_FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")


#: Share of the queries written in each language: most parents ask in Swedish; the rest is split
#: between the full language versions. A query is in ONE language, as people write.
LANGUAGE_SHARES = {"sv": 0.8, "en": 0.08, "ar": 0.06, "fi": 0.06}
#: Each language's query sets (tests/search) besides its pages' keywords.
QUERY_SETS = {"sv": ("relevance.tsv", "relevance_varied.tsv"), "en": ("relevance_en.tsv",),
              "ar": ("relevance_ar.tsv",), "fi": ("relevance_fi.tsv",)}


def words_parents_use(language: str = "sv") -> list[str]:
    """Words of a language's relevance sets and of its pages' keywords (``abc.md``, ``abc.en.md`` ...)."""
    words: set[str] = set()
    for name in QUERY_SETS[language]:
        for line in (ROOT / "tests" / "search" / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                words.update(re.findall(r"[^\W\d_]+", line.split("\t")[0].lower()))
    pages = ROOT / "familjeguiden" / "content" / "tjanster"
    for page in pages.glob("*.md" if language == "sv" else f"*.{language}.md"):
        if language == "sv" and page.name.count(".") > 1:
            continue  # a language version (abc.en.md), not a Swedish page
        match = re.search(r"^keywords: \[(.*)\]$", page.read_text(encoding="utf-8"), flags=re.M)
        if match:
            words.update(re.findall(r"[^\W\d_]+", match.group(1).lower()))
    return sorted(w for w in words if len(w) >= 2)


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i + 1] + word[i] + word[i + 2:]


def varied_queries(count: int, seed: int = 11, shares: dict[str, float] | None = None) -> list[str]:
    """``count`` distinct queries of 1-4 words, each in one language (``LANGUAGE_SHARES``)."""
    shares = shares or LANGUAGE_SHARES
    rng, found = random.Random(seed), set()
    pools = {language: words_parents_use(language) for language in shares}
    languages, weights = list(shares), list(shares.values())
    while len(found) < count:
        language = rng.choices(languages, weights)[0]
        chosen = rng.sample(pools[language], rng.choice((1, 2, 2, 3, 3, 4)))
        if language == "sv" and rng.random() < 0.3:
            chosen = [w.translate(_FOLD) for w in chosen]
        if rng.random() < 0.15:
            chosen[0] = typo(chosen[0], rng)
        found.add(" ".join(chosen))
    return sorted(found, key=lambda _q: rng.random())


def write_lua(path: Path, queries: list[str], offset: int) -> Path:
    table = ",\n  ".join(lua_string("/sok?" + urllib.parse.urlencode({"q": q})) for q in queries)
    path.write_text(f"OFFSET = {offset}\nQUERIES = {{\n  {table}\n}}\n" + LUA, encoding="utf-8")
    return path


def run(base: str, target: str, seconds: int, script: Path | None = None, workers=()) -> dict:
    command = ["wrk", "--latency", "-t1", "-c8", f"-d{seconds}s"] + (["-s", str(script)] if script else [])
    cpu_before = cpu_seconds(workers) if workers else 0.0
    out = subprocess.run(command + [base + target], capture_output=True, text=True, check=True,
                         timeout=seconds + 60).stdout
    cpu = cpu_seconds(workers) - cpu_before if workers else 0.0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "errors": int(non2xx.group(1)) if non2xx else 0,
            "p99": re.search(r"\s99%\s+([\d.]+\w+)", out).group(1),
            "cpu_ms": 1000 * cpu / max(1, requests)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=20000)
    parser.add_argument("--swedish-only", action="store_true", help="every query in Swedish")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warm-up", type=int, default=2,
                        help="seconds of other distinct queries first (the words a worker has seen)")
    args = parser.parse_args(argv)
    require_wrk()
    shares = {"sv": 1.0} if args.swedish_only else None
    queries = varied_queries(args.queries, shares=shares)
    print(f"{len(queries)} distinct queries, e.g. {queries[:4]}")
    with tempfile.TemporaryDirectory(prefix="sokvar-") as tmp:
        instance = prepared_instance(Path(tmp) / "instance")
        env = {"FAMILJEGUIDEN_RATELIMIT_ENABLED": "false"}
        with gunicorn_server(instance, workers=2, env=env) as (base, process):
            sample = "/sok?" + urllib.parse.urlencode({"q": "pappa dricker för mycket"})
            size = len(urllib.request.urlopen(base + sample).read())
            constant = f"/bench/konstant/{size}"
            # The warm-up asks other queries (a second draw, without the measured ones), so none of
            # the measured queries is in a result cache; only words are seen before.
            measured = set(queries)
            others = [q for q in varied_queries(args.queries, seed=12, shares=shares) if q not in measured]
            warm = write_lua(Path(tmp) / "warm.lua", others, offset=0)
            run(base, "/", args.warm_up, warm)  # warm-up: imports, term scores, spelling index, words seen
            workers = workers_of(process.pid)
            results = {
                "constant": run(base, constant, args.seconds, workers=workers),
                "repeated": run(base, sample, args.seconds, workers=workers),
                "varied": run(base, "/", args.seconds, write_lua(Path(tmp) / "varied.lua", queries, offset=0),
                              workers=workers),
            }
            memory = [(rss_mb(pid), rss_mb(pid, "VmHWM")) for pid in workers]
    reference = results["constant"]["rate"]
    print(f"page size {size} bytes; wrk -t1 -c8, {args.seconds} s each, 2 gunicorn workers")
    for name, values in results.items():
        print(f"  {name:9} {values['rate']:8.0f} req/s  ratio {values['rate'] / reference:5.2f}"
              f"  p99 {values['p99']:>8}  server CPU {values['cpu_ms']:5.2f} ms/request  non-2xx {values['errors']}")
    print("  workers: " + ", ".join(f"RSS {now:.0f} MB (peak {peak:.0f} MB)" for now, peak in memory))
    return 0


if __name__ == "__main__":
    sys.exit(main())
