"""Whose claims are they: the country a document, a section or a paragraph is about, so that
"the country" and "the government" resolve to it and not to the last country named in a list.
"""

from __future__ import annotations

import re

from tipcheck.extraction.context import Context
from tipcheck.extraction.entities import Mention
from tipcheck.read.passages import Paragraph
from tipcheck.values import Entity


def paragraph_subjects(ctx: Context) -> list[Entity | None]:
    """The subject of each paragraph: a country opening the paragraph, else the country of the
    enclosing section heading, else the document's subject."""
    return [e for e, _src in paragraph_subject_sources(ctx)]


def paragraph_subject_sources(ctx: Context) -> list[tuple[Entity | None, str]]:
    """Each paragraph's subject and where it came from: "paragraph" (it opens with it),
    "heading" (its section's), "title" or "document" (the document's, named in the title or
    merely named most) — what a claim's subject provenance falls back to."""
    doc_subject, doc_source = _document_subject(ctx)
    section: Entity | None = None
    out: list[tuple[Entity | None, str]] = []
    for p in ctx.seg.paragraphs:
        # the title is the document's, already weighed by the document subject; a headline
        # such as "U.S. drops Thailand to lowest rank" opens no section
        is_title = ctx.seg.masked[p.start : p.end].strip(" #*") == (ctx.doc.meta.title or "")
        if (p.kind == "heading" or _heading_like(ctx, p)) and not is_title:
            section = _heading_country(ctx, p) or section
        elif p.kind == "field":  # "Philippines: Human Trafficking" heads a section too
            section = _field_country(ctx, p) or section
        first = opening_country(ctx, p.start, p.end)
        if first is not None:
            out.append((first, "paragraph"))
        elif section is not None:
            out.append((section, "heading"))
        else:
            out.append((doc_subject, doc_source))
    return out


# A country opening a paragraph is its subject, unless used as a modifier of a proper name
# ("The U.S. State Department's office…", "Kazakhstan Daily Digest").
_OPENING = re.compile(
    r"^(?:(?:In|During|By|As of|Since)\s+[\w ,]{0,25}?,?\s+)?(?:[Tt]he\s+)?"
    r"(?:[Gg]overnment\s+of\s+(?:the\s+)?)?\x01\x02*+(?!['’]s\b|\s+[A-Z])"
)


def opening_country(ctx: Context, start: int, end: int) -> Entity | None:
    """The country a paragraph or sentence opens with as its grammatical subject, if any
    ("Romania prosecuted…", "In 2008 Vietnam was…", "The Government of Moldova…")."""
    window = ctx.tagged[start : min(end, start + 80)]
    m = _OPENING.match(window) or _IN_COUNTRY.match(window)
    if m:
        ment = ctx.mentions.get(start + window.index("\x01", 0, m.end()))
        return ment.entity if ment else None
    organ = ctx.pack.organ_opening  # "Senegalese authorities identified …" (pack words)
    m = organ.match(window) if organ is not None else None
    if m:
        ment = ctx.mentions.get(start + window.index("\x05", 0, m.end()))
        return ment.entity if ment else None
    return None


# "In Ecuador, 112 victims were rescued": a country set before the clause as its scene is what
# the clause is about ("in Paraguay, the Public Ministry registered 95" after a semicolon too)
_IN_COUNTRY = re.compile(r"^(?:[Ii]n|[Ff]or)\s+(?:the\s+)?\x01\x02*+\s*,")


# A heading names its section's country when it opens with it ("Philippines: Human
# Trafficking") or ends with it ("Trafficking in Persons Report 2011 - Moldova (summary)");
# a headline that merely mentions one ("EU Presses Russia on Human Trafficking") does not.
_HEADING_COUNTRY = re.compile(
    r"^[\s#*]*(?:[Tt]he\s+)?(?P<a>\x01)\x02*+(?![\s]+[A-Z][a-z])"
    r"|[-–—:]\s*(?:[Tt]he\s+)?(?P<b>\x01)\x02*+\s*(?:\([^)]*\))?\s*$"
)


def _heading_like(ctx: Context, p: Paragraph) -> bool:
    """A short line standing alone in plain text ("SENEGAL (Tier 2 Watch List)") heads a
    section as a Markdown heading does: a few words, no sentence end."""
    line = ctx.seg.masked[p.start : p.end].strip()
    return bool(line) and "\n" not in line and len(line.split()) <= 6 and line[-1] not in ".:;"


def _field_country(ctx: Context, p: Paragraph) -> Entity | None:
    """The country a `Country: …` line is about, when its label is a country name."""
    line = ctx.seg.masked[p.start : p.end]
    label = line.split(":", 1)[0].strip(" #*")
    ent = ctx.pack.gazetteer.resolve(label)
    return ent if ent is not None and ent.kind == "country" else None


def _heading_country(ctx: Context, p: Paragraph) -> Entity | None:
    """The country a heading opens a section for, if any."""
    head = ctx.seg.masked[p.start : p.end].strip(" #*")
    ent = ctx.pack.gazetteer.resolve(head)
    if ent is not None and ent.kind == "country":
        return ent
    # on the heading alone: `^` does not match at a `pos` inside the whole text
    m = _HEADING_COUNTRY.search(ctx.tagged[p.start : p.end])
    if not m:
        return None
    ment = ctx.mentions.get(p.start + (m.start("a") if m.group("a") else m.start("b")))
    return ment.entity if ment is not None and ment.role == "name" else None


