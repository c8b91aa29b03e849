"""Parts are not totals: a figure that is one part of a breakdown stated in the same words
("Of the 81 victims identified, 47 were children and 34 adults") is not a rival value of the
breakdown's whole measure, whatever noun follows it.
"""

from __future__ import annotations

from collections.abc import Sequence

from tipcheck.claims import Claim
from tipcheck.values import Breakdown, Quantity


def without_parts_as_totals(claims: Sequence[Claim]) -> list[Claim]:
    """The claims less every facet-less count whose words are a part of a breakdown with a
    total: a part with a facet ("61 were women") is a count of that facet and stays."""
    parts: dict[str, list[tuple[int, int, float]]] = {}
    for c in claims:
        v = c.value
        if isinstance(v, Breakdown) and v.total is not None:
            parts.setdefault(c.doc, []).extend((p.start, p.end, p.amount.stated) for p in v.parts)
    if not parts:
        return list(claims)
    return [c for c in claims if not _a_part(c, parts.get(c.doc, ()))]


def _a_part(c: Claim, parts: Sequence[tuple[int, int, float]]) -> bool:
    if c.extractor != "count" or c.facet is not None or not isinstance(c.value, Quantity):
        return False
    return any(s <= c.start < e and c.value.stated == n for s, e, n in parts)
