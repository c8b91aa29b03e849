"""Configuration: `[tool.tipcheck]` in pyproject.toml, or a tipcheck.toml with the same keys at
its top level.

Found as ruff finds its own: walking up from the folder of each checked path (then from the
working directory when none is found there); the first file found wins, in one directory
tipcheck.toml wins over pyproject.toml, and a pyproject.toml without a `[tool.tipcheck]` table
is passed over. `--config FILE` names the file instead and `--isolated` ignores every file.
Command-line flags override what is loaded here.

    [tool.tipcheck]
    rules = "rules/tip"                 # rule pack, relative to this file
    reference = "reference/facts.csv"   # trusted values
    fail-on = "warning"                 # error | warning | info
    select = ["TC1", "TC2"]             # code prefixes; longest prefix wins over ignore
    ignore = ["TC3"]
    per-path-ignores = { "drafts/*" = ["TC4"] }
    as-of = { "old/*.md" = "2008-06" }
    boilerplate = "off"                 # info | drift (every change inside) | off
    format = "text"
    exclude = ["archive/**"]
    max-file-size = "10 MB"             # larger files are an input error (TC907)
    against = "tipcheck.db"             # the index `tipcheck server` checks open documents against

    [tool.tipcheck.thresholds]
    duplicate-similarity = 0.85
    min-passage-words = 12

Longer than the ~400 lines a module is kept to, on purpose: every key of the format is read and
validated here, with its did-you-mean message, so a setting is documented, parsed and checked
in one place.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from tipcheck.read.sizes import DEFAULT_MAX_FILE_SIZE, parse_size

FAIL_LEVELS = ("error", "warning", "info")
BOILERPLATE = ("info", "drift", "off")
FORMATS = ("text", "json", "sarif", "junit", "github", "html")
KEYS = (
    "rules",
    "reference",
    "fail-on",
    "select",
    "ignore",
    "per-path-ignores",
    "as-of",
    "boilerplate",
    "thresholds",
    "format",
    "exclude",
    "max-file-size",
    "against",
)
THRESHOLD_KEYS = ("duplicate-similarity", "min-passage-words")
_CODE = re.compile(r"^(?:TC\d{0,3}|ALL)$")
_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


class ConfigError(Exception):
    """A configuration file that cannot be used. The message names the file, the key, what was
    found and what is allowed; `path` and `key` are kept for programs."""

    def __init__(self, message: str, path: Path | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.key = key


@attrs.frozen(slots=True)
class Config:
    """Settings from a config file; None or empty means "not set, use the default".

    Paths are absolute, resolved against the directory of the file that set them.
    """

    source: Path | None = None
    rules: Path | None = None
    reference: Path | None = None
    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, hash=False)
    as_of: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    boilerplate: str | None = None
    duplicate_similarity: float | None = None
    min_passage_words: int | None = None
    format: str | None = None
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # Read by `tipcheck server` only: `tipcheck check corpus/` stays a check of the corpus
    # itself (a default `--against` there would change what a CI gate reports).
    against: Path | None = None

    @property
    def root(self) -> Path | None:
        """The directory of the config file: globs and paths in it are relative to here."""
        return self.source.parent if self.source else None


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The first config file walking up from `start` (default: the working directory), with
    its tipcheck table; None when there is none."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for d in (here, *here.parents):
        standalone = d / "tipcheck.toml"
        if standalone.is_file():
            data = _read_toml(standalone)
            if "tool" in data and isinstance(data["tool"], dict) and "tipcheck" in data["tool"]:
                raise ConfigError(
                    f"{standalone}: tipcheck.toml holds its settings at the top level; "
                    "remove the [tool.tipcheck] header (that form is for pyproject.toml)",
                    standalone,
                    "tool",
                )
            return standalone, data
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject)
            table = (
                data.get("tool", {}).get("tipcheck") if isinstance(data.get("tool"), dict) else None
            )
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(
                        f"{pyproject}: tool.tipcheck must be a table ([tool.tipcheck])",
                        pyproject,
                        "tool.tipcheck",
                    )
                return pyproject, table
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}); fix the syntax there", path) from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror})", path) from None
    except UnicodeDecodeError as e:
        raise ConfigError(
            f"{path}: not valid UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start});"
            " re-save the file as UTF-8",
            path,
        ) from None
    except RecursionError:
        raise ConfigError(
            f"{path}: arrays or tables nested too deeply to read; flatten the nesting", path
        ) from None


def load_config(start: Path | None = None) -> Config:
    """The configuration that applies in `start` (default: the working directory).

    Returns Config() when no file is found. Raises ConfigError for unreadable TOML, an unknown
    key (with the nearest valid key) or a value of the wrong type or range.
    """
    found = find_config(start)
    if found is None:
        return Config()
    path, table = found
    return parse_config(table, path)


def load_config_file(path: Path) -> Config:
    """The configuration in `path` (`--config FILE`): a tipcheck.toml, or any other TOML file
    with a `[tool.tipcheck]` table (a pyproject.toml) or the keys at its top level."""
    if not path.is_file():
        raise ConfigError(
            f"--config {path}: no such file; give the path of a tipcheck.toml or pyproject.toml",
            path,
        )
    data = _read_toml(path)
    tool = data.get("tool")
    if isinstance(tool, dict) and "tipcheck" in tool:
        table = tool["tipcheck"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.tipcheck must be a table ([tool.tipcheck])", path)
        return parse_config(table, path, prefix=True)
    if path.name == "pyproject.toml":
        raise ConfigError(
            f"--config {path}: this pyproject.toml has no [tool.tipcheck] table; add one, or "
            "point --config at a tipcheck.toml",
            path,
        )
    return parse_config(data, path)


def _start_of(path: Path) -> Path:
    """The folder a checked path's configuration is looked for from. A path that cannot be
    resolved (a symlink loop) is looked up from where it lies; reading it names the problem."""
    try:
        p = path.resolve()
    except (RuntimeError, OSError):
        return path.absolute().parent
    return p if p.is_dir() else p.parent


def discover(
    paths: Sequence[str | Path], *, config_file: Path | None = None, isolated: bool = False
) -> Config:
    """The configuration for checking `paths`: `config_file` when given, nothing when
    `isolated`, else the file found walking up from the checked paths' folders (from the
    working directory when there is none there, or only standard input ("-") is checked).

    Raises ConfigError when the paths fall under different configuration files: one run
    applies one configuration, so which would apply to what must not be a guess.
    """
    if isolated:
        return Config()
    if config_file is not None:
        return load_config_file(config_file)
    found: dict[Path, list[str]] = {}
    for raw in paths:
        if str(raw) == "-":
            continue
        hit = find_config(_start_of(Path(raw)))
        if hit is not None:
            found.setdefault(hit[0].resolve(), []).append(str(raw))
    if len(found) > 1:
        listing = "; ".join(f"{f} for {', '.join(ps)}" for f, ps in sorted(found.items()))
        raise ConfigError(
            f"the checked paths fall under different configuration files ({listing}); check "
            "them in separate runs, or choose one with --config FILE"
        )
    if found:
        return load_config(next(iter(found)).parent)
    return load_config(Path.cwd())


def settings(cfg: Config) -> list[tuple[str, str]]:
    """The settings in effect as (key, value) rows for `--show-settings`, in file order."""

    def show(v: object, default: str = "") -> str:
        if v is None or v == () or v == {}:
            return f"{default} (default)" if default else "(not set)"
        if isinstance(v, tuple):
            return "[" + ", ".join(map(str, v)) + "]"
        if isinstance(v, Mapping):
            return "{" + ", ".join(f"{k} = {show(x)}" for k, x in v.items()) + "}"
        return str(v)

    return [
        ("config file", str(cfg.source) if cfg.source else "(none found)"),
        ("rules", show(cfg.rules, "the bundled tip pack")),
        ("reference", show(cfg.reference)),
        ("fail-on", show(cfg.fail_on, "error")),
        ("select", show(cfg.select)),
        ("ignore", show(cfg.ignore)),
        ("per-path-ignores", show(dict(cfg.per_path_ignores))),
        ("as-of", show(dict(cfg.as_of))),
        ("boilerplate", show(cfg.boilerplate, "info")),
        ("format", show(cfg.format, "text")),
        ("exclude", show(cfg.exclude)),
        ("against", show(cfg.against)),
        ("thresholds.duplicate-similarity", show(cfg.duplicate_similarity)),
        ("thresholds.min-passage-words", show(cfg.min_passage_words)),
    ]


def parse_config(table: Mapping[str, Any], path: Path, *, prefix: bool | None = None) -> Config:
    """Validate a tipcheck table read from `path` and build the Config. `prefix` says whether
    the table sat under [tool.tipcheck] (default: when the file is a pyproject.toml), so that
    errors name keys as the file spells them."""
    if prefix is None:
        prefix = path.name == "pyproject.toml"
    key_prefix = "tool.tipcheck." if prefix else ""
    v = _Validator(path, key_prefix)
    v.check_keys(table, KEYS, "")
    base = path.parent.resolve()
    kwargs: dict[str, Any] = {"source": path.resolve()}
    if "rules" in table:
        kwargs["rules"] = base / v.string(table["rules"], "rules", "a path to a rule pack")
    if "reference" in table:
        kwargs["reference"] = base / v.string(table["reference"], "reference", "a path to a file")
    if "fail-on" in table:
        kwargs["fail_on"] = v.choice(table["fail-on"], "fail-on", FAIL_LEVELS)
    if "select" in table:
        kwargs["select"] = v.codes(table["select"], "select")
    if "ignore" in table:
        kwargs["ignore"] = v.codes(table["ignore"], "ignore")
    if "per-path-ignores" in table:
        ppi = v.table(table["per-path-ignores"], "per-path-ignores", "glob = [codes]")
        kwargs["per_path_ignores"] = {
            glob: v.codes(codes, f"per-path-ignores.{_q(glob)}") for glob, codes in ppi.items()
        }
    if "as-of" in table:
        aso = v.table(table["as-of"], "as-of", 'document glob = "YYYY[-MM[-DD]]"')
        kwargs["as_of"] = {glob: v.date(d, f"as-of.{_q(glob)}") for glob, d in aso.items()}
    if "boilerplate" in table:
        kwargs["boilerplate"] = v.choice(table["boilerplate"], "boilerplate", BOILERPLATE)
    if "thresholds" in table:
        th = v.table(table["thresholds"], "thresholds", "duplicate-similarity, min-passage-words")
        v.check_keys(th, THRESHOLD_KEYS, "thresholds.")
        if "duplicate-similarity" in th:
            kwargs["duplicate_similarity"] = v.fraction(
                th["duplicate-similarity"], "thresholds.duplicate-similarity"
            )
        if "min-passage-words" in th:
            kwargs["min_passage_words"] = v.positive_int(
                th["min-passage-words"], "thresholds.min-passage-words"
            )
    if "format" in table:
        kwargs["format"] = v.choice(table["format"], "format", FORMATS)
    if "exclude" in table:
        kwargs["exclude"] = v.strings(table["exclude"], "exclude", "a list of glob strings")
    if "max-file-size" in table:
        kwargs["max_file_size"] = v.size(table["max-file-size"], "max-file-size")
    if "against" in table:
        kwargs["against"] = base / v.string(table["against"], "against", "a path to an index file")
    return Config(**kwargs)


def _q(key: str) -> str:
    """A table key as TOML would write it in a dotted path."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace('"', '\\"') + '"'


