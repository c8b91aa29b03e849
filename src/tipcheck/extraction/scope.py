"""Whose count a figure is: an organisation writing of its own work in the first person ("we
supported 173 survivors", "our shelter") counts what it did, not everything the country did.
Those claims carry the writer as their object, so they never meet the country's own figures
(a national 184 victims assisted is no contradiction of one NGO's 148)."""

from __future__ import annotations

import attrs

from tipcheck.claims import Claim
from tipcheck.extraction.context import Context
from tipcheck.values import Entity


def with_scope(ctx: Context, claims: list[Claim]) -> list[Claim]:
    """`claims`, with the pack's own-work measures of a first-person document scoped to it."""
    pack = ctx.pack
    if pack.own_words is None or not pack.own_properties:
        return claims
    if not any(c.property in pack.own_properties for c in claims):
        return claims
    uses = sum(
        1 for _ in zip(range(pack.own_min), pack.own_words.finditer(ctx.doc.text), strict=False)
    )
    if uses < pack.own_min:
        return claims
    writer = Entity(f"writer:{ctx.doc.id}", f"the writer of {ctx.doc.id}", "writer")
    return [
        attrs.evolve(c, object=writer)
        if c.property in pack.own_properties and c.object is None
        else c
        for c in claims
    ]
