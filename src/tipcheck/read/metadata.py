"""Metadata a document states about itself: title, publisher, and the as-of date.

The as-of date is taken, in order of trust, from front matter (`date:`), a publication-date
line ("Published: N'Djamena, 28 June 2023"), a web page's `<meta>` or `<time datetime>` date, a
dateline or a date alone on a line, a user override, a report title with a year ("Trafficking in
Persons Report 2008"), a "Last Updated" line or a wiki's "last edited on" footer, or, when the
text names no date at all, a year in the file's name ("belize_tip_2020.txt"). Collection pages quote many sources, each under its own header with its own
date; those headers become excerpts, and a claim inside one takes the excerpt's date.
Access dates (`[accessed 16 February 2011]`) are never as-of dates.
"""

from __future__ import annotations

import re

import attrs

from tipcheck.parse.timeexpr import find_times, parse_date
from tipcheck.values import Time

INFERRED_SOURCES = frozenset({"title", "last-updated", "excerpt-title", "file-name"})


@attrs.frozen(slots=True)
class Excerpt:
    """A quoted source inside a collection page: [start, end) of the document, and its date."""

    start: int
    end: int
    as_of: Time | None
    header: str


@attrs.frozen(slots=True)
class Metadata:
    title: str | None = None
    publisher: str | None = None
    as_of: Time | None = None
    as_of_source: str | None = None
    excerpts: tuple[Excerpt, ...] = ()
    # the year a report says it covers ("Reporting period: 1 January – 31 December 2022"): its
    # undated statistics speak about it, whenever the report was submitted
    reporting_period: Time | None = None

    @property
    def as_of_inferred(self) -> bool:
        return self.as_of_source in INFERRED_SOURCES

    def as_of_at(self, offset: int) -> tuple[Time | None, str | None]:
        """The as-of date that governs text at `offset` and where it came from."""
        for ex in self.excerpts:
            if ex.start <= offset < ex.end:
                if ex.as_of is not None:
                    return ex.as_of, "excerpt"
                return None, None
        return self.as_of, self.as_of_source


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FM_FIELD = re.compile(r"^(?P<k>[A-Za-z_]+)[ \t]*:[ \t]*(?P<v>.+?)[ \t]*$", re.M)
# At a line's start, or after a separator in a masthead ("… · Published March 2016 · …"); the
# date is what follows, up to the end of the line or the next separator.
_SEP = r"(?:^[ \t*]*(?:<[A-Za-z][^<>\n]{0,200}>[ \t]*)*|[·|•][ \t*]*)"  # after a page's leading tags too
_LONE_DATE = re.compile(
    r"^[ \t*_]*(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?,[ \t]+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
    r"(?P<d>[^\r\n]{6,30}?)[ \t*_]*$",
    re.M,
)


def _date_line(head: str) -> Time | None:
    """A line near the top that is only a date ("Wednesday 9 September 2015", "Tirana, June
    2013") dates the document; a bare year does not."""
    head = ACCESSED.sub(lambda a: " " * len(a.group()), head[:1200])  # access dates never count
    for i, m in enumerate(_LONE_DATE.finditer(head)):
        if i > 15:
            break
        t = parse_date(m.group("d"))
        if t is not None and t.precision in ("day", "month"):
            return t
    # a masthead that strings paper, place, date and byline on one line ("EXPRESSO DAS ILHAS -
    # Praia, 3 July 2021 - By M. Tavares"): each part between separators is tried as a line
    for line in head.splitlines()[:8]:
        parts = _MASTHEAD_SEP.split(line)
        for part in parts if len(parts) > 1 else ():
            lone = _LONE_DATE.fullmatch(part.strip())
            t = parse_date(lone.group("d")) if lone else None
            if t is not None and t.precision in ("day", "month"):
                return t
    return None


_MASTHEAD_SEP = re.compile(r"\s+[-–—|·•]\s+")


