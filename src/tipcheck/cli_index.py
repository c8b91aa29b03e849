"""`tipcheck index build|update|stats`: the corpus index on disk.

Build reads every document once; update re-reads only the files whose size or modification
time changed and re-extracts only those whose content did; stats says what the index holds.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tipcheck.checking import duplicate_settings
from tipcheck.config import discover, excluded
from tipcheck.report.formats._common import plural
from tipcheck.report.progress import progress

DEFAULT_DB = "tipcheck.db"


def add_parser(sub: Any) -> None:
    """The `index` subcommand and its actions, on the CLI's subparsers."""
    p = sub.add_parser(
        "index",
        help="build, update or describe the corpus index (SQLite)",
        description="An index parses a corpus once; `tipcheck check NEW --against DB` then "
        "checks new material against it, reading only NEW.",
    )
    act = p.add_subparsers(
        dest="index_command", required=True, metavar="ACTION", help="build, update or stats"
    )
    b = act.add_parser("build", help="index the documents under CORPUS (replacing its corpus)")
    b.add_argument("corpus", nargs="+", metavar="CORPUS", help="documents or folders")
    u = act.add_parser("update", help="re-read what changed under the roots it was built from")
    u.add_argument("corpus", nargs="*", metavar="CORPUS", help="new roots (default: the same)")
    s = act.add_parser("stats", help="documents, claims, size, pack and versions")
    for a in (b, u, s):
        a.add_argument("--db", default=DEFAULT_DB, help=f"index file (default {DEFAULT_DB})")
        a.add_argument("--rules", metavar="DIR", help="rule pack folder (default: bundled)")
        a.add_argument("--config", metavar="FILE", help="settings file (default: discovered)")
        a.add_argument("--isolated", action="store_true", help="ignore configuration files")
        a.add_argument("--quiet", "-q", action="store_true", help="no summary, no progress")
    for a in (b, u):
        a.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")


def cmd_index(a: argparse.Namespace) -> int:
    from tipcheck.index import Index  # SQLite and numpy: only for the index commands

    roots = getattr(a, "corpus", None) or None
    cfg = discover(roots or ["."], config_file=a.config, isolated=a.isolated)
    create = a.index_command == "build"

    with Index(
        a.db, rules=a.rules or cfg.rules, settings=duplicate_settings(cfg), create=create
    ) as idx:
        if a.index_command == "stats":
            for key, value in idx.stats().items():
                print(f"{key:<11} {value}")
            return 0
        if create:
            idx.store.db.execute("DELETE FROM meta WHERE key = 'roots'")
        exclude = (lambda doc: excluded(doc, cfg.exclude)) if cfg.exclude else None
        show = sys.stderr.isatty() and not a.quiet
        with progress(0, "indexing", enabled=show) as tick:
            got = idx.update(
                roots, jobs=max(1, a.jobs), exclude=exclude, as_of=cfg.as_of, tick=tick
            )
        for m in idx.messages:
            print(f"tipcheck: {m}", file=sys.stderr)
        if not a.quiet:
            st = idx.stats()
            print(
                f"tipcheck: {a.db}: {got.describe()}; {plural(int(st['documents']), 'document')}, "
                f"{plural(int(st['claims']), 'claim')}, {int(st['size']) / 1e6:.1f} MB",
                file=sys.stderr,
            )
        for row in idx.store.db.execute("SELECT id, code, message FROM errors"):
            print(f"tipcheck: {row[1]} {row[0]}: {row[2]}", file=sys.stderr)
        return 2 if got.unreadable else 0
