"""What a rule pack may contain, checked before anything is compiled.

Every key at every depth is known, every value has its type, required keys are there, regexes
compile, and no pattern repeats a repeat (`(a+)+`), which can take exponential time on a
sentence that almost matches. Each problem is `file:line: what is wrong; what to write
instead`, naming the key and the nearest valid key.
"""

from __future__ import annotations

import difflib
import importlib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tipcheck.read.paths import shown

# The standard library's own regex parser (private, but stable since 3.11 and the only parser
# that agrees with `re` on every construct); imported by name, as it has no type stubs.
sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")


class RuleError(ValueError):
    """A rule-pack problem: `file:line: what is wrong; what to write instead`."""


# Types: str, int, float (int accepted), bool, [T] a list of T, {key: T} a table with those
# keys, ("*", T) a table whose keys are free (names) and whose values are T.
_STRS = [str]
_SCHEMA: dict[str, dict[str, Any]] = {
    "pack.toml": {
        "name": str, "version": str, "description": str,
        "tolerance": ("*", float),
        "time": {"reporting_period_offset": int},
        "anaphora": {"phrases": _STRS, "instruments": _STRS},
        "confidence": {"error": float, "report": float},
        "series": [{"id": str, "title": str, "reporting_period_offset": int}],
        "subjects": {"organs": _STRS, "people": _STRS},
        "scope": {"own_properties": _STRS, "own_words": _STRS, "own_min": int},
    },
    "entities.toml": {
        "country": [{"iso": str, "name": str, "aliases": _STRS, "demonyms": _STRS}],
        "instrument": [{"id": str, "name": str, "aliases": _STRS}],
        "organisation": [{"id": str, "name": str, "aliases": _STRS}],
        "capitals": ("*", str),
        "demonyms": ("*", str),
    },
    "extract.toml": {
        "template": [{"id": str, "property": str, "value": str, "requires": str,
                      "patterns": _STRS, "negated": _STRS}],
        "count_settings": {"not_after": _STRS, "max_modifiers": int},
        "count": [{"property": str, "nouns": _STRS, "verbs": _STRS, "facets": bool,
                   "not_with": _STRS}],
        "facet": [{"id": str, "words": _STRS, "family": str}],
        "facet_group": [{"id": str, "members": _STRS, "words": _STRS, "other_countries": bool}],
        "money": [{"property": str, "purposes": _STRS, "recipients": _STRS}],
        "breakdown": [{"property": str, "requires": str, "headers": _STRS, "partition": bool,
                       "total_property": str, "part_property": str, "partial": _STRS}],
        "field": [{"labels": _STRS, "property": str, "type": str, "partition": bool, "units": _STRS}],
        "comparison": {"factors": ("*", float), "factor_patterns": _STRS,
                       "change_requires": str, "change_patterns": _STRS,
                       "trend_patterns": _STRS, "trend_requires": str, "span_patterns": _STRS,
                       "target_patterns": _STRS,
                       "trend_up": _STRS, "trend_down": _STRS,
                       "change_up_verbs": _STRS, "change_down_verbs": _STRS,
                       "change_up_nouns": _STRS, "change_down_nouns": _STRS,
                       "change_fractions": ("*", float), "multiplying_verbs": ("*", float)},
        "route": [{"requires": str, "patterns": _STRS}],
        "qualifier": [{"name": str, "bound": str, "tolerance": float, "words": _STRS}],
        "currency": {"not_codes": _STRS, "former_codes": ("*", str), "symbols": ("*", str),
                     "names": ("*", str), "local": ("*", ("*", _STRS)),
                     "local_symbols": ("*", str)},
    },
    "policies.toml": {"policy": ("*", {"type": str, "undated": str})},
}  # fmt: skip
_REQUIRED: dict[str, tuple[str, ...]] = {
    "template": ("id", "property", "value", "patterns"),
    "count": ("property", "nouns"),
    "facet": ("id", "words"),
    "facet_group": ("id",),
    "money": ("property", "purposes"),
    "breakdown": ("property", "headers"),
    "field": ("labels", "property", "type"),
    "route": ("patterns",),
    "qualifier": ("name", "bound", "words"),
    "country": ("iso",),
    "instrument": ("id", "name"),
    "organisation": ("id", "name"),
    "policy": ("type",),
    "series": ("id", "title"),
}
# Keys whose strings are regular expressions (the rest of the patterns are templates).
REGEX_KEYS = frozenset(
    {"requires", "partial", "labels", "change_requires", "trend_requires", "not_after"}
)
KNOWN_FILES = tuple(_SCHEMA)
_TYPE_NAME = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def line_of(path: Path, needle: str) -> int:
    """The line of `path` where `needle` is a key (`needle =`, `[needle]`, `[[needle]]`), else
    the first line holding it, else 1."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    lines = text.splitlines()
    as_key = re.compile(r"^\s*\[*\s*" + re.escape(needle) + r"\s*(?:=|\])")
    for i, line in enumerate(lines, 1):
        if as_key.match(line):
            return i
    for i, line in enumerate(lines, 1):
        if needle in line and not line.lstrip().startswith("#"):
            return i
    return 1


def read_toml(path: Path) -> dict[str, Any]:
    """A pack file's tables; any reason it cannot be read is a RuleError naming the file."""
    where = shown(str(path))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RuleError(f"{where}: cannot read ({e.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise RuleError(
            f"{where}:{line}: not valid UTF-8 (byte 0x{data[e.start]:02x}); re-save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RuleError(f"{where}: {e}; fix the TOML syntax there") from None
    except RecursionError:
        raise RuleError(
            f"{where}: arrays or tables nested too deeply to read; a rule pack needs at most "
            "a table of arrays of tables"
        ) from None


def _shown_value(v: object) -> str:
    kind = {str: "a string", int: "an integer", float: "a float", bool: "a boolean",
            list: "an array", dict: "a table"}.get(type(v), type(v).__name__)  # fmt: skip
    text = repr(v)
    return f"{text[:60]}… ({kind})" if len(text) > 60 else f"{text} ({kind})"


def _expected(spec: Any) -> str:
    if isinstance(spec, list):
        return "an array of tables" if isinstance(spec[0], dict) else "an array of strings"
    if isinstance(spec, dict | tuple):
        return "a table"
    return _TYPE_NAME[spec]


def _type_ok(value: object, spec: Any) -> bool:
    if spec is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if spec is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if spec in (str, bool):
        return isinstance(value, spec)
    if isinstance(spec, list):
        return isinstance(value, list)
    return isinstance(value, dict)


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> RuleError:
        leaf = key.rsplit(".", 1)[-1].split("[", 1)[0]
        return RuleError(f"{shown(str(self.path))}:{line_of(self.path, leaf)}: {key}: {message}")

    def check(self, value: object, spec: Any, key: str, table: str) -> None:
        """`value` against `spec`; the walk is as deep as the schema, never the data."""
        if not _type_ok(value, spec):
            raise self.fail(key, f"expected {_expected(spec)}, got {_shown_value(value)}")
        if isinstance(spec, list):
            assert isinstance(value, list)
            for i, item in enumerate(value):
                self.check(item, spec[0], f"{key}[{i}]", table)
        elif isinstance(spec, tuple):
            assert isinstance(value, dict)
            for name, item in value.items():
                self.check(item, spec[1], f"{key}.{name}", table)
                if isinstance(spec[1], dict):
                    self.required(item, key, f"{key}.{name}")
        elif isinstance(spec, dict):
            assert isinstance(value, dict)
            self.keys(value, spec, key)
            for name, item in value.items():
                self.check(item, spec[name], f"{key}.{name}" if key else name, name)
                if isinstance(spec[name], list) and isinstance(spec[name][0], dict):
                    for i, entry in enumerate(item):
                        self.required(entry, name, f"{name}[{i}]")

    def keys(self, value: Mapping[str, Any], spec: Mapping[str, Any], key: str) -> None:
        for name in value:
            if name in spec:
                continue
            near = difflib.get_close_matches(name, sorted(spec), n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(spec)}"
            where = f"{key}.{name}" if key else name
            raise self.fail(where, f"unknown key '{name}'; {hint}")

    def required(self, entry: Mapping[str, Any], table: str, key: str) -> None:
        missing = [k for k in _REQUIRED.get(table.split(".")[0], ()) if k not in entry]
        if missing:
            raise self.fail(
                key,
                f"missing {', '.join(repr(m) for m in missing)}; every [[{table}]] needs "
                f"{', '.join(_REQUIRED[table.split('.')[0]])}",
            )


def check_file(path: Path, data: Mapping[str, Any]) -> None:
    """Raise RuleError for the first unknown key, wrong type or missing key in a pack file."""
    spec = _SCHEMA.get(path.name)
    if spec is not None:
        _Checker(path).check(dict(data), spec, "", "")


def _is_unbounded(op: Any, av: Any) -> bool:
    return (
        op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
        and av[1] == sre_constants.MAXREPEAT
    )


def _nullable(items: Any) -> bool:
    return all(_item_nullable(op, av) for op, av in items)


def _item_nullable(op: Any, av: Any) -> bool:
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        return bool(av[0] == 0 or _nullable(av[2]))
    if op is sre_constants.SUBPATTERN:
        return _nullable(av[3])
    if op is sre_constants.BRANCH:
        return any(_nullable(b) for b in av[1])
    return op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)


