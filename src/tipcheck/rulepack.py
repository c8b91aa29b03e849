"""Rule packs: domain knowledge as data (TOML), loaded, validated and compiled once.

A pack is a folder of TOML files: `pack.toml` (settings), `entities.toml` (aliases, instruments),
`extract.toml` (patterns), `policies.toml` (how each property is compared), `drift.toml`
(words for drift classing). Nothing in a pack is executed as code.

Longer than the ~400 lines a module is kept to, on purpose: it is the one place that turns each
section of the pack's format into compiled rules, one small loader per section, and splitting
the loaders from the classes they build would make a reader open two files for one section.
"""

from __future__ import annotations

import builtins
import functools
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from tipcheck.extraction.entities import Gazetteer, build_gazetteer
from tipcheck.extraction.templates import (
    LazyPattern,
    TemplateError,
    compile_template,
    matcher,
    required_words,
    slot_table,
    template_pattern,
)
from tipcheck.packschema import (
    NESTED_HINT,
    RuleError,
    check_file,
    check_qualifiers,
    compile_regex,
    line_of,
    nested_quantifier,
    read_toml,
)
from tipcheck.parse.changes import ChangeGrammar, change_grammar
from tipcheck.parse.numbers import trie_pattern
from tipcheck.parse.quantities import BOUNDS, Currencies, Qualifier, QuantityGrammar
from tipcheck.parse.wordforms import WordForms
from tipcheck.read.paths import shown
from tipcheck.read.where import reading

if TYPE_CHECKING:
    import regex

PACK_FILES = ("pack.toml", "entities.toml", "extract.toml", "policies.toml")
REQUIRED_FILES = ("pack.toml", "extract.toml")
__all__ = ["RuleError", "RulePack", "default_rules_path", "load_rules", "validate_rules"]
POLICY_TYPES = ("event", "indexed", "set", "breakdown", "composition")


@attrs.frozen(slots=True)
class Template:
    id: str
    property: str
    value: str
    pattern: str  # regex source, checked by `re` when the pack loaded
    slots: Mapping[str, str]
    negated: bool
    # a cheap test a sentence must pass before the full pattern runs (the pack's `requires`)
    requires: re.Pattern[str] | None = None
    # words the pattern itself cannot match without (derived from it: `required_words`)
    words: re.Pattern[str] | None = None

    @builtins.property  # `property` is a field of this class
    def regex(self) -> regex.Pattern[str]:
        """The pattern compiled by the `regex` module (matching runs under a time budget), on
        first use."""
        return matcher(self.pattern)


@attrs.frozen(slots=True)
class CountRule:
    property: str
    nouns: re.Pattern[str]
    verbs: re.Pattern[str] | None
    facets: bool = False
    # the verbs as written (lemmas, "convict"): only a negated verb stands bare ("did not
    # convict any"); elsewhere the base form is too often a noun to count on
    bases: re.Pattern[str] | None = None
    # objects that make the verb another predicate ("12 victims received compensation" is no
    # assistance): a figure whose verb takes one of them is not this count
    not_with: re.Pattern[str] | None = None


@attrs.frozen(slots=True)
class MoneyRule:
    property: str
    purposes: re.Pattern[str]
    # who receives the amount, named right before it ("granted us KSh 3 million"): the
    # recipient says what the money is for when no purpose is stated
    recipients: re.Pattern[str] | None = None


@attrs.frozen(slots=True)
class FacetGroup:
    """A group within a facet family that parts can all fall inside ("girls" and "boys" are
    both children): a list of such parts covers only that group, not a whole made of others."""

    id: str
    # the facets inside the group
    members: frozenset[str]
    # other words that put a part inside it ("under 18")
    words: re.Pattern[str] | None = None
    # a part naming a country other than the subject is inside it (foreign nationals)
    other_countries: bool = False


@attrs.frozen(slots=True)
class BreakdownRule:
    property: str
    headers: tuple[tuple[LazyPattern, Mapping[str, str]], ...]
    partition: bool
    total_property: str | None = None
    part_property: str | None = None
    # a cheap test a sentence must pass before the headers are tried (the pack's `requires`)
    requires: re.Pattern[str] | None = None
    # words in a header that mark the parts as a partial list, which may fall short of the total
    partial: re.Pattern[str] | None = None


