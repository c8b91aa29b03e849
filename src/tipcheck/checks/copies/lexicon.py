"""The drift lexicon and the word keys copies are compared through.

A word's *key* is lower case, one apostrophe style, articles and auxiliaries dropped, verb forms
and irregular plurals mapped to one form from the lexicon, a light suffix stemmer for the
regular ones, number words as digits and spinner synonyms as their group. Two passages that
differ only in tense, quote style, agreement, articles or synonyms have equal key sequences.

The lexicon (words) is data in the rule pack (`drift.toml`); this module is the mechanism.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from tipcheck.parse.numbers import GROUP_SPACE, NUMBER_WORD_SET

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
# Units that make a number a span of time ("over the past five years"), not a figure
_DURATION_UNITS = ("year", "years", "month", "months", "week", "weeks", "decade", "decades")


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


DIGITS = re.compile(rf"^[$€£]?\d[\d,.{GROUP_SPACE}]*%?$")


YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


# A word token on the masked text: letters/digits with inner . , ' ’ - (U.A.E, $35,000, don't),
# or digits grouped by a no-break space ("12 000"). Markup is decoded before words are found
# (`read/markup.py`: documents with entities are compared as their decoded copy).
TOKEN = re.compile(rf"\d{{1,3}}(?:[{GROUP_SPACE}]\d{{3}})+(?!\d)|[\w$€£]+(?:[.,'’\-][\w]+)*")
_GROUPING = re.compile(f"[,{GROUP_SPACE}]")


@attrs.frozen(slots=True)
class DriftLexicon:
    """The words drift needs: grammar that is cosmetic, synonyms, watched terms, boilerplate.

    `verb_forms` and `plurals` map a form to its base; `synonyms` are groups of words or phrases
    a spinner swaps without changing a fact; `watch` maps a term (who or what) to its category,
    and a change to a watched term is substantive; `boilerplate` lists passages that are
    reported as boilerplate (TC303) wherever they repeat; `reporting` are the verb forms that
    attribute a statement to its source ("Human Rights Watch *estimated* that …").
    """

    articles: frozenset[str] = frozenset(_ARTICLES)
    auxiliaries: frozenset[str] = frozenset(_AUXILIARIES)
    negators: frozenset[str] = frozenset(_NEGATORS)
    time_prepositions: frozenset[str] = frozenset(_TIME_PREPOSITIONS)
    duration_units: frozenset[str] = frozenset(_DURATION_UNITS)
    verb_forms: Mapping[str, str] = attrs.field(factory=dict)
    plurals: Mapping[str, str] = attrs.field(factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()
    watch: Mapping[str, str] = attrs.field(factory=dict)
    tier_words: frozenset[str] = frozenset()
    boilerplate: tuple[str, ...] = ()
    reporting: frozenset[str] = frozenset()


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
        "reporting",
    ]
)


def load_drift_lexicon(path: Path) -> DriftLexicon:
    """Read a drift lexicon (TOML) on top of the built-in English function words.

    Keys: `verbs` (groups, base form first), `plurals` (groups, singular first), `synonyms`
    (groups), `watch` (table: category -> list of terms), `tier_words`, `boilerplate`,
    `reporting` (verb forms), and optional extra `articles`, `auxiliaries`, `negators`,
    `time_prepositions`.
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
        reporting=frozenset(w.lower() for w in _str_list(data, "reporting", where)),
    )


# British spellings folded into American ones, so "labour"/"labor" and "organised"/"organized"
# are one key: a copy respelled for another house style has changed nothing.
_OUR = re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ers?)?$")
_ISE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$")


def _american(word: str) -> str:
    return _ISE.sub(r"iz\1", _OUR.sub(r"or\1", word))


def stem(word: str) -> str:
    """A light suffix stripper: enough to make agreement and regular tense cosmetic."""
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _american(word)
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
        self.citation = _citation_pattern(lexicon)
        self.lead_in = _lead_in_pattern(lexicon)

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
        if DIGITS.match(low):
            return _GROUPING.sub("", low)
        num = number_value(low)
        if num is not None:
            return num
        low = lex.verb_forms.get(low, low)
        low = lex.plurals.get(low, low)
        got = stem(low)
        # "notes", "noted" stem to the negators' key: keep them a word of their own
        return got if got != "not" else low

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


def _reporting(lexicon: DriftLexicon) -> tuple[str, str]:
    """The lexicon's reporting verbs (longest first) and auxiliaries, as regex alternations."""
    verbs = "|".join(sorted((re.escape(v) for v in lexicon.reporting), key=len, reverse=True))
    return verbs, "|".join(sorted(re.escape(a) for a in lexicon.auxiliaries))


def _citation_pattern(lexicon: DriftLexicon) -> re.Pattern[str] | None:
    """A sentence that reports a named source's statement: "According to UNICEF, …", a name
    with a reporting verb and "that" ("Human Rights Watch has estimated that …", "The ILO
    estimated in 2016 that …"), or a quotation with its speaker ("“We will not …,” said the
    minister", "“…,” Agnes Akiror told reporters"). A name is an acronym or two capitalised
    words or more ("of", "for", "and", "on" between them): a sentence's first word alone
    ("Police said that …") is no name."""
    if not lexicon.reporting:
        return None
    verbs, aux = _reporting(lexicon)
    word = r"[A-Z][\w'’.&-]*"
    joined = rf"{word}(?:\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?{word})+"
    name = rf"(?:[Tt]he\s+)?(?:[A-Z]{{2,}}\b|{joined})"
    quoted = r"[“\"][^”\"]{20,}[”\"]"
    return re.compile(
        rf"^\W*(?:[Aa]ccording\s+to\s+{name}\s*,"
        rf"|{name}\s+(?:(?:{aux})\s+)*(?:{verbs})\b[^.;:]{{0,30}}?\bthat\b)"
        rf"|^\s*{quoted}\s*,?\s*(?:[\w'’.-]+\s+){{0,4}}?(?:{verbs})\b"
    )


def _lead_in_pattern(lexicon: DriftLexicon) -> re.Pattern[str] | None:
    """The words that introduce a quotation or a reported statement at a sentence's start,
    which are the quoting document's own and no part of what it copies: "As the 2019 report
    noted, “…", "According to the ministry, …", "The report wrote that “…", "The bureau stated:
    “…" (a source and a reporting verb lead in only to a quotation). A match ends where the
    quoted or reported words begin, after the opening quote."""
    if not lexicon.reporting:
        return None
    verbs, aux = _reporting(lexicon)
    phrase = r"(?:[\w'’.&-]+\s+){0,10}?[\w'’.&-]+"
    said = rf"(?:(?:{aux})\s+)*(?:{verbs})"
    when = r"(?:\s+(?:in|on)\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,2})?"
    opening = r"[“\"‘]"
    return re.compile(
        rf"\s*(?:(?:[Aa]s|[Ll]ike)\s+{phrase}\s+{said}{when}\s*,\s*{opening}?"
        rf"|[Aa]ccording\s+to\s+{phrase}\s*,\s*{opening}?"
        rf"|{phrase}\s+{said}{when}(?:\s+that)?\s*[,:]?\s*{opening})"
    )


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