def _reduces_to_repeat(items: Any) -> bool:
    """Whether a repeated body can match using only an unbounded repeat inside it (the rest
    optional): then the two repeats can split one run of text in exponentially many ways."""
    solid = [(op, av) for op, av in items if not _item_nullable(op, av)]
    candidates = solid if solid else list(items)
    if len(solid) > 1:
        return False
    for op, av in candidates:
        if _is_unbounded(op, av):
            return True
        if op is sre_constants.SUBPATTERN and _reduces_to_repeat(av[3]):
            return True
        if op is sre_constants.BRANCH and any(_reduces_to_repeat(b) for b in av[1]):
            return True
    return False


def _nested(items: Any) -> bool:
    for op, av in items:
        if _is_unbounded(op, av) and _reduces_to_repeat(av[2]):
            return True
        children: list[Any] = []
        if op in (
            sre_constants.MAX_REPEAT,
            sre_constants.MIN_REPEAT,
            sre_constants.POSSESSIVE_REPEAT,
        ):
            children = [av[2]]
        elif op is sre_constants.SUBPATTERN:
            children = [av[3]]
        elif op is sre_constants.BRANCH:
            children = list(av[1])
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            children = [av[1]]
        elif op is sre_constants.ATOMIC_GROUP:
            children = [av]
        if any(_nested(c) for c in children):
            return True
    return False


