"""Drift: what a copy changed, classed as cosmetic or substantive.

Both sides of an aligned region are compared through their word keys (`lexicon`); what is left
after aligning keys is a candidate change, which is substantive when it touches an entity, a
number, a date, a tier, a negation or a watched term (who or what), and cosmetic otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs
from rapidfuzz.distance import Indel

from tipcheck.checks.copies.lexicon import (
    DIGITS,
    MONTHS,
    TOKEN,
    YEAR,
    DriftLexicon,
    Normalizer,
)
from tipcheck.checks.copies.negation import flips
from tipcheck.parse.timeexpr import RELATIVE_RE
from tipcheck.read.markup import plain


@attrs.frozen(slots=True)
class Tok:
    """A compared word: its span in the original text, its surface as read (markup decoded),
    and its key."""

    start: int
    end: int
    surface: str
    key: str
    capital: bool  # capitalised and not the first word of its sentence


@attrs.frozen(slots=True)
class Change:
    """A substantive difference: `kind` is entity, number, date, tier, negation or term."""

    kind: str
    a: tuple[int, int]  # character span in side A
    b: tuple[int, int]
    before: str
    after: str
    detail: str = ""


# Which kind wins when neighbouring differences are reported as one change.
_PRIORITY = {"negation": 0, "tier": 1, "date": 2, "number": 3, "entity": 4, "term": 5}


@attrs.frozen(slots=True)
class Side:
    """One side of an aligned region: its tokens, text, and the document's as-of year."""

    toks: Sequence[Tok]
    text: str
    as_of_year: int | None = None
    edition: bool = False  # an edition of a dated series (its date comes from its title)
    # keys of the sentences just outside the region, when `toks` reach its start / its end
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    # character spans of the region's sentences, in order (none: the whole text is one)
    sentences: tuple[tuple[int, int], ...] = ()


def changes(
    a: Side,
    b: Side,
    norm: Normalizer,
    canon: Callable[[str], str | None] | None = None,
) -> list[Change]:
    """Every substantive change between two aligned sides, in order of side A."""
    ka = [t.key for t in a.toks]
    kb = [t.key for t in b.toks]
    chunks: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(ka, kb):
        if op.tag == "equal":
            continue
        if chunks and chunks[-1][1] == op.src_start and chunks[-1][3] == op.dest_start:
            c = chunks[-1]
            chunks[-1] = (c[0], op.src_end, c[2], op.dest_end)
        else:
            chunks.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    found: list[tuple[str, tuple[int, int, int, int], str]] = []
    for whole in chunks:
        c = _inside_region(a, b, whole)
        if c[0] == c[1] and c[2] == c[3]:
            continue  # only words of a neighbouring sentence, paired at the region's edge
        kind = _classify(a, b, c, norm, canon)
        if kind is None:
            continue
        k, detail = kind
        # neighbouring substantive differences (at most two equal words apart) are one change:
        # "did not convict any officials" -> "convicted two officials" is a single flip
        if found and c[0] - found[-1][1][1] <= 2 and c[2] - found[-1][1][3] <= 2:
            pk, pc, pd = found[-1]
            best = k if _PRIORITY[k] < _PRIORITY[pk] else pk
            found[-1] = (best, (pc[0], c[1], pc[2], c[3]), pd if best == pk else detail)
        else:
            found.append((k, c, detail))
    found = _without_updates(a, b, found)
    out: list[Change] = []
    for k, (i1, i2, j1, j2), detail in found:
        if k == "entity":  # "Netherlands" → "Austria", not → "Austria and"
            i1, i2 = _trim(a.toks, i1, i2)
            j1, j2 = _trim(b.toks, j1, j2)
            i1, i2, j1, j2 = _whole_names(a, b, i1, i2, j1, j2)
        sa, sb = _spans(a.toks, i1, i2), _spans(b.toks, j1, j2)
        if i1 == i2 or j1 == j2:  # an insertion or deletion: quote the words around it too
            lo_a, lo_b = max(i1 - 1, 0), max(j1 - 1, 0)
            hi_a, hi_b = min(i2 + 1, len(a.toks)), min(j2 + 1, len(b.toks))
            sa, sb = _spans(a.toks, lo_a, hi_a), _spans(b.toks, lo_b, hi_b)
        before, after = plain(a.text[sa[0] : sa[1]]), plain(b.text[sb[0] : sb[1]])
        out.append(Change(k, sa, sb, before, after, detail))
    return out