@attrs.frozen(slots=True)
class FieldRule:
    labels: re.Pattern[str]
    property: str
    type: str
    partition: bool
    # the labels as they may stand in a sentence ("the population of …", "adult literacy")
    in_prose: LazyPattern | None = None
    # the labels alone, the cheap test a sentence passes before `in_prose` (which holds a
    # quantity slot and starts at every position) is tried
    label_words: re.Pattern[str] | None = None


@attrs.frozen(slots=True)
class RulePack:
    """A compiled rule pack. Build with `load_rules(path)`."""

    name: str
    path: str
    gazetteer: Gazetteer
    templates: tuple[Template, ...]
    counts: tuple[CountRule, ...]
    not_after: re.Pattern[str]
    max_modifiers: int
    facets: tuple[tuple[str, re.Pattern[str]], ...]
    # facet id -> its family ("age and sex", "form", "origin"): parts of two families overlap
    facet_families: Mapping[str, str]
    # groups within the families: parts all inside one are a partial list of a wider total
    facet_groups: tuple[FacetGroup, ...]
    money: tuple[MoneyRule, ...]
    breakdowns: tuple[BreakdownRule, ...]
    fields: tuple[FieldRule, ...]
    factor_values: Mapping[str, float]
    factor_patterns: tuple[LazyPattern, ...]
    change_patterns: tuple[tuple[LazyPattern, int], ...]
    trend_patterns: tuple[LazyPattern, ...]
    # a trend with both ends: "fell from 173 in 2018 to 140 in 2019"
    span_patterns: tuple[LazyPattern, ...]
    trend_up: frozenset[str]
    routes: tuple[LazyPattern, ...]
    policies: Mapping[str, Mapping[str, Any]]
    drift_path: str | None
    tolerances: Mapping[str, float]
    # the pack's quantity language: qualifiers as intervals, currency codes, symbols and names
    quantities: QuantityGrammar
    reporting_period_offset: int
    # cheap tests a sentence must pass before the route and trend patterns run (from the pack)
    route_requires: re.Pattern[str] | None
    trend_requires: re.Pattern[str] | None
    factor_requires: re.Pattern[str] | None
    change_requires: re.Pattern[str] | None
    # every count noun in one pattern: a figure followed by none of them is not a count
    count_nouns: re.Pattern[str] | None
    # changes told in any word order ("a 10 percent rise", "fell by a tenth", "doubled"), from
    # the pack's change words (`[comparison]` change_* and multiplying_verbs)
    changes: ChangeGrammar | None = None
    # the templates in order, in runs sharing one `requires` test (tested once a sentence)
    template_groups: tuple[tuple[re.Pattern[str] | None, tuple[Template, ...]], ...] = ()
    # how firm a claim's keys must be: at `confidence_error` a finding may be an error, below
    # `confidence_report` it is not raised at all, in between it is a warning that says why
    confidence_error: float = 0.8
    confidence_report: float = 0.5
    # publication series (id, title pattern, reporting-period offset): undated statistics in an
    # edition of a series speak about its reporting period, not the edition's year
    series: tuple[tuple[str, re.Pattern[str], int], ...] = ()
    # a demonym followed by one of these opens a sentence about its state ("Senegalese
    # authorities identified …"): the pack's `[subjects] organs`, matched on tagged text
    organ_opening: re.Pattern[str] | None = None
    # a state's organs after a name ("Guyana Police Force"), and people after a demonym
    # ("Venezuelan nationals"): how much a mention says about whom a document is about
    organ_after: re.Pattern[str] | None = None
    people_after: re.Pattern[str] | None = None
    # the figure a trend reaches, the measure named before the trend word: "Investigations
    # rose to 18 in 2021" (`[comparison]` target_patterns, with a {b:quantity} slot)
    target_patterns: tuple[LazyPattern, ...] = ()
    # an organisation writing of its work in the first person counts its own: these measures
    # of a document using `own_words` at least `own_min` times are the writer's (`[scope]`)
    own_properties: frozenset[str] = frozenset()
    own_words: re.Pattern[str] | None = None
    own_min: int = 3

    def lazy_patterns(self) -> list[LazyPattern]:
        """The patterns compiled on first use (see `LazyPattern`)."""
        out = [rx for b in self.breakdowns for rx, _ in b.headers]
        out += [rx for rx, _ in self.change_patterns]
        out += [f.in_prose for f in self.fields if f.in_prose is not None]
        return [
            *out,
            *self.factor_patterns,
            *self.span_patterns,
            *self.target_patterns,
            *self.trend_patterns,
            *self.routes,
        ]

    def policy(self, prop: str) -> str:
        """The policy type for a property: exact key first, then the longest `prefix.*` key."""
        return str(self.policy_setting(prop, "type", "indexed"))

    def policy_setting(self, prop: str, name: str, default: Any = None) -> Any:
        """One setting of a property's policy (exact key first, then the longest `prefix.*`
        key that has it)."""
        if name in self.policies.get(prop, {}):
            return self.policies[prop][name]
        best = ""
        for key, val in self.policies.items():
            wider = key.endswith(".*") and prop.startswith(key[:-1])
            if wider and name in val and len(key) > len(best):
                best = key
        return self.policies[best][name] if best else default


