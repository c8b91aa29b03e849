"""The corpus index and the per-run cache: one SQLite store (standard library, WAL).

In:  documents (paths, or text), the rule pack and duplicate settings; for a check, the new
     documents' map results.
Out: a store of per-document entries keyed by content hash (document, claims, passage index
     with signatures), the corpus they make up with lookup tables (claims by subject and
     property, windows' LSH band keys); findings that involve new documents (`Index.check`).

Layers: uses stages, executors, checks, report (below it); the engine and CLI use it.
"""

from tipcheck.index.api import Index
from tipcheck.index.build import map_cached
from tipcheck.index.corpus import UpdateStats
from tipcheck.index.store import SCHEMA, Store, StoreError

__all__ = ["SCHEMA", "Index", "Store", "StoreError", "UpdateStats", "map_cached"]
