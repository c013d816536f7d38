"""Index lifecycle on disk: generations, the pointer file, writers, staleness.

Layout in the folder of ``SEARCH_INDEX_PATH`` (default ``instance/sokindex``)::

    sokindex                        pointer file: the name of the current generation
    sokindex.20261123T101500-42-…   one complete index (a "generation")
    sokindex.lock                   serialises rebuilds and first builds
    sokindex.inaktuell              (in the instance folder) an update failed

Why a pointer file: a rebuild writes a whole new generation next to the old
one and then replaces the pointer with ``os.replace``, which is atomic, so a
search never sees a half-built index and never waits for a rebuild. The
previous generation is kept, so a worker still reading it keeps working;
older ones are removed.

Each worker process notices a new generation or a committed update with
two ``stat`` calls per request (see ``state.py``). Old searchers are not
closed explicitly: another thread may still be reading from one, and the
files close when the last reference goes. An update inside a generation
leaves the segments it replaces on disk until the next update, so a worker
that read the table of contents just before can still open them.

Writes use ``index.writer(timeout=...)``, never Whoosh's asynchronous
writer: when the lock is busy that one buffers in memory and the change is
lost if the process exits. A failed update marks the index stale instead; the health
check reports it until a rebuild succeeds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from .postings import write_missing as write_postings
from .schema import build_schema, document_for
from .synonyms import read_synonym_file, write_snapshot

try:  # POSIX file locks; elsewhere rebuilds are simply not serialised
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

log = logging.getLogger(__name__)
STALE_MARKER = "sokindex.inaktuell"
STALE_BUILD_SECONDS = 3600


# --------------------------------------------------------------------------
# Paths and the pointer


def index_path(app=None) -> Path:
    return Path((app or current_app).config["SEARCH_INDEX_PATH"])


def stale_marker(app=None) -> Path:
    return Path((app or current_app).instance_path) / STALE_MARKER


def _generation_re(path: Path) -> re.Pattern:
    return re.compile(rf"^{re.escape(path.name)}\.(\d{{8}}T\d{{6}}-[0-9a-z-]+?)(\.bygger)?$")


def current_generation(path: Path) -> Path | None:
    """The directory the pointer names, or ``path`` itself if it is a plain index."""
    if path.is_dir():
        return path if whoosh_index.exists_in(path) else None
    try:
        name = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        log.error("Sökindexets pekarfil %s är trasig: %r", path, name)
        return None
    generation = path.parent / name
    return generation if generation.is_dir() else None


def _swap_pointer(path: Path, generation: Path) -> None:
    if path.is_dir():  # older layout: move the plain index aside once
        path.rename(path.parent / f"{path.name}.{time.strftime('%Y%m%dT%H%M%S')}-gammal")
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    tmp.write_text(generation.name, encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def _rebuild_lock(path: Path):
    if fcntl is None:  # pragma: no cover
        yield
        return
    with open(path.parent / f"{path.name}.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clean_old_generations(path: Path, keep: set[str]) -> None:
    """Remove generations except ``keep``, and abandoned half-built ones."""
    pattern = _generation_re(path)
    for entry in path.parent.iterdir():
        match = pattern.match(entry.name)
        if not match or entry.name in keep or not entry.is_dir():
            continue
        if match.group(2) and time.time() - entry.stat().st_mtime < STALE_BUILD_SECONDS:
            continue  # another process may still be building it
        shutil.rmtree(entry, ignore_errors=True)


# --------------------------------------------------------------------------
# Building and updating


#: Postings per block. Whoosh's default is 128; scoring reads a term's
#: postings whole (``scoring.py``) and pays per block for unpickling and
#: seeking, so at 10,000 pages a common word took 200 blocks.
BLOCK_POSTINGS = 1024


#: Files up to this size a writer reads whole (see ``WriterStorage``); the
#: biggest part a commit reads back, a field's lengths, is one byte a page.
WHOLE_FILE_BYTES = 32 * 1024 * 1024
#: A segment's files: ``MAIN_<segment>.<part>`` (Whoosh's own pattern; the postings arrays match it too).
SEGMENT_FILE = re.compile(r"(MAIN_[0-9a-z]+)[.][A-Za-z0-9_.]+")
#: A writer's files are written a megabyte at a time.
WRITE_BUFFER_BYTES = 1024 * 1024


class WriterStorage(FileStorage):
    """The index folder as rebuilds and updates see it: files read whole, written in big chunks.

    Why: committing a segment reads every posting's field length back from
    the files just written, and an update reads the segments it merges:
    tens of thousands of small reads. Each read from disk lets go of the
    interpreter lock and then waits up to the switch interval (5 ms) to get
    it back while another thread of the worker searches, so a rebuild beside
    one searching thread took four minutes instead of a second, and an update
    of one page 3-6 s instead of 0.2 s. Read from memory, a file keeps the
    lock; written in megabytes by a file that knows its position, it lets go
    of it a few times. The files are the ones Whoosh writes; searches open
    them as usual.
    """

    #: Segments whose files an update leaves for one more commit (see ``apply_changes``).
    keep: frozenset = frozenset()

    def delete_file(self, name):
        segment = SEGMENT_FILE.match(name)
        if segment and segment.group(1) in self.keep:
            return
        super().delete_file(name)

    def open_file(self, name, **kwargs):
        path = self._fpath(name)
        if os.path.getsize(path) > WHOLE_FILE_BYTES:
            return super().open_file(name, **kwargs)
        with open(path, "rb") as handle:
            return BufferFile(memoryview(handle.read()), name=name, **kwargs)

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        if excl:  # Whoosh's lock files: nothing to buffer
            return super().create_file(name, excl=excl, mode=mode, **kwargs)
        handle = open(self._fpath(name), mode, buffering=WRITE_BUFFER_BYTES)  # noqa: SIM115 - StructFile closes it
        return StructFile(_KnownPosition(handle), name=name, **kwargs)


class _KnownPosition:
    """A file being written that knows its own position.

    Whoosh asks for the position after almost every term it writes; a
    buffered file answers by asking the operating system (``lseek``), which
    lets go of the interpreter lock like a read does.
    """

    def __init__(self, handle):
        self._handle, self._position = handle, handle.tell()

    def write(self, data) -> int:
        written = self._handle.write(data)
        self._position += written
        return written

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._position = self._handle.seek(offset, whence)
        return self._position

    def flush(self) -> None:
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def _codec():
    """Uncompressed posting blocks of ``BLOCK_POSTINGS``: a little more disk, no zlib per block read."""
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(blocklimit=BLOCK_POSTINGS, compression=0)


#: Segments are written as plain files, not one compound file. Whoosh opens
#: each part of a compound file as a ``BytesIO`` copy, in every searcher of
#: every thread and worker: at 10,000 pages 140 MB per searcher. Plain files
#: are read through the operating system's page cache, which the workers
#: share.
WRITER_OPTIONS = {"compound": False}


def versions_by_slug() -> dict[str, dict]:
    """Every published language version in the catalogue: slug -> {language: the service in it}."""
    from ..pages.catalogue import get_catalogue

    found: dict[str, dict] = {}
    for (slug, code), version in get_catalogue().versions.items():
        found.setdefault(slug, {})[code] = version
    return found


@dataclass
class RebuildReport:
    pages: int
    seconds: float
    generation: str


def rebuild(services=None, progress=None, app=None, locked: bool = False) -> RebuildReport:
    """Build a complete new generation and swap it in atomically.

    ``services`` defaults to every published service in the catalogue;
    ``progress(done, total)`` is called after every 100 pages. ``locked``:
    the caller already holds the rebuild lock.
    """
    app = app or current_app._get_current_object()
    path = index_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    if locked:
        return _build(app, path, services, progress)
    with _rebuild_lock(path):
        return _build(app, path, services, progress)


def ensure_index(app=None) -> bool:
    """Build the index if there is none (first use after an install).

    Returns whether it had to build. Workers that start together wait for
    the lock and then find the index another worker built.
    """
    app = app or current_app._get_current_object()
    path = index_path(app)
    if current_generation(path) is not None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with _rebuild_lock(path):
        if current_generation(path) is not None:
            return False
        log.warning("Sökindexet saknas i %s; bygger det nu", path)
        _build(app, path, None, None)
        return True


def _build(app, path: Path, services, progress) -> RebuildReport:
    from ..pages.catalogue import database_generation, get_catalogue

    # The content generation this build holds, read before the pages, so a
    # publish during the build is caught up afterwards (search/follow.py).
    holds = database_generation()
    if services is None:
        services = get_catalogue().services
    services = list(services)
    versions = versions_by_slug()
    started = time.perf_counter()
    previous = current_generation(path)
    stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.time_ns() % 10**9:x}"
    building = path.parent / f"{path.name}.{stamp}.bygger"
    building.mkdir()
    try:
        ix = WriterStorage(str(building)).create_index(build_schema())
        writer = ix.writer(limitmb=128, codec=_codec(), **WRITER_OPTIONS)
        for done, service in enumerate(services, start=1):
            writer.add_document(**document_for(service, versions.get(service.slug)))
            if progress and done % 100 == 0:
                progress(done, len(services))
        writer.commit()
        write_postings(building, ix)
        ix.close()
        write_snapshot(building, read_synonym_file(app.config["CONTENT_PATH"]).groups)
        from .follow import mark_applied

        mark_applied(building, holds)
        final = path.parent / f"{path.name}.{stamp}"
        building.rename(final)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _swap_pointer(path, final)
    stale_marker(app).unlink(missing_ok=True)
    keep = {final.name} | ({previous.name} if previous and previous != path else set())
    _clean_old_generations(path, keep)
    seconds = time.perf_counter() - started
    log.info("Sökindexet byggdes om: %d sidor på %.2f s (%s)", len(services), seconds, final.name)
    return RebuildReport(len(services), seconds, final.name)


def apply_changes(updates=(), removals=(), app=None) -> bool:
    """Update and remove pages in the current generation; ``False`` on failure.

    If a rebuild swapped generations while we wrote, the change is applied
    again to the new generation, so it cannot be lost in the old one.
    """
    app = app or current_app._get_current_object()
    updates, removals = list(updates), list(removals)
    path = index_path(app)
    timeout = float(app.config.get("SEARCH_WRITER_TIMEOUT", 10.0))
    try:
        versions = versions_by_slug() if updates else {}
        for _attempt in range(3):
            generation = current_generation(path)
            if generation is None:
                return True  # nothing to update: the first search or `flask init` builds it all
            storage = WriterStorage(str(generation))
            ix = storage.open_index()
            writer = ix.writer(timeout=timeout, codec=_codec(), **WRITER_OPTIONS)
            # The segments of the table before this commit (read under the writer's lock) stay on disk
            # until the next one: a worker that opened the index on that table may still be opening them.
            storage.keep = frozenset(segment.segment_id() for segment in writer.segments)
            try:
                for service in updates:
                    writer.update_document(**document_for(service, versions.get(service.slug)))
                for slug in removals:
                    writer.delete_by_term("slug", slug)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            write_postings(generation, ix)
            ix.close()
            if current_generation(path) == generation:
                return True
        raise RuntimeError("sökindexet byttes ut under uppdateringen flera gånger")
    except Exception:  # noqa: BLE001 - any failure leaves a stale index
        log.exception("Kunde inte uppdatera sökindexet (%d ändrade, %d borttagna sidor); "
                      "markerar det som inaktuellt", len(updates), len(removals))
        mark_stale(app)
        return False


def mark_stale(app=None) -> None:
    marker = stale_marker(app)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S"), encoding="utf-8")
