"""Reference facts: trusted values (CSV or JSONL) that claims are checked against (TC104).

Columns: subject, property, period, value, source, and optionally object (an instrument for
events). A claim that disagrees with a reference value is an error in the claim's document.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import attrs

from tipcheck.checks.evidence import evidence_of
from tipcheck.claims import Claim
from tipcheck.findings import Finding
from tipcheck.parse.timeexpr import parse_date
from tipcheck.read.paths import regular_file
from tipcheck.rulepack import RulePack
from tipcheck.values import Entity, Event, Quantity, Tier, Time

REQUIRED = ("subject", "property", "value")


class ReferenceError(ValueError):
    """A reference file that cannot be used; the message names the file and row."""


@attrs.frozen(slots=True)
class Fact:
    subject: Entity
    property: str
    period: Time | None
    object: Entity | None
    value: Event | Quantity | Tier
    source: str
    row: int


def load_reference(path: Path, pack: RulePack) -> list[Fact]:
    """Read and type every row; an unusable row is an error naming the file and row."""
    if refused := regular_file(path, "the reference file"):
        raise ReferenceError(refused)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ReferenceError(f"{path}: cannot read reference facts ({e})") from None
    rows: list[dict[str, str]]
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        rows = []
        for i, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append({k: str(v) for k, v in json.loads(line).items() if v is not None})
                except RecursionError:
                    raise ReferenceError(
                        f"{path}:{i}: JSON nested too deeply; write one flat object per line"
                    ) from None
                except (ValueError, AttributeError) as e:
                    raise ReferenceError(f"{path}:{i}: not a JSON object ({e})") from None
    else:
        rows = [dict(r) for r in csv.DictReader(text.splitlines())]
    facts = []
    for i, r in enumerate(rows, 1 if path.suffix.lower() != ".csv" else 2):
        missing = [k for k in REQUIRED if not (r.get(k) or "").strip()]
        if missing:
            raise ReferenceError(
                f"{path}: row {i}: missing {', '.join(missing)} (columns: subject, property, period, value, source)"
            )
        subject = pack.gazetteer.resolve(r["subject"])
        if subject is None:
            raise ReferenceError(
                f"{path}: row {i}: unknown subject {r['subject']!r}; use a country name or alias from the rule pack"
            )
        obj = pack.gazetteer.resolve(r["object"]) if r.get("object") else None
        period = parse_date(r["period"]) if r.get("period") else None
        prop = r["property"].strip()
        raw = r["value"].strip()
        value: Event | Quantity | Tier | None
        if pack.policy(prop) == "event":
            when = parse_date(raw)
            value = Event(when) if when else None
        elif prop == "tip.tier":
            value = Tier(raw) if raw.lower().startswith("tier") else None
        else:
            value = pack.quantities.parse(raw)
        if value is None:
            raise ReferenceError(f"{path}: row {i}: cannot read value {raw!r} for {prop}")
        facts.append(Fact(subject, prop, period, obj, value, r.get("source", path.name), i))
    return facts


def check_reference(
    claims: Sequence[Claim], facts: Sequence[Fact], pack: RulePack
) -> list[Finding]:
    out: list[Finding] = []
    for f in facts:
        for c in claims:
            if c.subject is None or c.subject.id != f.subject.id or c.property != f.property:
                continue
            if f.object is not None and (c.object is None or c.object.id != f.object.id):
                continue
            if isinstance(f.value, Event):
                if not isinstance(c.value, Event) or f.value.when is None:
                    continue
                if c.negated:
                    bad = c.as_of is not None and f.value.when.strictly_before(c.as_of)
                else:
                    bad = c.value.when is not None and not c.value.when.compatible(f.value.when)
            else:
                if f.period is None or c.period is None or c.period.iso != f.period.iso:
                    continue
                if isinstance(f.value, Quantity) and isinstance(c.value, Quantity):
                    bad = not f.value.overlaps(c.value)
                elif isinstance(f.value, Tier) and isinstance(c.value, Tier):
                    bad = f.value != c.value
                else:
                    continue
            if not bad:
                continue
            said = "not" if c.negated else c.value.describe()
            out.append(
                Finding(
                    rule="TC104",
                    kind="contradiction",
                    severity="error",
                    message=(
                        f"{c.subject_name}: {c.property}: {said} ({c.doc}) disagrees with the reference "
                        f"value {f.value.describe()} ({f.source})"
                    ),
                    evidence=evidence_of([c]),
                    subject=c.subject_name,
                    property=c.property,
                    key=(said, f.value.describe(), f.source),
                )
            )
    return out
