"""The pygls server: handlers, debounce, the worker thread, stale results dropped.

Why pygls (with lsprotocol) rather than hand-written JSON-RPC: the protocol's lifecycle
(initialize, shutdown/exit, cancellation, `$/` notifications), incremental document sync and
the position-encoding negotiation are all in it and maintained against the spec; what is left
here is tipcheck's own part.

Two lanes, neither on the event loop, so the server keeps answering (hover, code actions,
cancellations) while a check runs:

- the claim checks (contradictions, arithmetic: an indexed look-up, ~0.1 s for a 10 KB
  document against 1,000 documents) on a worker thread, `debounce` seconds after the last
  change (open and save at once); checked alone, without an index, the copy checks run here
  too (they cost little then);
- the copy and drift checks against an index, in a child process, `copies_delay` seconds
  after the claims' result when no change came since. Against a corpus whose passages are
  all connected they load most of it (~10-30 s at 1,000 documents, measured), so they must
  neither hold this process's GIL nor delay the claims' diagnostics; their result, a
  superset, replaces the claims' when it is for the current version.

A check cannot be interrupted halfway, so staleness is handled at both ends: a check whose
document has moved on before it starts is skipped, and a result for an older version than
the buffer's is dropped, never published; while a check runs, newer changes wait and only
the newest is checked next.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path, uri_scheme
from pygls.workspace import TextDocument

from tipcheck.read.documents import SUFFIXES
from tipcheck.server.diagnostics import (
    Item,
    Place,
    can_suppress,
    finding_items,
    hover_text,
    item_at,
    notice_items,
    suppression_edit,
)
from tipcheck.server.pages import Pages
from tipcheck.server.positions import ENCODINGS, UTF16, LineIndex
from tipcheck.server.workspace import (
    Options,
    Outcome,
    Workspace,
    child_check,
    child_ready,
    child_start,
    index_key,
)
from tipcheck.version import __version__

log = logging.getLogger("tipcheck.server")

LANGUAGES = ("markdown", "plaintext", "text", "txt")
SHOW_RULE = "tipcheck.showRulePage"
# Short: the claim checks of a 10 KB draft take ~0.08 s against a 10k-document index and
# diagnostics are due within 0.3 s of a change; a check never runs on the event loop, and
# changes that come while one runs are checked once, at the newest version, so a short delay
# costs at most one check per pause in typing (150 ms measured p95 355 ms, 75 ms 278 ms)
DEBOUNCE = 0.075
POLL = 1.0
COPIES_DELAY = 0.5  # idle time after the claim checks' result before the copy checks start
_Args = tuple[str, Path | None, str, str | None]  # text, path, name, language


@attrs.define
class _Shown:
    """What was published for a document: the version, its text and the items, for hover
    and code actions."""

    version: int | None
    text: str
    doc_id: str
    items: list[Item]
    ticket: int = 0  # when its check started: a result of an earlier start never replaces it


class TipcheckServer(LanguageServer):
    """The language server: pygls's with tipcheck's state."""

    def __init__(
        self,
        options: Options,
        debounce: float = DEBOUNCE,
        poll: float = POLL,
        copies_delay: float = COPIES_DELAY,
    ) -> None:
        super().__init__(
            "tipcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.options = options
        self.debounce = debounce
        self.poll = poll
        self.pages = Pages()
        self.checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tipcheck-check")
        self.ws = Workspace(options)
        self.copies_delay = copies_delay
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.running: set[str] = set()
        self.again: set[str] = set()
        # the copy and drift checks' lane: a child process, run when typing pauses
        self.full_pool: ProcessPoolExecutor | None = None
        self.full_timers: dict[str, asyncio.TimerHandle] = {}
        self.running_full: set[str] = set()
        self.again_full: set[str] = set()
        self.shown: dict[str, _Shown] = {}
        self.tickets = itertools.count(1)
        self.told: set[str] = set()  # messages already shown (each once while it holds)
        self.watch_key: dict[Path, object] = {}
        self.watcher: asyncio.Task[None] | None = None
        self.stopped = threading.Event()
        self.shut_down = False

    # -- what to check ---------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        """The position encoding negotiated at `initialize` (UTF-16 unless the client offered
        another)."""
        enc = str(self.workspace.position_encoding or UTF16)
        return enc if enc in ENCODINGS else UTF16

    def wanted(self, doc: TextDocument) -> bool:
        """Markdown and plain text, except this server's own rule pages."""
        path = _fs_path(doc.uri)
        if path is not None and self.pages.holds(path):
            return False
        if doc.language_id in LANGUAGES:
            return True
        return Path(doc.path or "").suffix.lower() in SUFFIXES

    def schedule(self, uri: str, delay: float) -> None:
        """Check `uri` after `delay` seconds unless another change comes first (which also
        puts off its copy check)."""
        loop = asyncio.get_running_loop()
        for timers in (self.timers, self.full_timers):
            old = timers.pop(uri, None)
            if old is not None:
                old.cancel()
        self.timers[uri] = loop.call_later(delay, self._start, uri, False)

    def _start(self, uri: str, full: bool) -> None:
        (self.full_timers if full else self.timers).pop(uri, None)
        running, again = (
            (self.running_full, self.again_full) if full else (self.running, self.again)
        )
        if uri in running:
            again.add(uri)  # checked once the running check ends, at its newest version
            return
        running.add(uri)
        asyncio.get_running_loop().create_task(self._run(uri, full))

    def _current(self, uri: str) -> TextDocument | None:
        doc = self.workspace.text_documents.get(uri)
        return doc if doc is not None and self.wanted(doc) else None

    def _fresh(self, uri: str, version: int | None) -> bool:
        """Whether the buffer is still at `version` (safe from any thread: one dict read)."""
        d = self.workspace.text_documents.get(uri)
        return d is not None and d.version == version

    async def _run(self, uri: str, full: bool) -> None:
        """The checks of one lane for `uri`, until no newer version is waiting."""
        loop = asyncio.get_running_loop()
        running, again = (
            (self.running_full, self.again_full) if full else (self.running, self.again)
        )
        try:
            while True:
                again.discard(uri)
                doc = self._current(uri)
                if doc is None or self.stopped.is_set():
                    return
                version, text = doc.version, doc.source
                args = (text, _fs_path(uri), _name(uri), doc.language_id)
                ticket = next(self.tickets)
                if full:
                    out = await self._full_check(args)
                else:
                    out = await loop.run_in_executor(self.checks, self._check, version, uri, args)
                if out is not None and self._fresh(uri, version):
                    self.publish(uri, version, text, out, ticket)
                    if not out.copies:  # the copy check follows when the typing pauses
                        self._later_full(uri)
                if uri not in again:
                    return
        finally:
            running.discard(uri)

    def _pool(self) -> ProcessPoolExecutor:
        """The copy checks' child process, started (and its pack loaded) on the first claim
        checks' result against an index: spawning it and loading the pack take a second or
        two, which the first copy check after a pause would otherwise wait for."""
        if self.full_pool is None:
            self.full_pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),  # never fork the loop's threads
                initializer=child_start,
                initargs=(self.options,),
            )
            self.full_pool.submit(child_ready)  # a pool starts its process on the first task
        return self.full_pool

    def _later_full(self, uri: str) -> None:
        with contextlib.suppress(Exception):  # a failure to start shows at the check itself
            self._pool()
        old = self.full_timers.pop(uri, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        self.full_timers[uri] = loop.call_later(self.copies_delay, self._start, uri, True)

    def _check(self, version: int | None, uri: str, args: _Args) -> Outcome | None:
        """On the worker thread: the claim checks (and the copy checks when the document is
        checked alone), unless the document moved on while this waited."""
        if not self._fresh(uri, version) or self.stopped.is_set():
            return None
        try:
            return self.ws.check(*args, copies=None)
        except Exception as e:  # a bug in a check must not take the editor's server down
            log.exception("check failed")
            return Outcome(args[2], (), (), {}, {}, (f"tipcheck: the check failed: {e!r}",))

    async def _full_check(self, args: _Args) -> Outcome | None:
        """Every check, the copy and drift checks included, in the child process."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self._pool(), child_check, tuple(self.ws.roots), *args
            )
        except Exception as e:  # a crashed child is started again on the next check
            log.exception("copy check failed")
            self.full_pool = None
            return Outcome(args[2], (), (), {}, {}, (f"tipcheck: the copy check failed: {e!r}",))

    # -- what to show ----------------------------------------------------------------------

    def publish(
        self, uri: str, version: int | None, text: str, out: Outcome, ticket: int = 0
    ) -> None:
        """Diagnostics for one checked version, and the messages it brought."""
        have = self.shown.get(uri)
        if have is not None and have.version == version and have.ticket > ticket:
            return  # a check started later (the copy checks' superset) is out already
        self.tell(out)
        lines = LineIndex(text)
        enc = self.encoding

        def locate(doc_id: str) -> Place | None:
            if doc_id == out.doc_id:
                return Place(uri, lines)
            p = out.paths.get(doc_id)
            if p is None:
                return None
            t = out.texts.get(doc_id)
            return Place(from_fs_path(str(p)) or p.as_uri(), LineIndex(t) if t else None)

        def href(code: str) -> str | None:
            try:
                page = self.pages.path(code)
            except OSError:
                return None
            return from_fs_path(str(page)) if page is not None else None

        items = finding_items(out.findings, out.doc_id, lines, locate, encoding=enc, href=href)
        items += notice_items(out.notices, out.doc_id, lines, encoding=enc, href=href)
        self.shown[uri] = _Shown(version, text, out.doc_id, items, ticket)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=[i.diagnostic for i in items]
            )
        )

    def tell(self, out: Outcome) -> None:
        """Each setup problem once (again only after a check without it: resolved, then
        back)."""
        for m in out.errors:
            if m not in self.told:
                self.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Error, message=m)
                )
        for m in out.infos:
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Info, message=m)
            )
        self.told = set(out.errors)

    def clear(self, uri: str) -> None:
        self.shown.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # -- the index changing under us --------------------------------------------------------

    async def watch(self) -> None:
        """Every `poll` seconds, whether an index in use changed (updated, rebuilt, created);
        then every open document is checked again, with no edit needed."""
        while not self.stopped.is_set():
            await asyncio.sleep(self.poll)
            changed = False
            for p, used in self.ws.watched.items():
                k = index_key(p)
                # once per new key: a check already under way records it when it runs
                if k != used and self.watch_key.get(p) != k:
                    changed = True
                    self.watch_key[p] = k
            if changed:
                for uri in list(self.workspace.text_documents):
                    if self._current(uri) is not None:
                        self.schedule(uri, 0)

    def stop(self) -> None:
        """Stop watching and checking, and close the indexes (on the worker thread that
        opened them)."""
        self.stopped.set()
        if self.watcher is not None:
            self.watcher.cancel()
        with contextlib.suppress(RuntimeError):
            self.checks.submit(self.ws.close)
        self.checks.shutdown(wait=False, cancel_futures=True)
        pool, self.full_pool = self.full_pool, None
        if pool is not None:
            # a copy check can take seconds: the child is ended, not waited for (the pool's
            # processes are not public; its exit hook would otherwise join them)
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)


def _fs_path(uri: str) -> Path | None:
    if uri_scheme(uri) != "file":
        return None
    p = to_fs_path(uri)
    return Path(p) if p else None


def _name(uri: str) -> str:
    """An unsaved buffer's name: its URI's path ("untitled:Untitled-1" → "Untitled-1")."""
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(uri).path) or uri


def _offset(shown: _Shown, pos: types.Position, encoding: str) -> int:
    return LineIndex(shown.text).offset(pos.line, pos.character, encoding)


def build(
    options: Options,
    debounce: float = DEBOUNCE,
    poll: float = POLL,
    copies_delay: float = COPIES_DELAY,
) -> TipcheckServer:
    """The server with every handler registered (not started)."""
    server = TipcheckServer(options, debounce, poll, copies_delay)

    @server.feature(types.INITIALIZE)
    def initialize(ls: TipcheckServer, params: types.InitializeParams) -> None:
        roots = [p for f in params.workspace_folders or [] if (p := _fs_path(f.uri)) is not None]
        if not roots and params.root_uri and (p := _fs_path(params.root_uri)) is not None:
            roots = [p]
        ls.ws.roots = [r.resolve() for r in roots]
        ls.checks.submit(ls.ws.warm)  # the rule pack loads while the client starts up

    @server.feature(types.INITIALIZED)
    def initialized(ls: TipcheckServer, params: types.InitializedParams) -> None:
        ls.watcher = asyncio.get_running_loop().create_task(ls.watch())

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TipcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        if ls._current(params.text_document.uri) is not None:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TipcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        if ls._current(params.text_document.uri) is not None:
            ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TipcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        if ls._current(params.text_document.uri) is not None:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TipcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        for timers in (ls.timers, ls.full_timers):
            timer = timers.pop(uri, None)
            if timer is not None:
                timer.cancel()
        ls.clear(uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: TipcheckServer, params: types.HoverParams) -> types.Hover | None:
        shown = ls.shown.get(params.text_document.uri)
        if shown is None:
            return None
        hits = item_at(shown.items, _offset(shown, params.position, ls.encoding))
        if not hits:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=hover_text(hits)),
            range=hits[0].diagnostic.range,
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: TipcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return _actions(ls, params)

    @server.command(SHOW_RULE)
    def show_rule(ls: TipcheckServer, *args: Any) -> None:
        code = str(args[0]) if args else ""
        _show_rule(ls, code)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: TipcheckServer, params: None) -> None:
        ls.shut_down = True
        ls.stop()

    return server


def _actions(ls: TipcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """For each tipcheck diagnostic in the range: insert a suppression comment (Markdown and
    HTML documents: plain text has no comment syntax) and open the rule's page."""
    uri = params.text_document.uri
    shown = ls.shown.get(uri)
    doc = ls.workspace.text_documents.get(uri)
    if shown is None or doc is None:
        return []
    enc = ls.encoding
    lines = LineIndex(shown.text)
    a = lines.offset(params.range.start.line, params.range.start.character, enc)
    b = lines.offset(params.range.end.line, params.range.end.character, enc)
    out: list[types.CodeAction] = []
    seen: set[str] = set()
    current = LineIndex(doc.source)
    for it in shown.items:
        if not it.overlaps(a, b) or it.rule in seen:
            continue
        seen.add(it.rule)
        if can_suppress(shown.doc_id) and it.finding is not None:
            # placed from the buffer as it is now (it may have moved on since the check)
            start = current.offset(*_pos(it.diagnostic.range.start), enc)
            at, comment = suppression_edit(doc.source, start, it.rule)
            where = types.Position(*current.position(at, enc))
            out.append(
                types.CodeAction(
                    title=f"Suppress {it.rule} for this paragraph",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[it.diagnostic],
                    edit=types.WorkspaceEdit(
                        changes={uri: [types.TextEdit(types.Range(where, where), comment)]}
                    ),
                )
            )
        out.append(
            types.CodeAction(
                title=f"Show the {it.rule} rule page",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[it.diagnostic],
                command=types.Command(
                    title=f"{it.rule} rule page", command=SHOW_RULE, arguments=[it.rule]
                ),
            )
        )
    return out


def _pos(p: types.Position) -> tuple[int, int]:
    return p.line, p.character


def _show_rule(ls: TipcheckServer, code: str) -> None:
    """The rule page beside the document (a file, so `window/showDocument` may open it); in
    a client without showDocument, its text in a message."""
    from tipcheck.report.rulepages import rules

    doc = rules().get(code.upper())
    if doc is None:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"no rule {code!r}")
        )
        return
    can_show = bool(ls.client_capabilities.window and ls.client_capabilities.window.show_document)
    page = None
    with contextlib.suppress(OSError):
        page = ls.pages.path(doc.code)
    if can_show and page is not None:
        ls.window_show_document(
            types.ShowDocumentParams(uri=from_fs_path(str(page)) or page.as_uri(), take_focus=True)
        )
        return
    ls.window_show_message(
        types.ShowMessageParams(type=types.MessageType.Info, message=doc.explain())
    )


def serve(options: Options, debounce: float = DEBOUNCE, poll: float = POLL) -> int:
    """Run the server on stdin/stdout until the client says exit."""
    server = build(options, debounce, poll)
    try:
        server.start_io()
    finally:
        server.stop()
        # pygls closed stdout on exit; a later flush of it must not look like a crash
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    # LSP: exit after shutdown is a clean stop (0); exit without it, or the client gone, is 1
    return 0 if server.shut_down else 1
