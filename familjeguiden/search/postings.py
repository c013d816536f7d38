"""Each segment's postings of the scored fields as numpy arrays, written beside the segment.

Why: scoring a term (``scoring.py``) needs, per field, the pages having it
and how often. Whoosh keeps postings as pickled blocks, and unpickling them
was most of the time of a query whose words no worker has scored yet: at
10,000 pages about 0.3 µs a posting, 20 ms and more for a query that
reads sixteen terms (its synonyms and compound parts). The same postings
as a flat array are one read of a slice of a file: a binary search in the
(small) key table, then ``os.pread`` of the term's postings. They are read,
not memory-mapped: the operating system's page cache shares the file
between the workers either way, but mapped pages a worker has touched count
in its resident memory (at 10,000 pages the 16 MB of a day's queries).

Files, per segment, in the generation's folder (named after the segment,
so Whoosh removes them with the segment when a merge replaces it)::

    MAIN_<segid>.fgpost-fields.npy    the fields it holds (bytes)
    MAIN_<segid>.fgpost-keys.npy      sorted b"field\\x00term" keys (bytes)
    MAIN_<segid>.fgpost-starts.npy    int64, 2 x keys: where each key's postings start and end
    MAIN_<segid>.fgpost-postings.npy  (int32 page number, float32 frequency) pairs, ascending
                                      page numbers per key

They are written after each commit for segments that have none
(``write_missing``): a rebuild before its generation is swapped in, an
update right after its commit. A segment without them (a reader that
opened the commit before they were written) is read from Whoosh's
postings as before; the scores are the same. Pages deleted later in a
segment are left out when its arrays are read (``Segment.get``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PARTS = ("fields", "keys", "starts", "postings")
#: One posting: the segment's page number and the term's frequency there.
POSTING = np.dtype([("id", "<i4"), ("tf", "<f4")])


def _path(folder: Path, segment_id: str, part: str) -> Path:
    return folder / f"{segment_id}.fgpost-{part}.npy"


def scored_fields(schema) -> list[str]:
    """The fields ``TermScores`` scores: the Swedish ones and every language version's."""
    from .language_analysis import LANGUAGES
    from .schema import FIELD_WEIGHTS, language_field_weights

    wanted = list(FIELD_WEIGHTS)
    for code in LANGUAGES:
        wanted += list(language_field_weights(code))
    names = set(schema.names())
    return [name for name in wanted if name in names]


def write_missing(folder: Path, index) -> int:
    """Write the arrays of every segment of ``index`` that has none yet; returns how many were written."""
    written = 0
    with index.reader() as reader:
        fields = scored_fields(reader.schema)
        for sub, _offset in reader.leaf_readers():
            segment_id = sub.segment().segment_id()
            if _path(folder, segment_id, PARTS[-1]).exists():
                continue
            try:
                _write(folder, segment_id, sub, fields)
            except OSError:  # the segment is still searched, from Whoosh's postings
                log.exception("Kunde inte skriva sökindexets postlistor för %s", segment_id)
                continue
            written += 1
    return written


def _write(folder: Path, segment_id: str, reader, fields: list[str]) -> None:
    from .scoring import leaf_postings

    keys, starts, ids, tfs, at = [], [0], [], [], 0
    for fieldname in fields:
        prefix = fieldname.encode("utf-8") + b"\x00"
        for term in reader.field_terms(fieldname):
            key = prefix + term.encode("utf-8")
            for block_ids, block_tf in leaf_postings(reader, fieldname, term):
                ids.append(np.asarray(block_ids, np.int32))
                tfs.append(np.asarray(block_tf, np.float32))
                at += len(block_ids)
            keys.append(key)
            starts.append(at)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    bounds = np.asarray(starts, np.int64)
    postings = np.zeros(at, POSTING)
    if ids:
        postings["id"], postings["tf"] = np.concatenate(ids), np.concatenate(tfs)
    # Sorted by key, the postings stay where they are: each key keeps its own start and end.
    arrays = {
        "fields": np.array([f.encode("utf-8") for f in fields] or [b""]),
        "keys": np.array([keys[i] for i in order], dtype=f"S{max((len(k) for k in keys), default=1)}"),
        "starts": np.stack([bounds[:-1][order], bounds[1:][order]]) if keys else np.zeros((2, 0), np.int64),
        "postings": postings,
    }
    for part in PARTS:  # "postings" last: its presence says the others are complete
        target = _path(folder, segment_id, part)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        with open(temporary, "wb") as handle:
            np.save(handle, arrays[part])
        os.replace(temporary, target)


class Segment:
    """One segment's key table (in memory) and its postings file (read a term at a time)."""

    def __init__(self, folder: Path, segment_id: str, deleted: frozenset[int], size: int):
        fields, self.keys, self.bounds = (np.load(_path(folder, segment_id, part)) for part in PARTS[:3])
        #: The fields the arrays hold: another field's postings are read from Whoosh's.
        self.fields = frozenset(f.decode("utf-8") for f in fields.tolist())
        self._file = open(_path(folder, segment_id, "postings"), "rb", buffering=0)  # noqa: SIM115 - closed with the state
        version = np.lib.format.read_magic(self._file)
        if version not in ((1, 0), (2, 0)):
            raise ValueError(f"postlistorna har en okänd version: {version}")
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        _shape, _fortran, dtype = read_header(self._file)
        if dtype != POSTING:
            raise ValueError(f"postlistorna har fel format: {dtype}")
        self._start = self._file.tell()
        self.deleted = None
        if deleted:
            self.deleted = np.zeros(size, bool)
            self.deleted[list(deleted)] = True

    def get(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """``(page numbers, frequencies)`` of a term in a field, or ``None`` when the segment lacks it.

        Only for a field in ``fields``.
        """
        key = fieldname.encode("utf-8") + b"\x00" + term.encode("utf-8")
        at = int(np.searchsorted(self.keys, key))
        if at >= len(self.keys) or self.keys[at] != key:
            return None
        start, end = int(self.bounds[0, at]), int(self.bounds[1, at])
        size = POSTING.itemsize
        data = os.pread(self._file.fileno(), (end - start) * size, self._start + start * size)
        postings = np.frombuffer(data, POSTING)
        ids, tf = postings["id"], postings["tf"]
        if self.deleted is not None:
            keep = ~self.deleted[ids]
            ids, tf = ids[keep], tf[keep]
        return ids, tf


def open_segments(folder: Path, reader) -> dict[str, Segment]:
    """The arrays of each of the reader's segments that has them (segment id -> ``Segment``).

    None where ``os.pread`` is missing (not POSIX): Whoosh's postings are read there.
    """
    found: dict[str, Segment] = {}
    if not hasattr(os, "pread"):  # pragma: no cover - POSIX everywhere this runs
        return found
    for sub, _offset in reader.leaf_readers():
        segment_id = sub.segment().segment_id()
        if not _path(folder, segment_id, PARTS[-1]).exists():
            continue
        try:
            found[segment_id] = Segment(folder, segment_id, sub.deleted_docs_set if sub.has_deletions()
                                        else frozenset(), sub.doc_count_all())
        except (OSError, ValueError):
            log.warning("Sökindexets postlistor för %s gick inte att läsa; läser Whooshs", segment_id)
    return found
