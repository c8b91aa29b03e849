"""A small LSP client for tests: `tipcheck server` in a subprocess, raw JSON-RPC with
Content-Length framing, as an editor speaks it. Every wait has a timeout, so a hung server
fails the test instead of hanging CI."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Message = dict[str, Any]
TIMEOUT = 15.0


class Client:
    """One server process and the messages it sent."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tipcheck", "server", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self.inbox: queue.Queue[Message | None] = queue.Queue()
        self.seen: list[Message] = []  # notifications and server requests not yet consumed
        self.requests: list[Message] = []  # every request the server sent us
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            self.inbox.put(json.loads(out.read(length)))

    def send(self, msg: Message) -> None:
        body = json.dumps({"jsonrpc": "2.0", **msg}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def _next(self, deadline: float) -> Message:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no message from the server in time; stderr: {self.stderr()}")
        try:
            msg = self.inbox.get(timeout=left)
        except queue.Empty:
            raise TimeoutError(f"no message in time; stderr: {self.stderr()}") from None
        if msg is None:
            raise EOFError(f"the server exited; stderr: {self.stderr()}")
        if "method" in msg and "id" in msg:  # a request from the server: answer as VS Code does
            self.requests.append(msg)
            result: Any = {"success": True} if msg["method"] == "window/showDocument" else None
            self.send({"id": msg["id"], "result": result})
        return msg

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        self.next_id += 1
        me = self.next_id
        self.send({"id": me, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("id") == me and "method" not in msg:
                assert "error" not in msg, msg["error"]
                return msg.get("result")
            self.seen.append(msg)

    def wait(self, want: Callable[[Message], bool], timeout: float = TIMEOUT) -> Message:
        """The first message (already received or coming) that `want` accepts."""
        for i, msg in enumerate(self.seen):
            if want(msg):
                return self.seen.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if want(msg):
                return msg
            self.seen.append(msg)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = TIMEOUT) -> Any:
        """The next diagnostics published for `uri` (at `version`, when given)."""

        def want(m: Message) -> bool:
            p = m.get("params") or {}
            return (
                m.get("method") == "textDocument/publishDiagnostics"
                and p.get("uri") == uri
                and (version is None or p.get("version") == version)
            )

        return self.wait(want, timeout)["params"]["diagnostics"]

    def diagnostics_until(
        self, uri: str, want: Callable[[list[Any]], bool], timeout: float = TIMEOUT
    ) -> list[Any]:
        """Diagnostics for `uri` as they are published, until a set that `want` accepts (an
        index being written may be seen half-built first)."""
        deadline = time.monotonic() + timeout
        while True:
            got: list[Any] = self.diagnostics(uri, timeout=max(0.01, deadline - time.monotonic()))
            if want(got):
                return got

    def message(self, contains: str, timeout: float = TIMEOUT) -> Message:
        return self.wait(
            lambda m: (
                m.get("method") == "window/showMessage" and contains in m["params"]["message"]
            ),
            timeout,
        )["params"]

    def initialize(self, root: Path, capabilities: Message | None = None) -> Any:
        got = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": capabilities or {},
            },
            timeout=30,
        )
        self.notify("initialized", {})
        return got

    def stderr(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        assert self.proc.stderr is not None
        return self.proc.stderr.read().decode("utf-8", "replace")[-3000:]

    def close(self) -> int:
        """shutdown, exit, and the exit code (the process is killed if it does not stop)."""
        with contextlib.suppress(Exception):
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
