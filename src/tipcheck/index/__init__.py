"""The corpus index and the per-run cache: one SQLite store (standard library, WAL).

In:  documents (paths, or text), the rule pack and duplicate settings; for a check, the new
     documents' map results.
Out: a store of per-document entries keyed by content hash (document, claims, passage index
     with signatures), the corpus they make up with lookup tables (claims by subject and
     property, windows' LSH band keys); findings that involve new documents (`Index.check`).

Layers: uses stages, executors, checks, report (below it); the engine and CLI use it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tipcheck.index.api import Index
    from tipcheck.index.build import map_cached
    from tipcheck.index.corpus import UpdateStats
    from tipcheck.index.store import SCHEMA, Store, StoreError

__all__ = ["SCHEMA", "Index", "Store", "StoreError", "UpdateStats", "map_cached"]

# Each name from the module that defines it, imported on first use: the CLI names StoreError
# in every run, and the index (numpy, the copy check) must not load with it (start-up time).
_HOME = {
    "Index": "api",
    "map_cached": "build",
    "UpdateStats": "corpus",
    "SCHEMA": "store",
    "Store": "store",
    "StoreError": "store",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
