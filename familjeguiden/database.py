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

import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

IMMEDIATE_OPTION = "familjeguiden_immediate"
BUSY_TIMEOUT_MS = 10_000
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
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


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
def _strip_nul(_mapper, _connection, target) -> None:
    for attribute in _mapper.column_attrs:
        value = getattr(target, attribute.key, None)
        if isinstance(value, (str, list, dict)):
            cleaned = without_nul(value)
            if cleaned != value:
                setattr(target, attribute.key, cleaned)


def immediate() -> None:
    """Begin the session's transaction holding the write lock (SQLite).

    Call first thing in an operation that writes; a no-op when the session
    already has a transaction or on PostgreSQL.
    """
    if not db.session().in_transaction():
        db.session.connection(execution_options={IMMEDIATE_OPTION: True})


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
