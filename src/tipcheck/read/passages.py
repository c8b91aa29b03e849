"""Segmentation: paragraphs and sentences with offsets into the original text.

Markup (Markdown emphasis, headings, list bullets, `<sup>n</sup>` footnote markers, HTML tags and
comments, citation markers like `[2]`, escapes like `\\$`) is blanked out in a *masked* copy of the
text of exactly the same length. Matching runs on the masked copy, so every span still points
into the original file and `text[start:end]` is always the words the user wrote.

HTML entities are not the length of what they mean: a text that has them (or inline tags inside
words) is also segmented as its decoded copy (`Segmented.decoded`, `read/markup.py`), whose
spans map back to the original through `Segmented.view`.
"""

from __future__ import annotations

import re

import attrs

from tipcheck.read.lines import as_newlines
from tipcheck.read.markup import Decoded, decode_markup
from tipcheck.read.metadata import ACCESSED

# Each pattern starts with a literal where it can (a look-behind moved after the character it
# guards matches the same spans), so the scanner skips ahead instead of trying every position.
_MASKS = [
    re.compile(
        r"\A\ufeff?---[ \t]*\r?\n.*?\r?\n---[ \t]*(?=\r?\n|\Z)", re.S
    ),  # front matter is metadata
    re.compile(r"<https?://[^>\s]*>|<[A-Za-z/][^<>\n]{0,200}>"),
    re.compile(
        r"\[(?<!\w\[)(?:\d{1,3}(?:[,–-]\s?\d{1,3})*|page \d+|citation needed|\d+ ?[a-z]?)\]"
    ),
    re.compile(r"\*\*|__|\*(?<![\w*]\*)(?=\S)|\*(?<=\S\*)(?![\w*])|\\(?=[$*_#\[\]])"),
    # a line's marker: a heading's hashes, a bullet, a list number, a quote mark, or a section
    # number ("4.2 Of the 214 victims …", "1.3  Aruba is …": before a capital, so "4.2 million
    # people" stays a figure)
    re.compile(
        r"^[ \t]*(?:#{1,6}[ \t]+|[-*+•][ \t]+|\d{1,3}[.)][ \t]+|>[ \t]*"
        r"|\d{1,3}(?:\.\d{1,3}){1,3}\.?[ \t]+(?=[A-Z(\"“‘']))",
        re.M,
    ),
    re.compile(r"\ufeff"),
]
_SPACES = re.compile(r"\S")
_NOT_BREAK = re.compile(r"[^\r\n]")


# Comments and `<sup>` markers are found by `_paired`, not by `<!--.*?-->`: the lazy regex
# scans to the end of the text from every unclosed opener, which is quadratic (300 KB of
# "<!-- ": 84 s). The spans are the same.
_PAIRS = [
    (re.compile(re.escape("<!--")), re.compile(re.escape("-->"))),
    (re.compile("<sup>", re.I), re.compile("</sup>", re.I)),
]


