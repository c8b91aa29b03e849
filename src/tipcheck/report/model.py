"""The result of a run: documents read, claims extracted, findings, and input errors."""

from __future__ import annotations

import json
from typing import Any

import attrs

from tipcheck.claims import Claim
from tipcheck.findings import SEVERITY_RANK, Finding, InputError


@attrs.frozen(slots=True)
class DocumentInfo:
    id: str
    path: str
    as_of: str | None
    as_of_source: str | None
    claims: int
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "as_of": self.as_of,
            "as_of_source": self.as_of_source,
            "title": self.title,
            "claims": self.claims,
        }


@attrs.frozen(slots=True)
class Report:
    """Everything a run produced; `to_json()` is the findings document of `--format json`
    (its JSON Schema ships as tipcheck/schemas/findings.schema.json)."""

    version: str
    documents: tuple[DocumentInfo, ...]
    findings: tuple[Finding, ...]
    errors: tuple[InputError, ...] = ()
    claims: tuple[Claim, ...] = ()
    texts: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    # info-level notes about the run itself (unused or unknown suppressions); objects with
    # to_json(), kept apart from findings, whose kinds the contract fixes
    notices: tuple[Any, ...] = ()

    def at_or_above(self, level: str) -> list[Finding]:
        rank = SEVERITY_RANK[level]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tipcheck": self.version,
            "documents": [d.to_json() for d in self.documents],
            "findings": [f.to_json() for f in self.findings],
        }
        # Always present, empty when there are none, so a consumer never has to ask whether
        # the key exists before reading it.
        out["errors"] = [e.to_json() for e in self.errors]
        out["notices"] = [n.to_json() for n in self.notices]
        return out

    def dumps(self) -> str:
        """The findings document as JSON: one line per document, finding, error and notice.

        Each record is encoded compactly by the C encoder (an indented dump falls back to the
        pure-Python one, 73 M calls on a large corpus), and one record a line keeps the file
        readable, diffable and greppable."""
        lines = ["{"]
        items = list(self.to_json().items())
        for n, (key, value) in enumerate(items):
            comma = "," if n < len(items) - 1 else ""
            name = json.dumps(key)
            if isinstance(value, list) and value:
                lines.append(f"  {name}: [")
                last = len(value) - 1
                lines.extend(
                    f"    {_compact(v)}{',' if i < last else ''}" for i, v in enumerate(value)
                )
                lines.append(f"  ]{comma}")
            else:
                lines.append(f"  {name}: {_compact(value)}{comma}")
        lines.append("}")
        return "\n".join(lines) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
