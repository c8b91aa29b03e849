"""Extraction: a document's sentences matched against the rule pack, giving typed claims.

Per document: segment, find entity mentions once (Aho-Corasick), overwrite them with placeholders
of equal length, then run the pack's extractors on sentences that pass a cheap trigger filter.
Every claim keeps the smallest span that states it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tipcheck.claims import Claim
from tipcheck.documents import Document, make_document
from tipcheck.extractors.breakdowns import find_breakdowns, read_field
from tipcheck.extractors.comparisons import find_comparisons
from tipcheck.extractors.context import DIGIT, ClaimBuilder, Context, LazyTimes, Reading
from tipcheck.extractors.counts import find_counts, find_money
from tipcheck.extractors.routes import find_routes
from tipcheck.extractors.statements import find_statements
from tipcheck.extractors.subjects import paragraph_subjects
from tipcheck.numbers import HAS_NUMBER
from tipcheck.passages import Segmented, segment
from tipcheck.rulepack import RulePack, load_rules
from tipcheck.templates import tag_entities
from tipcheck.values import Time


def extract_document(
    doc: Document, pack: RulePack | None = None, seg: Segmented | None = None
) -> list[Claim]:
    """All claims of one document, in document order."""
    pack = pack or load_rules()
    seg = seg or segment(doc.text)
    mentions = pack.gazetteer.find(seg.masked)
    ctx = Context(
        doc, seg, tag_entities(seg.masked, mentions), {m.start: m for m in mentions}, pack
    )
    b = ClaimBuilder(ctx)
    subjects = paragraph_subjects(ctx)
    for pi, p in enumerate(seg.paragraphs):
        subj = subjects[pi]
        sentences: Iterable[tuple[int, int]] = ((x.start, x.end) for x in p.sentences)
        label_period: Time | None = None
        if p.kind == "field":
            # "KYRGYZ REPUBLIC: Tier 2 Watch List" is a statement as well as a field
            find_statements(Reading(ctx, b, p.start, p.end, subj, [], pi))
            vstart, whole, label_period = read_field(ctx, b, p, subj, pi)
            if whole:
                continue
            sentences = [(vstart, p.end)]  # "Hotline: the hotline answered 2,847 calls in 2011."
        elif p.kind == "heading":  # "Kazakhstan (Tier 2)" heads a TIP chapter
            find_statements(Reading(ctx, b, p.start, p.end, subj, [], pi))
            continue
        elif p.kind not in ("prose", "list"):
            continue
        for ss, se in sentences:
            r = Reading(ctx, b, ss, se, subj, LazyTimes(ctx, ss, se, label_period), pi)
            find_statements(r)
            # figures need a digit or a number word (the digit test is the cheap one)
            if DIGIT.search(seg.masked, ss, se) or HAS_NUMBER.search(seg.masked, ss, se):
                counts = find_counts(r)
                find_money(r)
                find_breakdowns(r)
                find_comparisons(r, counts)
            elif pack.trend_requires is not None and pack.trend_requires.search(seg.masked, ss, se):
                find_comparisons(r, [])
            if pack.route_requires is None or pack.route_requires.search(seg.masked, ss, se):
                find_routes(r)
    return sorted(b.claims, key=lambda c: c.sort_key())


def extract(
    text: str,
    as_of: str | Time | None = None,
    rules: RulePack | None = None,
    doc_id: str = "<text>",
) -> list[Claim]:
    """Claims stated in `text`; `as_of` overrides the date the text gives itself."""
    return extract_document(make_document(doc_id, text, as_of=as_of), rules)


def extract_all(docs: Iterable[Document], pack: RulePack | None = None) -> dict[str, list[Claim]]:
    pack = pack or load_rules()
    return {d.id: extract_document(d, pack) for d in docs}