def _paired(text: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans `opener.*?closer` would match, in one pass: once no closer follows an opener,
    none follows any later opener either, so the scan stops there."""
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := opener.search(text, pos)) is not None:
        end = closer.search(text, m.end())
        if end is None:
            break
        out.append((m.start(), end.end()))
        pos = end.end()
    return out


def mask(text: str) -> str:
    """A copy of `text` with markup replaced by spaces, offsets unchanged."""
    spans: list[tuple[int, int]] = []
    for opener, closer in _PAIRS:
        spans.extend(_paired(text, opener, closer))
    for rx in _MASKS:
        spans.extend(m.span() for m in rx.finditer(text))
    if not spans:
        return text
    spans.sort()
    out: list[str] = []
    pos = 0
    for s, e in spans:  # the union of the spans, line breaks kept
        if e <= pos:
            continue
        s = max(s, pos)
        out.append(text[pos:s])
        piece = text[s:e]
        out.append(_NOT_BREAK.sub(" ", piece) if "\n" in piece or "\r" in piece else " " * (e - s))
        pos = e
    out.append(text[pos:])
    return "".join(out)


@attrs.frozen(slots=True)
class Sentence:
    start: int
    end: int


@attrs.frozen(slots=True)
class Paragraph:
    """A paragraph's span; `kind` is prose, heading, field (`Label: value`), list or meta
    (links, access dates, navigation residue). Extraction reads prose, list and field only."""

    start: int
    end: int
    kind: str
    sentences: tuple[Sentence, ...]


@attrs.frozen(slots=True)
class Segmented:
    """A text's masked copy and paragraphs. When the text has markup to decode, `decoded` is
    the segmentation of its decoded copy (offsets of that copy) and `view` maps those offsets
    back to this text; matching reads `decoded`."""

    text: str
    masked: str
    paragraphs: tuple[Paragraph, ...]
    decoded: Segmented | None = None
    view: Decoded | None = None


_BLOCK_SPLIT = re.compile(r"\n[ \t\r\u00a0]*\n")
# `Label: value` — a label is a few words of letters, with an optional note in brackets
# ("Population (projection, 30 June 2015):"); "The Unit identified 51 victims in 2015: 39 women"
# is a sentence with a colon, not a field.
# An infobox or statistics block aligns its values in a column instead ("Population (2020
# census)      300,019"): a wide gap is the separator, unless what follows is a row of figures
# (a table's row, "Total    126    176    203").
_FIELD = re.compile(
    r"^[ \t]*(?:\*\*)?[A-Z][A-Za-z/'’&-]*(?: [A-Za-z/'’&-]+){0,6}(?:\s*\([^)\n]{0,40}\))?"
    r"(?P<sep>:(?:\*\*)?[ \t]+|[ \t]{4,}|\t+)(?P<value>\S)(?![\d.,%]*[ \t]{2,}[\d.,%]+[ \t]*(?:$|[ \t]{2,}))"
)


def field_value_start(line: str) -> int | None:
    """Where the value of a `Label: value` or aligned `Label    value` line starts, if it is one."""
    m = _FIELD.match(line)
    return m.start("value") if m else None


_URLISH = re.compile(
    r"^\s*(?:https?://|www\.|[\w-]+(?:\.[\w-]+)+/)\S*\s*$|^\s*\S+\.(?:htm|html|pdf|php)\S*\s*$"
)
_META_START = re.compile(
    # a reference list's entries ("^ \"2022 Trafficking in Persons Report\". … Retrieved 2 August
    # 2022.") are citations, not text
    r"^\s*(?:Description:|Cite as\b|Disclaimer|ISBN\b|Search \w+$|Note::|At one time this article"
    r"|\^\s|.*\bRetrieved\s+(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?\d{4}\.?\s*$)",
    re.I,
)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]")
_LIST = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+\S")

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "vol",
        "vols",
        "art",
        "arts",
        "para",
        "paras",
        "p",
        "pp",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "approx",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gen",
        "gov",
        "sen",
        "rep",
        "dept",
        "univ",
        "assn",
        "op",
        "cit",
        "al",
        "ed",
        "eds",
        "cf",
        "ch",
        "sec",
    ]
)
# Capitalised words that start sentences: after an acronym such as "U.S." they signal a new one.
_STARTERS = frozenset(
    [
        "In",
        "The",
        "A",
        "An",
        "This",
        "These",
        "That",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "There",
        "During",
        "According",
        "However",
        "On",
        "At",
        "By",
        "For",
        "Since",
        "After",
        "Before",
        "While",
        "Although",
        "Many",
        "Most",
        "Some",
        "Police",
        "Courts",
        "Authorities",
        "Officials",
        "Government",
        "NGOs",
        "Victims",
        "We",
        "I",
    ]
)
# Only at the start of a run of end marks, and possessive: a lazy or backtracking match would
# rescan a run of dots from every dot in it (80 KB of "." took 206 s). A match can only end
# where the run of marks and closers ends, so the matches are the same.
# … and a colon that opens a quotation ('… as follows: "In 2020, …'): the quoted sentence is
# one of its own, so a copy that starts with it aligns with the original sentence by sentence
_SENT_END = re.compile(
    r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s+[\"'“‘(\[]?[A-Z0-9])|:(?=\s+[\"“‘][A-Z0-9])"
)


# The longest sentence in the fixtures is 639 characters; a "sentence" past this length is a
# run without sentence punctuation (a pasted table, a crafted file), and the work per sentence
# grows faster than its length (800 KB without a full stop: 135 s), so it is cut at spaces.
MAX_SENTENCE = 2000


def _capped(masked: str, s: int, e: int, out: list[Sentence]) -> None:
    """Append [s, e) as sentences of at most MAX_SENTENCE characters, cut at whitespace."""
    while e - s > MAX_SENTENCE:
        cut = s + MAX_SENTENCE
        space = max(masked.rfind(" ", s, cut), masked.rfind("\n", s, cut))
        if space > s:
            cut = space
        a, b = _trim(masked, s, cut)
        if b > a:
            out.append(Sentence(a, b))
        s, e = _trim(masked, cut, e)
    if e > s:
        out.append(Sentence(s, e))


def split_sentences(masked: str, start: int, end: int) -> list[Sentence]:
    """Split masked[start:end] into sentences, robust to abbreviations and dotted acronyms."""
    out: list[Sentence] = []
    seg_start = start
    chunk = masked[start:end]
    for m in _SENT_END.finditer(chunk):
        cut = start + m.end()
        punct = m.group()
        if punct.startswith(".") and not _sentence_ends_at(masked, start + m.start(), cut):
            continue
        s, e = _trim(masked, seg_start, cut)
        _capped(masked, s, e, out)
        seg_start = cut
        if punct == ":":  # the quoted sentence starts after its opening mark
            q = _OPENING_QUOTE.match(masked, cut, end)
            seg_start = q.end() if q else cut
    s, e = _trim(masked, seg_start, end)
    _capped(masked, s, e, out)
    return out


_OPENING_QUOTE = re.compile(r"\s+[\"“‘]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z0-9]+)")
_ENDS_CLAUSE = re.compile(r"[.!?:]\s*$")
_ENDS_LINE = re.compile(r"[.!?:;\"”)\]]\s*$")


def _sentence_ends_at(masked: str, dot: int, cut: int) -> bool:
    m = _WORD_BEFORE.search(masked, max(0, dot - 30), dot)
    if not m:
        return True
    word = m.group(1)
    nxt = _NEXT_WORD.match(masked, cut, cut + 40)
    nxt_word = nxt.group(1) if nxt else ""
    low = word.lower().rstrip(".")
    if "." in word:  # dotted acronym: U.S., U.A.E., P.R.C.
        return nxt_word in _STARTERS
    if low in ABBREVIATIONS:
        return False
    return not (len(word) == 1 and word.isupper())  # an initial: "Martin J. Smith"


def _trim(masked: str, s: int, e: int) -> tuple[int, int]:
    while s < e and masked[s].isspace():
        s += 1
    while e > s and masked[e - 1].isspace():
        e -= 1
    return s, e


def _line_spans(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    pos = s
    while pos < e:
        nl = text.find("\n", pos, e)
        stop = e if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _kind(text: str, masked: str, s: int, e: int) -> str:
    raw = text[s:e]
    body = masked[s:e].strip()
    if not body:
        return "meta"
    if _HEADING.match(raw):
        return "heading"
    if ACCESSED.fullmatch(body) or _URLISH.match(body) or _META_START.match(body):
        return "meta"
    if raw.lstrip().startswith("[") and body.lower().startswith("[last access"):
        return "meta"
    if _FIELD.match(raw) and len(raw) < 600:
        return "field"
    if _LIST.match(raw):
        return "list"
    if len(body) < 60 and not _ENDS_CLAUSE.search(body):
        return "heading" if len(body.split()) <= 12 else "prose"
    return "prose"


def segment(original: str) -> Segmented:
    """Paragraphs and sentences of `text`, every span an offset range of `text` itself; with
    the segmentation of its decoded copy when it has HTML entities or inline tags."""
    seg = _segment(original)
    view = decode_markup(as_newlines(original))
    if view is None:
        return seg
    return attrs.evolve(seg, decoded=_segment(view.text), view=view)


def _segment(original: str) -> Segmented:
    # lone CRs (old Mac line ends) read as newlines; the view has the same offsets
    text = as_newlines(original)
    masked = mask(text)
    paras: list[Paragraph] = []
    pos = 0
    blocks: list[tuple[int, int]] = []
    for m in _BLOCK_SPLIT.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    for bs, be in blocks:
        lines = [(s, e) for s, e in _line_spans(text, bs, be) if masked[s:e].strip()]
        if not lines:
            continue
        # Hard-wrapped prose (all lines short) is one paragraph; text written a line a paragraph
        # (any long line), lists, fields and headings stay a line a paragraph.
        # Lines that mostly end a sentence are a list of one-line paragraphs (an encyclopedia
        # list, a table of ratifications), not hard-wrapped prose.
        # (the last line of a wrapped paragraph ends its sentence too, so it does not count)
        ends = sum(1 for s, e in lines[:-1] if _ENDS_LINE.search(masked, s, e))
        wrapped = all(e - s <= 200 for s, e in lines) and len(lines) > 1 and ends * 2 < len(lines)
        # each group: [start, end, closed]; a closed group takes no more wrapped lines
        groups: list[list[int]] = []
        if not wrapped:
            groups = [[s, e, 1] for s, e in lines]
        for s, e in lines if wrapped else ():
            line = text[s:e]
            # a list item or numbered paragraph ("12. In 2019 the authorities …") starts a
            # group of its own and takes the wrapped lines after it; a heading, field or
            # meta line takes none
            item = bool(_LIST.match(line))
            standalone = bool(
                _HEADING.match(line)
                or _FIELD.match(line)
                or line.endswith("  ")
                or _kind(text, masked, s, e) == "meta"
            )
            if groups and not standalone and not item and not groups[-1][2]:
                groups[-1][1] = e
            else:
                groups.append([s, e, int(standalone)])
        for gs, ge, _closed in groups:
            s, e = _trim(masked, gs, ge)
            if e <= s:
                continue
            kind = _kind(text, masked, s, e)
            sents = (
                tuple(split_sentences(masked, s, e))
                if kind in ("prose", "list")
                else ((Sentence(s, e),) if kind == "field" else ())
            )
            paras.append(Paragraph(s, e, kind, sents))
    return Segmented(text=original, masked=masked, paragraphs=tuple(paras))
