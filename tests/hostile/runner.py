"""Run `tipcheck` as a subprocess with a timeout, measuring wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cases import Case


@dataclass
class Result:
    code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def tipcheck(
    args: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> Result:
    """One run of the CLI; a run still going at `timeout` is killed and reported with code None."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        return _run(args, cwd, timeout, env or {}, out, err)


def _run(
    args: list[str], cwd: Path, timeout: float, env: dict[str, str], out: IO[bytes], err: IO[bytes]
) -> Result:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tipcheck", *args],
        cwd=cwd,
        stdout=out,
        stderr=err,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1", **env},
    )
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    # wait4 rather than wait: it returns the child's own rusage (peak RSS), not the sum of all
    # children this process ever had.
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    out.seek(0)
    err.seek(0)
    return Result(
        None if killed.is_set() else proc.returncode,
        out.read().decode("utf-8", "replace"),
        err.read().decode("utf-8", "replace"),
        seconds,
        usage.ru_maxrss / 1024,
    )


def run_case(case: Case, tmp: Path) -> Result:
    run = case.build(tmp)
    return tipcheck(run.args, tmp, case.timeout, run.env)
