"""The progress bar: a no-op unless enabled, lazy (only after the delay), never on stdout."""

from __future__ import annotations

import io
import sys

import pytest

import tipcheck.report.progress as progress_mod
from tipcheck.report.progress import progress


def test_disabled_is_a_silent_no_op(capsys: pytest.CaptureFixture[str]) -> None:
    with progress(10, "checking", enabled=False) as advance:
        for _ in range(10):
            advance(1)
    assert capsys.readouterr() == ("", "")


def test_short_runs_never_start_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(progress_mod, "_bar_class", lambda: lambda *a, **k: started.append(k))
    with progress(10, "checking", enabled=True, delay=60) as advance:
        advance(5)
    assert started == []


def test_long_runs_draw_on_stderr_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with progress(3, "checking", enabled=True, delay=0) as advance:
        for _ in range(3):
            advance(1)
    assert capsys.readouterr().out == ""


def test_bar_counts_work_done_before_it_appeared(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    class FakeProgress:
        def __init__(self, *columns: object, **kwargs: object) -> None:
            seen.update(kwargs)

        def add_task(self, label: str, total: int, completed: int) -> int:
            seen["first"] = completed
            return 0

        def update(self, task: int, completed: int) -> None:
            seen["last"] = completed

        def start(self) -> None:
            seen["started"] = True

        def stop(self) -> None:
            seen["stopped"] = True

    monkeypatch.setattr(progress_mod, "_bar_class", lambda: FakeProgress)
    with progress(5, "checking", enabled=True, delay=0) as advance:
        advance(2)
        advance(3)
    assert seen["first"] == 2 and seen["last"] == 5
    assert seen["transient"] is True and seen["started"] and seen["stopped"]