def _without_updates(
    a: Side, b: Side, found: list[tuple[str, tuple[int, int, int, int], str]]
) -> list[tuple[str, tuple[int, int, int, int], str]]:
    """Changes without a later edition's update of a sentence to its own period: where a
    sentence's years moved by exactly the years between the two documents' dates ("opened 14
    investigations in 2013" in the 2014 report, "opened 19 … in 2014" in the 2015 one), the
    sentence is about another period, so neither its date nor its figures drifted."""
    if a.as_of_year is None or b.as_of_year is None or a.as_of_year == b.as_of_year:
        return found
    delta = b.as_of_year - a.as_of_year
    moved: set[int] = set()  # sentences of side A updated to B's period
    for k, (i1, i2, j1, j2), _ in found:
        ya = [int(t.key) for t in a.toks[i1:i2] if YEAR.match(t.key)]
        yb = [int(t.key) for t in b.toks[j1:j2] if YEAR.match(t.key)]
        if k == "date" and ya and [y + delta for y in ya] == yb:
            moved.add(_sentence_of(a, _at(a, i1)))
    if not moved:
        return found
    return [
        f for f in found
        if not (f[0] in ("date", "number") and _sentence_of(a, _at(a, f[1][0])) in moved)
    ]  # fmt: skip


def _sentence_of(side: Side, pos: int) -> int:
    """The index of the region's sentence that holds character `pos` (-1: none)."""
    return next((n for n, (s, e) in enumerate(side.sentences) if s <= pos < e), -1)