_PUB_LINE = re.compile(
    _SEP
    + r"(?:Publication Date|Date of (?:Publication|Submission|Issue)|(?:Published|Posted|Answered|Issued|Released|Submitted|Broadcast|Aired)(?: on)?|Dated"
    r"|Date|Status as at|Status as of|As at)"
    r"[ \t*]*:?[ \t*]*"
    r"(?:[A-Z][\w'.-]*(?:[ \t]+[A-Z][\w'.-]*){0,3},[ \t]+(?=\d|[A-Z][a-z]{2,8}\.?\s+\d))?"  # "N'Djamena, 28 June 2023"
    r"(?P<d>(?:\d|[A-Z][a-z]{2,8}\.?,?\s+\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
    r"[^\r\n·|•]{2,58})",
    re.M | re.I,
)
# a broadcast's or hearing's line after its kind: "Transcript of interview, broadcast Thursday 21
# March 2024, 7.40 am"; only in the first lines, where a transcript's header stands
_BROADCAST_LINE = re.compile(
    r"^[^\r\n]{0,80}?,[ \t]+(?:broadcast|aired|recorded|held)(?: on)?[ \t]+(?P<d>"
    r"(?:\d|[A-Z][a-z]{2,8}\.?,?\s+\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)[^\r\n·|•]{2,58})",
    re.M | re.I,
)
_PERIOD_LINE = re.compile(
    _SEP
    + r"(?:Reporting period|Period covered|Period under review|Reference period|Covering the period)"
    r"[ \t*]*:[ \t*]*(?P<d>[^\r\n·|•*]{4,60})",  # a label's colon: a wrapped line of prose has none
    re.M | re.I,
)
# A news dateline: "LAGOS, Feb. 10, 2014" or "BANGKOK, June 21 (Wire) -" (no year: not used);
# a place in mixed case only where an agency's tag or a dash follows the date ("São Tomé, 09 Mar
# 2023 (ANE) - The …"), as a sentence's "In Kingston, 3 May 2021 was …" never has one
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'-]{2,40},[ \t]+(?P<d>[^\r\n(–—-]{4,40}?\d{4})\b"
    r"|^[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3},[ \t]+(?P<d2>\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?"
    r"[ \t]+\d{4}|[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+\d{4})[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?[-–—]",
    re.M,
)
# a place and a date alone on a line: "Bandar Seri Begawan, 27 June 2023" under a press release
_PLACE_DATE = re.compile(
    r"^[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,4},[ \t]+(?P<d>\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?"
    r"[ \t]+\d{4}|[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+\d{4})[ \t]*$",
    re.M,
)
# the date must start right away ("Published reports from 2000 to 2025" is not a date line)
_DATE_START = r"(?:\d|[A-Z][a-z]{2,8}\.?,?\s+\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
_UPDATED = re.compile(
    _SEP + r"Last Updated[ \t*]*:?[ \t*]*(?P<d>" + _DATE_START + r"[^\r\n·|•]{2,58})", re.M | re.I
)
# a wiki's or CMS's footer: "This page was last edited on 3 August 2022, at 11:26 (UTC)."
_EDITED_FOOTER = re.compile(
    r"\blast (?:edited|modified|updated|revised)(?: on)?[ \t]*:?[ \t]*(?P<d>"
    + _DATE_START
    + r"[^\r\n·|•]{2,58})",
    re.I,
)
# a web page's own machine-readable date: <time datetime="2022-02-16T08:40">, or a <meta> tag
_HTML_TIME = re.compile(r"<time\b[^<>]*?\bdatetime=[\"']?(?P<d>\d{4}-\d\d-\d\d)", re.I)
_META_TAG = re.compile(r"<meta\b[^<>]*>", re.I)
_META_DATE_NAME = re.compile(
    r"""(?:property|name|itemprop)=["']?(?:article:published_time|datePublished|date"""
    r"""|DC\.date(?:\.issued)?|dcterms\.(?:issued|date)|pubdate|publish[_-]?date)["'\s>]""",
    re.I,
)
_META_CONTENT = re.compile(r"""content=["']?(?P<d>\d{4}-\d\d-\d\d)""", re.I)
_PUBLISHER = re.compile(r"^[ \t*]*Publisher[ \t*]*:?[ \t]+(?P<p>[^\r\n]{3,120})$", re.M)
_REPORT_TITLE = re.compile(
    r"(?i)\b(?:report|review|edition|findings|yearbook|survey)\b[^\n]{0,40}?\b(?P<y>(?:19|20)\d\d)\b"
    r"|\b(?P<y2>(?:19|20)\d\d)\b[^\n]{0,60}?\b(?:report|review|edition|findings|yearbook|survey)\b"
)
ACCESSED = re.compile(
    r"\[(?:accessed|last access|retrieved|viewed)[^\]\n]*\]|\(last viewed[^)\n]*\)", re.I
)
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.|[\w-]+(?:\.[\w-]+)+/)\S*\s*$")


