"""File sizes as a user writes them ("10 MB", "500 KB", 1048576) and as tipcheck prints them."""

from __future__ import annotations

import re

# 10 MB: far above any real report (the largest fixture is 22 KB), far below the size at which
# one file takes minutes and gigabytes (200 MB: 457 s, 7.3 GB).
DEFAULT_MAX_FILE_SIZE = 10_000_000
_UNITS = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3}  # fmt: skip
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*", re.I)


def parse_size(value: object) -> int:
    """Bytes in `value`: an integer, or a number with a unit (B, KB, MB, GB, KiB, MiB, GiB).

    Raises ValueError saying what is allowed.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise ValueError(f"expected a size of at least 1 byte, got {value}")
        return value
    m = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise ValueError(f'expected a size such as "10 MB", "500 KB" or 1000000, got {value!r}')
    n = int(float(m.group(1)) * _UNITS[(m.group(2) or "").lower()])
    if n < 1:
        raise ValueError(f"expected a size of at least 1 byte, got {value!r}")
    return n


def format_size(n: int) -> str:
    """'12.3 MB', '512 KB', '900 bytes' (decimal units, as `ls -h --si` and file managers)."""
    for unit, size in (("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if n >= size:
            v = n / size
            return f"{v:.1f} {unit}" if v < 100 and v != int(v) else f"{round(v)} {unit}"
    return f"{n} bytes"
