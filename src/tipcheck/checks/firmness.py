"""Which claims a check may compare, and how sure a finding is: each claim says how its
subject, period and measure were determined (`Claim.why`); a contradiction or arithmetic
finding is raised only between claims whose keys are firm enough, and its severity follows the
weakest key among them — said in words, never lowered silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from tipcheck.claims import Basis, Claim
from tipcheck.findings import Finding
from tipcheck.rulepack import RulePack

# The keys each rule's verdict rests on. Parts against their own total (TC201/TC202) and a
# change against a base stated beside it are true or false whatever year or country they are
# filed under; comparisons across claims rest on all three keys meeting.
ALL_KEYS = ("subject", "period", "measure")
RULE_KEYS: dict[str, tuple[str, ...]] = {
    "TC101": ("subject",),
    "TC102": ("subject", "period"),
    "TC201": ("measure",),
    "TC202": ("measure",),
}


def keys_for(rule: str) -> tuple[str, ...]:
    return RULE_KEYS.get(rule, ALL_KEYS)


def _bases(c: Claim, keys: Iterable[str]) -> list[tuple[str, Basis]]:
    return [(k, b) for k, b in c.why.items() if k in keys]


def comparable(c: Claim, pack: RulePack, keys: Iterable[str] = ALL_KEYS) -> bool:
    """Every key of `c` that a check would compare is determined firmly enough to report."""
    return all(b.confidence >= pack.confidence_report for _k, b in _bases(c, keys))


def firm_only(
    claims: Iterable[Claim], pack: RulePack, keys: Iterable[str] = ALL_KEYS
) -> list[Claim]:
    keys = tuple(keys)
    return [c for c in claims if comparable(c, pack, keys)]


def qualify(finding: Finding, claims: Sequence[Claim], pack: RulePack) -> Finding | None:
    """The finding with the severity its weakest claim allows, and the reason in its message;
    None when a claim it rests on is below the reporting threshold."""
    spans = {(e.doc, e.start, e.end) for e in finding.evidence}
    # a finding within one claim's own words is true or false whatever it is filed under
    keys = keys_for(finding.rule) if len(spans) > 1 else ("measure",)
    involved = [c for c in claims if (c.doc, c.start, c.end) in spans]
    if len({d for d, _s, _e in spans}) == 1 and len(spans) > 1 and "period" in keys:
        # one document's undated figure set against its own dated one: the report gives each
        # its time, and an undated one it leaves to the reader is another figure ("up to 20
        # victims" sheltered beside "33 victims" identified), not a rival for the same year
        periods = [c.why.period for c in involved if c.why.period is not None]
        if any(b.confidence < pack.confidence_error for b in periods):
            return None
    weak: list[tuple[float, str, Claim]] = []
    for c in involved:
        for k, b in _bases(c, keys):
            if b.confidence < pack.confidence_report:
                return None
            if b.confidence < pack.confidence_error:
                weak.append((b.confidence, b.words(k), c))
    if not weak:
        return finding
    weak.sort(key=lambda t: (t[0], t[1], t[2].doc))
    reasons = list(dict.fromkeys(f"{words} in {c.doc}" for _conf, words, c in weak))
    shown = "; ".join(reasons[:2]) + (f"; and {len(reasons) - 2} more" if len(reasons) > 2 else "")
    return attrs.evolve(
        finding, severity="warning", message=f"{finding.message} — a warning: {shown}"
    )


def qualify_all(
    findings: Iterable[Finding], claims: Sequence[Claim], pack: RulePack
) -> list[Finding]:
    """`qualify` over findings, claims looked up by span once."""
    by_span: dict[tuple[str, int, int], list[Claim]] = {}
    for c in claims:
        by_span.setdefault((c.doc, c.start, c.end), []).append(c)
    out = []
    for f in findings:
        near = [c for e in f.evidence for c in by_span.get((e.doc, e.start, e.end), [])]
        q = qualify(f, near, pack)
        if q is not None:
            out.append(q)
    return out
