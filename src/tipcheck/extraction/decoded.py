"""Claims read on a document's decoded copy (HTML entities, inline tags: `read/markup.py`),
put back into the original text's offsets: their quotes are the words as written."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from tipcheck.claims import Claim
from tipcheck.read.documents import Document
from tipcheck.read.markup import Decoded


def in_original(claims: Iterable[Claim], doc: Document, view: Decoded) -> list[Claim]:
    """Each claim with its span, line, column and quote in `doc`'s own text."""
    out: list[Claim] = []
    for c in claims:
        start, end = view.span(c.start, c.end)
        out.append(
            attrs.evolve(
                c,
                start=start,
                end=end,
                line=doc.line_of(start),
                column=doc.column_of(start),
                quote=doc.text[start:end],
            )
        )
    return out
