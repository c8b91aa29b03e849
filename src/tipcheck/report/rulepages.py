"""The rule codes tipcheck reports, and their documentation.

Each code has a TOML page in `tipcheck/report/ruledocs/<CODE>.toml` (name, kind, severity,
summary, why, bad, good). The file name is the code, so the two cannot disagree; the examples on each page run
as tests (tests/test_ruledocs.py).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

import attrs

from tipcheck.findings import KINDS, SEVERITIES

_KIND_BY_PREFIX = {"TC1": "contradiction", "TC2": "arithmetic", "TC3": "duplicate", "TC4": "drift"}


@attrs.frozen(slots=True)
class RuleDoc:
    """What a rule does, why it matters, and a bad and a good example (documents as text)."""

    code: str
    name: str
    kind: str
    severity: str
    summary: str
    why: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    expect_bad: tuple[str, ...] = ()

    def explain(self) -> str:
        def block(docs: tuple[str, ...]) -> str:
            return "\n".join(
                (f"  --- document {i + 1} ---\n" if len(docs) > 1 else "")
                + "\n".join("  " + line for line in d.strip().splitlines())
                for i, d in enumerate(docs)
            )

        head = (
            f"{self.code} {self.name} ({self.kind}, default severity {self.severity})\n\n"
            f"What it does\n  {self.summary}\n\nWhy it matters\n  {self.why}\n"
        )
        if not self.bad and not self.good:  # input problems have no example documents
            return head
        return (
            f"{head}\nExample (flagged)\n{block(self.bad)}\n\n"
            f"Use instead (quiet)\n{block(self.good)}\n"
        )


def _as_docs(v: object, where: str) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return tuple(v)
    raise ValueError(f"{where}: expected a string or a list of strings")


@functools.lru_cache(maxsize=1)
def rules() -> dict[str, RuleDoc]:
    """Every documented rule, by code."""
    out: dict[str, RuleDoc] = {}
    root = resources.files("tipcheck.report") / "ruledocs"
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        code = entry.name[: -len(".toml")]
        where = f"tipcheck/report/ruledocs/{entry.name}"
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        kind = data.get("kind") or _KIND_BY_PREFIX.get(code[:3], "input")
        if kind not in (*KINDS, "input"):
            raise ValueError(f"{where}: kind {kind!r} is not one of {KINDS}")
        if code[:3] in _KIND_BY_PREFIX and _KIND_BY_PREFIX[code[:3]] != kind:
            raise ValueError(f"{where}: {code} must be a {_KIND_BY_PREFIX[code[:3]]} rule")
        sev = data.get("severity", "error")
        if sev not in SEVERITIES:
            raise ValueError(f"{where}: severity {sev!r} is not one of {SEVERITIES}")
        out[code] = RuleDoc(
            code=code,
            name=data["name"],
            kind=kind,
            severity=sev,
            summary=data["summary"].strip(),
            why=data["why"].strip(),
            bad=_as_docs(data.get("bad", []), where),
            good=_as_docs(data.get("good", []), where),
            expect_bad=tuple(data.get("expect_bad", [code])),
        )
    return out
