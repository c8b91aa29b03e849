"""Suppressions applied to a report: findings inside a suppressed region are dropped, and
suppressions that silenced nothing (TC904) or name unknown codes (TC905) become notices.

The comments themselves are read in `tipcheck.read.suppressions`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import attrs

from tipcheck.findings import Finding
from tipcheck.read.suppressions import (
    HID_ALL,
    UNUSED,
    Notice,
    Suppression,
    is_markup,
    parse_suppressions,
)
from tipcheck.report.model import Report


def _silenced_by(f: Finding, sups: list[Suppression]) -> list[Suppression]:
    return [
        s
        for s in sups
        if s.covers(f.rule)
        and any(ev.doc == s.doc and ev.start < s.end and ev.end > s.start for ev in f.evidence)
    ]


def apply_suppressions(report: Report, known_codes: Collection[str]) -> tuple[Report, list[Notice]]:
    """`report` without the findings its documents suppress, and notices about suppressions
    that are unused (TC904) or unknown (TC905), sorted by document and line.

    `known_codes` are the rule codes that exist (registry.rules()); a suppression naming a code
    none of them starts with is unknown.
    """
    sups: list[Suppression] = []
    notices: list[Notice] = []
    for doc in sorted(report.texts):
        if not is_markup(doc):
            continue
        found, remarks = parse_suppressions(doc, report.texts[doc], known_codes)
        sups += found
        notices += remarks
    used: dict[Suppression, list[str]] = {}
    kept: list[Finding] = []
    for f in report.findings:
        hits = _silenced_by(f, sups)
        for h in hits:
            used.setdefault(h, []).append(f.rule)
        if not hits:
            kept.append(f)
    for s in sups:
        if s.code.lower() == "all" and s in used:
            # silencing every code also silences what no one meant to: say what it hid
            hid = used[s]
            codes = ", ".join(f"{c} ×{n}" for c, n in sorted(Counter(hid).items()))
            notices.append(
                Notice(
                    s.doc,
                    s.line,
                    HID_ALL,
                    f"`{s.directive} all` hid {len(hid)} finding{'s' if len(hid) != 1 else ''} "
                    f"({codes}); name the codes instead, or run with --no-suppressions to see "
                    "them",
                )
            )
        if s not in used:
            notices.append(
                Notice(
                    s.doc,
                    s.line,
                    UNUSED,
                    f"unused suppression: `{s.directive} {s.code}` silenced no finding; remove it",
                )
            )
    notices.sort(key=lambda n: (n.doc, n.line, n.code, n.message))
    return attrs.evolve(report, findings=tuple(kept)), notices
