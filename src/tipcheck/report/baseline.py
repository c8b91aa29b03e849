"""Baselines: record the findings a corpus has today, so CI fails only on new ones.

A baseline is a JSON file keyed by finding fingerprints. A fingerprint depends on the rule, the
subject, the property, the normalised values and the documents involved — never on offsets or
line numbers — so a baseline survives unrelated edits (lines shifted, another paragraph
rewritten). The rule and message are stored beside each fingerprint for the humans who review
the file in a pull request; only the fingerprint is compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from tipcheck.read.paths import regular_file
from tipcheck.report.model import Report
from tipcheck.report.write import write_text

FORMAT_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read or is not a tipcheck baseline (exit 2 at the CLI)."""


def write_baseline(report: Report, path: Path, inputs: Iterable[Path] = ()) -> int:
    """Write every finding of `report` to `path`; returns the number of entries written.

    Entries are sorted by fingerprint and the JSON has fixed key order, so re-running on an
    unchanged corpus leaves the file byte-identical (no spurious diffs in review).
    Findings that share a fingerprint are one entry with a count.
    """
    entries: dict[str, dict[str, Any]] = {}
    for f in report.findings:
        fp = f.fingerprint
        if fp in entries:
            entries[fp]["count"] += 1
            continue
        entries[fp] = {
            "fingerprint": fp,
            "rule": f.rule,
            "message": f.message,
            "docs": sorted({e.doc for e in f.evidence}),
            "count": 1,
        }
    data = {
        "tipcheck-baseline": FORMAT_VERSION,
        "tipcheck": report.version,
        "findings": [entries[fp] for fp in sorted(entries)],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # atomic (temporary file, then rename): an interrupted run never leaves half a baseline
    write_text(Path(path), text, inputs)
    return len(entries)


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints recorded in the baseline at `path`.

    Raises BaselineError, naming the file and what to do, when it is missing or malformed.
    """
    path = Path(path)
    if refused := regular_file(path, "the baseline"):
        raise BaselineError(refused)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline file not found; create it with --write-baseline {path}"
        ) from None
    except OSError as e:
        raise BaselineError(f"{path}: cannot read the baseline ({e.strerror})") from None
    except RecursionError:
        raise BaselineError(
            f"{path}: JSON nested too deeply to be a baseline; regenerate it with "
            f"--write-baseline {path}"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BaselineError(
            f"{path}: not a JSON baseline ({e}); regenerate it with --write-baseline {path}"
        ) from None
    if not isinstance(data, dict) or "tipcheck-baseline" not in data:
        raise BaselineError(
            f"{path}: not a tipcheck baseline (no 'tipcheck-baseline' key); "
            f"regenerate it with --write-baseline {path}"
        )
    if data["tipcheck-baseline"] != FORMAT_VERSION:
        raise BaselineError(
            f"{path}: baseline format {data['tipcheck-baseline']!r} is not supported "
            f"(this tipcheck reads format {FORMAT_VERSION}); regenerate it with --write-baseline"
        )
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: 'findings' must be a list of entries")
    out: set[str] = set()
    for i, entry in enumerate(entries):
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fp, str) or not fp:
            raise BaselineError(f"{path}: findings[{i}] has no 'fingerprint' string")
        out.add(fp)
    return frozenset(out)


def filter_baseline(report: Report, path: Path) -> Report:
    """`report` with only the findings whose fingerprints are not in the baseline at `path`.

    Raises BaselineError when the baseline cannot be read.
    """
    known = read_baseline(path)
    kept = tuple(f for f in report.findings if f.fingerprint not in known)
    return attrs.evolve(report, findings=kept)