def default_rules_path() -> Path:
    """The bundled `tip` pack: installed inside the package, or `rules/` of a source checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "rules" / "tip", here.parent.parent / "rules" / "tip"):
        if (cand / "pack.toml").is_file():
            return cand
    raise RuleError(f"the bundled rule pack was not found next to {here}; reinstall tipcheck")


def _compile(
    path: Path, template: str, slots: Mapping[str, str]
) -> tuple[LazyPattern, dict[str, str]]:
    """A template as a `re` pattern compiled on first use (its author's part checked now)."""
    body, names = _checked(path, template, slots)
    return LazyPattern(body), names


def _checked(path: Path, template: str, slots: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """A template's regex source, checked without compiling it whole: the pack author's part
    (slots as a single letter) must compile and must not nest quantifiers; the slots' own
    regexes are ours. The `regex` module compiles the whole on first use (`Template.regex`)."""
    try:
        body, names = template_pattern(template, slots)
        atoms, _ = compile_template(template, dict.fromkeys(slots, "x"))
    except TemplateError as e:
        raise RuleError(f"{_where(path, template)}: pattern {template!r}: {e}") from None
    if nested_quantifier(atoms.pattern):
        raise RuleError(f"{_where(path, template)}: pattern {template!r}: {NESTED_HINT}")
    return body, names


def _where(path: Path, template: str) -> str:
    """file:line of a template, for an error only (finding the line reads the file)."""
    return f"{shown(str(path))}:{line_of(path, template[:30])}"


def _alternation(path: Path, phrases: list[str], slots: Mapping[str, str]) -> re.Pattern[str]:
    # longest first: regex alternation takes the first alternative that fits, not the longest
    parts = [_checked(path, p, slots)[0] for p in sorted(phrases, key=len, reverse=True)]
    return re.compile("(?:" + "|".join(parts) + ")", re.I)


def _read_pack(root: Path) -> dict[str, dict[str, Any]]:
    """Every pack file of `root`, read and checked against the schema."""
    if not root.is_dir():
        raise RuleError(
            f"{shown(str(root))}: rule pack folder not found; pass --rules DIR with pack.toml "
            "and extract.toml in it"
        )
    files: dict[str, dict[str, Any]] = {}
    for name in PACK_FILES:
        p = root / name
        if p.is_file():
            files[name] = read_toml(p)
            check_file(p, files[name])
    for name in REQUIRED_FILES:
        if name not in files:
            what = "name, tolerance, anaphora" if name == "pack.toml" else "the patterns"
            raise RuleError(
                f"{shown(str(root / name))}: missing; a rule pack needs {name} ({what}) — copy "
                f"it from the bundled pack ({default_rules_path()}) and edit it"
            )
    return files


def _templates(path: Path, ext: Mapping[str, Any], slots: Mapping[str, str]) -> list[Template]:
    templates: list[Template] = []
    seen_ids: set[str] = set()
    for t in ext.get("template", []):
        tid = t["id"]
        if not tid or tid in seen_ids:
            raise RuleError(
                f"{path}:{line_of(path, tid or 'id = ')}: template id {tid!r} missing or "
                "duplicated; give each [[template]] its own id"
            )
        seen_ids.add(tid)
        if t["value"] not in ("event", "tier"):
            raise RuleError(
                f"{path}:{line_of(path, tid)}: template {tid}: value must be 'event' or 'tier'"
            )
        requires = compile_regex(path, "requires", t["requires"]) if t.get("requires") else None
        for neg, key in ((False, "patterns"), (True, "negated")):
            for pat in t.get(key, []):
                body, names = _checked(path, pat, slots)
                templates.append(
                    Template(
                        tid,
                        t["property"],
                        t["value"],
                        body,
                        MappingProxyType(names),
                        neg,
                        requires,
                        required_words(pat),
                    )
                )
    return templates


def _inflected(
    path: Path, phrases: list[str], inflect: Callable[[str], str], slots: Mapping[str, str]
) -> re.Pattern[str]:
    """An alternation of `phrases` written as lemmas, each in every form `inflect` gives it;
    a phrase that opened or closed with a word keeps its word boundary there."""
    parts = []
    for p in sorted(phrases, key=len, reverse=True):
        body = _checked(path, inflect(p), slots)[0]
        lead = r"(?<![\w])" if p[:1].isalnum() and not body.startswith(r"(?<![\w])") else ""
        tail = r"(?![\w])" if p[-1:].isalnum() and not body.endswith(r"(?![\w])") else ""
        parts.append(lead + body + tail)
    return re.compile("(?:" + "|".join(parts) + ")", re.I)


def _counts(
    path: Path, ext: Mapping[str, Any], slots: Mapping[str, str], forms: WordForms
) -> tuple[CountRule, ...]:
    # nouns and verbs are lemmas ("victim", "identify"): their forms are generated
    return tuple(
        CountRule(
            c["property"],
            _inflected(path, c["nouns"], forms.noun_phrase, slots),
            _inflected(path, c["verbs"], forms.verb_phrase, slots) if c.get("verbs") else None,
            bool(c.get("facets", False)),
            _alternation(path, c["verbs"], slots) if c.get("verbs") else None,
            _inflected(path, c["not_with"], forms.noun_phrase, slots)
            if c.get("not_with")
            else None,
        )
        for c in ext.get("count", [])
    )


def _breakdowns(
    path: Path, ext: Mapping[str, Any], slots: Mapping[str, str]
) -> tuple[BreakdownRule, ...]:
    return tuple(
        BreakdownRule(
            b["property"],
            tuple(
                (rx, MappingProxyType(names))
                for rx, names in (_compile(path, h, slots) for h in b["headers"])
            ),
            bool(b.get("partition", True)),
            b.get("total_property"),
            b.get("part_property"),
            compile_regex(path, "requires", b["requires"]) if b.get("requires") else None,
            compile_regex(path, "partial", "|".join(b["partial"])) if b.get("partial") else None,
        )
        for b in ext.get("breakdown", [])
    )


def _fields(path: Path, ext: Mapping[str, Any], quantity: str) -> tuple[FieldRule, ...]:
    fields = []
    for f in ext.get("field", []):
        if f["type"] not in ("composition", "statistic"):
            raise RuleError(
                f"{path}:{line_of(path, f['property'])}: field {f['property']}: type must be "
                "'composition' or 'statistic'"
            )
        alts = "|".join(f["labels"])
        labels = compile_regex(path, "labels", rf"^(?:{alts})$")
        units = "|".join(f.get("units", []))
        prose_src = _PROSE_STAT.format(labels=alts, q=quantity)
        if units:  # "a principality of 39,055 inhabitants", "had 100,447 residents"
            prose_src = f"{prose_src}|{_PROSE_UNITS.format(units=units, q=quantity)}"
        prose = LazyPattern(prose_src) if f["type"] == "statistic" else None
        gate = f"{alts}|{units}" if units else alts
        fields.append(
            FieldRule(
                labels,
                f["property"],
                f["type"],
                bool(f.get("partition", False)),
                prose,
                re.compile(rf"\b(?:{gate})\b", re.I) if prose else None,
            )
        )
    return tuple(fields)


# A statistic named in a sentence: its label after an article, a determiner or the country's
# possessive ("Belize had a population of about 419,000", "Life expectancy at birth is 69 years",
# "adult literacy stands at 88 percent"), a copula, then the figure; a label after another
# word ("the Roma population of 12,000") is a part of the population, not the country's
_PROSE_STAT = (
    r"(?:(?<![\w'’-])(?:a|an|the|its|their|total|national|adult|annual|average|overall|estimated)\s+"
    r"|\x01\x02*['’]s\s+|^|(?<=[,;:(]\s))"
    r"(?P<label>{labels})(?:\s+(?:at\s+birth|rate|figure))?(?:\s+(?:in|of)\s+\x01\x02*)?"
    r"\s+(?:was|is|stood\s+at|stands\s+at|reached|of|totall?ed|amounted\s+to|came\s+to)\s+"
    r"(?P<q>{q})"
)

# … or by its unit after the figure, said of a place (the field's `units`): "a country of about
# 300,000 people", "an archipelago that had 100,447 residents", "the Marshall Islands had 42,418 residents" (a country
# named by name is a tag in the text read), "With an estimated 41,000 inhabitants in 2023, …";
# never a count of people who did something ("had 300 people who were rescued")
_PROSE_UNITS = (
    r"(?:(?:\b(?:country|nation|archipelago|principality|state|kingdom|republic|islands?|territory)"
    r"|\x01\x02*)(?:\s+(?:that|which))?\s+(?:of|had|has|counts|counted|numbers|numbered)\s+"
    r"|(?:^|(?<=[,;:(]\s))[Ww]ith\s+(?:an?\s+)?(?:estimated\s+)?)"
    r"(?P<ulabel>)(?P<uq>{q})\s+(?:{units})\b(?!\s+(?:who|were|was|are|had|have)\b)"
)


def _policies(path: Path, files: Mapping[str, Any]) -> Mapping[str, Mapping[str, Any]]:
    policies: dict[str, Mapping[str, Any]] = {}
    for key, val in files.get("policies.toml", {}).get("policy", {}).items():
        if val["type"] not in POLICY_TYPES:
            raise RuleError(
                f"{path}:{line_of(path, key)}: policy {key!r}: type must be one of "
                f"{', '.join(POLICY_TYPES)}"
            )
        policies[key] = MappingProxyType(dict(val))
    return MappingProxyType(policies)


# plurals that are no "+s"; every other ISO 4217 unit word takes one ("Brunei dollars")
_CURRENCY_PLURALS = {"krone": "kroner", "krona": "kronor", "leu": "lei", "sum": "sum"}


def _currency_names(iso_name: str) -> list[str]:
    """How a text names an ISO 4217 currency after a figure: its ISO name of two words or more
    ("Brunei Dollar", "Jamaican Dollar") in the singular and the plural. One-word names ("Won",
    "Sol", "Tala") are English words or rarely written alone; the pack lists those it wants."""
    words = iso_name.split()
    if len(words) < 2 or "(" in iso_name or any(ch.isdigit() for ch in iso_name):
        return []
    last = words[-1].lower()
    plural = _CURRENCY_PLURALS.get(last, last if last.endswith("s") else last + "s")
    return [iso_name, " ".join([*words[:-1], plural])]


def _quantities(path: Path, ext: Mapping[str, Any]) -> QuantityGrammar:
    """The pack's `[[qualifier]]` words as intervals and its `[currency]` words: ISO 4217 codes
    from pycountry (less `not_codes`), symbols and names."""
    import pycountry

    entries = ext.get("qualifier", [])
    check_qualifiers(path, entries, BOUNDS)
    qualifiers = {
        str(w): Qualifier(str(q["name"]), str(q["bound"]), q.get("tolerance"))
        for q in entries
        for w in q["words"]
    }
    cur = ext.get("currency", {})
    codes = frozenset(str(c.alpha_3) for c in pycountry.currencies) - set(cur.get("not_codes", []))
    codes |= set(cur.get("former_codes", {}))  # currencies since replaced, in older reports
    names = {
        form: str(c.alpha_3)
        for c in pycountry.currencies
        if c.alpha_3 in codes
        for form in _currency_names(str(c.name))
    }
    names.update(cur.get("names", {}))  # the pack's own words win
    for code, name in cur.get("former_codes", {}).items():
        names.update(dict.fromkeys(_currency_names(str(name)), str(code)))
    local = {
        name: MappingProxyType({c: str(code) for code, cs in by.items() for c in cs})
        for name, by in cur.get("local", {}).items()
    }
    currencies = Currencies(
        codes,
        MappingProxyType(dict(cur.get("symbols", {}))),
        MappingProxyType(names),
        MappingProxyType(local),
        MappingProxyType(dict(cur.get("local_symbols", {}))),
    )
    return QuantityGrammar(qualifiers, currencies)


def _optional(path: Path, key: str, regex: str | None) -> re.Pattern[str] | None:
    return compile_regex(path, key, regex) if regex else None


def _own_words(words: list[str]) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, words)), re.I) if words else None