_MODIFIER_USE = re.compile(r"[ \t]+[A-Z][a-z]")  # a line end ends the name
_ROW_LABEL = re.compile(r"[ \t*_]*\|")  # a table row's label cell: "| Venezuelan | 41 |"
PUBLISHER_VOTE = 2.0
_HEAD_REACH = 1200
_HEAD_LINE_END = re.compile(r"[ \t*_)]*(?:\n|\Z)")


def _short_line(masked: str, at: int) -> bool:
    """Whether the line holding offset `at` is a heading's: a few words, no sentence end."""
    start = masked.rfind("\n", 0, at) + 1
    end = masked.find("\n", at)
    line = masked[start : end if end >= 0 else len(masked)].strip()
    return len(line.split()) <= 10 and not line.endswith((".", ";", ","))


# a country between others in a list: "Nigeria, Romania, Thailand and Uganda"
_LISTED_AFTER = re.compile(r"\s*(?:,|\band\b|\bor\b)\s*(?:the\s+)?\x01")
_LISTED_BEFORE = re.compile(r"\x01\x02*\s*(?:,|\band\b|\bor\b)\s*(?:the\s+)?\Z")


def _weight(ctx: Context, m: Mention) -> float:
    """How much one mention says about whom the document is about: a name 1, a state's organ
    1 ("Guyana Police Force", "Jordanian authorities"), a demonym or a name used as a modifier
    ("U.S. State Department") half, a member of a list of countries a quarter, and people of a
    nationality ("Venezuelan nationals") or a table's row label (a breakdown by country) a tenth."""
    masked, pack = ctx.seg.masked, ctx.pack
    if pack.organ_after is not None and pack.organ_after.match(masked, m.end):
        return 1.0
    if _ROW_LABEL.match(masked, m.end):
        return 0.1
    if _LISTED_AFTER.match(ctx.tagged, m.end) or _LISTED_BEFORE.search(
        ctx.tagged, max(0, m.start - 60), m.start
    ):
        return 0.25  # a member of a list ("came from Nigeria, Romania and Uganda"): a route

    if m.role == "demonym":
        people = pack.people_after is not None and pack.people_after.match(masked, m.end)
        return 0.1 if people else 0.5
    return 0.5 if _MODIFIER_USE.match(masked, m.end) else 1.0


def _vote(scores: dict[str, tuple[float, int, Entity]], e: Entity) -> None:
    """A vote for `e` from outside the text (its publisher, its dateline), as if named first."""
    n, _first, _ = scores.get(e.id, (0.0, 0, e))
    scores[e.id] = (n + PUBLISHER_VOTE, 0, e)


def _document_subject(ctx: Context) -> tuple[Entity | None, str]:
    """The country a document is about: of the countries its title names, the one the text
    names most ("U.S. drops Thailand to lowest rank" is about Thailand); else the one named
    most. A name used as a modifier ("U.S. State Department") or a demonym ("Cambodian
    officials") counts half."""
    title = ctx.doc.meta.title or ""
    # "U.S. Department of State" above a report names its publisher, not its subject
    named = {
        m.entity.id: m.entity
        for m in ctx.pack.gazetteer.find(title)
        if m.entity.kind == "country" and m.role == "name" and not _MODIFIER_USE.match(title, m.end)
    }
    title_ids = set(named)
    scores: dict[str, tuple[float, int, Entity]] = {}
    for m in ctx.mentions.values():
        if m.entity.kind != "country":
            continue
        w = _weight(ctx, m)
        n, first, _ = scores.get(m.entity.id, (0.0, m.start, m.entity))
        scores[m.entity.id] = (n + w, min(first, m.start), m.entity)
    # a dateline or masthead placed in a capital ("MONTEVIDEO, 3 May"): a vote as a publisher's
    dated = ctx.pack.gazetteer.dateline_country(ctx.doc.text[:800])
    if dated is not None:
        _vote(scores, dated)
    # a publisher that is a state's own body ("Ministry of Home Affairs, Republic of Guyana")
    # publishes about its state; a vote, not the answer: the text still outweighs it
    publisher = ctx.doc.meta.publisher or ""
    for m in ctx.pack.gazetteer.find(publisher):
        if (
            m.entity.kind == "country"
            and m.role == "name"
            and not _MODIFIER_USE.match(publisher, m.end)
        ):
            _vote(scores, m.entity)
    # a heading line near the top that ends with a country ("REPLY FROM THE REPUBLIC OF SAN
    # MARINO", "Country report: Chad") says whom the document is about: a vote, as a dateline's
    for m in ctx.mentions.values():
        if m.start > _HEAD_REACH or m.entity.kind != "country" or m.role != "name":
            continue
        if _HEAD_LINE_END.match(ctx.seg.masked, m.end) and _short_line(ctx.seg.masked, m.start):
            _vote(scores, m.entity)
    in_title = {k: v for k, v in scores.items() if k in title_ids}
    if in_title:
        scores = in_title
    elif len(named) == 1:  # "Malawi note": the title says whom, even if the text only says
        return next(iter(named.values())), "title"  # "Malawian police"
    if not scores:
        return None, "document"
    return max(scores.values(), key=lambda t: (t[0], -t[1]))[2], (
        "title" if in_title else "document"
    )
