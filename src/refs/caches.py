"""The persistent caches of a run: rendered entries (``render/cache.py``, SQLite) and parsed
libraries (``formats/parsecache.py``, JSON), side by side in the user's cache folder.

Both are keyed on refs' code fingerprint and its readers' versions (``fingerprint.py``), so a
cache written by one build of the code is never read by another. Whoever runs refs decides
whether a run uses them: the command line makes one ``Caches`` per run (``--no-cache`` makes it
``enabled=False``) and hands it to what it calls; library users get ``shared()``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fingerprint
from .formats import parsecache
from .formats.base import Parsed
from .io import max_input_bytes
from .render.cache import RenderCache


@dataclass
class Caches:
    """The caches one run reads and writes; ``enabled=False`` reads and writes none."""

    enabled: bool = True
    path: Path | None = None  # the render cache's file (default: the user's cache folder)
    _render: RenderCache | None = field(default=None, init=False, repr=False)

    @property
    def render(self) -> RenderCache | None:
        """The render cache, opened on first use, or None when caching is off. One that cannot
        be opened renders nothing and says why (``problem``)."""
        if not self.enabled:
            return None
        if self._render is None:
            self._render = RenderCache(self.path)
        return self._render

    @property
    def problem(self) -> str | None:
        """Why the cache was not used in this run (damaged, locked, unwritable), or None."""
        return self._render.problem if self._render is not None else None

    def _libraries(self) -> Path | None:
        render = self.render
        return render.path.parent / "libraries" if render is not None else None

    def parse(self, format_name: str, text: str, shown: str, parse: Callable[[], Parsed]) -> Parsed:
        """``parse()``, or the result of an earlier parse of the same text by the same code."""
        folder = self._libraries()
        if folder is None:
            return parse()
        # the input limit bounds macro expansion, so a parse under one limit is not one under another
        digest = hashlib.sha256(f"{fingerprint.code_fingerprint()}|{format_name}|{shown}|{max_input_bytes()}|".encode()
                                + text.encode("utf-8")).hexdigest()
        return parsecache.cached(folder, digest, parse)

    def _library_files(self) -> list[Path]:
        folder = self._libraries()
        if folder is None or not folder.is_dir():
            return []
        # *.pickle: what earlier versions of refs kept there; cleared, never read
        return [p for pattern in ("*.json", "*.pickle") for p in folder.glob(pattern)]

    def info(self) -> dict[str, Any]:
        """Where the caches are, how many entries and libraries they hold, and their size."""
        render = self.render
        if render is None:
            return {"path": None, "entries": 0, "bytes": 0, "libraries": 0}
        info = render.info()
        libraries = self._library_files()
        info["libraries"] = len(libraries)
        info["bytes"] += sum(p.stat().st_size for p in libraries if p.exists())
        return info

    def clear(self) -> dict[str, int]:
        """Empty both caches; how many rendered entries and parsed libraries went."""
        render = self.render
        if render is None:
            return {"entries": 0, "libraries": 0}
        libraries = self._library_files()
        for path in libraries:
            path.unlink(missing_ok=True)
        return {"entries": render.clear(), "libraries": len(libraries)}


_SHARED = Caches()


def shared() -> Caches:
    """The caches of library users who pass none: one per process, in the user's cache folder."""
    return _SHARED
