"""Findings and their evidence, as the JSON findings document (`tipcheck schema findings`)
carries them."""

from __future__ import annotations

import hashlib
from typing import Any

import attrs

KINDS = ("contradiction", "arithmetic", "duplicate", "drift")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# Findings and claims have a field called `property` (the JSON contract), which shadows the
# builtin inside their class bodies.
_property = property


@attrs.frozen(slots=True)
class Evidence:
    """One side of a finding: the exact words in one document (text[start:end] == quote)."""

    doc: str
    start: int
    end: int
    line: int
    quote: str
    value: str | None = None
    column: int = 1

    def sort_key(self) -> tuple[str, int, int]:
        return (self.doc, self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "quote": self.quote,
        }
        if self.value is not None:
            out["value"] = self.value
        return out


@attrs.frozen(slots=True)
class Finding:
    """A problem found by a rule. `key` holds the normalised facts the fingerprint is made of
    (values, documents), never offsets, so it survives unrelated edits."""

    rule: str
    kind: str
    severity: str
    message: str
    evidence: tuple[Evidence, ...]
    subject: str | None = None
    property: str | None = None
    key: tuple[str, ...] = ()
    similarity: float | None = None

    @_property
    def fingerprint(self) -> str:
        docs = sorted({e.doc for e in self.evidence})
        parts = [self.rule, self.subject or "", self.property or "", *self.key, *docs]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]

    def sort_key(self) -> tuple[Any, ...]:
        first = self.evidence[0].sort_key() if self.evidence else ("", 0, 0)
        return (first, self.rule, self.message, tuple(e.sort_key() for e in self.evidence))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "subject": self.subject,
            "property": self.property,
            "fingerprint": self.fingerprint,
        }
        if self.similarity is not None:
            out["similarity"] = round(self.similarity, 4)
        out["evidence"] = [e.to_json() for e in self.evidence]
        return out


@attrs.frozen(slots=True)
class InputError:
    """A document that could not be read (TC9xx), named so the rest of the run can go on."""

    doc: str
    code: str
    message: str
    path: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "code": self.code, "message": self.message}
