"""The index lifecycle: atomic rebuilds, other workers, updates, staleness, health."""

import dataclasses
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.search import engine, rebuild, search
from familjeguiden.search.engine import current_generation, index_path, stale_marker
from familjeguiden.search.searching import _search
from familjeguiden.search.state import get_state

from .helpers import publish_edit, unpublish

ROOT = Path(__file__).resolve().parents[2]


def top_slugs(query):
    return [hit.slug for hit in _search(get_state(), query, None, None, 1, 10).hits]


def generations(app):
    path = index_path()
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + ".") and p.is_dir())


def test_flask_init_built_the_index_behind_a_pointer_file(app):
    path = index_path()
    assert path.is_file()
    assert current_generation(path).name == path.read_text().strip()
    assert len(get_state().docs) == len(get_catalogue().services) >= 24


def test_rebuild_swaps_generations_and_keeps_only_the_previous_one(app):
    before = current_generation(index_path())
    for _ in range(3):
        rebuild()
    after = current_generation(index_path())
    assert after != before
    assert len(generations(app)) == 2 and after.name in generations(app)


def test_a_searcher_opened_before_a_rebuild_still_answers(app):
    old = get_state()
    assert top_slugs("steget")[0] == "steget"
    rebuild()
    assert _search(old, "steget", None, None, 1, 10).hits[0].slug == "steget"
    new = get_state()
    assert new is not old and new.generation != old.generation
    assert top_slugs("steget")[0] == "steget"


def test_searches_during_rebuilds_keep_answering(app):
    errors, answers, stop = [], [], threading.Event()

    def keep_searching():
        with app.app_context():
            while not stop.is_set():
                try:
                    answers.append(top_slugs("steget")[0])
                except Exception as exc:  # noqa: BLE001 - the test reports it
                    errors.append(exc)

    worker = threading.Thread(target=keep_searching)
    worker.start()
    try:
        for _ in range(2):
            rebuild()
    finally:
        stop.set()
        worker.join()
    assert errors == [] and answers and set(answers) == {"steget"}


def test_rebuilds_and_updates_read_index_files_whole_so_searching_threads_cannot_stall_them(app, monkeypatch):
    """Each small read from disk gives up the interpreter lock and waits up to
    5 ms to get it back while another thread searches: a rebuild that read its
    postings back piece by piece took four minutes beside one busy thread."""
    from whoosh.filedb.filestore import FileStorage

    piecewise, open_file = [], FileStorage.open_file

    def counting(storage, name, *args, **kwargs):
        piecewise.append(name)
        return open_file(storage, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "open_file", counting)
    report = rebuild()
    publish_edit(app, "bup", "Här finns också zebraflöjt.")  # an update: merges segments of the generation
    assert piecewise == [] and report.pages == len(get_catalogue().services)
    monkeypatch.setattr(FileStorage, "open_file", open_file)
    assert top_slugs("steget")[0] == "steget" and top_slugs("zebraflöjt") == ["bup"]


def test_files_too_big_to_read_whole_are_read_piece_by_piece_with_the_same_answers(app, monkeypatch):
    expected = {q: top_slugs(q) for q in ("steget", "pappa dricker", "bvc", "skilsmässa barn")}
    monkeypatch.setattr(engine, "WHOLE_FILE_BYTES", 0)
    rebuild()
    publish_edit(app, "bup", "Här finns också zebraflöjt.")
    assert {q: top_slugs(q) for q in expected} == expected and top_slugs("zebraflöjt") == ["bup"]


def test_rebuild_reports_progress_every_100_pages(app):
    base = get_catalogue().services[0]
    services = [dataclasses.replace(base, slug=f"sida-{n}") for n in range(201)]
    calls = []
    report = rebuild(services, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(100, 201), (200, 201)]
    assert report.pages == 201 and len(get_state().docs) == 201


def test_cli_rebuild(cli):
    result = cli.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"Sökindexet är ombyggt: {len(get_catalogue().services)} sidor" in result.output


def test_published_change_is_searchable_at_once(app, client):
    assert client.get("/api/sok?q=zebraflöjt").get_json()["total"] == 0
    publish_edit(app, "bup", "Här finns också zebraflöjt.")
    results = client.get("/api/sok?q=zebraflöjt").get_json()["results"]
    assert [r["slug"] for r in results] == ["bup"]
    assert len(get_state().docs) == len(get_catalogue().services)  # updated in place, not added twice


def test_unpublished_page_leaves_the_index(app, client):
    unpublish(app, "steget")
    assert "steget" not in [r["slug"] for r in client.get("/api/sok?q=steget").get_json()["results"]]


def test_a_second_process_sees_new_generations_and_updates_without_restart(app, instance_path):
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from tests.conftest import make_app\n"
        "client = make_app(Path(sys.argv[1])).test_client()\n"
        "for line in sys.stdin:\n"
        "    data = client.get('/api/sok', query_string={'q': line.strip()}).get_json()\n"
        "    print(json.dumps([r['slug'] for r in data['results']]), flush=True)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    worker = subprocess.Popen([sys.executable, "-c", script, str(instance_path)], cwd=ROOT, env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def ask(query):
        worker.stdin.write(query + "\n")
        worker.stdin.flush()
        return json.loads(worker.stdout.readline())

    try:
        assert ask("steget")[0] == "steget"  # the worker has opened the index
        assert ask("zebraflöjt") == []
        publish_edit(app, "steget", "Nu med zebraflöjt.", notify=False)
        rebuild()  # a new generation
        assert ask("zebraflöjt") == ["steget"]
        publish_edit(app, "bup", "Och kolibrimusik.")  # an update inside the generation
        assert ask("kolibrimusik") == ["bup"]
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)


