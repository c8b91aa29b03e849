"""SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, VS Code's SARIF viewer).

Columns and offsets count Unicode code points (Python `str` indices), which the run declares
with `columnKind`, because SARIF's default unit is UTF-16 code units.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from tipcheck.findings import Evidence, Finding
from tipcheck.report.formats._common import SARIF_LEVEL, doc_paths, notices, span_of
from tipcheck.report.model import Report
from tipcheck.report.rulepages import RuleDoc, rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# No informationUri or helpUri: tipcheck has no public web page to point at, and a made-up
# address would send a code-scanning user to nothing. Each rule's page travels in the log
# instead, as `help` (the text of `tipcheck rules explain CODE`, plain and Markdown).
FINGERPRINT_KEY = "tipcheck/v1"


def artifact_uri(path: str) -> str:
    """A URI reference for a document path: relative paths stay relative (code-scanning UIs
    resolve them against the repository root), absolute ones become file: URIs."""
    if PureWindowsPath(path).drive:
        return PureWindowsPath(path).as_uri()
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return PurePosixPath(posix).as_uri()
    return quote(posix, safe="/-._~")


def render(report: Report) -> str:
    """The report as one SARIF log with one run; keys in a fixed order, so output is stable."""
    return json.dumps(to_sarif(report), ensure_ascii=False, indent=2) + "\n"


def to_sarif(report: Report) -> dict[str, Any]:
    docs = rules()
    codes = sorted({*docs, *(f.rule for f in report.findings)})
    index = {code: i for i, code in enumerate(codes)}
    paths = doc_paths(report)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "tipcheck",
                "version": report.version,
                "semanticVersion": report.version,
                "rules": [_rule(code, docs.get(code), report) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(report, paths)],
        "results": [_result(f, index[f.rule], report, paths) for f in report.findings],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(code: str, doc: RuleDoc | None, report: Report) -> dict[str, Any]:
    if doc is None:
        # A finding from a rule without a page still needs a descriptor for its ruleIndex.
        sev = next(f.severity for f in report.findings if f.rule == code)
        kind = next(f.kind for f in report.findings if f.rule == code)
        return {
            "id": code,
            "shortDescription": {"text": code},
            "defaultConfiguration": {"level": SARIF_LEVEL[sev]},
            "properties": {"kind": kind, "tags": [kind]},
        }
    return {
        "id": code,
        "name": doc.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.why},
        "help": {"text": doc.explain(), "markdown": _help_markdown(doc)},
        "defaultConfiguration": {"level": SARIF_LEVEL[doc.severity]},
        "properties": {"kind": doc.kind, "tags": [doc.kind]},
    }


def _help_markdown(doc: RuleDoc) -> str:
    def block(docs: tuple[str, ...]) -> str:
        return "\n\n".join("```text\n" + d.strip() + "\n```" for d in docs)

    return (
        f"**{doc.code} {doc.name}** ({doc.kind})\n\n{doc.summary}\n\n"
        f"## Why it matters\n\n{doc.why}\n\n## Example (flagged)\n\n{block(doc.bad)}\n\n"
        f"## Use instead\n\n{block(doc.good)}\n"
    )


def _location(ev: Evidence, report: Report, paths: dict[str, str]) -> dict[str, Any]:
    span = span_of(ev, report.texts.get(ev.doc))
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(paths.get(ev.doc, ev.doc))},
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": span.end_line,
                "endColumn": span.end_column,
                "charOffset": ev.start,
                "charLength": ev.end - ev.start,
                "snippet": {"text": ev.quote},
            },
        }
    }


def _result(f: Finding, rule_index: int, report: Report, paths: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[f.severity],
        "message": {"text": f.message},
    }
    if f.evidence:
        out["locations"] = [_location(f.evidence[0], report, paths)]
    related = []
    for i, ev in enumerate(f.evidence[1:], start=1):
        loc = _location(ev, report, paths)
        loc["id"] = i
        side = f"other side: {ev.value}" if ev.value else "other side"
        loc["message"] = {"text": side}
        related.append(loc)
    if related:
        out["relatedLocations"] = related
    out["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    props: dict[str, Any] = {"kind": f.kind}
    if f.subject is not None:
        props["subject"] = f.subject
    if f.property is not None:
        props["property"] = f.property
    if f.similarity is not None:
        props["similarity"] = round(f.similarity, 4)
    out["properties"] = props
    return out


def _invocation(report: Report, paths: dict[str, str]) -> dict[str, Any]:
    """Unreadable documents become tool notifications: they are not results, but a run that
    could not read its inputs did not succeed."""
    notes = [
        {
            "level": "error",
            "message": {"text": e.message},
            "descriptor": {"id": e.code},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.path or e.doc)}}}
            ],
        }
        for e in sorted(report.errors, key=lambda e: (e.doc, e.code))
    ]
    # Unused or unknown suppressions are remarks about the run, not results (the JSON document
    # keeps them out of findings too, under "notices").
    notes += [
        {
            "level": SARIF_LEVEL.get(n.severity, "note"),
            "message": {"text": n.message},
            "descriptor": {"id": n.code},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(paths.get(n.doc, n.doc))},
                        "region": {"startLine": n.line},
                    }
                }
            ],
        }
        for n in notices(report)
    ]
    out: dict[str, Any] = {"executionSuccessful": not report.errors}
    if notes:
        out["toolExecutionNotifications"] = notes
    return out
