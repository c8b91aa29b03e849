"""Hostile inputs, each built on the fly in a scratch folder, with what tipcheck must do.

Shared by the hostile-input suite (tests/hostile/test_hostile.py) and by `bench/hostile.py
--table`, which runs every case and prints exit code, time and peak memory.

A case builds its inputs under `tmp`, returns the command line (arguments after `tipcheck`),
and names the exit code and a message the run must print. Cases with `witness=True` put two
seed documents (with known findings) next to the hostile input in `corpus/`, and the run's
JSON must show exactly the witness findings of a clean run: a hostile document may add an
error or a notice, but it must never change what is found in the others.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"
WITNESS = ("001_4c72483d115ef933.txt", "004_07b74ad11b100860.txt")
BUNDLED = ROOT / "rules" / "tip"


@dataclass
class Run:
    args: list[str]
    # where the JSON report is (stdout when None); only read for witness cases
    json_file: Path | None = None
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Case:
    name: str
    build: Callable[[Path], Run]
    code: int | None  # None: the exit code of the clean witness run
    message: str = ""  # must appear on stderr or stdout (case-insensitive)
    witness: bool = False
    timeout: float = 60.0
    absent: str = ""  # must not appear at the start of any stdout line


def corpus(tmp: Path) -> Path:
    d = tmp / "corpus"
    d.mkdir(exist_ok=True)
    for name in WITNESS:
        shutil.copy(SEEDS / name, d / name)
    return d


def _pack(tmp: Path, edit: Callable[[Path], None]) -> Path:
    p = tmp / "pack"
    shutil.copytree(BUNDLED, p)
    edit(p)
    return p


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def _doc(tmp: Path, name: str, data: bytes | str) -> Run:
    d = corpus(tmp)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / name).write_bytes(data)
    return Run(["check", str(d), "--format", "json"])


def _deep_dirs(tmp: Path) -> Run:
    d = corpus(tmp)
    deep = d
    for _ in range(1000):  # os.makedirs recurses once per level
        deep = deep / "d"
        deep.mkdir()
    shutil.copy(SEEDS / "000_6b1423da0e8bd5c5.txt", deep / "deep.txt")
    return Run(["check", str(d), "--format", "json"])


def _symlink_loop(tmp: Path) -> Run:
    d = corpus(tmp)
    loop = tmp / "loop"
    loop.symlink_to(loop)
    return Run(["check", str(d), str(loop), "--format", "json"])


def _links_in_folder(tmp: Path) -> Run:
    d = corpus(tmp)
    (d / "gone.md").symlink_to(tmp / "nowhere.md")
    (d / "back").symlink_to(d, target_is_directory=True)
    return Run(["check", str(d), "--format", "json"])


def _odd_name(fmt: str) -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        d = corpus(tmp)
        name = os.fsdecode(b"r\xffport.md")
        (d / name).write_text("A short note with nothing to check.\n", encoding="utf-8")
        out = tmp / f"out.{fmt}"
        return Run(["check", str(d), "--format", fmt, "--exit-zero", "-o", str(out)])

    return build


def _forged_annotation(tmp: Path) -> Run:
    d = corpus(tmp)
    name = "x\n::error file=forged.md,line=1::forged\n.md"
    (d / name).write_bytes(b"\x00binary")
    return Run(["check", str(d), "--format", "github"])


def _pack_case(edit: Callable[[Path], None], cmd: str = "check") -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        p = _pack(tmp, edit)
        if cmd == "validate":
            return Run(["rules", "validate", str(p)])
        return Run(["check", str(corpus(tmp)), "--rules", str(p)])

    return build


def _set_template(p: Path, old: str, new: str) -> None:
    f = p / "extract.toml"
    text = f.read_text(encoding="utf-8")
    assert old in text, old
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def _runaway(tmp: Path) -> Run:
    """A pattern the nested-quantifier check lets through (overlapping choices) that backtracks
    exponentially on one crafted sentence: that document becomes TC908, the rest is checked."""
    p = _pack(
        tmp,
        lambda p: _set_template(
            p, "patterns = [\n", 'patterns = [\n  "ratified (\\\\w|\\\\w)*\\\\d",\n'
        ),
    )
    d = corpus(tmp)
    (d / "evil.md").write_text("Kazakhstan ratified " + "a" * 40 + " x.\n", encoding="utf-8")
    return Run(["check", str(d), "--rules", str(p), "--format", "json"])


def _deep_toml(depth: int) -> str:
    return "deep = " + "[" * depth + "]" * depth + "\n"


def _config(text: bytes | str) -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        d = corpus(tmp)
        data = text.encode("utf-8") if isinstance(text, str) else text
        (tmp / "tipcheck.toml").write_bytes(data)
        return Run(["check", str(d)])

    return build


def _deep_baseline(tmp: Path) -> Run:
    d = corpus(tmp)
    (tmp / "base.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return Run(["check", str(d), "--baseline", str(tmp / "base.json")])


def _deep_reference(tmp: Path) -> Run:
    d = corpus(tmp)
    (tmp / "facts.jsonl").write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    return Run(["check", str(d), "--reference", str(tmp / "facts.jsonl")])


def _output(target: Callable[[Path], str], flag: str = "--output") -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        d = corpus(tmp)
        return Run(["check", str(d), "--format", "json", flag, target(tmp)])

    return build


def _mkdir(p: Path) -> str:
    p.mkdir()
    return str(p)


def _fifo_doc(tmp: Path) -> Run:
    d = corpus(tmp)
    os.mkfifo(tmp / "pipe.md")
    return Run(["check", str(d), str(tmp / "pipe.md"), "--format", "json"])


def _fifo_reference(tmp: Path) -> Run:
    d = corpus(tmp)
    os.mkfifo(tmp / "facts.csv")
    return Run(["check", str(d), "--reference", str(tmp / "facts.csv")])


def _fifo_claims(tmp: Path) -> Run:
    os.mkfifo(tmp / "pipe.txt")
    return Run(["claims", str(tmp / "pipe.txt")])


def _socket_doc(tmp: Path) -> Run:
    d = corpus(tmp)
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(tmp / "sock.md"))
    s.close()
    return Run(["check", str(d), str(tmp / "sock.md"), "--format", "json"])


def _device_doc(tmp: Path) -> Run:
    d = corpus(tmp)
    return Run(["check", str(d), "/dev/zero", "--format", "json"])


def _big_file(tmp: Path) -> Run:
    d = corpus(tmp)
    (d / "big.txt").write_text("word " * 60_000, encoding="utf-8")  # 300 KB
    (tmp / "tipcheck.toml").write_text('max-file-size = "100 KB"\n', encoding="utf-8")
    return Run(["check", str(d), "--format", "json"])


def _empty(tmp: Path) -> Run:
    (tmp / "empty").mkdir()
    return Run(["check", str(tmp / "empty")])


def _only_html(tmp: Path) -> Run:
    d = tmp / "site"
    d.mkdir()
    for i in range(3):
        (d / f"page{i}.html").write_text("<p>hello</p>", encoding="utf-8")
    return Run(["check", str(d)])


def _exclude_all(tmp: Path) -> Run:
    d = corpus(tmp)
    (tmp / "tipcheck.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    return Run(["check", str(d)])


def _skipped_types(tmp: Path) -> Run:
    d = corpus(tmp)
    for i in range(3):
        (d / f"page{i}.html").write_text("<p>hello</p>", encoding="utf-8")
    (d / "scan.pdf").write_bytes(b"%PDF-1.4")
    return Run(["check", str(d), "--format", "json"])


DISABLE_ALL = (
    "<!-- tipcheck: disable all -->\n\n"
    "Kazakhstan ratified the 2000 UN TIP Protocol in 2005.\n\n"
    "In July 2008 Kazakhstan ratified the 2000 UN TIP Protocol.\n"
)


def _disable_all(extra: list[str]) -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        (tmp / "doc.md").write_text(DISABLE_ALL, encoding="utf-8")
        return Run(["check", str(tmp / "doc.md"), "--format", "json", *extra])

    return build


def _confusable(tmp: Path) -> Run:
    (tmp / "a.md").write_text(
        "Kazakhstan ratified the 2000 UN TIP Protocol in 2005.\n", encoding="utf-8"
    )
    (tmp / "b.md").write_text(
        "In July 2008 K\u0430zakhstan ratified the 2000 UN TIP Protocol.\n", encoding="utf-8"
    )
    return Run(["check", str(tmp / "a.md"), str(tmp / "b.md"), "--format", "json"])


def _pathological(body: str, size: int) -> Callable[[Path], Run]:
    def build(tmp: Path) -> Run:
        return _doc(tmp, "hostile.md", (body * (size // len(body) + 1))[:size])

    return build


def cases() -> list[Case]:
    """Every hostile input. `code=None`: the clean witness run's exit code (findings, exit 1)."""
    return [
        Case("output into a directory", _output(lambda t: _mkdir(t / "outdir")), 2, "directory"),
        # a missing folder is created, as ruff does for --output-file
        Case("output into a missing folder", _output(lambda t: str(t / "no" / "x.json")), None,
             ""),
        Case("baseline into a directory",
             _output(lambda t: _mkdir(t / "bdir"), "--write-baseline"), 2, "directory"),
        Case("baseline into a missing folder",
             _output(lambda t: str(t / "no" / "b.json"), "--write-baseline"), None, "wrote"),
        Case("output into a path under a file",
             _output(lambda t: str(Path(corpus(t)) / WITNESS[0] / "x.json")), 2,
             "cannot create the folder"),
        Case("output overwrites an input", _output(lambda t: str(t / "corpus" / WITNESS[0])), 2,
             "input document"),
        Case("output to a full disk (/dev/full)", _output(lambda t: "/dev/full"), 2, "space"),
        Case("directories nested 1,000 deep", _deep_dirs, None, "", witness=True),
        Case("symlink loop as a path", _symlink_loop, 2, "symlink loop", witness=True),
        Case("dangling link and link loop in a folder", _links_in_folder, None, "dangling",
             witness=True),
        Case("non-UTF-8 file name, json -o", _odd_name("json"), 0, ""),
        Case("newline in a file name, github", _forged_annotation, 2, "TC901",
             absent="::error file=forged"),
        Case("rule pack: wrong type", _pack_case(lambda p: _set_template(
            p, 'requires = "ratif|acced|accession|adhered|party to|joined"', 'requires = ["ratif"]')), 2,
             "requires"),
        Case("rule pack: missing key", _pack_case(lambda p: _set_template(
            p, 'property = "treaty.ratified"', "")), 2, "property"),
        Case("rule pack: bad regex", _pack_case(lambda p: _append(
            p / "extract.toml", '\n[[template]]\nid = "x"\nproperty = "x.y"\nvalue = "event"\n'
            'requires = "("\npatterns = ["{subject:actor} did"]\n')), 2, "extract.toml"),
        Case("rule pack: not UTF-8", _pack_case(lambda p: (p / "pack.toml").write_bytes(
            (p / "pack.toml").read_bytes() + b"\n# \xff\n")), 2, "UTF-8"),
        Case("rule pack: TOML nested 1,000 deep", _pack_case(lambda p: _append(
            p / "pack.toml", "\n[x]\n" + _deep_toml(1000))), 2, "pack.toml"),
        Case("rule pack: misspelled nested key", _pack_case(lambda p: _set_template(
            p, "patterns = [", "paterns = [")), 2, "unknown key 'paterns'; did you mean 'patterns'"),
        Case("rule pack: no extract.toml", _pack_case(lambda p: (p / "extract.toml").unlink()),
             2, "extract.toml"),
        Case("rule pack: nested quantifier", _pack_case(lambda p: _set_template(
            p, "patterns = [\n", 'patterns = [\n  "{subject:actor} ((has )+)+ratified the '
            '{object:instrument}",\n'), "validate"), 2, "nested"),
        Case("rule pack: runaway pattern (time budget)", _runaway, 2, "TC908", witness=True),
        Case("config nested 2,000 deep", _config(_deep_toml(2000)), 2, "tipcheck.toml"),
        Case("config not UTF-8", _config(b'fail-on = "error"\n# \xff\n'), 2, "UTF-8"),
        Case("baseline JSON nested 100,000 deep", _deep_baseline, 2, "base.json"),
        Case("reference JSONL nested 100,000 deep", _deep_reference, 2, "facts.jsonl"),
        # sizes where the quadratic scans took minutes; bench/hostile.py measures the growth
        # sizes where the quadratic scans took 84 s and more; the timeouts leave room for a
        # loaded machine; bench/hostile.py measures the growth
        Case("unclosed <!-- repeated, 300 KB", _pathological("<!-- ", 300_000), None, "",
             witness=True, timeout=40),
        Case("<sup> repeated, 300 KB", _pathological("<sup>", 300_000), None, "", witness=True,
             timeout=40),
        Case("run of dots, 80 KB", _pathological(".", 80_000), None, "", witness=True,
             timeout=40),
        Case("paragraph without punctuation, 100 KB", _pathological(
            # Fiji: no witness document mentions it, so its claims cannot join their findings
            "Fiji ratified the Palermo Protocol in 2005 and identified 22 victims and 5 "
            "traffickers in 2007 ", 100_000), None, "", witness=True, timeout=60),
        Case("file over max-file-size", _big_file, 2, "max-file-size", witness=True),
        Case("FIFO as a path", _fifo_doc, 2, "not a regular file", witness=True, timeout=20),
        Case("socket as a path", _socket_doc, 2, "not a regular file", timeout=20),
        Case("device as a path", _device_doc, 2, "not a regular file", timeout=20),
        Case("FIFO as --reference", _fifo_reference, 2, "not a regular file", timeout=20),
        Case("FIFO to claims", _fifo_claims, 2, "not a regular file", timeout=20),
        Case("--jobs 1000", lambda t: Run(["check", str(corpus(t)), "--jobs", "1000",
                                           "--format", "json"]), None, "--jobs", witness=True),
        Case("--select TC1O1", lambda t: Run(["check", str(corpus(t)), "--select", "TC1O1"]), 2,
             "did you mean TC101"),
        Case("--ignore TC3O1", lambda t: Run(["check", str(corpus(t)), "--ignore", "TC3O1"]), 2,
             "did you mean TC301"),
        Case("empty folder", _empty, 2, "no documents"),
        Case("only .html files", _only_html, 2, "skipped 3 .html files"),
        Case("exclude excludes everything", _exclude_all, 2, "no documents"),
        Case("skipped file types counted", _skipped_types, None, "skipped 3 .html files",
             witness=True),
        Case("disable all hides findings", _disable_all([]), 0, "hid 1 finding"),
        Case("--no-suppressions", _disable_all(["--no-suppressions"]), 1, "TC101"),
        Case("Cyrillic letter in a country name", _confusable, 1, "TC101"),
        Case("NUL byte after 8 KB", lambda t: _doc(t, "late.txt", "word " * 4000 + "\x00"), 2,
             "TC901", witness=True),
    ]  # fmt: skip


def remove_tree(root: Path) -> None:
    """Delete a scratch folder without recursion (shutil.rmtree recurses once per level, and
    one case nests folders deeper than Python's recursion limit)."""
    stack = [root]
    while stack:
        d = stack[-1]
        try:
            entries = list(os.scandir(d))
        except FileNotFoundError:
            stack.pop()
            continue
        subdirs = [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
        for e in entries:
            if not e.is_dir(follow_symlinks=False):
                os.unlink(e.path)
        if subdirs:
            stack.extend(subdirs)
        else:
            os.rmdir(d)
            stack.pop()
