"""Executors: where the run's map and reduce tasks run — in this process, on a process pool, or
on a Dask cluster. Each takes the same module-level functions of `stages` and returns their
results in task order, so the output never depends on which one ran them.

Dask is imported only when asked for (`pip install tipcheck[dask]`).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from tipcheck.stages import pack_for

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("auto", "process", "dask")
# Seconds to wait for a Dask scheduler before the run fails with a message.
CONNECT_TIMEOUT = 10


class ExecutorError(Exception):
    """The executor asked for cannot run: Dask missing, or its scheduler unreachable."""


class Executor(Protocol):
    """Runs `fn` over tasks, results in task order."""

    workers: int
    # whether the claim checks (the reduce) are worth shipping to the workers: on one machine
    # pickling every claim out and the findings back costs more than the checks (5 MB: 3.1 s
    # on a pool of 2 against 1.7 s in process); on a cluster it spreads memory and work
    remote_reduce: bool

    def map(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Everything in this process: no pickling, and the reference every other executor's
    output is compared with."""

    workers = 1
    remote_reduce = False

    def map(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        return (fn(t) for t in tasks)

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A local process pool; each worker compiles the rule pack once, before its first task."""

    def __init__(self, workers: int, pack_path: str) -> None:
        from concurrent.futures import ProcessPoolExecutor  # multiprocessing only when used

        self.workers = workers
        self.remote_reduce = False
        self._pool = ProcessPoolExecutor(
            max_workers=workers, initializer=pack_for, initargs=(pack_path,)
        )

    def map(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        if len(tasks) <= 1:  # one task: pickling it to a worker only costs time
            return (fn(t) for t in tasks)
        return self._pool.map(fn, tasks)

    def close(self) -> None:
        self._pool.shutdown()


class DaskExecutor:
    """A Dask cluster: an existing one (`scheduler` address or a `distributed.Client`), or a
    LocalCluster of `workers` processes started for the run and closed after it."""

    def __init__(self, workers: int, scheduler: str | Any | None = None) -> None:
        try:
            # untyped on purpose: distributed is optional, and its stubs vary by version
            dist: Any = importlib.import_module("distributed")
        except ImportError:
            raise ExecutorError(
                "the Dask executor needs the `distributed` package; "
                "install it with `pip install 'tipcheck[dask]'`"
            ) from None
        Client, LocalCluster = dist.Client, dist.LocalCluster
        self.remote_reduce = True
        self._cluster: Any = None
        self._own_client = True
        if scheduler is None:
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self.client: Any = Client(self._cluster)
        elif isinstance(scheduler, str):
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as e:
                raise ExecutorError(
                    f"cannot reach the Dask scheduler at {scheduler} ({e}); start one with "
                    "`dask scheduler` and give the address it prints, or leave out --scheduler"
                ) from None
        else:
            self.client, self._own_client = scheduler, False
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def map(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        # pure=False: two equal tasks are still two tasks (a batch is never shared by key)
        futures = self.client.map(fn, list(tasks), pure=False)
        return (f.result() for f in futures)

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(
    kind: str | Any, jobs: int, pack_path: str, scheduler: str | Any | None = None
) -> Executor:
    """The executor a run asked for: `auto` (serial with one job, else a process pool),
    `process`, `dask` (a LocalCluster of `jobs` workers, or the cluster at `scheduler`), or a
    `distributed.Client` given directly."""
    if kind not in EXECUTORS:  # a Client object
        return DaskExecutor(jobs, kind)
    if kind == "dask" or scheduler is not None:
        return DaskExecutor(jobs, scheduler)
    if jobs <= 1:
        return SerialExecutor()
    return ProcessExecutor(jobs, pack_path)


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def each(results: Iterable[R], tick: Callable[[R], None] | None) -> Iterator[R]:
    """The results one at a time, in order, calling `tick` on each as it arrives (progress
    bars), for a caller that writes each away rather than keeping them all."""
    for r in results:
        if tick is not None:
            tick(r)
        yield r


def consume(results: Iterable[R], tick: Callable[[R], None] | None) -> list[R]:
    """All results, in order, calling `tick` on each as it arrives (progress bars)."""
    return list(each(results, tick))
