"""What file the run is working on, for the one-line message of an unexpected error.

The top-level handler in the CLI turns any exception it did not expect into one line that names
the file being read and the problem; the stages say which file that is with `reading(name)`,
which tags an exception passing through with the innermost file's name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

_ATTR = "tipcheck_file"


@contextlib.contextmanager
def reading(name: str) -> Iterator[None]:
    """Tag any exception raised in the block with `name` (unless an inner block did)."""
    try:
        yield
    except Exception as e:
        if getattr(e, _ATTR, None) is None:
            setattr(e, _ATTR, name)
        raise


def file_of(error: BaseException) -> str | None:
    """The file that was in hand when `error` was raised, if a stage said."""
    name = getattr(error, _ATTR, None)
    if name is None and isinstance(error, OSError) and error.filename is not None:
        name = str(error.filename)
    return name if isinstance(name, str) else None