def _facet_families(ext: Mapping[str, Any]) -> dict[str, str]:
    """Each facet's family, and each facet group's when its members share one ("women or
    girls" names the group female, of the family age and sex)."""
    families = {f["id"]: f["family"] for f in ext.get("facet", []) if "family" in f}
    for g in ext.get("facet_group", []):
        of = {families.get(m) for m in g.get("members", [])}
        if len(of) == 1 and None not in of:
            families.setdefault(g["id"], of.pop())
    return families


def _build(root: Path, files: Mapping[str, dict[str, Any]]) -> RulePack:
    pack = files["pack.toml"]
    ext = files["extract.toml"]
    ext_path = root / "extract.toml"
    comp = ext.get("comparison", {})
    factors: dict[str, float] = {str(k): float(v) for k, v in comp.get("factors", {}).items()}
    trend_up = [str(t) for t in comp.get("trend_up", [])]
    trend_down = [str(t) for t in comp.get("trend_down", [])]
    quantities = _quantities(ext_path, ext)
    slots = slot_table(
        pack.get("anaphora", {}).get("phrases", []),
        factors or ["twice"],
        (trend_up + trend_down) or ["increased"],
        pack.get("anaphora", {}).get("instruments", []),
        quantities,
    )
    templates = _templates(ext_path, ext, slots)
    cs = ext.get("count_settings", {})
    not_after = re.compile(
        r"(?:^|\W)(?:" + "|".join(re.escape(w) for w in cs.get("not_after", [])) + r")\s*$", re.I
    )
    forms = WordForms.for_pack(root)
    counts = _counts(ext_path, ext, slots, forms)
    change = []
    for p in comp.get("change_patterns", []):
        rx, _ = _compile(ext_path, p, slots)
        sign = -1 if re.search(r"decrease|decline|drop|fall|reduction", p) else 1
        change.append((rx, sign))
    route_req = "|".join(r["requires"] for r in ext.get("route", []) if r.get("requires"))
    return RulePack(
        name=str(pack.get("name", root.name)),
        path=str(root),
        gazetteer=build_gazetteer(files.get("entities.toml", {})),
        templates=tuple(templates),
        counts=counts,
        not_after=not_after,
        max_modifiers=int(cs.get("max_modifiers", 3)),
        facets=tuple(
            (f["id"], _alternation(ext_path, f["words"], slots)) for f in ext.get("facet", [])
        ),
        facet_families=_facet_families(ext),
        facet_groups=tuple(
            FacetGroup(
                g["id"],
                frozenset(g.get("members", [])),
                _alternation(ext_path, g["words"], slots) if g.get("words") else None,
                bool(g.get("other_countries", False)),
            )
            for g in ext.get("facet_group", [])
        ),
        money=tuple(
            MoneyRule(
                m["property"],
                _alternation(ext_path, m["purposes"], slots),
                _alternation(ext_path, m["recipients"], slots) if m.get("recipients") else None,
            )
            for m in ext.get("money", [])
        ),
        breakdowns=_breakdowns(ext_path, ext, slots),
        fields=_fields(ext_path, ext, quantities.pattern),
        factor_values=MappingProxyType({k.lower(): v for k, v in factors.items()}),
        factor_patterns=tuple(
            _compile(ext_path, p, slots)[0] for p in comp.get("factor_patterns", [])
        ),
        change_patterns=tuple(change),
        span_patterns=tuple(_compile(ext_path, p, slots)[0] for p in comp.get("span_patterns", [])),
        own_properties=frozenset(pack.get("scope", {}).get("own_properties", [])),
        own_words=_own_words(pack.get("scope", {}).get("own_words", [])),
        own_min=int(pack.get("scope", {}).get("own_min", 3)),
        target_patterns=tuple(
            _compile(ext_path, p, slots)[0] for p in comp.get("target_patterns", [])
        ),
        trend_patterns=tuple(
            _compile(ext_path, p, slots)[0] for p in comp.get("trend_patterns", [])
        ),
        trend_up=frozenset(t.lower() for t in trend_up),
        routes=tuple(
            _compile(ext_path, p, slots)[0]
            for r in ext.get("route", [])
            for p in r.get("patterns", [])
        ),
        policies=_policies(root / "policies.toml", files),
        drift_path=str(root / "drift.toml") if (root / "drift.toml").is_file() else None,
        tolerances=MappingProxyType({k: float(v) for k, v in pack.get("tolerance", {}).items()}),
        quantities=quantities,
        reporting_period_offset=int(pack.get("time", {}).get("reporting_period_offset", -1)),
        route_requires=_optional(ext_path, "route requires", route_req),
        trend_requires=_optional(ext_path, "trend_requires", comp.get("trend_requires")),
        factor_requires=re.compile(trie_pattern([*factors, "times", "fold"]), re.I),
        change_requires=_optional(ext_path, "change_requires", comp.get("change_requires")),
        count_nouns=re.compile("(?:" + "|".join(r.nouns.pattern for r in counts) + ")", re.I)
        if counts
        else None,
        template_groups=_template_groups(templates),
        changes=change_grammar(comp, forms.verb, quantities.qualifier),
        **_judgement(root / "pack.toml", pack),
    )


