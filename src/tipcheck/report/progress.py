"""A progress bar for long runs: rich, on stderr, only on a terminal and only after ~2 s.

Short runs and machine output never see it: it is started lazily the first time progress is
reported after `delay` seconds, it is transient (erased when done), and it writes to stderr.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress

DELAY = 2.0


@contextmanager
def progress(
    total: int, label: str, *, enabled: bool, delay: float = DELAY
) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`, to call as work completes; shows a bar once the run passes `delay`.

    With `enabled` False this is a no-op (the caller passes stderr.isatty() and not quiet).
    """
    if not enabled or total <= 0:
        yield _noop
        return
    began = time.monotonic()
    done = 0
    bar: Progress | None = None
    task = None

    def advance(n: int = 1) -> None:
        nonlocal done, bar, task
        done += n
        if bar is None:
            if time.monotonic() - began < delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

            bar = _bar_class()(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=True,
            )
            task = bar.add_task(label, total=total, completed=done)
            bar.start()
        else:
            assert task is not None
            bar.update(task, completed=done)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.stop()


def _bar_class() -> type[Progress]:
    """rich's Progress, imported only when a bar is shown: it costs ~70 ms of start-up."""
    from rich.progress import Progress

    return Progress


def _noop(n: int = 1) -> None:
    """Progress reporting when no bar is shown."""
