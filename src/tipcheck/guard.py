"""The top-level handler: a failure of tipcheck itself is one line and exit 2, never a traceback
and never exit 1 (which a CI gate reads as "findings").

The line names the file in hand (see `tipcheck.read.where`) and the problem, and says how to
see the traceback (`--debug`).
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from collections.abc import Callable

from tipcheck.read.paths import shown
from tipcheck.read.where import file_of

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _problem(e: BaseException) -> str:
    if isinstance(e, RecursionError):
        return "nested too deeply to read (RecursionError)"
    if isinstance(e, MemoryError):
        return "ran out of memory (MemoryError); check smaller parts of the corpus"
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    text = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {shown(text)}" if text else type(e).__name__


def report_crash(e: BaseException, debug: bool) -> int:
    """Print the one-line message for an unexpected error (and the traceback with --debug)."""
    if debug:
        traceback.print_exception(e, file=sys.stderr)
    name = file_of(e)
    where = f"{shown(name)}: " if name else ""
    hint = "" if debug else "; run with --debug for the traceback"
    print(f"tipcheck: error: {where}{_problem(e)}{hint}", file=sys.stderr)
    return EXIT_ERROR


def guarded(run: Callable[[], int], debug: bool = False) -> int:
    """`run()`'s exit code, with every unexpected error turned into one line and exit 2."""
    try:
        code = run()
        sys.stdout.flush()  # a full disk or closed pipe shows here, inside the handler
        return code
    except BrokenPipeError:
        _silence_stdout()  # the reader went away (| head): not an error of ours
        return EXIT_OK
    except KeyboardInterrupt:
        print("tipcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as e:
        if e.errno == errno.ENOSPC and file_of(e) is None:
            _silence_stdout()
            print(
                "tipcheck: error: cannot write the report to standard output (No space left "
                "on device); free space or write it with --output FILE",
                file=sys.stderr,
            )
            return EXIT_ERROR
        return report_crash(e, debug)
    except Exception as e:
        return report_crash(e, debug)
