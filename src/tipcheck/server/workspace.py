"""What the server checks an open document against, and the check itself.

Configuration is found as the CLI finds it: walking up from the document's folder (`--config
FILE` and `--isolated` as on the command line), read again for every check so an edited
tipcheck.toml applies at once. The index is `--against DB` or the configuration's `against`;
with neither, the document is checked against itself only, through an empty in-memory
`Index(":memory:")` (the same `check_text` code path, so the findings are those `tipcheck check
draft.md` gives). An index is reopened when its file (or its WAL) changes identity, size or
modification time: an `index update` in place is seen by SQLite anyway, but a rebuilt or
replaced file is a new file.

Not thread-safe by design: one worker thread owns a `Workspace` (SQLite connections belong to
the thread that opened them).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import attrs

from tipcheck.checking import duplicate_settings
from tipcheck.checks.reference import ReferenceError
from tipcheck.config import Config, ConfigError, as_of_for, discover, path_ignored, select_codes
from tipcheck.findings import Finding
from tipcheck.index import Index, StoreError
from tipcheck.read.confusables import MIXED_SCRIPT, describe, mixed_script
from tipcheck.read.lines import line_at
from tipcheck.read.suppressions import Notice
from tipcheck.report.model import Report
from tipcheck.report.rulepages import rules as rule_docs
from tipcheck.report.suppress import apply_suppressions
from tipcheck.rulepack import RuleError, RulePack, load_rules

IndexKey = tuple[object, ...]
_TEXTS = 128  # other documents' texts kept for placing related information exactly


@attrs.frozen(slots=True)
class Options:
    """The server's command line: an index, a configuration file or none."""

    against: Path | None = None
    config: Path | None = None
    isolated: bool = False


@attrs.frozen(slots=True)
class Outcome:
    """One check of one open document: its id, the findings and notices to show (filtered as
    the CLI filters them, suppressions applied), where every other document of a finding lies
    and its text when readable, and messages for the user (`errors` are problems with the
    setup, shown once; `infos` are what the index says, such as a rebuilt schema)."""

    doc_id: str
    findings: tuple[Finding, ...]
    notices: tuple[Notice, ...]
    paths: dict[str, Path]
    texts: dict[str, str]
    errors: tuple[str, ...] = ()
    infos: tuple[str, ...] = ()
    against: Path | None = None
    copies: bool = True  # whether the copy and drift checks ran (else only the claim checks)


def index_key(path: Path) -> IndexKey | None:
    """What changes when an index file is updated, rebuilt or replaced (None: no file): the
    file's identity, size and modification time, and the time of its last update as it
    records it. Not its WAL: opening an index writes to it (the store checks its schema),
    so a key with the WAL in it would change with every reopen, each reopen making the
    watcher check again."""
    try:
        st = path.stat()
    except OSError:
        return None
    updated = None
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'updated'").fetchone()
            updated = None if row is None else str(row[0])
        finally:
            con.close()
    except sqlite3.Error:
        pass  # being created, or not an index: the file's own figures say enough
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, updated)


@attrs.define
class _Open:
    index: Index
    key: IndexKey | None


def document_id(
    path: Path | None, name: str, roots: Sequence[Path], language: str | None = None
) -> str:
    """The id an open document is checked under when the index does not hold it: its path
    relative to the workspace folder it is in, else its absolute path; for a buffer with no
    file, its URI's path, given a `.md` suffix when the editor says it is Markdown (the suffix
    decides whether suppression comments are read)."""
    if path is not None:
        for root in roots:
            with contextlib.suppress(ValueError):
                return path.relative_to(root).as_posix()
        return path.as_posix()
    doc = name.strip("/") or "untitled"
    if language == "markdown" and not doc.lower().endswith((".md", ".markdown")):
        doc += ".md"
    return doc


