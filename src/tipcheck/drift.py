"""Drift: what a copy changed, classed as cosmetic or substantive.

Words are compared through a *key*: lower case, one apostrophe style, articles and auxiliaries
dropped, verb forms and irregular plurals mapped to one form from the lexicon, a light suffix
stemmer for the regular ones, number words as digits and spinner synonyms as their group. Two
passages that differ only in tense, quote style, agreement, articles or synonyms have equal key
sequences; what is left after aligning keys is a candidate change, which is substantive when it
touches an entity, a number, a date, a tier, a negation or a watched term (who or what), and
cosmetic otherwise.

The lexicon (words) is data in the rule pack; this module is the mechanism.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs
from rapidfuzz.distance import Indel

from tipcheck.numbers import NUMBER_WORD_SET

# Words of the language rather than of a domain: every lexicon starts from these.
_ARTICLES = ("a", "an", "the")
_AUXILIARIES = [
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "having",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
]
_NEGATORS = ("not", "no", "never", "none", "nor", "neither", "without", "cannot")
_TIME_PREPOSITIONS = ("in", "during", "by", "as", "of", "throughout")
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_NUMBER_WORDS = NUMBER_WORD_SET
_DIGITS = re.compile(r"^[$€£]?\d[\d,.]*%?$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")

# A word token on the masked text: letters/digits with inner . , ' ’ - (U.A.E, $35,000, don't).
TOKEN = re.compile(r"[\w$€£]+(?:[.,'’\-][\w]+)*")


@attrs.frozen(slots=True)
class DriftLexicon:
    """The words drift needs: grammar that is cosmetic, synonyms, watched terms, boilerplate.

    `verb_forms` and `plurals` map a form to its base; `synonyms` are groups of words or phrases
    a spinner swaps without changing a fact; `watch` maps a term (who or what) to its category,
    and a change to a watched term is substantive; `boilerplate` lists passages that are
    reported as boilerplate (TC303) wherever they repeat.
    """

    articles: frozenset[str] = frozenset(_ARTICLES)
    auxiliaries: frozenset[str] = frozenset(_AUXILIARIES)
    negators: frozenset[str] = frozenset(_NEGATORS)
    time_prepositions: frozenset[str] = frozenset(_TIME_PREPOSITIONS)
    verb_forms: Mapping[str, str] = attrs.field(factory=dict)
    plurals: Mapping[str, str] = attrs.field(factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()
    watch: Mapping[str, str] = attrs.field(factory=dict)
    tier_words: frozenset[str] = frozenset()
    boilerplate: tuple[str, ...] = ()


def _str_list(data: Mapping[str, object], key: str, where: str) -> list[str]:
    v = data.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValueError(f"{where}: '{key}' must be a list of strings")
    return [x.strip() for x in v if x.strip()]


def _groups(data: Mapping[str, object], key: str, where: str) -> list[list[str]]:
    v = data.get(key, [])
    if not isinstance(v, list) or not all(
        isinstance(g, list) and all(isinstance(x, str) for x in g) for g in v
    ):
        raise ValueError(f"{where}: '{key}' must be a list of lists of strings")
    return [[x.strip().lower() for x in g if x.strip()] for g in v]


_KNOWN_KEYS = frozenset(
    [
        "articles",
        "auxiliaries",
        "negators",
        "time_prepositions",
        "verbs",
        "plurals",
        "synonyms",
        "watch",
        "tier_words",
        "boilerplate",
    ]
)


def load_drift_lexicon(path: Path) -> DriftLexicon:
    """Read a drift lexicon (TOML) on top of the built-in English function words.

    Keys: `verbs` (groups, base form first), `plurals` (groups, singular first), `synonyms`
    (groups), `watch` (table: category -> list of terms), `tier_words`, `boilerplate`, and
    optional extra `articles`, `auxiliaries`, `negators`, `time_prepositions`.
    """
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{where}: not valid TOML ({e})") from None
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r}; known: {sorted(_KNOWN_KEYS)}")
    base = DriftLexicon()
    verb_forms: dict[str, str] = {}
    for g in _groups(data, "verbs", where):
        for form in g[1:]:
            verb_forms[form] = g[0]
    plurals: dict[str, str] = {}
    for g in _groups(data, "plurals", where):
        for form in g[1:]:
            plurals[form] = g[0]
    watch_raw = data.get("watch", {})
    if not isinstance(watch_raw, dict):
        raise ValueError(f"{where}: 'watch' must be a table of category = [terms]")
    watch: dict[str, str] = {}
    for category, terms in sorted(watch_raw.items()):
        for t in _str_list(watch_raw, category, f"{where}: watch"):
            watch[t.lower()] = category
        del terms
    return DriftLexicon(
        articles=base.articles | set(_str_list(data, "articles", where)),
        auxiliaries=base.auxiliaries | set(_str_list(data, "auxiliaries", where)),
        negators=base.negators | set(_str_list(data, "negators", where)),
        time_prepositions=base.time_prepositions | set(_str_list(data, "time_prepositions", where)),
        verb_forms=verb_forms,
        plurals=plurals,
        synonyms=tuple(tuple(g) for g in _groups(data, "synonyms", where) if len(g) > 1),
        watch=watch,
        tier_words=frozenset(w.lower() for w in _str_list(data, "tier_words", where)),
        boilerplate=tuple(_str_list(data, "boilerplate", where)),
    )


def stem(word: str) -> str:
    """A light suffix stripper: enough to make agreement and regular tense cosmetic."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            if suf == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suf)] + rep
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def number_value(word: str) -> str | None:
    """Digits for a number word ("forty-eight" -> "48"), or None."""
    parts = word.split("-")
    if not all(p in _NUMBER_WORDS for p in parts):
        return None
    try:
        from text_to_num import text2num

        return str(text2num(" ".join(parts), "en"))
    except ValueError:
        return None


