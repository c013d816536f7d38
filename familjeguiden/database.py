"""Durable database settings.

SQLite (the embedded default) is set up on every new connection with:

* ``journal_mode=WAL``: readers never block the writer and vice versa;
* ``synchronous=FULL``: a commit is on disk before it returns, so a
  question whose receipt page was shown survives a power cut or ``kill -9``;
* ``busy_timeout``: a writer waits for another writer instead of failing;
* ``foreign_keys=ON``: the declared cascades and references are enforced.

Transactions are begun explicitly. Writes that must not fail halfway
(a new question and its e-mails) ask for ``immediate()``, which begins
with ``BEGIN IMMEDIATE``: the write lock is taken up front, so a
transaction never has to upgrade from reading to writing (which SQLite
may refuse while another writer is active). PostgreSQL keeps its normal
durable defaults (``fsync``, ``synchronous_commit=on``).

Writers queue on a lock file before ``BEGIN IMMEDIATE`` (``_queue_writer``).
SQLite's own busy handler polls with growing sleeps (1, 2, 5, 10 ... ms),
so with two gunicorn workers a writer that finds the lock taken sleeps
longer than the other's whole transaction lasts (~3 ms), and a second core
added nothing to form submissions per second. The lock file (``flock``,
per pooled connection) is retried every half millisecond and released when
the connection returns to the pool, that is after the commit is on disk.
It only orders writers; SQLite's lock still guarantees correctness, and a
writer waits at most the busy timeout for the file before going on to
SQLite's own wait.

Text is stored the same on both databases: NUL characters, which
PostgreSQL cannot hold in a text column and which carry no meaning in a
letter or a web page, are removed from every string (also inside JSON
values) just before a row is written (``_strip_nul``). Without this, a
question pasted with a stray NUL would be accepted on SQLite and lost
with a server error on PostgreSQL.

``check_sqlite_location`` refuses, at start-up, an SQLite file on a
read-only or network file system, where its locking is not reliable.
"""

from __future__ import annotations

import fcntl
import os
import time
from functools import cache
from pathlib import Path

from sqlalchemy import JSON, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from .extensions import db

IMMEDIATE_OPTION = "familjeguiden_immediate"
BUSY_TIMEOUT_MS = 10_000
WRITER_POLL_SECONDS = 0.0005
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs",
                       "glusterfs", "ceph", "davfs", "fuse.rclone"}


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, _record) -> None:
    if type(dbapi_connection).__module__.split(".")[0] != "sqlite3":
        return
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _on_begin(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    immediate = connection.get_execution_options().get(IMMEDIATE_OPTION)
    if immediate:
        _queue_writer(connection.info, connection.engine.url.database)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _queue_writer(info: dict, database: str | None) -> None:
    """Wait for this database's writer lock file (see the module docstring)."""
    if not database or database == ":memory:" or info.get("writer_lock_held"):
        return
    descriptor = info.get("writer_lock")
    if descriptor is None:
        descriptor = info["writer_lock"] = os.open(f"{database}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return  # let SQLite's busy timeout decide
            time.sleep(WRITER_POLL_SECONDS)
        else:
            info["writer_lock_held"] = True
            return


@event.listens_for(Pool, "checkin")
def _release_writer(_dbapi_connection, record) -> None:
    if record is not None and record.info.pop("writer_lock_held", False):
        fcntl.flock(record.info["writer_lock"], fcntl.LOCK_UN)


@event.listens_for(Pool, "close")
def _close_writer_lock(_dbapi_connection, record) -> None:
    if record is None:
        return
    record.info.pop("writer_lock_held", None)
    descriptor = record.info.pop("writer_lock", None)
    if descriptor is not None:
        os.close(descriptor)  # closing the file also releases a lock still held


def without_nul(value):
    """``value`` with every NUL character removed, looking inside lists and dicts."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    return value


@event.listens_for(db.Model, "before_insert", propagate=True)
@event.listens_for(db.Model, "before_update", propagate=True)
def _strip_nul(mapper, _connection, target) -> None:
    for key in _text_attributes(mapper):
        value = getattr(target, key)
        if value is not None:
            cleaned = without_nul(value)
            if cleaned != value:
                setattr(target, key, cleaned)


@cache
def _text_attributes(mapper) -> tuple[str, ...]:
    """The attributes of a model whose columns hold text or JSON (computed once per model)."""
    return tuple(attribute.key for attribute in mapper.column_attrs
                 if any(isinstance(column.type, (String, JSON)) for column in attribute.columns))


def immediate() -> None:
    """Begin the session's transaction holding the write lock (SQLite).

    A no-op when the session already has a transaction or on PostgreSQL;
    operations call ``begin_write`` instead, which also ends a read
    transaction the request may have begun.
    """
    if not db.session().in_transaction():
        db.session.connection(execution_options={IMMEDIATE_OPTION: True})


def begin_write() -> None:
    """End the request's read transaction (if any) and begin one that holds the write lock.

    Every operation that writes calls this first. SQLite refuses at once
    (``database is locked``, no busy wait) to turn a transaction that has
    read into one that writes when another writer committed meanwhile; a
    transaction begun ``IMMEDIATE`` waits its turn instead. Objects loaded
    before are expired by the commit and read again, fresh, inside the new
    transaction. Nothing may be pending: operations call this before they
    change anything.
    """
    session = db.session()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() called with unsaved changes in the session")
        session.commit()
    immediate()


def lock_row(instance) -> None:
    """Read ``instance`` again, locking its row until the transaction ends.

    On PostgreSQL (``SELECT ... FOR UPDATE``) a concurrent change to the same
    row waits for this transaction instead of slipping in between the read
    and the write; on SQLite ``begin_write`` already holds the database's
    write lock, and the refresh only reads the current values.
    """
    db.session.refresh(instance, with_for_update=True)


def _filesystem_of(path: Path) -> str | None:
    """The file system type holding ``path``, from /proc/mounts (Linux)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) >= len(best):
                best, fstype = parts[1], parts[2]
    return fstype


def create_private_sqlite(url: str) -> None:
    """Create a new SQLite file readable by this user only (it holds questions and contact details).

    SQLite creates its -wal and -shm files with the database file's
    permissions, so they are private too.
    """
    if not url.startswith("sqlite:///") or url in ("sqlite://", "sqlite:///:memory:"):
        return
    path = Path(url[len("sqlite:///"):])
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))


def check_sqlite_location(url: str) -> None:
    """Refuse an SQLite database where it cannot be trusted to keep data."""
    if not url.startswith("sqlite:///") or url in ("sqlite://", "sqlite:///:memory:"):
        return
    path = Path(url[len("sqlite:///"):])
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    read_only_mount = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    if read_only_mount or not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise RuntimeError(
            f"Databasfilen {path} ligger där programmet inte får skriva. Välj en skrivbar mapp "
            "(FAMILJEGUIDEN_INSTANCE_PATH) eller använd PostgreSQL (FAMILJEGUIDEN_DATABASE_URL)."
        )
    fstype = _filesystem_of(folder)
    if fstype in NETWORK_FILESYSTEMS:
        raise RuntimeError(
            f"Databasfilen {path} ligger på en nätverksdisk ({fstype}). SQLite kan förlora data där. "
            "Lägg den på en lokal disk eller använd PostgreSQL (FAMILJEGUIDEN_DATABASE_URL)."
        )