def _shown(value: object) -> str:
    kind = _TOML_TYPE.get(type(value), type(value).__name__)
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{value!r} ({article} {kind})"


_TOML_TYPE: dict[type, str] = {
    str: "string",
    int: "integer",
    float: "float",
    bool: "boolean",
    list: "array",
    dict: "table",
}


@attrs.define
class _Validator:
    path: Path
    prefix: str

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: {self.prefix}{key}: {message}", self.path, key)

    def check_keys(self, table: Mapping[str, Any], valid: Sequence[str], where: str) -> None:
        for key in table:
            if key in valid:
                continue
            guess = difflib.get_close_matches(key.replace("_", "-"), valid, n=1, cutoff=0.5)
            hint = f"did you mean '{guess[0]}'?" if guess else "valid keys: " + ", ".join(valid)
            raise self.fail(f"{where}{key}", f"unknown key; {hint}")

    def string(self, value: object, key: str, what: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(key, f"expected {what} as a non-empty string, got {_shown(value)}")
        return value

    def choice(self, value: object, key: str, allowed: Sequence[str]) -> str:
        if not isinstance(value, str) or value not in allowed:
            options = " | ".join(f'"{a}"' for a in allowed)
            guess = (
                difflib.get_close_matches(value.lower(), allowed, n=1)
                if isinstance(value, str)
                else []
            )
            hint = f' (did you mean "{guess[0]}"?)' if guess else ""
            raise self.fail(key, f"got {_shown(value)}; allowed: {options}{hint}")
        return value

    def strings(self, value: object, key: str, what: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise self.fail(key, f"expected {what}, got {_shown(value)}")
        return tuple(value)

    def codes(self, value: object, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            raise self.fail(
                key, f'expected a list of rule codes such as ["{value}"], got {_shown(value)}'
            )
        items = self.strings(value, key, 'a list of rule codes or prefixes, e.g. ["TC1", "TC302"]')
        for code in items:
            if not _CODE.match(code.upper()):
                raise self.fail(
                    key,
                    f"{code!r} is not a rule code or prefix; write codes like TC101 or TC3, "
                    'or "ALL"',
                )
        return tuple(c.upper() for c in items)

    def table(self, value: object, key: str, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table of {what}, got {_shown(value)}")
        return value

    def date(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not _DATE.match(value):
            raise self.fail(
                key,
                f'expected a date string "YYYY", "YYYY-MM" or "YYYY-MM-DD", got {_shown(value)}',
            )
        return value

    def fraction(self, value: object, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key, f"expected a number from 0 to 1, got {_shown(value)}")
        return float(value)

    def size(self, value: object, key: str) -> int:
        try:
            return parse_size(value)
        except ValueError as e:
            raise self.fail(key, str(e)) from None

    def positive_int(self, value: object, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(key, f"expected a whole number of at least 1, got {_shown(value)}")
        return value


def _prefix_len(code: str, prefixes: Sequence[str]) -> int:
    """Length of the longest prefix in `prefixes` that `code` starts with; ALL counts as 0 and
    no match as -1."""
    best = -1
    for p in prefixes:
        up = p.upper()
        if up == "ALL":
            best = max(best, 0)
        elif code.upper().startswith(up):
            best = max(best, len(up))
    return best


def select_codes(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether `code` is checked: the longest matching prefix decides, as in ruff.

    An empty `select` selects everything. `select=["TC1"], ignore=["TC101"]` drops TC101 only;
    `select=["TC101"], ignore=["TC1"]` keeps TC101. On a tie, ignore wins.
    """
    sel = _prefix_len(code, select) if select else 0
    ign = _prefix_len(code, ignore)
    return sel >= 0 and sel > ign


def _glob_match(doc_id: str, glob: str) -> bool:
    """A doc id matches a glob on its whole path, on its file name, or (glob ending in "/")
    as a folder prefix. `*` crosses "/" here, like fnmatch, so "drafts/*" covers subfolders."""
    if glob.endswith("/"):
        return doc_id.startswith(glob) or fnmatch.fnmatchcase(doc_id, glob + "*")
    name = doc_id.rsplit("/", 1)[-1]
    return fnmatch.fnmatchcase(doc_id, glob) or (
        "/" not in glob and fnmatch.fnmatchcase(name, glob)
    )


def path_ignored(doc_id: str, code: str, per_path: Mapping[str, Sequence[str]]) -> bool:
    """Whether `per-path-ignores` turns `code` off for document `doc_id`."""
    return any(
        _prefix_len(code, codes) >= 0
        for glob, codes in per_path.items()
        if _glob_match(doc_id, glob)
    )


def as_of_for(doc_id: str, as_of: Mapping[str, str]) -> str | None:
    """The as-of override for `doc_id`: an exact id first, then the first matching glob in file
    order (TOML tables keep their order)."""
    if doc_id in as_of:
        return as_of[doc_id]
    return next((d for glob, d in as_of.items() if _glob_match(doc_id, glob)), None)


def excluded(doc_id: str, exclude: Sequence[str]) -> bool:
    """Whether `doc_id` matches one of the `exclude` globs ("**" is allowed)."""
    return any(_glob_match(doc_id, g.replace("**/", "*").replace("**", "*")) for g in exclude)
