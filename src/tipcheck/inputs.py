"""Checks on what the user asked for, before any document is read: the paths hold documents,
the rule codes exist, the job count fits the machine. Each mistake that would otherwise make a
gate pass silently ("All clear" on an empty folder, `--select TC1O1` selecting nothing) is an
error naming what to write instead; what is passed over is said in a notice on stderr.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Collection, Sequence

from tipcheck.read.paths import SUFFIXES, Walk, shown, walk


class InputProblem(ValueError):
    """The command line names nothing tipcheck can check (exit 2)."""


def notice(message: str) -> None:
    print(f"tipcheck: notice: {message}", file=sys.stderr)


def preflight(
    paths: Sequence[str], exclude: Callable[[str], bool] | None, *, quiet: bool = False
) -> Walk:
    """Walk `paths`, say what was passed over, and refuse a run with no document to check."""
    found = walk(paths)
    if not quiet:
        for n in found.notices:
            notice(n)
        if skipped := found.skipped_notice():
            notice(skipped)
    kept = [f for f in found.files if exclude is None or not exclude(f[0])]
    if kept or found.problems:
        return found
    where = ", ".join(shown(p) for p in paths)
    if found.files:
        raise InputProblem(
            f"no documents to check: `exclude` in the configuration excludes all "
            f"{len(found.files)} documents in {where}; narrow the exclude patterns"
        )
    why = f"; {found.skipped_notice()}" if found.skipped else ""
    raise InputProblem(
        f"no documents to check in {where}{why}; give folders or files with "
        f"{', '.join(SUFFIXES)} documents"
    )


def jobs_for(requested: int, *, quiet: bool = False) -> int:
    """`requested` extraction processes, at least 1 and at most one per CPU: more cannot run
    at once, and each costs a process start and a copy of the rule pack."""
    cpus = os.cpu_count() or 1
    if requested > cpus:
        if not quiet:
            notice(f"--jobs {requested} is more than the {cpus} CPUs here; using --jobs {cpus}")
        return cpus
    return max(1, requested)


def unknown_codes(flag: str, codes: Sequence[str], known: Collection[str]) -> str | None:
    """An error message for the first code in `codes` that no rule has, or None."""
    names = sorted(known)
    for code in codes:
        up = code.upper()
        if up == "ALL" or any(k.startswith(up) for k in names):
            continue
        guess = difflib.get_close_matches(up, names, n=1, cutoff=0.6)
        hint = f"did you mean {guess[0]}?" if guess else "`tipcheck rules list` shows every code"
        return f"{flag} {code}: no rule has this code or prefix; {hint}"
    return None
