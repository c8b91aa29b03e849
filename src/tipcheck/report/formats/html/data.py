"""The report's data block: every finding in display order (severity, then subject and kind),
the groups with their counts, the excerpts each card shows, timelines and the document list.

The page's script renders only the findings on the current page from this, so a report of
thousands of findings keeps a small DOM; the data itself is kept compact (documents by index,
excerpts cut to a few words of context) so a 1,000-document report stays a few megabytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from tipcheck.findings import KINDS, SEVERITY_RANK, Evidence, Finding
from tipcheck.report.formats._common import doc_paths, notices, span_of
from tipcheck.report.formats.html import excerpts, provenance, timelines
from tipcheck.report.model import Report
from tipcheck.report.rulepages import rules


def display_order(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; within a severity by subject (findings with no
    subject last) and kind, then in the report's own order."""
    return sorted(
        findings,
        key=lambda f: (
            -SEVERITY_RANK[f.severity],
            f.subject is None,
            f.subject or "",
            KINDS.index(f.kind) if f.kind in KINDS else len(KINDS),
            f.sort_key(),
        ),
    )


def anchors(findings: Sequence[Finding]) -> list[str]:
    """An element id per finding from its fingerprint: ids never carry document text, and two
    findings with the same fingerprint get distinct ids."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        seen[f.fingerprint] += 1
        n = seen[f.fingerprint]
        out.append(f"f-{f.fingerprint}" if n == 1 else f"f-{f.fingerprint}-{n}")
    return out


class _Builder:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.paths = doc_paths(report)
        ids = {d.id for d in report.documents}
        ids |= {ev.doc for f in report.findings for ev in f.evidence}
        self.doc_ids = sorted(ids)
        self.doc_index = {d: i for i, d in enumerate(self.doc_ids)}
        self.claims = provenance.ClaimIndex(report.claims)
        self.names = {code: r.name for code, r in rules().items()}

    def where(self, ev: Evidence) -> str:
        s = span_of(ev, self.report.texts.get(ev.doc))
        return f"{self.paths.get(ev.doc, ev.doc)}:{s.line}:{s.column}"

    def side(self, ev: Evidence, segments: list[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"loc": self.where(ev), "d": self.doc_index[ev.doc], "x": segments}
        if ev.value:
            out["v"] = ev.value
        return out

    def body(self, f: Finding) -> dict[str, Any]:
        texts = self.report.texts
        if f.kind in ("duplicate", "drift") and len(f.evidence) >= 2:
            left, right = f.evidence[0], f.evidence[1]
            segs = excerpts.aligned(texts, left, right, f.kind)
            sides = [self.side(left, segs[0]), self.side(right, segs[1])]
            kind, rest = "sbs", f.evidence[2:]
        elif f.kind == "contradiction" and len(f.evidence) >= 2:
            sides = []
            for ev in f.evidence[:2]:
                side = self.side(ev, excerpts.snippet(texts.get(ev.doc), ev))
                side["p"] = provenance.rows(self.claims.find(ev, f.property))
                sides.append(side)
            kind, rest = "cmp", f.evidence[2:]
        else:
            sides, kind, rest = [], "ev", f.evidence
        more = [self.side(ev, excerpts.snippet(texts.get(ev.doc), ev)) for ev in rest]
        return {"t": kind, "sides": sides, "more": more}

    def finding(self, f: Finding, anchor: str, group: int) -> dict[str, Any]:
        meta = [x for x in (f.subject, f.property) if x]
        if f.similarity is not None:
            meta.append(f"similarity {f.similarity:.2f}")
        return {
            "a": anchor,
            "r": f.rule,
            "n": self.names.get(f.rule, ""),
            "k": f.kind,
            "s": f.severity,
            "m": f.message,
            "meta": " · ".join(meta),
            "g": group,
            "d": sorted({self.doc_index[ev.doc] for ev in f.evidence}),
            "b": self.body(f),
        }


def _groups(ordered: Sequence[Finding]) -> tuple[list[list[Any]], list[int]]:
    """Runs of findings with the same severity, subject and kind, with their sizes; and the
    group of each finding."""
    groups: list[list[Any]] = []
    member: list[int] = []
    for f in ordered:
        key = [f.severity, f.subject, f.kind]
        if not groups or groups[-1][:3] != key:
            groups.append([*key, 0])
        groups[-1][3] += 1
        member.append(len(groups) - 1)
    return groups, member


def build(report: Report) -> dict[str, Any]:
    """The data block for `report`; deterministic for a given report."""
    b = _Builder(report)
    ordered = display_order(report.findings)
    ids = anchors(ordered)
    groups, member = _groups(ordered)
    found = [b.finding(f, ids[i], member[i]) for i, f in enumerate(ordered)]
    blocks = timelines.timelines(report.claims, ordered, ids, b.paths)
    for t, block in enumerate(blocks):
        for i in block["findings"]:
            found[i]["tl"] = t  # a card links to its subject's timeline
    return {
        "docs": [[d, b.paths.get(d, d)] for d in b.doc_ids],
        "groups": groups,
        "findings": found,
        "timelines": blocks,
        "documents": [
            [d.id, d.title or "", d.as_of or "", d.as_of_source or "", d.claims]
            for d in report.documents
        ],
        "notices": [
            [n.code, b.paths.get(n.doc, n.doc), n.line, n.message] for n in notices(report)
        ],
        "errors": [
            [e.code, e.doc, e.message] for e in sorted(report.errors, key=lambda e: (e.doc, e.code))
        ],
    }