NESTED_HINT = (
    "nested repeat: a repeated group holds a repeat of its own, as in (a+)+, which can take exponential time "
    "on a sentence that almost matches; repeat once, e.g. write (a+) or (a )+ instead of "
    "((a )+)+, or bound one of the two with a count such as {0,4}"
)


def nested_quantifier(regex: str) -> bool:
    """True when `regex` repeats a repeat (`(a+)+`, `(\\w+\\s?)*`, `((x )+)+`)."""
    try:
        return _nested(sre_parse.parse(regex))
    except (re.error, RecursionError):
        return False  # compiling reports a bad regex in its own words


def compile_regex(path: Path, key: str, regex: str, flags: int = re.I) -> re.Pattern[str]:
    """Compile a regex written in a pack, or raise RuleError naming file, line and key."""

    def where() -> str:  # for an error only: finding the line reads the file
        return f"{shown(str(path))}:{line_of(path, regex[:30])}"

    try:
        rx = re.compile(regex, flags)
    except re.error as e:
        raise RuleError(
            f"{where()}: {key} {regex!r} is not a valid regex ({e}); escape literal characters "
            r"such as ( ) [ ] with \ "
        ) from None
    except RecursionError:
        raise RuleError(f"{where()}: {key}: regex nested too deeply; simplify it") from None
    if nested_quantifier(regex):
        raise RuleError(f"{where()}: {key} {regex!r}: {NESTED_HINT}")
    return rx


def check_qualifiers(path: Path, entries: list[Mapping[str, Any]], bounds: tuple[str, ...]) -> None:
    """Each `[[qualifier]]` names a known bound, an approximation has a tolerance, a tolerance
    lies in [0, 1), and no word qualifies two ways."""
    seen: dict[str, str] = {}
    for i, q in enumerate(entries):
        where = f"{shown(str(path))}:{line_of(path, q['name'])}: qualifier[{i}] {q['name']!r}"
        if q["bound"] not in bounds:
            near = difflib.get_close_matches(q["bound"], bounds, n=1, cutoff=0.4)
            hint = f"did you mean '{near[0]}'?" if near else f"one of {', '.join(bounds)}"
            raise RuleError(f"{where}: bound {q['bound']!r} is unknown; {hint}")
        tol = q.get("tolerance")
        if q["bound"] == "approximate" and tol is None:
            raise RuleError(f"{where}: an approximate bound needs a tolerance, e.g. 0.10")
        if tol is not None and not 0 <= tol < 1:
            raise RuleError(f"{where}: tolerance {tol} must lie in [0, 1) (a fraction of n)")
        for w in q["words"]:
            key = " ".join(w.lower().split())
            if not key:
                raise RuleError(f"{where}: an empty word; remove it")
            if key in seen and seen[key] != q["name"]:
                raise RuleError(f"{where}: {w!r} is already a word of {seen[key]!r}; keep one")
            seen[key] = q["name"]