def _inside_region(a: Side, b: Side, c: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A change at the region's edge without the words the other side has in the sentence
    just outside its region: where one side's sentence runs on into words the other side
    puts in the next sentence, those words were not changed, only split differently."""
    i1, i2, j1, j2 = c
    if i2 == len(a.toks) and j2 == len(b.toks):
        while i2 > i1 and a.toks[i2 - 1].key in b.after:
            i2 -= 1
        while j2 > j1 and b.toks[j2 - 1].key in a.after:
            j2 -= 1
    if i1 == 0 and j1 == 0:
        while i1 < i2 and a.toks[i1].key in b.before:
            i1 += 1
        while j1 < j2 and b.toks[j1].key in a.before:
            j1 += 1
    return i1, i2, j1, j2


_JOINERS = frozenset({"and", "or", "the", "of", ",", "&"})


def _trim(toks: Sequence[Tok], i: int, j: int) -> tuple[int, int]:
    """A changed run without the joining words at its ends (never to nothing)."""
    while j - i > 1 and toks[i].surface.lower() in _JOINERS:
        i += 1
    while j - i > 1 and toks[j - 1].surface.lower() in _JOINERS:
        j -= 1
    return i, j


def _whole_names(a: Side, b: Side, i1: int, i2: int, j1: int, j2: int) -> tuple[int, int, int, int]:
    """A changed name with the name words both sides share around it: "New Zealand" → "New
    Caledonia", not "Zealand" → "Caledonia" (but "Turkey, Poland" is two names)."""
    ta, tb = a.toks, b.toks
    if i1 == i2 or j1 == j2 or not (ta[i1].capital and tb[j1].capital):
        return i1, i2, j1, j2

    def joined(s: Side, i: int) -> bool:  # toks i-1 and i are one name's words
        t = s.toks
        return t[i - 1].capital and t[i].capital and not s.text[t[i - 1].end : t[i].start].strip()

    while (
        i1 > 0 and j1 > 0 and ta[i1 - 1].key == tb[j1 - 1].key and joined(a, i1) and joined(b, j1)
    ):
        i1, j1 = i1 - 1, j1 - 1
    while (
        i2 < len(ta) and j2 < len(tb) and ta[i2].key == tb[j2].key and joined(a, i2) and joined(b, j2)
    ):  # fmt: skip
        i2, j2 = i2 + 1, j2 + 1
    return i1, i2, j1, j2


def _spans(toks: Sequence[Tok], i: int, j: int) -> tuple[int, int]:
    if i >= j:
        pos = toks[i].start if i < len(toks) else toks[-1].end
        return (pos, pos)
    return (toks[i].start, toks[j - 1].end)


_COMPARATIVE_START = re.compile(
    r"^(?:, )?(?:twice|double|triple|three times|half|nearly|almost|more than|compared|up from|"
    r"down from|against|than|as many|an increase|a decrease|a rise|a fall|a drop)\b",
    re.I,
)


def _classify(
    a: Side,
    b: Side,
    c: tuple[int, int, int, int],
    norm: Normalizer,
    canon: Callable[[str], str | None] | None,
) -> tuple[str, str] | None:
    i1, i2, j1, j2 = c
    ta, tb = a.toks[i1:i2], b.toks[j1:j2]
    ka, kb = [t.key for t in ta], [t.key for t in tb]
    lex = norm.lexicon
    pa, pb = norm.phrase(ka), norm.phrase(kb)
    if pa == pb:
        return None  # a multi-word synonym ("a year" / "12 months")
    # A time adverbial ("In 2008") added where the other document's as-of year already says it.
    for added, other in ((tb, a), (ta, b)) if not ta or not tb else ():
        # unknown as-of: the added date cannot be checked against anything, so it is no change
        # the added year is one the other copy's undated words already mean
        if _time_adverbial(added, lex) and all(
            _undated_covers(other, int(t.key)) for t in added if YEAR.match(t.key)
        ):
            return None
    if _same_time(a, ta, b, tb, lex):
        return None  # "during the year" in a 2019 edition is "in 2018"
    gone, side = (ta, a) if ta else (tb, b)
    if (
        gone
        and (not ta or not tb)
        and _COMPARATIVE_START.match(side.text[gone[0].start : gone[-1].end])
    ):
        # an abridged copy that leaves out a comparison ("18 victims in 2021, twice as many as
        # the seven of 2020" / "18 victims in 2021") says nothing different about what it kept
        return None
    if _moved(a, b, c, norm):
        return None  # "Courts convicted 12" / "12 were convicted by courts"
    # a flip changes whether one predicate is negated (`negation`): a negative word moved or
    # replaced within its clause ("did not prosecute any" / "prosecuted no"), or one that
    # comes with a clause of its own, keeps every predicate's polarity
    if flips(a.toks, a.text, b.toks, b.text, c):
        return ("negation", "")
    diff_a = [t for t in ta if t.key not in set(kb)]
    diff_b = [t for t in tb if t.key not in set(ka)]
    changed = diff_a + diff_b
    # keys that differ once multi-word synonyms are folded ("year" / "12 months" is no number)
    changed_keys = [k for k in pa if k not in set(pb)] + [k for k in pb if k not in set(pa)]
    before_a = a.toks[i1 - 1].key if i1 > 0 else ""
    before_b = b.toks[j1 - 1].key if j1 > 0 else ""
    tier = {norm.key(w) for w in lex.tier_words}
    if changed and (before_a in tier or before_b in tier or any(t.key in tier for t in changed)):
        return ("tier", "")
    if _moved_dates(pa, pb, a, b):
        return ("date", "")
    if any(DIGITS.match(k) for k in changed_keys) and not _framing_span(ta, tb, lex):
        return ("number", "")
    if _reordered_lists(a, b, c, norm):
        return None  # "Turkey, Poland, and Italy" / "Poland, Italy and Turkey"
    ent = _entity_change(ta, tb, canon)
    if ent is not None:
        return ent if ent[0] else None
    # a watched word is changed only when one side has it and the other does not: an unchanged
    # "children" beside an added modifier ("talibé children") is no change of victim group
    wa, wb = _watched(a.toks, i1, i2, norm), _watched(b.toks, j1, j2, norm)
    near_a, near_b = _watched(a.toks, i1, i2, norm, 0), _watched(b.toks, j1, j2, norm, 0)
    for term, cat in sorted(wa | wb):
        if (term, cat) in near_a and (term, cat) in near_b:
            continue
        # moved within its sentence ("a destination for boys from A" / "A is the source of
        # boys for"): the sentence still has it as often
        if _count(_sentence_keys(a, _at(a, i1), norm), term) != _count(
            _sentence_keys(b, _at(b, j1), norm), term
        ):
            return ("term", cat)
    return None


def _at(side: Side, i: int) -> int:
    """The character position of token `i` of `side` (its last token's past the end)."""
    toks = side.toks
    return toks[min(i, len(toks) - 1)].start if toks else 0


def _count(keys: Sequence[str], term: tuple[str, ...]) -> int:
    n = len(term)
    return sum(1 for p in range(len(keys) - n + 1) if tuple(keys[p : p + n]) == term)


# Words a clause gains when it is turned around ("… were convicted *by* courts").
_VOICE = frozenset({"by"})


def _moved(a: Side, b: Side, c: tuple[int, int, int, int], norm: Normalizer) -> bool:
    """Words deleted on one side that the other side's sentence has elsewhere, as often: a
    clause turned passive ("Courts convicted 12 traffickers" / "12 traffickers were convicted
    by courts"), an adverbial moved. A negative moves only with words it negates: a lone "not"
    moved to another predicate is a matter for `flips`. Names and numbers are not moved words:
    one that changes place may change its role ("from Moldova to Turkey" / "from Turkey to
    Moldova")."""
    i1, i2, j1, j2 = c
    if (i1 == i2) == (j1 == j2):
        return False  # words on both sides: a replacement, not a move
    side, other, lo, hi, at = (a, b, i1, i2, j1) if j1 == j2 else (b, a, j1, j2, i1)
    toks = [t for t in side.toks[lo:hi] if t.key not in _VOICE]
    if any(t.capital or DIGITS.match(t.key) for t in toks) or not other.toks:
        return False
    moved = [t.key for t in toks]
    if not any(k != "not" for k in moved):
        return False
    here = _sentence_keys(side, side.toks[lo].start, norm)
    # the other side's sentence before or after the point where the words are missing
    for t in (max(at - 1, 0), min(at, len(other.toks) - 1)):
        there = _sentence_keys(other, other.toks[t].start, norm)
        if all(here.count(k) <= there.count(k) for k in set(moved)):
            return True
    return False


def _sentence_keys(side: Side, pos: int, norm: Normalizer) -> list[str]:
    """The word keys of the sentence of `side` that holds character `pos`."""
    lo, hi = next(((s, e) for s, e in side.sentences if s <= pos < e), (0, len(side.text)))
    keys = (norm.key(plain(m.group())) for m in TOKEN.finditer(side.text, lo, hi))
    return [k for k in keys if k is not None]


_LIST_GAP = re.compile(r"^(?:\s*,)?\s*(?:(?:and|or|as well as)\s+)?(?:the\s+)?$", re.I)


def _reordered_lists(a: Side, b: Side, c: tuple[int, int, int, int], norm: Normalizer) -> bool:
    """Names changed only in their order within a list ("Turkey, Poland, and Italy" / "Poland,
    Italy and Turkey"): both sentences hold the same lists of names, list by list in the same
    order, each the same set. Names swapped between two lists ("from Poland to Turkey" / "from
    Turkey to Poland") change the lists."""
    i1, i2, j1, j2 = c
    if i1 == i2 or j1 == j2:
        return False
    la = _name_lists(a, a.toks[i1].start, norm)
    lb = _name_lists(b, b.toks[j1].start, norm)
    return la == lb and any(len(x) > 1 for x in la)


def _name_lists(side: Side, pos: int, norm: Normalizer) -> list[frozenset[str]]:
    """The names of the sentence holding character `pos`, grouped into the lists they form
    (names joined by commas, "and", "or"), in order."""
    lo, hi = next(((s, e) for s, e in side.sentences if s <= pos < e), (0, len(side.text)))
    text = side.text
    lists: list[set[str]] = []
    name: list[str] = []
    last_end = -1  # where the previous name ended
    prev_end = lo
    first = True
    for m in TOKEN.finditer(text, lo, hi):
        word = plain(m.group())
        is_name = not first and word[:1].isupper() and not word.rsplit("-", 1)[-1][:1].islower()
        first = False
        if is_name:
            if name and prev_end == last_end and not text[prev_end : m.start()].strip():
                name.append(word)  # "United Arab Emirates"
            else:
                if name:
                    _add_name(lists, name, norm)
                joined = last_end >= 0 and _LIST_GAP.match(text[last_end : m.start()]) is not None
                if not joined:
                    lists.append(set())
                name = [word]
            last_end = m.end()
        prev_end = m.end()
    if name:
        _add_name(lists, name, norm)
    return [frozenset(x) for x in lists]


def _add_name(lists: list[set[str]], name: list[str], norm: Normalizer) -> None:
    keys = [k for k in (norm.key(w) for w in name) if k is not None]
    lists[-1].add(" ".join(keys))


def _framing_span(ta: Sequence[Tok], tb: Sequence[Tok], lex: DriftLexicon) -> bool:
    """A span of time added or removed on one side only ("As reported over the past five
    years, X is …" / "X is …"): framing of the passage, not a figure that changed. Each number
    in it counts years, months or weeks."""
    if ta and tb:
        return False
    toks = list(ta or tb)
    nums = [i for i, t in enumerate(toks) if DIGITS.match(t.key)]
    return bool(nums) and all(
        i + 1 < len(toks) and toks[i + 1].surface.lower() in lex.duration_units for i in nums
    )


def _moved_dates(pa: Sequence[str], pb: Sequence[str], a: Side, b: Side) -> bool:
    """A date differs between the sides, and not merely moved: "in 2016" at a sentence's end
    on one side and at its start on the other is the same date."""
    all_a, all_b = {t.key for t in a.toks}, {t.key for t in b.toks}
    only_a = [k for k in pa if k not in set(pb) and (YEAR.match(k) or k in MONTHS)]
    only_b = [k for k in pb if k not in set(pa) and (YEAR.match(k) or k in MONTHS)]
    return any(k not in all_b for k in only_a) or any(k not in all_a for k in only_b)


def _same_time(a: Side, ta: Sequence[Tok], b: Side, tb: Sequence[Tok], lex: DriftLexicon) -> bool:
    """One side says "during the year" (or "last year", "this year") and the other names the
    year that phrase means by its own document's date."""
    if not ta or not tb:
        return False
    for rel, side, other in ((ta, a, tb), (tb, b, ta)):
        m = RELATIVE_RE.search(plain(side.text[rel[0].start : rel[-1].end]))
        if m is None or side.as_of_year is None or not _time_adverbial(other, lex):
            continue
        meant = side.as_of_year + (0 if m.group("this") else -1)
        if [int(t.key) for t in other if YEAR.match(t.key)] == [meant]:
            return True
    return False


def _undated_covers(side: Side, year: int) -> bool:
    """Whether an undated statement on `side` may be about `year`: an edition of a dated
    series speaks about its own year (or the one before, its reporting period); other text
    speaks as of its date, so any year up to it is a detail it left out ("Human Rights Watch
    has estimated" / "… estimated in 2010"). Unknown date: nothing to check against."""
    if side.as_of_year is None:
        return True
    if side.edition:
        return side.as_of_year - 1 <= year <= side.as_of_year
    return year <= side.as_of_year


def _time_adverbial(toks: Sequence[Tok], lex: DriftLexicon) -> bool:
    years = [t for t in toks if YEAR.match(t.key)]
    return bool(years) and all(
        YEAR.match(t.key) or t.surface.lower() in lex.time_prepositions for t in toks
    )


def _capital_runs(toks: Sequence[Tok]) -> list[str]:
    runs: list[list[Tok]] = []
    prev = -2
    for i, t in enumerate(toks):
        if t.capital and not DIGITS.match(t.key):
            if runs and prev == i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
            prev = i
    return [" ".join(x.surface for x in r) for r in runs]


def _entity_change(
    ta: Sequence[Tok], tb: Sequence[Tok], canon: Callable[[str], str | None] | None
) -> tuple[str, str] | None:
    """("entity", "") for a different entity, ("", "") for an alias of the same one, None if
    neither side names an entity."""
    if canon is not None:
        ids_a = _canon_ids(ta, canon)
        ids_b = _canon_ids(tb, canon)
        if ids_a or ids_b:
            if ids_a == ids_b:
                return ("", "")
            if ids_a and ids_b:
                return ("entity", "")
            # one side names a known entity, the other a description: "Kazakhstan" / "the
            # country" reads as a reference, a new capitalised name as a different entity
            other = tb if ids_a else ta
            return ("entity", "") if _capital_runs(other) else ("", "")
    runs_a, runs_b = _capital_runs(ta), _capital_runs(tb)
    if not (runs_a or runs_b):
        return None
    # a name on one side only is a deleted or added modifier ("the Riverside shelter" / "the
    # shelter"), and two spellings of one word ("Koranic" / "Qur'anic") are one name
    if not (runs_a and runs_b) or _variants(" ".join(runs_a), " ".join(runs_b)):
        return ("", "")
    return ("entity", "")


def _variants(a: str, b: str) -> bool:
    def bare(s: str) -> str:
        return "".join(ch for ch in s.lower() if ch.isalnum())

    return Indel.normalized_similarity(bare(a), bare(b)) >= 0.7


def _canon_ids(toks: Sequence[Tok], canon: Callable[[str], str | None]) -> frozenset[str]:
    ids: set[str] = set()
    whole = " ".join(t.surface for t in toks)
    cid = canon(whole) if whole else None
    if cid is not None:
        return frozenset([cid])
    for run in _capital_runs(toks):
        cid = canon(run)
        if cid is not None:
            ids.add(cid)
    return frozenset(ids)


def _watched(
    toks: Sequence[Tok], i1: int, i2: int, norm: Normalizer, reach: int = 1
) -> set[tuple[tuple[str, ...], str]]:
    """The watched terms (and their categories) that overlap toks[i1:i2] (looking three words
    around); with `reach` 0, every one within those three words, overlapping or not."""
    found: set[tuple[tuple[str, ...], str]] = set()
    if not norm.watch:
        return found
    lo = max(0, i1 - 3)
    hi = min(len(toks), i2 + 3)
    keys = [t.key for t in toks[lo:hi]]
    present = set(keys)
    for term, cat in norm.watch_sorted:
        if term[0] not in present:
            continue
        n = len(term)
        for p in range(len(keys) - n + 1):
            s = lo + p
            overlaps = s < max(i2, i1 + 1) and s + n > i1
            if tuple(keys[p : p + n]) == term and (overlaps or not reach):
                found.add((term, cat))
    return found
