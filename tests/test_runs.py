"""Whole runs in the cache: an unchanged corpus is answered from it without extraction or
checks, and any change to what the report depends on is a new run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tipcheck.engine as engine
from tipcheck.engine import check

ROOT = Path(__file__).resolve().parent.parent
PLANTED = ROOT / "fixtures/corpus/planted"


def _no_work(*_: object, **__: object) -> object:
    raise AssertionError("the run was computed again")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(PLANTED, tmp_path / "c")
    return tmp_path / "c"


def test_an_unchanged_corpus_is_answered_from_the_cache(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check([corpus], cache_dir=tmp_path / "cache")
    assert first.findings
    monkeypatch.setattr(engine, "_run", _no_work)
    again = check([corpus], cache_dir=tmp_path / "cache")
    assert again.dumps() == first.dumps()
    assert again.texts == first.texts and again.claims == first.claims


def test_a_changed_document_is_a_new_run(corpus: Path, tmp_path: Path) -> None:
    check([corpus], cache_dir=tmp_path / "cache")
    p = sorted(corpus.iterdir())[0]
    p.write_text(p.read_text(encoding="utf-8") + "\nIn 2012, 5 victims were identified.\n")
    cached = check([corpus], cache_dir=tmp_path / "cache")
    assert cached.dumps() == check([corpus]).dumps()


def test_options_and_the_reference_are_part_of_the_key(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = tmp_path / "facts.csv"
    ref.write_text("subject,property,period,value,source\n", encoding="utf-8")
    check([corpus], cache_dir=tmp_path / "cache", reference=ref)
    no_copies = check([corpus], cache_dir=tmp_path / "cache", duplicates=False)
    assert no_copies.dumps() == check([corpus], duplicates=False).dumps()
    ref.write_text(
        "subject,property,period,value,source\nNigeria,victims,2012,1,trusted\n", encoding="utf-8"
    )
    changed = check([corpus], cache_dir=tmp_path / "cache", reference=ref)
    assert changed.dumps() == check([corpus], reference=ref).dumps()
    monkeypatch.setattr(engine, "_run", _no_work)
    check([corpus], cache_dir=tmp_path / "cache", reference=ref)  # now cached


def test_a_run_with_an_input_error_is_not_kept(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "bad.txt").write_bytes(b"\xff\xfe not utf-8")
    first = check([corpus], cache_dir=tmp_path / "cache")
    assert [e.code for e in first.errors] == ["TC901"]
    calls: list[int] = []
    real = engine._run

    def counted(*a: object, **k: object) -> object:
        calls.append(1)
        return real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_run", counted)
    again = check([corpus], cache_dir=tmp_path / "cache")
    assert calls == [1] and [e.code for e in again.errors] == ["TC901"]
