"""`tipcheck.Index`: a corpus parsed once, new material checked against it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from tipcheck.checks.copies.settings import DuplicateSettings
from tipcheck.executors import make_executor
from tipcheck.index.build import BATCH_BYTES
from tipcheck.index.corpus import UpdateStats, update
from tipcheck.index.entries import variant_of
from tipcheck.index.query import LIMIT, Outcome, check_new
from tipcheck.index.store import Store, StoreError, pack_hash
from tipcheck.read.documents import iter_files
from tipcheck.read.sizes import DEFAULT_MAX_FILE_SIZE
from tipcheck.report.model import Report
from tipcheck.rulepack import RulePack, load_rules
from tipcheck.stages import MapResult, MapTask, Source, batches, map_batch, use_pack
from tipcheck.version import __version__


class Index:
    """An index of a corpus in a SQLite file (`":memory:"`: in this process only).

    idx = tipcheck.Index("tipcheck.db")
    idx.update(["corpus/"])                      # only changed documents re-read
    report = idx.check(["new.md"])                # findings that involve new.md
    report = idx.check_text(text, doc_id="draft.md", as_of="2008-06")
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = "tipcheck.db",
        *,
        rules: str | os.PathLike[str] | RulePack | None = None,
        settings: DuplicateSettings | None = None,
        create: bool = True,
    ) -> None:
        self.pack = (
            rules
            if isinstance(rules, RulePack)
            else load_rules(Path(rules) if rules is not None else None)
        )
        self.settings = settings or DuplicateSettings()
        self.store = Store(Path(path), create=create)
        self.limit = LIMIT
        self.last: Outcome | None = None

    @property
    def messages(self) -> list[str]:
        """What the user should be told about the store (a rebuilt schema, a new pack)."""
        return self.store.messages

    def update(
        self,
        paths: Iterable[str | os.PathLike[str]] | None = None,
        *,
        jobs: int = 1,
        executor: str | Any = "auto",
        scheduler: str | None = None,
        as_of: Mapping[str, str] | None = None,
        exclude: Callable[[str], bool] | None = None,
        entries_from: Store | None = None,
        tick: Callable[[int], None] | None = None,
        max_file_size: int | None = DEFAULT_MAX_FILE_SIZE,
    ) -> UpdateStats:
        """Make the index hold the documents under `paths` (None: the roots it was built from);
        a file over `max_file_size` bytes is listed as an input error (TC907), not read."""
        use_pack(self.pack)
        ex = make_executor(executor, jobs, self.pack.path, scheduler)
        try:
            roots = None if paths is None else [str(p) for p in paths]
            got = update(
                self.store,
                roots,
                self.pack,
                ex,
                settings=self.settings,
                as_of=as_of,
                exclude=exclude,
                entries_from=entries_from,
                tick=tick,
                max_bytes=max_file_size,
            )
        finally:
            ex.close()
        if got.reextracted:
            self.store.messages.append(
                f"{self.store.path}: the rule pack, tipcheck version or settings changed since "
                "it was built; every document was extracted again"
            )
        return got

    def _ready(self, duplicates: bool) -> None:
        want = (__version__, pack_hash(self.pack.path), variant_of(self.settings, True))
        have = (self.store.get("version"), self.store.get("pack"), self.store.get("variant"))
        if have[0] is None:
            raise StoreError(
                f"{self.store.path}: empty index; build it with `tipcheck index build CORPUS "
                f"--db {self.store.path}`"
            )
        if have != want:
            what = "tipcheck version" if have[0] != want[0] else "rule pack or settings"
            raise StoreError(
                f"{self.store.path}: built with another {what}; run `tipcheck index update "
                f"--db {self.store.path}` (with the same --rules and settings) first"
            )

    def check(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        as_of: Mapping[str, str] | None = None,
        reference: str | os.PathLike[str] | None = None,
        duplicates: bool = True,
        exclude: Callable[[str], bool] | None = None,
        max_file_size: int | None = DEFAULT_MAX_FILE_SIZE,
    ) -> Report:
        """The findings that involve the documents under `paths`, against the index (a file
        over `max_file_size` bytes is an input error, TC907, and is not read)."""
        overrides = dict(as_of or {})
        sources = [
            Source(doc_id, str(path), overrides.get(doc_id) or overrides.get(path.name))
            for doc_id, path in iter_files(paths)
            if exclude is None or not exclude(doc_id)
        ]
        return self._check(sources, reference, duplicates, max_file_size)

    def check_text(
        self,
        text: str,
        doc_id: str = "-",
        as_of: str | None = None,
        *,
        reference: str | os.PathLike[str] | None = None,
        duplicates: bool = True,
    ) -> Report:
        """The findings that involve `text` (as the document `doc_id`), against the index."""
        src = Source(doc_id, doc_id, as_of, data=text.encode("utf-8"))
        return self._check([src], reference, duplicates)

    def _check(
        self,
        sources: list[Source],
        reference: str | os.PathLike[str] | None,
        duplicates: bool,
        max_bytes: int | None = DEFAULT_MAX_FILE_SIZE,
    ) -> Report:
        self._ready(duplicates)
        use_pack(self.pack)
        sources.sort(key=lambda s: s.id)
        results: list[MapResult] = [
            map_batch(MapTask(self.pack.path, tuple(b), self.settings, duplicates, max_bytes))
            for b in batches(sources, 1, BATCH_BYTES)
        ]
        ref = str(Path(reference)) if reference is not None else None
        got = check_new(
            self.store,
            results,
            self.pack,
            self.settings,
            ref,
            duplicates=duplicates,
            limit=self.limit,
        )
        self.last = got
        return Report(
            version=__version__,
            documents=tuple(got.documents),
            findings=tuple(got.findings),
            errors=tuple(sorted(got.errors, key=lambda e: e.doc)),
            claims=tuple(got.claims),
            texts=got.texts,
        )

    def id_of(self, path: str | os.PathLike[str]) -> str | None:
        """The id of the indexed document read from `path`, or None. An editor's open copy of
        an indexed document is checked under this id, so it stands in for the stored version
        (as `update` would make it) instead of contradicting it."""
        row = self.store.db.execute(
            "SELECT id FROM docs WHERE path = ?", (str(Path(path).resolve()),)
        ).fetchone()
        return None if row is None else str(row[0])

    def stats(self) -> dict[str, str | int]:
        return self.store.stats()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self,
        t: type[BaseException] | None,
        v: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