def test_failed_update_marks_the_index_stale_until_a_rebuild(app, client):
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.1
    blocker = engine.whoosh_index.open_dir(str(current_generation(index_path()))).writer()
    try:
        publish_edit(app, "steget", "Nu med zebraflöjt.")  # the writer lock is busy
    finally:
        blocker.cancel()
    assert stale_marker().exists()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["search"]["index"] == "inaktuellt"

    rebuild()
    assert not stale_marker().exists()
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["search"]["index"] == "ok"
    assert search("zebraflöjt").hits[0].slug == "steget"


def test_missing_index_is_unhealthy_and_built_on_first_use(app, client, caplog):
    path = index_path()
    for name in generations(app):
        engine.shutil.rmtree(path.parent / name)
    path.unlink()
    assert client.get("/healthz").get_json()["search"]["index"] == "saknas"
    response = client.get("/api/sok?q=steget")
    assert response.get_json()["results"][0]["slug"] == "steget"
    assert "Sökindexet saknas" in caplog.text
    assert client.get("/healthz").get_json()["search"]["index"] == "ok"


def test_only_the_search_package_imports_whoosh_and_no_async_writer():
    package = ROOT / "familjeguiden"
    for source in package.rglob("*.py"):
        code = source.read_text(encoding="utf-8")
        if source.parent.name != "search":
            assert "import whoosh" not in code and "from whoosh" not in code, source
        assert "AsyncWriter(" not in code and "import AsyncWriter" not in code, source


def test_threads_sharing_one_process_state_get_correct_answers(app):
    queries = ["steget", "pappa dricker", "skilsmässa barn", "bvc", "stegett", "föräldrakurs tonåring"]
    state = get_state()
    expected = {q: [h.slug for h in _search(state, q, None, None, 1, 10).hits] for q in queries}
    errors, wrong = [], []

    def worker():
        with app.app_context():
            for _ in range(15):
                for q in queries:
                    state.scores.forget_terms()  # make every thread read postings
                    try:
                        got = [h.slug for h in _search(state, q, None, None, 1, 10).hits]
                    except Exception as exc:  # noqa: BLE001 - the test reports it
                        errors.append(exc)
                        continue
                    if got != expected[q]:
                        wrong.append((q, got))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and wrong == []


def segment_ids():
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    toc = TOC.read(FileStorage(str(current_generation(index_path()))), "MAIN")
    return {segment.segment_id() for segment in toc.segments}


def test_a_worker_that_read_the_index_just_before_an_update_merged_it_still_opens_what_it_read(app, monkeypatch,
                                                                                             caplog):
    """The race, made certain: a worker reads the table of contents, then an
    update commits and its merge replaces the segments that table names, then
    the worker opens them. Before, their files were gone and that search
    failed (a 500); now they stay until the next commit."""
    from familjeguiden.search import state as state_module

    read = state_module.TOC.read
    publish_edit(app, "bup", "Och kolibrimusik.")  # the next search opens a new state
    for n in range(12):
        raced = []

        class RacingTOC:  # the state's own reading of the table; Whoosh's stay as they are
            @staticmethod
            def read(storage, indexname, *args, raced=raced, n=n, **kwargs):
                toc = read(storage, indexname, *args, **kwargs)
                if not raced:
                    raced.append({segment.segment_id() for segment in toc.segments})
                    publish_edit(app, "bup", f"Och kolibrimusik {n}.")
                return toc

        monkeypatch.setattr(state_module, "TOC", RacingTOC)
        assert top_slugs("steget")[0] == "steget"
        monkeypatch.undo()
        assert raced, "the search opened no new state"
        if raced[0] - segment_ids():  # this update merged away segments the worker had read
            break
    else:
        raise AssertionError("no update merged segments")
    assert "öppnar igen" not in caplog.text  # opened at once, on the table it had read
    assert top_slugs("kolibrimusik") == ["bup"]


def test_a_thread_that_starts_searching_after_an_update_numbers_pages_as_its_state_does(app):
    """Each thread opens its own reader. Opened after an update had merged
    segments, it read the newer table, where the pages have other numbers
    than in the state: snippets from the wrong pages, or an error."""
    queries = ["steget", "pappa dricker", "bvc", "familjebehandling", "ungdomsmottagningen"]

    def shown(state):
        return {q: [(hit.slug, str(hit.snippet)) for hit in _search(state, q, None, None, 1, 10).hits] for q in queries}

    rebuild()
    for n in range(12):
        state = get_state()
        expected, before = shown(state), segment_ids()
        publish_edit(app, "bup", f"Och kolibrimusik {n}.")
        if before - segment_ids():  # this update merged segments
            break
    else:
        raise AssertionError("no update merged segments")
    found, errors = [], []

    def search_in_a_new_thread():
        with app.app_context():
            try:
                # Nothing from the state's caches: the new thread reads the pages itself.
                state.cache.clear()
                state.fragments.clear()
                state._page_texts.clear()
                state.scores.forget_terms()
                found.append(shown(state))
            except Exception as exc:  # noqa: BLE001 - the test reports it
                errors.append(exc)

    thread = threading.Thread(target=search_in_a_new_thread)
    thread.start()
    thread.join()
    assert errors == [] and found == [expected]
    assert top_slugs("kolibrimusik") == ["bup"]  # the next request's state has the update