def _words(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in words) + r")\b"


def _next_word(words: list[str]) -> re.Pattern[str] | None:
    """A pattern matching right after a mention when the next word is one of `words`."""
    return re.compile(r"\s+" + _words(words), re.I) if words else None


def _judgement(path: Path, pack: Mapping[str, Any]) -> dict[str, Any]:
    """The pack's settings for how firmly claims must be read (`[confidence]`), which
    publication series it knows (`[[series]]`: id, title pattern, reporting-period offset),
    which words name a state's organs (`[subjects] organs`) and which name people of a
    nationality after a demonym (`[subjects] people`)."""
    conf = pack.get("confidence", {})
    organs = [str(w) for w in pack.get("subjects", {}).get("organs", [])]
    people = [str(w) for w in pack.get("subjects", {}).get("people", [])]
    return {
        "organ_after": _next_word(organs),
        "people_after": _next_word(people),
        "organ_opening": re.compile(
            r"^(?:(?:In|During|By|As of|Since)\s+[\w ,]{0,25}?,?\s+)?(?:[Tt]he\s+)?\x05\x06*+\s+"
            + _words(organs),
            re.I,
        )
        if organs
        else None,
        "confidence_error": float(conf.get("error", 0.8)),
        "confidence_report": float(conf.get("report", 0.5)),
        "series": tuple(
            (
                str(x["id"]),
                compile_regex(path, "series.title", str(x["title"])),
                int(x.get("reporting_period_offset", 0)),
            )
            for x in pack.get("series", [])
        ),
    }