def _html_date(head: str) -> Time | None:
    """A page's published date in its markup: a `<meta>` date of publication, else the first
    `<time datetime=…>` (on an article page, the article's own byline comes first)."""
    for tag in _META_TAG.finditer(head):
        c = _META_CONTENT.search(tag.group()) if _META_DATE_NAME.search(tag.group()) else None
        if c:
            return parse_date(c.group("d"))
    m = _HTML_TIME.search(head)
    return parse_date(m.group("d")) if m else None


def _edited_footer(text: str) -> Time | None:
    """The day a page says it was last edited, in its last lines (a wiki's footer)."""
    found = list(_EDITED_FOOTER.finditer(text[-1500:]))
    t = _first_date(found[-1].group("d")) if found else None
    return t if t is not None and t.precision in ("day", "month") else None


def _title(text: str, fm: dict[str, str]) -> str | None:
    if "title" in fm:
        return fm["title"].strip("\"'")
    for line in text.splitlines()[:30]:
        s = line.strip().lstrip("\ufeff").strip("#* ").strip()
        if not s or _UPDATED.match(line) or s.lower() in {"main menu", "menu", "home"}:
            continue
        if len(s) <= 150:
            return s
    return None


def _title_block_year(text: str, title: str | None) -> Time | None:
    """The year of a report title: in the title itself, else in the lines of the title block
    (the first lines before a blank one), where a masthead ("U.S. Department of State") may
    stand above the report's name ("Trafficking in Persons Report, June 2011")."""
    lines = [title or ""]
    if not _FRONT_MATTER.match(text):
        block = text.lstrip("\ufeff \t\r\n").split("\n\n", 1)[0].splitlines()[:4]
        lines += [ln.strip("#* \t\r") for ln in block]
    for line in lines:
        m2 = _REPORT_TITLE.search(line) if len(line) <= 150 else None
        if m2:
            return Time.year(int(m2.group("y") or m2.group("y2")))
    return None


# one year in a file's own name, between separators: "belize_tip_2020.txt", "2019-annual.md"
_NAME_YEAR = re.compile(r"(?<![0-9A-Za-z])(?:19|20)\d\d(?![0-9A-Za-z])")


def _name_year(name: str | None) -> Time | None:
    """The year a file's name gives it, if it gives exactly one (folders do not count: a
    folder "2019/" may hold reports of many years)."""
    if not name:
        return None
    stem = re.split(r"[\\/]", name)[-1].rsplit(".", 1)[0]
    years = set(_NAME_YEAR.findall(stem))
    return Time.year(int(years.pop())) if len(years) == 1 else None


def _front_matter(text: str) -> dict[str, str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}
    return {f.group("k").lower(): f.group("v") for f in _FM_FIELD.finditer(m.group("body"))}


def _first_date(s: str) -> Time | None:
    s = ACCESSED.sub(" ", s)
    ts = find_times(s)
    if ts:
        return ts[0].time
    return parse_date(s)


