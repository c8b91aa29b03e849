"""Rule packs: domain knowledge as data (TOML), loaded, validated and compiled once.

A pack is a folder of TOML files: `pack.toml` (settings), `entities.toml` (aliases, instruments),
`extract.toml` (patterns), `policies.toml` (how each property is compared), `drift.toml`
(words for drift classing). Nothing in a pack is executed as code.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs

from tipcheck.extraction.entities import Gazetteer, build_gazetteer
from tipcheck.extraction.templates import (
    TemplateError,
    compile_template,
    required_words,
    slot_table,
)
from tipcheck.parse.numbers import trie_pattern

PACK_FILES = ("pack.toml", "entities.toml", "extract.toml", "policies.toml")
_KNOWN_KEYS: dict[str, set[str]] = {
    "pack.toml": {"name", "version", "description", "tolerance", "time", "anaphora", "confidence", "series", "subjects"},
    "entities.toml": {"country", "instrument", "organisation"},
    "extract.toml": {"template", "count_settings", "count", "facet", "money", "breakdown", "field",
                     "comparison", "route"},
    "policies.toml": {"policy"},
}  # fmt: skip
# Keys of the entries of each array of tables and of each sub-table: a misspelt key there would
# otherwise be read as "not set" and silently change what the pack extracts.
_ENTRY_KEYS: dict[tuple[str, str], set[str]] = {
    ("entities.toml", "country"): {"id", "iso", "name", "aliases", "demonyms"},
    ("entities.toml", "instrument"): {"id", "iso", "name", "aliases", "demonyms"},
    ("entities.toml", "organisation"): {"id", "iso", "name", "aliases", "demonyms"},
    ("extract.toml", "template"): {"id", "property", "value", "patterns", "negated", "requires"},
    ("extract.toml", "count_settings"): {"max_modifiers", "not_after"},
    ("extract.toml", "count"): {"property", "nouns", "verbs", "facets"},
    ("extract.toml", "facet"): {"id", "words"},
    ("extract.toml", "money"): {"property", "purposes"},
    ("extract.toml", "breakdown"): {"property", "headers", "part_property", "total_property",
                                    "partial", "partition", "requires"},
    ("extract.toml", "field"): {"property", "labels", "partition", "type"},
    ("extract.toml", "comparison"): {"factors", "factor_patterns", "change_patterns",
                                     "change_requires", "trend_up", "trend_down",
                                     "trend_patterns", "trend_requires"},
    ("extract.toml", "route"): {"patterns", "requires"},
    ("pack.toml", "tolerance"): {"approximately", "nearly", "comparison", "composition"},
    ("pack.toml", "time"): {"reporting_period_offset"},
    ("pack.toml", "anaphora"): {"phrases"},
}  # fmt: skip
POLICY_TYPES = ("event", "indexed", "set", "breakdown", "composition")


class RuleError(ValueError):
    """A rule-pack problem: `file:line: what is wrong; what to write instead`."""


@attrs.frozen(slots=True)
class Template:
    id: str
    property: str
    value: str
    regex: re.Pattern[str]
    slots: dict[str, str]
    negated: bool
    # a cheap test a sentence must pass before the full pattern runs (the pack's `requires`)
    requires: re.Pattern[str] | None = None
    # words the pattern itself cannot match without (derived from it: `required_words`)
    words: re.Pattern[str] | None = None


@attrs.frozen(slots=True)
class CountRule:
    property: str
    nouns: re.Pattern[str]
    verbs: re.Pattern[str] | None
    facets: bool = False


@attrs.frozen(slots=True)
class MoneyRule:
    property: str
    purposes: re.Pattern[str]


@attrs.frozen(slots=True)
class BreakdownRule:
    property: str
    headers: tuple[tuple[re.Pattern[str], dict[str, str]], ...]
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
    money: tuple[MoneyRule, ...]
    breakdowns: tuple[BreakdownRule, ...]
    fields: tuple[FieldRule, ...]
    factor_values: dict[str, float]
    factor_patterns: tuple[re.Pattern[str], ...]
    change_patterns: tuple[tuple[re.Pattern[str], int], ...]
    trend_patterns: tuple[re.Pattern[str], ...]
    trend_up: frozenset[str]
    routes: tuple[re.Pattern[str], ...]
    policies: dict[str, dict[str, Any]]
    drift_path: str | None
    tolerances: dict[str, float]
    reporting_period_offset: int
    # cheap tests a sentence must pass before the route and trend patterns run (from the pack)
    route_requires: re.Pattern[str] | None
    trend_requires: re.Pattern[str] | None
    factor_requires: re.Pattern[str] | None
    change_requires: re.Pattern[str] | None
    # every count noun in one pattern: a figure followed by none of them is not a count
    count_nouns: re.Pattern[str] | None
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


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise RuleError(f"{path}: {e}") from None
    except OSError as e:
        raise RuleError(f"{path}: cannot read ({e.strerror})") from None


def _line_of(path: Path, needle: str) -> int:
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return i
    except OSError:
        pass
    return 1


def _check_keys(path: Path, data: dict[str, Any]) -> None:
    known = _KNOWN_KEYS.get(path.name)
    if known is None:
        return
    for key in data:
        if key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = (
                f"; did you mean {near[0]!r}?"
                if near
                else f"; known keys: {', '.join(sorted(known))}"
            )
            raise RuleError(f"{path}:{_line_of(path, key)}: unknown key {key!r}{hint}")
    for key, value in data.items():
        allowed = _ENTRY_KEYS.get((path.name, key))
        if allowed is not None:
            _check_entry_keys(path, key, value, allowed)


def _check_entry_keys(path: Path, key: str, value: object, allowed: set[str]) -> None:
    for entry in value if isinstance(value, list) else [value]:
        for sub in entry if isinstance(entry, dict) else ():
            if sub not in allowed:
                near = difflib.get_close_matches(sub, sorted(allowed), n=1)
                hint = (
                    f"did you mean {near[0]!r}?"
                    if near
                    else "known keys: " + ", ".join(sorted(allowed))
                )
                raise RuleError(
                    f"{path}:{_line_of(path, sub)}: unknown key {sub!r} in [{key}]; {hint}"
                )


def _compile(
    path: Path, template: str, slots: dict[str, str]
) -> tuple[re.Pattern[str], dict[str, str]]:
    try:
        return compile_template(template, slots)
    except TemplateError as e:
        raise RuleError(
            f"{path}:{_line_of(path, template[:30])}: pattern {template!r}: {e}"
        ) from None


def _alternation(path: Path, phrases: list[str], slots: dict[str, str]) -> re.Pattern[str]:
    # longest first: regex alternation takes the first alternative that fits, not the longest
    parts = [_compile(path, p, slots)[0].pattern for p in sorted(phrases, key=len, reverse=True)]
    return re.compile("(?:" + "|".join(parts) + ")", re.I)


@functools.lru_cache(maxsize=8)
def _load(path_str: str) -> RulePack:
    root = Path(path_str)
    if not root.is_dir():
        raise RuleError(
            f"{root}: rule pack folder not found; pass --rules DIR with pack.toml in it"
        )
    files: dict[str, dict[str, Any]] = {}
    for name in PACK_FILES:
        p = root / name
        if p.is_file():
            files[name] = _read(p)
            _check_keys(p, files[name])
    if "pack.toml" not in files:
        raise RuleError(f"{root}: no pack.toml; a rule pack needs one (name, tolerance, anaphora)")
    pack = files["pack.toml"]
    ext = files.get("extract.toml", {})
    ext_path = root / "extract.toml"
    comp = ext.get("comparison", {})
    factors: dict[str, float] = {str(k): float(v) for k, v in comp.get("factors", {}).items()}
    trend_up = [str(t) for t in comp.get("trend_up", [])]
    trend_down = [str(t) for t in comp.get("trend_down", [])]
    slots = slot_table(
        pack.get("anaphora", {}).get("phrases", []),
        factors or ["twice"],
        (trend_up + trend_down) or ["increased"],
    )

    templates: list[Template] = []
    seen_ids: set[str] = set()
    for t in ext.get("template", []):
        tid = t.get("id") or ""
        if not tid or tid in seen_ids:
            raise RuleError(
                f"{ext_path}:{_line_of(ext_path, 'id = ')}: template id {tid!r} missing or duplicated"
            )
        seen_ids.add(tid)
        if t.get("value") not in ("event", "tier"):
            raise RuleError(
                f"{ext_path}:{_line_of(ext_path, tid)}: template {tid}: value must be 'event' or 'tier'"
            )
        requires = re.compile(t["requires"], re.I) if t.get("requires") else None
        for neg, key in ((False, "patterns"), (True, "negated")):
            for pat in t.get(key, []):
                rx, names = _compile(ext_path, pat, slots)
                templates.append(
                    Template(
                        tid,
                        t["property"],
                        t["value"],
                        rx,
                        names,
                        neg,
                        requires,
                        required_words(pat),
                    )
                )

    cs = ext.get("count_settings", {})
    not_after = re.compile(
        r"(?:^|\W)(?:" + "|".join(re.escape(w) for w in cs.get("not_after", [])) + r")\s*$", re.I
    )
    counts = tuple(
        CountRule(
            c["property"],
            _alternation(ext_path, c["nouns"], slots),
            _alternation(ext_path, c["verbs"], slots) if c.get("verbs") else None,
            bool(c.get("facets", False)),
        )
        for c in ext.get("count", [])
    )
    facets = tuple(
        (f["id"], _alternation(ext_path, f["words"], slots)) for f in ext.get("facet", [])
    )
    money = tuple(
        MoneyRule(m["property"], _alternation(ext_path, m["purposes"], slots))
        for m in ext.get("money", [])
    )
    breakdowns = tuple(
        BreakdownRule(
            b["property"],
            tuple(_compile(ext_path, h, slots) for h in b["headers"]),
            bool(b.get("partition", True)),
            b.get("total_property"),
            b.get("part_property"),
            re.compile(b["requires"], re.I) if b.get("requires") else None,
            re.compile("|".join(b["partial"]), re.I) if b.get("partial") else None,
        )
        for b in ext.get("breakdown", [])
    )
    fields = []
    for f in ext.get("field", []):
        if f.get("type") not in ("composition", "statistic"):
            raise RuleError(
                f"{ext_path}:{_line_of(ext_path, f.get('property', ''))}: field type must be composition or statistic"
            )
        fields.append(
            FieldRule(
                re.compile(r"^(?:" + "|".join(f["labels"]) + r")$", re.I),
                f["property"],
                f["type"],
                bool(f.get("partition", False)),
            )
        )
    change = []
    for p in comp.get("change_patterns", []):
        rx, _ = _compile(ext_path, p, slots)
        sign = -1 if re.search(r"decrease|decline|drop|fall|reduction", p) else 1
        change.append((rx, sign))
    routes = tuple(
        _compile(ext_path, p, slots)[0] for r in ext.get("route", []) for p in r.get("patterns", [])
    )

    pol_path = root / "policies.toml"
    policies: dict[str, dict[str, Any]] = {}
    for key, val in files.get("policies.toml", {}).get("policy", {}).items():
        if val.get("type") not in POLICY_TYPES:
            raise RuleError(
                f"{pol_path}:{_line_of(pol_path, key)}: policy {key!r}: type must be one of {', '.join(POLICY_TYPES)}"
            )
        policies[key] = dict(val)

    tol = {k: float(v) for k, v in pack.get("tolerance", {}).items()}
    route_req = "|".join(r["requires"] for r in ext.get("route", []) if r.get("requires"))
    trend_req = comp.get("trend_requires")
    return RulePack(
        name=str(pack.get("name", root.name)),
        path=str(root),
        gazetteer=build_gazetteer(files.get("entities.toml", {})),
        templates=tuple(templates),
        counts=counts,
        not_after=not_after,
        max_modifiers=int(cs.get("max_modifiers", 3)),
        facets=facets,
        money=money,
        breakdowns=breakdowns,
        fields=tuple(fields),
        factor_values={k.lower(): v for k, v in factors.items()},
        factor_patterns=tuple(
            _compile(ext_path, p, slots)[0] for p in comp.get("factor_patterns", [])
        ),
        change_patterns=tuple(change),
        trend_patterns=tuple(
            _compile(ext_path, p, slots)[0] for p in comp.get("trend_patterns", [])
        ),
        trend_up=frozenset(t.lower() for t in trend_up),
        routes=routes,
        policies=policies,
        drift_path=str(root / "drift.toml") if (root / "drift.toml").is_file() else None,
        tolerances=tol,
        reporting_period_offset=int(pack.get("time", {}).get("reporting_period_offset", -1)),
        route_requires=re.compile(route_req, re.I) if route_req else None,
        trend_requires=re.compile(trend_req, re.I) if trend_req else None,
        factor_requires=re.compile(trie_pattern(list(factors)), re.I) if factors else None,
        change_requires=re.compile(comp["change_requires"], re.I)
        if comp.get("change_requires")
        else None,
        count_nouns=re.compile("(?:" + "|".join(r.nouns.pattern for r in counts) + ")", re.I)
        if counts
        else None,
        template_groups=_template_groups(templates),
        **_judgement(pack),
    )


def _judgement(pack: dict[str, Any]) -> dict[str, Any]:
    """The pack's settings for how firmly claims must be read (`[confidence]`), which
    publication series it knows (`[[series]]`: id, title pattern, reporting-period offset),
    and which words name a state's organs after a demonym (`[subjects] organs`)."""
    conf = pack.get("confidence", {})
    organs = [str(w) for w in pack.get("subjects", {}).get("organs", [])]
    return {
        "organ_opening": re.compile(
            r"^(?:(?:In|During|By|As of|Since)\s+[\w ,]{0,25}?,?\s+)?(?:[Tt]he\s+)?\x05\x06*+\s+(?:"
            + "|".join(re.escape(w) for w in organs)
            + r")\b",
            re.I,
        )
        if organs
        else None,
        "confidence_error": float(conf.get("error", 0.8)),
        "confidence_report": float(conf.get("report", 0.5)),
        "series": tuple(
            (
                str(x["id"]),
                re.compile(str(x["title"]), re.I),
                int(x.get("reporting_period_offset", 0)),
            )
            for x in pack.get("series", [])
        ),
    }


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


def validate_rules(path: str | Path | None = None) -> RulePack:
    """Load a pack as `load_rules` does, and also reject one that extracts nothing (`tipcheck
    rules validate`): a pack without patterns, counts, fields, money, breakdowns or routes
    would check every document and find nothing, which looks like a clean corpus."""
    root = Path(path) if path is not None else default_rules_path()
    # read the files afresh: validating is for a pack being edited, the cache may be stale
    pack = _load.__wrapped__(str(root.resolve()))
    parts = (pack.templates, pack.counts, pack.fields, pack.money, pack.breakdowns, pack.routes)
    if not any(parts):
        raise RuleError(
            f"{pack.path}: the pack defines nothing to extract; add [[template]], [[count]], "
            "[[field]], [[money]], [[breakdown]] or [[route]] entries to its extract.toml"
        )
    return pack


def load_rules(path: str | Path | None = None) -> RulePack:
    """Load and compile a rule pack folder (the bundled `tip` pack when `path` is None)."""
    root = Path(path) if path is not None else default_rules_path()
    return _load(str(root.resolve()))
