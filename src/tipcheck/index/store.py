"""The SQLite store: the corpus index and the per-run cache are the same tables.

Why one store for both: an entry is a document's map result keyed by content hash (and what
else it depends on), which is exactly what a cache needs; the index adds which documents make
up the corpus, and lookup tables over their claims and LSH band keys.

WAL journal: a reader keeps the snapshot it started with while an update writes, and every
update is one transaction, so a crash (kill -9) leaves the previous state.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = 3  # 2: texts apart from entries; 3: figures filed by year (index/corpus.claim_keys)

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    n INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, key TEXT NOT NULL, path TEXT NOT NULL,
    size INTEGER, mtime INTEGER, as_of TEXT, as_of_source TEXT, title TEXT,
    claims INTEGER, suppresses INTEGER
);
CREATE TABLE IF NOT EXISTS claims (
    gkey TEXT NOT NULL, doc INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (gkey, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_doc ON claims (doc);
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS texts (key TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, used REAL NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS errors (
    id TEXT PRIMARY KEY, code TEXT, message TEXT, path TEXT, size INTEGER, mtime INTEGER
);
"""


class StoreError(Exception):
    """A store that cannot be used as it is; the message names the file and what to do."""


def pack_hash(pack_path: str) -> str:
    """A hash of every file of the rule pack (names and bytes): a changed pack re-extracts."""
    h = hashlib.sha256()
    root = Path(pack_path)
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


class Store:
    """An open store. `messages` collects what the caller should tell the user (a rebuilt
    schema, a changed pack)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(
                f"{self.path}: no such index; build it with `tipcheck index build CORPUS "
                f"--db {self.path}`"
            )
        self.messages: list[str] = []
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._schema(create)
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"{self.path}: not a tipcheck index ({e}); remove it or give another --db"
            ) from None

    def _schema(self, create: bool) -> None:
        has_meta = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        found = int(self.get("schema") or 0) if has_meta else 0
        if found > SCHEMA:
            raise StoreError(
                f"{self.path}: written by a newer tipcheck (schema {found}, this one reads "
                f"{SCHEMA}); upgrade tipcheck, or remove the file and build it again"
            )
        # a reader (`check --against`, the server) changes nothing: not another program's
        # database, and not an index of an older schema, which only `index update` rebuilds
        if not create and not has_meta:
            raise StoreError(
                f"{self.path}: not a tipcheck index (no tipcheck tables); build one with "
                f"`tipcheck index build CORPUS --db {self.path}`, or give another --against"
            )
        if not create and found < SCHEMA:
            raise StoreError(
                f"{self.path}: an index of an older tipcheck (schema {found}, this one reads "
                f"{SCHEMA}); rebuild it with `tipcheck index update --db {self.path}`"
            )
        if has_meta and found < SCHEMA:
            self.messages.append(
                f"{self.path}: schema {found} is older than {SCHEMA}; rebuilding it"
            )
            with self.transaction():
                for (name,) in self.db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                ).fetchall():
                    self.db.execute(f'DROP TABLE IF EXISTS "{name}"')
        with self.transaction():
            for stmt in _TABLES.split(";"):
                if stmt.strip():
                    self.db.execute(stmt)
            self.set("schema", str(SCHEMA))

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it or nothing (IMMEDIATE for writers, so two updates do
        not interleave; a reader's deferred one keeps one snapshot for all its queries)."""
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def stamp(self, version: str, pack: str, variant: str) -> bool:
        """Record what entries are made with; True when that changed and the entries were
        dropped (a new pack, tipcheck version or settings: every document is extracted again)."""
        was = (self.get("version"), self.get("pack"), self.get("variant"))
        if was == (version, pack, variant):
            return False
        dropped = was[0] is not None
        with self.transaction():
            if dropped:
                for table in ("entries", "claims", "bands", "texts", "runs"):
                    self.db.execute(f"DELETE FROM {table}")
                self.db.execute("UPDATE docs SET key = ''")
            self.set("version", version)
            self.set("pack", pack)
            self.set("variant", variant)
        return dropped

    def stamp_of(self) -> tuple[str | None, str | None, str | None]:
        """What the entries are made with: tipcheck's version, the pack's hash, the settings."""
        return (self.get("version"), self.get("pack"), self.get("variant"))

    def entries(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored entries among `keys`."""
        return self._blobs("entries", keys)

    def texts(self, keys: Iterable[str]) -> dict[str, str]:
        """The texts of the documents stored under entry `keys` (those the index lists)."""
        return {
            k: zlib.decompress(data).decode("utf-8", "surrogatepass")
            for k, data in self._blobs("texts", keys).items()
        }

    def _blobs(self, table: str, keys: Iterable[str]) -> dict[str, bytes]:
        """The rows of `table` (entries or texts) among `keys`, 500 keys a query."""
        out: dict[str, bytes] = {}
        ks = list(keys)
        for i in range(0, len(ks), 500):
            chunk = ks[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for k, data in self.db.execute(
                f"SELECT key, data FROM {table} WHERE key IN ({marks})", chunk
            ):
                out[k] = data
        return out

    def run(self, key: str) -> bytes | None:
        """A whole run's stored result (see `tipcheck.index.runs`), marked as just used."""
        row = self.db.execute("SELECT data FROM runs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        with self.transaction():
            self.db.execute("UPDATE runs SET used = ? WHERE key = ?", (time.time(), key))
        return bytes(row[0])

    def put_run(self, key: str, data: bytes, keep: int) -> None:
        """Store a run's result, keeping the `keep` most recently used ones."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?)", (key, time.time(), data)
            )
            self.db.execute(
                "DELETE FROM runs WHERE key NOT IN "
                "(SELECT key FROM runs ORDER BY used DESC LIMIT ?)",
                (keep,),
            )

    def put_entries(self, items: Iterable[tuple[str, bytes]]) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", items)

    def stats(self) -> dict[str, str | int]:
        q = self.db.execute
        out: dict[str, str | int] = {
            "documents": q("SELECT count(*) FROM docs").fetchone()[0],
            "claims": q("SELECT coalesce(sum(claims), 0) FROM docs").fetchone()[0],
            "band keys": q("SELECT count(*) FROM bands").fetchone()[0],
            "unreadable": q("SELECT count(*) FROM errors").fetchone()[0],
            "size": _size(self.path),
        }
        for k in ("version", "pack", "built", "updated", "roots"):
            out[k] = self.get(k) or ""
        return out

    def close(self) -> None:
        self.db.close()


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