class Normalizer:
    """Maps a token's surface to its comparison key (None: the token is not compared)."""

    def __init__(self, lexicon: DriftLexicon) -> None:
        self.lexicon = lexicon
        self._cache: dict[str, str | None] = {}
        self._syn: dict[str, str] = {}
        self.phrase_syn: dict[tuple[str, ...], str] = {}
        for n, group in enumerate(lexicon.synonyms):
            label = f"~{n}"
            for term in group:
                words = tuple(self._plain(w) for w in TOKEN.findall(term))
                if len(words) == 1 and words[0] is not None:
                    self._syn[words[0]] = label
                ks = tuple(k for k in words if k is not None)
                if ks:
                    self.phrase_syn[ks] = label
        self.watch: dict[tuple[str, ...], str] = {}
        for term, category in lexicon.watch.items():
            ks = tuple(k for k in self.keys(TOKEN.findall(term)) if k is not None)
            if ks:
                self.watch[ks] = category
        self.watch_sorted = sorted(self.watch.items())

    def _plain(self, surface: str) -> str | None:
        low = surface.lower().replace("’", "'").replace("‘", "'")
        if low.endswith("'s"):
            low = low[:-2]
        low = low.strip("'")
        lex = self.lexicon
        if not low or low in lex.articles or low in lex.auxiliaries:
            return None
        if low in lex.negators or low.endswith("n't"):
            return "not"
        if _DIGITS.match(low):
            return low.replace(",", "")
        num = number_value(low)
        if num is not None:
            return num
        low = lex.verb_forms.get(low, low)
        low = lex.plurals.get(low, low)
        return stem(low)

    def key(self, surface: str) -> str | None:
        """The comparison key of one token."""
        try:
            return self._cache[surface]
        except KeyError:
            pass
        k = self._plain(surface)
        if k is not None:
            k = self._syn.get(k, k)
        if len(self._cache) < 2_000_000:
            self._cache[surface] = k
        return k

    def keys(self, surfaces: Sequence[str]) -> list[str | None]:
        """Keys of several tokens."""
        return [self.key(s) for s in surfaces]

    def phrase(self, keys: Sequence[str]) -> tuple[str, ...]:
        """Keys with multi-word synonyms ("12 months" = "year") folded to their group."""
        out: list[str] = []
        i = 0
        ks = tuple(keys)
        while i < len(ks):
            for n in range(min(4, len(ks) - i), 1, -1):
                label = self.phrase_syn.get(ks[i : i + n])
                if label is not None:
                    out.append(label)
                    i += n
                    break
            else:
                out.append(self.phrase_syn.get(ks[i : i + 1], ks[i]))
                i += 1
        return tuple(out)


