"""The hostile-input suite (issue 12): every input is built on the fly, the CLI runs as a
subprocess with a timeout, and each run must exit with the promised code, print the promised
message, never show a traceback, and leave the other documents' findings as they were.

The cases run concurrently (one subprocess each, most of their time is interpreter start-up),
so the whole suite costs a few seconds.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from runner import Result, run_case, tipcheck

from cases import WITNESS, Case, cases, corpus, remove_tree

# every hostile input through the CLI in a subprocess: the `slow` tier (`pytest -m slow`)
pytestmark = pytest.mark.slow

CASES = cases()


def _findings(out: str) -> list[dict[str, Any]]:
    data = json.loads(out)
    return [f for f in data["findings"] if all(e["doc"] in WITNESS for e in f["evidence"])]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, Result]]:
    root = tmp_path_factory.mktemp("hostile")
    clean_dir = root / "clean"
    clean_dir.mkdir()
    clean = tipcheck(["check", str(corpus(clean_dir)), "--format", "json"], clean_dir, 60)

    def one(i_case: tuple[int, Case]) -> tuple[str, tuple[Case, Result]]:
        i, case = i_case
        tmp = root / f"case{i}"
        tmp.mkdir()
        try:
            return case.name, (case, run_case(case, tmp))
        finally:
            remove_tree(tmp)

    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 1) + 2) as pool:
        out = dict(pool.map(one, enumerate(CASES)))
    out["<clean>"] = (CASES[0], clean)
    return out


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_hostile_input(name: str, results: dict[str, tuple[Case, Result]]) -> None:
    case, r = results[name]
    clean = results["<clean>"][1]
    assert r.code is not None, f"{name}: still running after {case.timeout} s"
    assert "Traceback" not in r.stderr, r.stderr
    want = clean.code if case.code is None else case.code
    assert r.code == want, f"{name}: exit {r.code}, want {want}\n{r.stderr}"
    if case.message:
        assert case.message.lower() in (r.stderr + r.stdout).lower(), r.stderr
    if case.absent:
        lines = r.stdout.splitlines() + r.stderr.splitlines()
        assert not any(line.startswith(case.absent) for line in lines), r.stdout
    if case.witness:
        assert _findings(r.stdout) == _findings(clean.stdout), f"{name}: other findings changed"


def test_unexpected_error_is_one_line_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    """Any exception the code did not plan for: one line naming the file, exit 2."""
    doc = tmp_path / "a.md"
    doc.write_text("Kazakhstan ratified the Palermo Protocol in 2005.\n", encoding="utf-8")
    boom = (
        "import sys, tipcheck.stages as e\n"
        "def bad(*a, **k): raise ValueError('boom')\n"
        "e.extract_document = bad\n"
        "from tipcheck.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    for extra, traceback in (([], False), (["--debug"], True)):
        r = subprocess.run(
            [sys.executable, "-c", boom, "check", str(doc), "--no-cache", *extra],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode == 2
        last = r.stderr.strip().splitlines()[-1]
        assert str(doc) in last and "boom" in last
        assert ("Traceback" in r.stderr) is traceback
        if not traceback:
            assert len(r.stderr.strip().splitlines()) == 1
            assert "run with --debug for the traceback" in last


def test_output_survives_repeated_kill_9(tmp_path: Path) -> None:
    """kill -9 at any moment leaves the old report or the new one, never a truncated one."""
    docs = corpus(tmp_path)
    out = tmp_path / "report.html"
    out.write_text("OLD", encoding="utf-8")
    args = [sys.executable, "-m", "tipcheck", "check", str(docs), "--format", "html"]
    rng = random.Random(12)
    for _ in range(5):
        p = subprocess.Popen(
            [*args, "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.3, 1.2))
        p.send_signal(signal.SIGKILL)
        p.wait()
        text = out.read_text(encoding="utf-8")
        assert text == "OLD" or text.rstrip().endswith("</html>"), text[-200:]
    subprocess.run([*args, "-o", str(out)], capture_output=True, timeout=60, check=False)
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    # the finished run removed the temporary files the killed ones left
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_colliding_names_do_not_depend_on_argument_order(tmp_path: Path) -> None:
    for name, year in (("a", 2011), ("b", 2005)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "r.md").write_text(
            f"Nepal ratified the Palermo Protocol in {year}.\n", encoding="utf-8"
        )
    one = tipcheck(["check", "a/r.md", "b/r.md", "--format", "json"], tmp_path, 60)
    two = tipcheck(["check", "b/r.md", "a/r.md", "--format", "json"], tmp_path, 60)
    assert one.stdout == two.stdout
    assert [d["id"] for d in json.loads(one.stdout)["documents"]] == ["a/r.md", "b/r.md"]


def test_output_and_stderr_escape_control_characters(tmp_path: Path) -> None:
    d = tmp_path / "docs"
    shutil.copytree(corpus(tmp_path), d)
    # an escape sequence, a carriage return and an undecodable byte (0xff) in one name
    (d / os.fsdecode(b"evil\x1b[31m\r\xff.md")).write_bytes(b"\xff\xfe")
    formats = ("json", "sarif", "html", "github", "text", "junit")
    with ThreadPoolExecutor(max_workers=len(formats)) as pool:
        runs = pool.map(lambda f: tipcheck(["check", str(d), "--format", f], tmp_path, 60), formats)
    for fmt, r in zip(formats, runs, strict=True):
        assert r.code == 2
        for stream in (r.stdout, r.stderr):
            assert "\x1b[31m" not in stream and "\r" not in stream, fmt
        assert "evil\\x1b[31m\\r\\xff.md" in r.stderr