def read_metadata(
    text: str, override: str | Time | None = None, name: str | None = None
) -> Metadata:
    """Read title, publisher, as-of date and excerpts from a document's own text; `name` (the
    file's name) dates it only when the text does not."""
    fm = _front_matter(text)
    head = text[:4000]
    as_of: Time | None = None
    source: str | None = None
    if "date" in fm:
        as_of, source = parse_date(fm["date"].strip("\"'")), "front-matter"
    if as_of is None:
        m = _PUB_LINE.search(head)
        if m:
            as_of, source = _first_date(m.group("d")), "publication-date"
    if as_of is None:
        as_of = _html_date(head)
        source = "publication-date" if as_of else None
    if as_of is None:
        m = _BROADCAST_LINE.search(head[:600])
        if m:
            as_of, source = _first_date(m.group("d")), "publication-date"
    if as_of is None:
        m = _DATELINE.search(head[:1500]) or _PLACE_DATE.search(head[:1500])
        if m:
            as_of, source = _first_date(m.group("d") or m.group("d2")), "dateline"
    excerpts = find_excerpts(text)
    if as_of is None and not excerpts:  # on a collection page a lone date is an excerpt's byline
        as_of = _date_line(head)
        source = "date-line" if as_of else None
    if override is not None:
        t = override if isinstance(override, Time) else parse_date(str(override))
        if t is None:
            raise ValueError(
                f"as-of override {override!r} is not a date (write 2008, 2008-06 or 2008-06-04)"
            )
        as_of, source = t, "override"
    title = _title(text, fm)
    if as_of is None:
        as_of = _title_block_year(text, title)
        source = "title" if as_of else None
    if as_of is None:
        m = _UPDATED.search(head)
        if m:
            as_of, source = _first_date(m.group("d")), "last-updated"
    if as_of is None:
        as_of = _edited_footer(text)
        source = "last-updated" if as_of else None
    if as_of is None and not excerpts:
        as_of = _name_year(name)
        source = "file-name" if as_of else None
    if as_of is None:
        source = None
    pub = fm.get("publisher")
    if pub is None:
        pm = _PUBLISHER.search(head)
        pub = pm.group("p").strip() if pm else None
    return Metadata(
        title=title,
        publisher=pub,
        as_of=as_of,
        as_of_source=source,
        excerpts=excerpts,
        reporting_period=_reporting_period(head),
    )


def _reporting_period(head: str) -> Time | None:
    """The calendar year a report's "Reporting period: …" line covers (a span within one year,
    or the year alone); None for a period across years (a fiscal year has no one year)."""
    m = _PERIOD_LINE.search(head)
    if m is None:
        return None
    years = {y for t in find_times(m.group("d")) for y in (t.time.start.year, t.time.end.year)}
    return Time.year(years.pop()) if len(years) == 1 else None


_LINE = re.compile(r"[^\n]*(?:\n|$)")


def find_excerpts(text: str) -> tuple[Excerpt, ...]:
    """Find quoted-source headers: a short citation block followed by a link or access line.

    A header is up to five short lines (a title, a byline with a date) ending at a URL line or
    an `[accessed …]` line. The excerpt runs from the header to the next header.
    """
    lines: list[tuple[int, str]] = []
    for m in _LINE.finditer(text):
        if m.start() == len(text):
            break
        lines.append((m.start(), m.group().rstrip("\r\n")))
    heads: list[tuple[int, Time | None, str]] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i][1]
        if _is_marker(line):
            # walk back over the header block: short non-empty lines without a final period
            j = i - 1
            block: list[int] = []
            while j >= 0 and len(block) < 6:
                stripped = lines[j][1].strip()
                if _is_marker(lines[j][1]):
                    break
                if not stripped:
                    j -= 1
                    continue
                if len(stripped) > 220 or (stripped.endswith(".") and len(stripped) > 120):
                    break
                block.append(j)
                j -= 1
            if block:
                first = min(block)
                if not heads or lines[first][0] > heads[-1][0]:
                    when = None
                    header = " / ".join(lines[k][1].strip() for k in sorted(block))
                    for k in sorted(block, reverse=True):
                        when = _header_date(lines[k][1])
                        if when:
                            break
                    heads.append((lines[first][0], when, header))
            # skip consecutive marker lines
            while i + 1 < n and (_is_marker(lines[i + 1][1]) or not lines[i + 1][1].strip()):
                i += 1
        i += 1
    out = []
    for k, (begin, when, header) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        out.append(Excerpt(begin, end, when, header[:200]))
    return tuple(out)


def _is_marker(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if ACCESSED.fullmatch(s) or s.lower().startswith("[last access"):
        return True
    return bool(_URL_LINE.match(s))


def _header_date(line: str) -> Time | None:
    s = ACCESSED.sub(" ", line)
    ts = [t for t in find_times(s) if t.shape != "range"]
    if not ts:
        return None
    # a byline's date is its first full date; "Web. 9 Sept. 2009" after it is an access note
    precise = [t for t in ts if t.time.precision in ("day", "month")]
    return (precise[0] if precise else ts[-1]).time
