"""The package's layout follows the flow: imports only point down it.

    parse, values, claims, findings  ←  read  ←  extraction, rulepack  ←  checks  ←  report
        ←  stages, executors, engine  ←  cli, config, the package itself

A module may import from its own layer or any layer below, never above: a check that imports
the report, or reading that imports extraction, is a failure naming both modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "src" / "tipcheck"

# Layer of each top-level module or stage package, lowest first.
LAYERS: dict[str, int] = {
    "version": 0,
    "values": 0,
    "claims": 0,
    "findings": 0,
    "parse": 0,
    "schemas": 0,  # the JSON Schemas of the output contracts: data, imports nothing
    "read": 1,
    # The compiled rule pack sits with extraction: it compiles the pack's templates and
    # gazetteer (extraction's own modules), and extraction and every check read it.
    "rulepack": 2,
    "packschema": 2,  # the rule pack's file schema, checked while the pack loads
    "extraction": 2,
    "checks": 3,
    "report": 4,
    "stages": 5,
    "executors": 5,
    "engine": 5,
    "index": 5,  # the corpus index and per-run cache: uses stages and executors; engine uses it
    "config": 6,
    "checking": 6,  # a check as the user configured it: config applied, for CLI and library
    "cli": 6,
    "cli_args": 6,  # the command line's grammar
    "guard": 6,  # the CLI's top-level handler: one line for an unexpected error, exit 2
    "inputs": 6,  # the CLI's checks before a run: paths, codes, jobs
    "cli_index": 6,
    "stdin": 6,  # standard input for the CLI, turned into a document to check
    "server": 6,  # `tipcheck server`, the language server: beside the CLI, which starts it
    "__init__": 6,
    "__main__": 6,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    head = module.split(".")[1] if module.count(".") else "__init__"
    assert head in LAYERS, f"{module}: no layer for `{head}`; add it to LAYERS in this test"
    return LAYERS[head]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every `tipcheck.…` import, at any depth (lazy imports
    inside functions count too)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out.extend((node.lineno, n) for n in names if n == "tipcheck" or n.startswith("tipcheck."))
    return out


MODULES = sorted(PKG.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_down_the_flow(path: Path) -> None:
    me = _module_name(path)
    mine = _layer(me)
    up = [
        f"{path.relative_to(PKG)}:{line}: imports {target} (layer {_layer(target)}) "
        f"from layer {mine}"
        for line, target in _imports(path)
        if target != "tipcheck" and _layer(target) > mine
    ]
    assert not up, "\n".join(up)


def test_every_stage_package_says_what_comes_in_and_goes_out() -> None:
    for init in PKG.rglob("__init__.py"):
        if init.parent == PKG:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "In:" in doc and "Out:" in doc, f"{init}: docstring needs In: and Out:"


def test_the_check_can_fail() -> None:
    # The rule itself: a check importing the report layer is caught.
    assert _layer("tipcheck.report.model") > _layer("tipcheck.checks.sets")
    assert _layer("tipcheck.extraction.counts") > _layer("tipcheck.read.passages")


def test_importing_the_cli_loads_no_heavy_module() -> None:
    """Start-up: the CLI's imports leave numpy, rapidfuzz, the regex module, ISO 3166 data,
    number words, dates, rich and the index to the runs that use them."""
    import subprocess
    import sys

    heavy = ("numpy", "rapidfuzz", "regex", "pycountry", "text_to_num", "dateparser", "rich")
    code = "import sys, tipcheck.cli; print(' '.join(m for m in %r if m in sys.modules))" % (heavy,)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []
