"""The pre-commit hook, run for real with `pre-commit try-repo` on a small repository.

The hook repository is a snapshot of this checkout (tracked and untracked-but-not-ignored files,
committed into a temporary git repository), so the test checks the working tree as it is, not
the last commit. pre-commit installs tipcheck from that snapshot of the local checkout (never
from an index), but its dependencies and build backend come from the package index as pip is
configured here; when that index cannot be reached the test is skipped and says so, as it is
when pre-commit or git is missing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What `pip install` of the hook repository needs (pyproject's wheel config: src, rules).
NEEDED = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src/", "rules/")


def _reachable(url: str) -> bool:
    if "://" not in url or url.startswith("file:"):  # a folder (find-links) or a file: index
        return Path(url.removeprefix("file://").removeprefix("file:")).exists()
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname or "", port), timeout=3).close()
    except OSError:
        return False
    return True


def _index_unreachable() -> str | None:
    """Why pip could not install the hook's dependencies here, or None when it can: none of
    the places pip is configured to install from (index, extra indexes, find-links; from the
    environment or pip config, PyPI by default) exists or accepts a connection within 3 s."""
    sources: dict[str, list[str]] = {"index-url": [], "extra-index-url": [], "find-links": []}
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=False
    ).stdout
    for line in listed.splitlines():
        key, _, value = line.partition("=")
        name = key.rsplit(".", 1)[-1]
        if name in sources:
            sources[name] += value.strip().strip("'\"").split()
    for name in sources:
        sources[name] += os.environ.get("PIP_" + name.upper().replace("-", "_"), "").split()
    if not sources["index-url"] and not os.environ.get("PIP_NO_INDEX"):
        sources["index-url"] = ["https://pypi.org/simple"]
    urls = [u for us in sources.values() for u in us]
    if any(_reachable(u) for u in urls):
        return None
    return (
        f"offline: none of pip's package sources is reachable ({', '.join(urls)}); pre-commit "
        "needs one to install the hook's dependencies"
    )


_OFFLINE = _index_unreachable()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(_OFFLINE is not None, reason=_OFFLINE or ""),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (pip install pre-commit)",
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def _git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
    )
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _project_files() -> list[str]:
    if (ROOT / ".git").exists():
        listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        files = [f for f in listed.split("\0") if f]
    else:  # an unpacked sdist: no git, take the tree
        files = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()]
    return sorted(
        f
        for f in files
        if any(f == n or (n.endswith("/") and f.startswith(n)) for n in NEEDED)
        and (ROOT / f).is_file()
        and "__pycache__" not in f
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("hook-repo")
    for f in _project_files():
        dest = repo / f
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, dest)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "snapshot")
    return repo


@pytest.fixture
def work_repo(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / "clean.md").write_text(
        "# Notes\n\nThe committee met in March 2009 to review the annual plan.\n", encoding="utf-8"
    )
    # Not UTF-8: tipcheck must name it and exit 2 (an input error wins over findings).
    (work / "broken.txt").write_bytes(b"Caf\xe9 report, 2008.\n")
    # Not a report: the hook's `files` pattern keeps it away from tipcheck.
    (work / "tool.py").write_text("print('hello')\n", encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "docs")
    return work


def _try_repo(work: Path, hook_repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(work.parent / "pre-commit-home")
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "tipcheck", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_hook_passes_a_clean_document_and_fails_an_unreadable_one(
    hook_repo: Path, work_repo: Path
) -> None:
    ok = _try_repo(work_repo, hook_repo, "--files", "clean.md", "--verbose")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout

    bad = _try_repo(work_repo, hook_repo, "--all-files", "--verbose")
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "Failed" in out and "exit code: 2" in out
    assert "broken.txt" in out and "TC901" in out
    assert "tool.py" not in out


def test_offline_probe_names_the_sources_it_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("PIP_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "file:///nonexistent-tipcheck-index")
    reason = _index_unreachable()
    assert reason is not None and "nonexistent-tipcheck-index" in reason