@functools.lru_cache(maxsize=8)
def _load(path_str: str, signature: tuple[tuple[str, int, int], ...]) -> RulePack:
    """The compiled pack; `signature` (the files' sizes and times) is part of the cache key,
    so a pack whose files changed is read again."""
    root = Path(path_str)
    with reading(str(root)):
        return _build(root, _read_pack(root))


def _template_groups(
    templates: list[Template],
) -> tuple[tuple[re.Pattern[str] | None, tuple[Template, ...]], ...]:
    groups: list[tuple[re.Pattern[str] | None, list[Template]]] = []
    for t in templates:
        if groups and groups[-1][1][-1].id == t.id:
            groups[-1][1].append(t)
        else:
            groups.append((t.requires, [t]))
    return tuple((req, tuple(ts)) for req, ts in groups)


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    out = []
    for name in (*PACK_FILES, "drift.toml"):
        try:
            st = (root / name).stat()
        except OSError:
            continue
        out.append((name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_rules(path: str | Path | None = None) -> RulePack:
    """Load and compile a rule pack folder (the bundled `tip` pack when `path` is None).

    The pack is immutable (frozen classes, read-only mappings, tuples) and cached; a cached
    pack is read again when one of its files has changed.
    """
    root = (Path(path) if path is not None else default_rules_path()).resolve()
    return _load(str(root), _signature(root))


def validate_rules(path: str | Path | None = None) -> RulePack:
    """Load a pack as `load_rules` does, and also reject one that extracts nothing (`tipcheck
    rules validate`): a pack without patterns, counts, fields, money, breakdowns or routes
    would check every document and find nothing, which looks like a clean corpus."""
    root = (Path(path) if path is not None else default_rules_path()).resolve()
    # read the files afresh: validating is for a pack being edited, the cache may be stale
    pack = _load.__wrapped__(str(root), _signature(root))
    parts = (pack.templates, pack.counts, pack.fields, pack.money, pack.breakdowns, pack.routes)
    for lazy in pack.lazy_patterns():
        lazy.compiled()  # what a run compiles on first use, compiled now
    if not any(parts):
        raise RuleError(
            f"{pack.path}: the pack defines nothing to extract; add [[template]], [[count]], "
            "[[field]], [[money]], [[breakdown]] or [[route]] entries to its extract.toml"
        )
    return pack
