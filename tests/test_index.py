"""The corpus index: checks against it equal checks against the folder, updates are
transactions that survive kill -9, stale and newer stores are handled, the cache re-extracts
nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

import tipcheck
from tipcheck.engine import check
from tipcheck.index import SCHEMA, Index, Store, StoreError
from tipcheck.read.documents import iter_files
from tipcheck.report.rulepages import rules as rule_docs
from tipcheck.report.suppress import apply_suppressions

ROOT = Path(__file__).resolve().parent.parent
GROUPS = [
    "fixtures/seeds",
    *sorted(f"fixtures/corpus/{p.name}" for p in (ROOT / "fixtures/corpus").iterdir()),
]
CLI = [sys.executable, "-m", "tipcheck"]


def _json(report: tipcheck.Report) -> str:
    r, notices = apply_suppressions(report, rule_docs().keys())
    return attrs.evolve(r, notices=tuple(notices)).dumps()


@pytest.mark.parametrize("group", GROUPS)
def test_each_file_against_the_rest_equals_the_folder(group: str, tmp_path: Path) -> None:
    """Every file in turn as new: the index gives the JSON of the full run filtered to it
    (`check F --against G` as it was before the index): its findings, and of the corpus's
    documents those the findings cite."""
    root = ROOT / group
    full = check([root])
    with Index(tmp_path / "g.db") as idx:
        idx.update([root])
        for doc_id, path in iter_files([root]):
            kept = tuple(f for f in full.findings if any(e.doc == doc_id for e in f.evidence))
            shown = {doc_id} | {e.doc for f in kept for e in f.evidence}
            old = attrs.evolve(
                full,
                findings=kept,
                documents=tuple(d for d in full.documents if d.id in shown),
            )
            got = idx.check([path])
            assert idx.last is not None and idx.last.exact
            assert _json(got) == _json(old), doc_id


def test_cli_against_db_equals_against_dir(tmp_path: Path) -> None:
    corpus = ROOT / "fixtures/corpus/planted"
    db = tmp_path / "t.db"
    run = lambda *a: subprocess.run([*CLI, *a], capture_output=True, text=True, cwd=ROOT)  # noqa: E731
    assert run("index", "build", str(corpus), "--db", str(db)).returncode == 0
    new = str(corpus / "nigeria_tip_2013.txt")
    a = run("check", new, "--against", str(db), "--format", "json", "--no-cache")
    b = run("check", new, "--against", str(corpus), "--format", "json", "--no-cache")
    assert a.returncode == b.returncode
    assert a.stdout == b.stdout and '"TC' in a.stdout
    st = run("index", "stats", "--db", str(db))
    assert "documents   11" in st.stdout


def test_check_text_and_update(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "fixtures/corpus/planted", corpus)
    with Index(tmp_path / "t.db") as idx:
        first = idx.update([corpus])
        assert first.added == 11
        text = (corpus / "nigeria_tip_2013.txt").read_text(encoding="utf-8")
        by_text = idx.check_text(text, doc_id="nigeria_tip_2013.txt")
        by_file = idx.check([corpus / "nigeria_tip_2013.txt"])
        assert [f.to_json() for f in by_text.findings] == [f.to_json() for f in by_file.findings]
        (corpus / "nepal_hr_2019.md").unlink()
        p = corpus / "romania_tip_2015.txt"
        p.write_text(p.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        os.utime(corpus / "nigeria_news_2014.txt")  # touched, same content
        again = idx.update()
        assert (again.added, again.changed, again.removed) == (0, 1, 1)
        assert again.unchanged == 9
        assert idx.stats()["documents"] == 10


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA + 1),))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer tipcheck"):
        Store(db)
    r = subprocess.run([*CLI, "index", "stats", "--db", str(db)], capture_output=True, text=True)
    assert r.returncode == 2 and str(db) in r.stderr


def test_readers_never_change_an_older_index_or_another_database(tmp_path: Path) -> None:
    """`check --against` opens an index to read: an older schema is an error that says to
    run `index update` (which rebuilds it), and a database that is not an index is refused
    without a table added to it."""
    corpus = ROOT / "fixtures/corpus/planted"
    db = tmp_path / "o.db"
    with Index(db) as idx:
        idx.update([corpus])
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    con.commit()
    con.close()
    new = str(corpus / "nigeria_tip_2013.txt")
    r = subprocess.run(
        [*CLI, "check", new, "--against", str(db), "--no-cache"], capture_output=True, text=True
    )
    assert r.returncode == 2 and "index update" in r.stderr, r.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM docs").fetchone()[0] == 11  # nothing dropped
    other = tmp_path / "theirs.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreError, match="not a tipcheck index"):
        Store(other, create=False)
    with sqlite3.connect(other) as con:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert names == ["notes"]
    with Index(db) as idx:  # the writer rebuilds it, with a message
        assert any("rebuilding" in m for m in idx.messages)


def test_changed_pack_reextracts_with_a_message(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(Path(tipcheck.load_rules().path), pack)
    corpus = ROOT / "fixtures/corpus/heldout2"
    with Index(tmp_path / "p.db", rules=pack) as idx:
        idx.update([corpus])
    with (pack / "zz_note.toml").open("w", encoding="utf-8") as f:
        f.write("# a changed pack\n")
    with Index(tmp_path / "p.db", rules=pack) as idx:
        with pytest.raises(StoreError, match="index update"):
            idx.check([corpus / "serbia_greta_2018.txt"])
        got = idx.update()
        assert got.reextracted and got.changed == 6
        assert any("extracted again" in m for m in idx.messages)
        idx.check([corpus / "serbia_greta_2018.txt"])


def test_kill_9_during_update_leaves_a_consistent_index(tmp_path: Path) -> None:
    """20+ kills at random moments of `index update`: the index stays whole and usable, and
    a last run completes the update."""
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "fixtures/corpus/clean", corpus)
    db = tmp_path / "k.db"
    with Index(db) as idx:
        idx.update([corpus])
    victim = corpus / "uae_tip_2008.txt"
    base = victim.read_text(encoding="utf-8")
    rng = random.Random(13)
    cmd = [*CLI, "index", "update", "--db", str(db), "-q"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for i in range(22):
        victim.write_text(base + f"\nRevision {i}.\n", encoding="utf-8")
        p = subprocess.Popen(cmd, cwd=ROOT, env=env)
        time.sleep(rng.uniform(0.05, 0.6))
        p.send_signal(signal.SIGKILL)
        p.wait()
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = con.execute("SELECT count(*) FROM docs").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM docs WHERE key NOT IN (SELECT key FROM entries)"
        ).fetchone()[0]
        con.close()
        assert docs == 10 and orphans == 0
    with Index(db) as idx:
        idx.check([corpus / "moldova_tip_2011.txt"])
    assert subprocess.run(cmd, cwd=ROOT, env=env).returncode == 0
    with Index(db) as idx:
        row = idx.store.db.execute("SELECT size FROM docs WHERE id = 'uae_tip_2008.txt'").fetchone()
        assert row[0] == victim.stat().st_size


def test_cache_reextracts_nothing_on_a_second_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tipcheck import stages

    corpus = ROOT / "fixtures/corpus/planted"
    first = check([corpus], cache_dir=tmp_path / "cache").dumps()
    calls: list[int] = []
    real = stages.map_batch
    monkeypatch.setattr("tipcheck.index.build.map_batch", lambda t: calls.append(1) or real(t))
    second = check([corpus], cache_dir=tmp_path / "cache").dumps()
    assert calls == [] and first == second == check([corpus]).dumps()


@pytest.mark.parametrize("executor", ["process", "dask"])
def test_cache_with_workers(executor: str, tmp_path: Path) -> None:
    if executor == "dask":
        pytest.importorskip("distributed")
    corpus = ROOT / "fixtures/corpus/heldout"
    want = check([corpus]).dumps()
    for _ in range(2):
        got = check([corpus], cache_dir=tmp_path / "c", jobs=2, executor=executor).dumps()
        assert got == want


_BOILER = (
    "This report is published under the annual reporting mandate of the monitoring office and "
    "summarises the information that governments, international organisations and civil society "
    "groups provided during the reporting period. The office does not endorse the views of any "
    "organisation that contributed information and verifies each figure against two sources "
    "before it is printed in the country chapters that follow.\n\n"
)
_UNIQUE = (
    "The labour inspectorate of Qatar opened 41 inquiries into forced labour on construction "
    "sites during the year and referred 17 employers to prosecutors, after inspectors found "
    "passports withheld from workers at camps on the edge of the capital. Officials said the "
    "new complaints portal had received more reports from domestic workers than in any earlier "
    "year, most of them about unpaid wages and confiscated documents.\n\n"
)


def test_sampled_walk_keeps_the_new_documents_copies(tmp_path: Path) -> None:
    """Past the exact walk's limit the new passages meet only the nearest stored documents:
    the one copy of a unique paragraph is still found with its drift, and a passage every
    stored report repeats is boilerplate found in at least as many places as its buckets
    hold, though fewer of its copies were compared."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(14):
        filler = f"Chapter {i} of the series covers the situation in district number {i + 3}."
        (corpus / f"r{i:02d}.txt").write_text(
            f"Report {i}\n\nPublished 1 May 2019\n\n{_BOILER}{filler}\n", encoding="utf-8"
        )
    (corpus / "source.txt").write_text(
        f"Qatar labour notes\n\nPublished 1 March 2019\n\n{_UNIQUE}", encoding="utf-8"
    )
    new = _BOILER + _UNIQUE.replace("41 inquiries", "44 inquiries")
    with Index(tmp_path / "s.db") as idx:
        idx.update([corpus])
        idx.limit = 6
        got = idx.check_text(new, doc_id="new.txt", as_of="2019-06-01")
        assert idx.last is not None and not idx.last.exact and idx.last.loaded <= 6
    rules = {f.rule for f in got.findings}
    copy = [f for f in got.findings if f.rule in ("TC301", "TC302")]
    assert copy and all({e.doc for e in f.evidence} == {"source.txt", "new.txt"} for f in copy)
    assert "TC402" in rules, got.findings
    boiler = [f for f in got.findings if f.rule == "TC303"]
    assert len(boiler) == 1 and "at least" in boiler[0].message, boiler
    assert all(any(e.doc == "new.txt" for e in f.evidence) for f in got.findings)
