"""Turning claims into finding evidence: exact spans, deduplicated and in a stable order."""

from __future__ import annotations

from collections.abc import Iterable

from tipcheck.claims import Claim
from tipcheck.findings import Evidence


def evidence_of(claims: Iterable[Claim]) -> tuple[Evidence, ...]:
    """One evidence item per distinct span, the claims' order kept (sides stay grouped)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Evidence] = []
    for c in claims:
        k = (c.doc, c.start, c.end)
        if k in seen:
            continue
        seen.add(k)
        out.append(
            Evidence(
                doc=c.doc,
                start=c.start,
                end=c.end,
                line=c.line,
                quote=c.quote,
                value=_value(c),
            )
        )
    return tuple(out)


def docs_of(claims: Iterable[Claim]) -> str:
    """The documents the claims come from, for messages ("001.txt, 003.txt")."""
    return ", ".join(sorted({c.doc for c in claims}))


def values_of(claims: Iterable[Claim]) -> str:
    """The distinct values the claims state, in order, for messages ("2008 / July 2008")."""
    return " / ".join(dict.fromkeys(c.value.describe() for c in claims))


def _value(c: Claim) -> str:
    if c.negated:
        return "not"
    v = c.value
    if hasattr(v, "when") and v.when is not None:
        return str(v.when.iso)
    return v.describe()
