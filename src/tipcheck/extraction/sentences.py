"""Extraction: a document's sentences matched against the rule pack, giving typed claims.

Per document: segment, find entity mentions once (Aho-Corasick), overwrite them with placeholders
of equal length, then run the pack's extractors on sentences that pass a cheap trigger filter.
Every claim keeps the smallest span that states it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tipcheck.claims import Claim
from tipcheck.extraction.breakdowns import (
    find_anaphoric_breakdowns,
    find_breakdowns,
    find_percent_partitions,
    find_prose_statistics,
    find_subsets,
    read_field,
)
from tipcheck.extraction.comparisons import find_comparisons
from tipcheck.extraction.context import DIGIT, ClaimBuilder, Context, LazyTimes, Reading
from tipcheck.extraction.counts import SOLE, ZERO_MARK, find_counts, find_money, find_zero_counts
from tipcheck.extraction.decoded import in_original
from tipcheck.extraction.parts import without_parts_as_totals
from tipcheck.extraction.provenance import Surroundings, with_provenance
from tipcheck.extraction.routes import find_routes
from tipcheck.extraction.scope import with_scope
from tipcheck.extraction.series import find_series
from tipcheck.extraction.statements import find_statements
from tipcheck.extraction.subjects import opening_country, paragraph_subject_sources
from tipcheck.extraction.tables import find_tables
from tipcheck.extraction.templates import tag_entities
from tipcheck.parse.numbers import HAS_NUMBER
from tipcheck.read.documents import Document, make_document
from tipcheck.read.markup import decoded_document
from tipcheck.read.passages import Segmented, segment, split_sentences
from tipcheck.rulepack import RulePack, load_rules
from tipcheck.values import Time


def extract_document(
    doc: Document, pack: RulePack | None = None, seg: Segmented | None = None
) -> list[Claim]:
    """All claims of one document, in document order."""
    pack = pack or load_rules()
    seg = seg or segment(doc.text)
    if seg.decoded is not None and seg.view is not None:
        # entities and inline tags: read the decoded copy, quote the original
        inner = extract_document(decoded_document(doc, seg.view), pack, seg.decoded)
        return in_original(inner, doc, seg.view)
    mentions = [
        # a name wrapped at a line end ("the United\nStates", "Trafficking in\nPersons") is
        # still the name: a line end within a paragraph reads as a space (same offsets)
        m for m in pack.gazetteer.find(seg.masked.replace("\n", " "))
        if not pack.quantities.names_currency(seg.masked, m.start)
    ]  # fmt: skip
    ctx = Context(
        doc, seg, tag_entities(seg.masked, mentions), {m.start: m for m in mentions}, pack
    )
    b = ClaimBuilder(ctx)
    sourced = paragraph_subject_sources(ctx)
    subjects = [e for e, _src in sourced]
    tables = find_tables(ctx, b, subjects)
    headed: dict[int, Time] = {}  # the period a heading or field label gives a paragraph
    section_year: Time | None = None
    for pi, p in enumerate(seg.paragraphs):
        subj = subjects[pi]
        if p.kind == "heading":
            section_year = _heading_year(seg.masked[p.start : p.end])
        sentences: Iterable[tuple[int, int]] = ((x.start, x.end) for x in p.sentences)
        label_period: Time | None = None
        if p.kind == "field":
            # "KYRGYZ REPUBLIC: Tier 2 Watch List" is a statement as well as a field
            find_statements(Reading(ctx, b, p.start, p.end, subj, [], pi))
            vstart, whole, label_period = read_field(ctx, b, p, subj, pi)
            if whole:
                continue
            # "Hotline: the hotline answered 2,847 calls in 2011."; "Mr Swire: The report…"
            sentences = [(x.start, x.end) for x in split_sentences(seg.masked, vstart, p.end)]
        elif p.kind == "heading":  # "Kazakhstan (Tier 2)" heads a TIP chapter
            find_statements(Reading(ctx, b, p.start, p.end, subj, [], pi))
            continue
        elif p.kind not in ("prose", "list"):
            continue
        for ss, se in _clauses(ctx, sentences):
            # a sentence that opens with a country is about that country ("The UK has provided…")
            who = opening_country(ctx, ss, se) or subj
            default = label_period or section_year
            if default is not None:
                headed[pi] = default
            r = Reading(ctx, b, ss, se, who, LazyTimes(ctx, ss, se, default), pi)
            find_statements(r)
            # figures need a digit or a number word (the digit test is the cheap one)
            if (
                DIGIT.search(seg.masked, ss, se)
                or HAS_NUMBER.search(seg.masked, ss, se)
                or SOLE.search(seg.masked, ss, se)  # "the only shelter": the figure 1
            ):
                counts = find_counts(r) + find_series(r)
                find_money(r)
                find_breakdowns(r) or find_anaphoric_breakdowns(r)
                find_subsets(r)
                find_prose_statistics(r)
                find_percent_partitions(r)
                find_comparisons(r, counts)
            elif pack.trend_requires is not None and pack.trend_requires.search(seg.masked, ss, se):
                find_comparisons(r, [])
            if ZERO_MARK.search(seg.masked, ss, se):
                find_zero_counts(r)
            if pack.route_requires is None or pack.route_requires.search(seg.masked, ss, se):
                find_routes(r)
    if tables:  # a plain table's figures are its own, not counts of the prose around them
        b.drop(
            lambda c: (
                c.extractor not in ("table", "field") and any(s <= c.start < e for s, e in tables)
            )
        )
    claims = with_scope(ctx, without_parts_as_totals(b.claims))
    claims = with_provenance(ctx, claims, Surroundings(sourced, headed))
    return sorted(claims, key=lambda c: c.sort_key())


_SEMICOLON = re.compile(r";\s*")


def _clauses(ctx: Context, sentences: Iterable[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """Each sentence, cut where a clause after a semicolon opens with another country ("…
    rescued in 2019; in Paraguay, the Public Ministry registered 95"): each part is read with
    its own subject."""
    masked = ctx.seg.masked
    for ss, se in sentences:
        start = ss
        for m in _SEMICOLON.finditer(masked, ss, se):
            if opening_country(ctx, m.end(), se) is not None:
                yield start, m.start() + 1
                start = m.end()
        yield start, se


_YEAR_WORD = re.compile(r"\b(?:19|20)\d\d\b")


def _heading_year(heading: str) -> Time | None:
    """A short heading naming one year ("2016 at a glance", "Results in 2017") dates the
    figures under it that state no period of their own."""
    years = _YEAR_WORD.findall(heading)
    if len(years) != 1 or len(heading.split()) > 4:
        return None
    return Time.year(int(years[0]))


def extract(
    text: str,
    as_of: str | Time | None = None,
    rules: RulePack | None = None,
    doc_id: str = "<text>",
) -> list[Claim]:
    """Claims stated in `text`; `as_of` overrides the date the text gives itself."""
    return extract_document(make_document(doc_id, text, as_of=as_of), rules)