_NORMALIZERS: dict[int, tuple[DriftLexicon, Normalizer]] = {}


def normalizer_for(lexicon: DriftLexicon) -> Normalizer:
    """A cached normalizer per lexicon (building one compiles the synonym and watch tables)."""
    got = _NORMALIZERS.get(id(lexicon))
    if got is not None and got[0] is lexicon:
        return got[1]
    if len(_NORMALIZERS) > 8:
        _NORMALIZERS.clear()
    norm = Normalizer(lexicon)
    _NORMALIZERS[id(lexicon)] = (lexicon, norm)
    return norm


@attrs.frozen(slots=True)
class Tok:
    """A compared word: its span in the original text, its surface, and its key."""

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
    for c in chunks:
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
    out: list[Change] = []
    for k, (i1, i2, j1, j2), detail in found:
        sa, sb = _spans(a.toks, i1, i2), _spans(b.toks, j1, j2)
        if i1 == i2 or j1 == j2:  # an insertion or deletion: quote the words around it too
            lo_a, lo_b = max(i1 - 1, 0), max(j1 - 1, 0)
            hi_a, hi_b = min(i2 + 1, len(a.toks)), min(j2 + 1, len(b.toks))
            sa, sb = _spans(a.toks, lo_a, hi_a), _spans(b.toks, lo_b, hi_b)
        out.append(Change(k, sa, sb, a.text[sa[0] : sa[1]], b.text[sb[0] : sb[1]], detail))
    return out


def _spans(toks: Sequence[Tok], i: int, j: int) -> tuple[int, int]:
    if i >= j:
        pos = toks[i].start if i < len(toks) else toks[-1].end
        return (pos, pos)
    return (toks[i].start, toks[j - 1].end)


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
        if _time_adverbial(added, lex) and all(
            other.as_of_year is None or int(t.key) == other.as_of_year
            for t in added
            if _YEAR.match(t.key)
        ):
            return None
    neg_a = sum(1 for k in ka if k == "not")
    neg_b = sum(1 for k in kb if k == "not")
    if neg_a != neg_b:
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
    if any(_YEAR.match(k) or k in MONTHS for k in changed_keys):
        return ("date", "")
    if any(_DIGITS.match(k) for k in changed_keys):
        return ("number", "")
    ent = _entity_change(ta, tb, canon)
    if ent is not None:
        return ent if ent[0] else None
    cat = _watched(a.toks, i1, i2, norm) or _watched(b.toks, j1, j2, norm)
    if cat:
        return ("term", cat)
    return None


def _time_adverbial(toks: Sequence[Tok], lex: DriftLexicon) -> bool:
    years = [t for t in toks if _YEAR.match(t.key)]
    return bool(years) and all(
        _YEAR.match(t.key) or t.surface.lower() in lex.time_prepositions for t in toks
    )


def _capital_runs(toks: Sequence[Tok]) -> list[str]:
    runs: list[list[Tok]] = []
    prev = -2
    for i, t in enumerate(toks):
        if t.capital and not _DIGITS.match(t.key):
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
    if runs_a or runs_b:
        return ("entity", "")
    return None


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


def _watched(toks: Sequence[Tok], i1: int, i2: int, norm: Normalizer) -> str | None:
    """The category of a watched term that overlaps toks[i1:i2] (looking two words around)."""
    if not norm.watch:
        return None
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
            if tuple(keys[p : p + n]) == term and s < max(i2, i1 + 1) and s + n > i1:
                return cat
    return None
