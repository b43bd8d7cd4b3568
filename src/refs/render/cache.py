"""A persistent cache of rendered entries and citations (SQLite in the user's cache folder).

Keys hash everything the rendering depends on: the entry's CSL-JSON, the style file, the
locale file, the output kind, refs' code fingerprint (every file of the package and the versions
of its readers and renderers, fingerprint.py) and, where the style prints it, the entry's
citation number. An edit re-renders only what changed; sorting, numbering and disambiguation
are still computed every time, so they stay right when one entry changes."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from ..fingerprint import code_fingerprint

__all__ = ["RenderCache", "default_path", "entry_key"]


def default_path() -> Path:
    from platformdirs import user_cache_dir

    override = os.environ.get("REFS_CACHE_DIR")
    return Path(override or user_cache_dir("refs")) / "render.sqlite3"


def file_hash(path: Path | None) -> str:
    if path is None:
        return "-"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry_key(item: dict[str, Any] | str, context: str, kind: str, extra: str = "") -> str:
    """``item`` is the entry's CSL-JSON, or its canonical JSON text when the caller has it."""
    data = item if isinstance(item, str) else json.dumps(item, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{code_fingerprint()}\0{context}\0{kind}\0{extra}\0{data}".encode()).hexdigest()


class RenderCache:
    """The cache is an optimisation: whatever goes wrong with it (a damaged file, a lock held by
    another process past ``timeout`` seconds, a full disk, a read-only folder), rendering goes on
    without it and ``problem`` says why, once; ``clear()`` always leaves an empty, working cache."""

    def __init__(self, path: Path | None = None, timeout: float = 10.0):
        self.path = path or default_path()
        self.timeout = timeout
        self.hits = 0
        self.misses = 0
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            self._open()
        except (OSError, sqlite3.Error) as error:
            self._fail(error)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")  # readers never see half a write
        self._db.execute("CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, value TEXT, used REAL)")

    def _fail(self, error: BaseException) -> None:
        if self.problem is None:
            why = str(error)
            if "malformed" in why or "not a database" in why:
                why += " (the file is damaged: `refs cache clear` starts it afresh)"
            elif "locked" in why:
                why += f" (another refs held it for more than {self.timeout:g} s)"
            self.problem = f"the render cache {self.path} was not used: {why}; rendering without it"
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def get_many(self, keys: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        if self._db is not None:
            try:
                for i in range(0, len(keys), 500):
                    chunk = keys[i : i + 500]
                    rows = self._db.execute(
                        f"SELECT key, value FROM rendered WHERE key IN ({','.join('?' * len(chunk))})",
                        chunk).fetchall()
                    out.update(rows)
            except sqlite3.Error as error:
                self._fail(error)
                out = {}
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        return out

    def put_many(self, values: dict[str, str]) -> None:
        if not values or self._db is None:
            return
        now = time.time()
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO rendered (key, value, used) VALUES (?, ?, ?)",
                                 [(k, v, now) for k, v in values.items()])
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._fail(error)

    def _files(self) -> list[Path]:
        return [p for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")) if p.exists()]

    def info(self) -> dict[str, Any]:
        count = 0
        if self._db is not None:
            try:
                count = self._db.execute("SELECT COUNT(*) FROM rendered").fetchone()[0]
            except sqlite3.Error as error:
                self._fail(error)
        size = sum(p.stat().st_size for p in self._files())
        return {"path": str(self.path), "entries": count, "bytes": size, "problem": self.problem}

    def clear(self) -> int:
        """Empty the cache; a damaged or unreadable one is deleted and made anew. The number of
        entries removed (0 when they could not be counted)."""
        count = 0
        if self._db is not None:
            try:
                count = self._db.execute("SELECT COUNT(*) FROM rendered").fetchone()[0]
                self._db.execute("DELETE FROM rendered")
                self._db.execute("VACUUM")
                return count
            except sqlite3.Error:
                self._db.close()
                self._db = None
        for p in self._files():
            p.unlink(missing_ok=True)
        self.problem = None
        try:
            self._open()
        except (OSError, sqlite3.Error) as error:
            self._fail(error)
        return count

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