class Workspace:
    """Configuration, the open indexes and the check of one open document."""

    def __init__(self, options: Options, roots: Sequence[Path] = ()) -> None:
        self.options = options
        self.roots = [r.resolve() for r in roots]
        self._indexes: dict[Path, _Open] = {}
        self._memory: dict[tuple[str, object], Index] = {}
        self._texts: OrderedDict[tuple[Path, int, int], str] = OrderedDict()
        # Every index asked for (even one not built yet: it is used once it is), with its key
        # when last checked against. Read by the event loop's watcher, which checks again
        # when a file's key moves on; replaced whole, never changed in place, so it is safe
        # to read from another thread.
        self.watched: dict[Path, IndexKey | None] = {}

    def config(self, path: Path | None) -> Config:
        """The configuration for a document at `path` (None: an unsaved buffer, looked up
        from the first workspace folder, else the working directory)."""
        start = path if path is not None else (self.roots[0] if self.roots else Path.cwd())
        return discover([start], config_file=self.options.config, isolated=self.options.isolated)

    def against(self, cfg: Config) -> Path | None:
        """The index to check against: `--against`, else the configuration's `against` (its
        first entry: the server checks against an index file; a folder there is reported)."""
        p = self.options.against or (cfg.against[0] if cfg.against else None)
        return Path(p).absolute() if p is not None else None

    def _index(self, path: Path, pack: RulePack, cfg: Config) -> Index:
        key = index_key(path)
        have = self._indexes.get(path)
        settings = duplicate_settings(cfg)
        if have is not None:
            if have.key == key and have.index.pack is pack and have.index.settings == settings:
                return have.index
            have.index.close()
            del self._indexes[path]
        if key is None:
            raise StoreError(
                f"{path}: no such index; build it with `tipcheck index build CORPUS --db {path}`"
            )
        if path.is_dir():
            raise StoreError(
                f"{path}: a folder; the server checks against an index file: build one with "
                f"`tipcheck index build {path} --db tipcheck.db` and set `against` to it"
            )
        idx = Index(path, rules=pack, settings=settings, create=False)
        self._indexes[path] = _Open(idx, key)
        return idx

    def _self_only(self, pack: RulePack, cfg: Config) -> Index:
        """An empty in-memory index: the document checked against itself."""
        settings = duplicate_settings(cfg)
        k = (pack.path, settings)
        idx = self._memory.get(k)
        if idx is None or idx.pack is not pack:
            idx = self._memory[k] = Index(":memory:", rules=pack, settings=settings)
            idx.update([])  # stamps the pack and settings: an empty corpus, ready to check
        return idx

    def warm(self) -> None:
        """Load the default rule pack (about a second), so the first check is not the one
        that pays for it."""
        with contextlib.suppress(ConfigError, RuleError, OSError):
            load_rules(self.config(None).rules)

    def check(
        self,
        text: str,
        path: Path | None,
        name: str,
        language: str | None = None,
        copies: bool | None = True,
    ) -> Outcome:
        """Check `text` (the document at `path`, or the unsaved buffer `name`). `copies`:
        whether the copy and drift checks run too; None: only when there is no index (alone,
        they cost little; against a corpus whose passages are all connected, they load most
        of it, seconds where the claim checks take a tenth of one)."""
        errors: list[str] = []
        infos: list[str] = []
        try:
            cfg = self.config(path)
        except ConfigError as e:
            errors.append(str(e))
            cfg = Config()
        try:
            pack = load_rules(cfg.rules)
        except RuleError as e:
            errors.append(str(e))
            pack = load_rules(None)
        db = self.against(cfg)
        idx: Index | None = None
        if db is not None:
            self.watched = {**self.watched, db: index_key(db)}
            try:
                idx = self._index(db, pack, cfg)
            except (StoreError, sqlite3.Error, OSError) as e:
                errors.append(str(e))
                self._drop(db)
        doc_id = (idx.id_of(path) if idx is not None and path is not None else None) or (
            document_id(path, name, self.roots, language)
        )
        as_of = as_of_for(doc_id, cfg.as_of)
        # Against the index; when it cannot be used (stale, empty, a newer schema), against
        # the document itself, and the user is told why once.
        for use in [idx, None] if idx is not None else [None]:
            target = use if use is not None else self._self_only(pack, cfg)
            dups = copies if copies is not None else use is None
            try:
                report = target.check_text(
                    text, doc_id=doc_id, as_of=as_of, reference=cfg.reference, duplicates=dups
                )
            except (StoreError, ReferenceError, sqlite3.Error, OSError) as e:
                errors.append(str(e))
                if use is not None:
                    self._drop(db)
                continue
            infos += target.messages
            target.messages.clear()
            got = self._outcome(
                report, doc_id, text, cfg, errors, infos, db if use is not None else None
            )
            return attrs.evolve(got, copies=dups)
        return Outcome(doc_id, (), (), {}, {}, tuple(errors), tuple(infos), None)

    def _outcome(
        self,
        report: Report,
        doc_id: str,
        text: str,
        cfg: Config,
        errors: list[str],
        infos: list[str],
        db: Path | None,
    ) -> Outcome:
        kept = [
            f
            for f in report.findings
            if select_codes(f.rule, cfg.select, cfg.ignore)
            and not any(path_ignored(e.doc, f.rule, cfg.per_path_ignores) for e in f.evidence)
        ]
        report, notices = apply_suppressions(
            attrs.evolve(report, findings=tuple(kept)), rule_docs().keys()
        )
        notices += [
            Notice(doc_id, line_at(text, w.start), MIXED_SCRIPT, describe(w), "warning")
            for w in mixed_script(text)
        ]
        notices += [
            Notice(doc_id, 1, e.code, e.message, "error") for e in report.errors if e.doc == doc_id
        ]
        cwd = Path.cwd()
        docs = {e.doc for f in report.findings for e in f.evidence} - {doc_id}
        paths = {d.id: cwd / d.path for d in report.documents if d.id in docs}
        texts = {d: report.texts[d] for d in docs if d in report.texts}
        for d in docs - texts.keys():
            if d in paths and (t := self._read(paths[d])) is not None:
                texts[d] = t
        return Outcome(
            doc_id,
            report.findings,
            tuple(n for n in notices if n.doc == doc_id),
            paths,
            texts,
            tuple(errors),
            tuple(infos),
            db,
        )

    def _read(self, path: Path) -> str | None:
        """Another document's text (to place its side exactly), kept while it is unchanged."""
        try:
            st = path.stat()
            key = (path, st.st_size, st.st_mtime_ns)
            if key in self._texts:
                self._texts.move_to_end(key)
                return self._texts[key]
            if st.st_size > 10_000_000:
                return None
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self._texts[key] = text
        while len(self._texts) > _TEXTS:
            self._texts.popitem(last=False)
        return text

    def _drop(self, path: Path | None) -> None:
        have = self._indexes.pop(path, None) if path is not None else None
        if have is not None:
            with contextlib.suppress(sqlite3.Error):
                have.index.close()

    def close(self) -> None:
        """Close every index this workspace opened."""
        for o in self._indexes.values():
            with contextlib.suppress(sqlite3.Error):
                o.index.close()
        for m in self._memory.values():
            with contextlib.suppress(sqlite3.Error):
                m.close()
        self._indexes.clear()
        self._memory.clear()
        self.watched = {}


# The copy and drift checks of the server run in a child process (`app`), so their
# CPU-bound minutes never hold the server's GIL while it answers and runs the claim checks.
_CHILD: Workspace | None = None


def child_start(options: Options) -> None:
    """In the child process: its own workspace (its own index connections). Its standard
    output is the server's, the JSON-RPC stream itself: anything printed there would corrupt
    it, so it goes nowhere."""
    global _CHILD
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    _CHILD = Workspace(options)
    _CHILD.warm()


def child_ready() -> None:
    """In the child process: nothing; submitted so that the process starts (and warms)."""


def child_check(
    roots: Sequence[Path], text: str, path: Path | None, name: str, language: str | None
) -> Outcome:
    """In the child process: every check, the copy and drift checks included."""
    assert _CHILD is not None, "child_start first"
    _CHILD.roots = list(roots)
    return _CHILD.check(text, path, name, language, copies=True)
