"""One implementation of the stages, several schedulers: the report is byte-identical whether
the run is serial, on a process pool, split into many small batches, or on a Dask cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

import tipcheck
from tipcheck import engine, stages
from tipcheck.stages import Source, batches

T = TypeVar("T")
R = TypeVar("R")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CORPORA = [FIXTURES / "seeds", FIXTURES / "corpus" / "planted", FIXTURES / "corpus" / "clean"]


def _json(paths: Sequence[Path], **kwargs: object) -> str:
    return tipcheck.check(paths, **kwargs).dumps()  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _pools_even_for_small_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixtures are small work, which a run keeps in one batch in-process; here the
    batches are spread as a large run's are, so the pools and clusters really run them."""
    monkeypatch.setattr(stages, "SMALL_WORK", 0)


@pytest.fixture(scope="module")
def serial() -> str:
    return _json(CORPORA)


def test_process_pool_gives_the_serial_report(serial: str) -> None:
    assert _json(CORPORA, jobs=2) == serial


class _OneDocumentBatches:
    """An in-process executor that claims many workers, so every batch holds one document and
    every batch vocabulary is re-keyed into the corpus one."""

    workers = 1000
    remote_reduce = True  # and claims partitioned a thousand ways

    def map(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        return (fn(t) for t in tasks)

    def close(self) -> None:
        pass


def test_many_small_batches_give_the_serial_report(
    serial: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BATCH_BYTES", 1)
    monkeypatch.setattr(engine, "make_executor", lambda *a, **k: _OneDocumentBatches())
    assert _json(CORPORA, executor="process", jobs=2) == serial


def test_batches_keep_document_order_and_lose_nothing(tmp_path: Path) -> None:
    sources = [
        Source(f"d{i:02}", str(tmp_path / f"d{i:02}.txt"), data=b"x" * (i + 1)) for i in range(30)
    ]
    for workers in (1, 2, 7):
        got = [s for b in batches(sources, workers, 40) for s in b]
        assert got == sources


def test_small_work_is_one_batch_run_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages, "SMALL_WORK", 150_000)
    sources = [Source(f"d{i}", str(tmp_path / f"d{i}"), data=b"x" * 1000) for i in range(4)]
    assert batches(sources, 2, 500_000) == [sources]
    big = [Source(f"d{i}", str(tmp_path / f"d{i}"), data=b"x" * 100_000) for i in range(4)]
    assert len(batches(big, 2, 500_000)) == 4


def test_dask_local_cluster_gives_the_serial_report(serial: str) -> None:
    pytest.importorskip("distributed")
    assert _json(CORPORA, executor="dask", jobs=2) == serial


def test_documents_sent_as_bytes_give_the_serial_report(serial: str) -> None:
    assert _json(CORPORA, jobs=2, send_documents=True) == serial


def test_dask_client_given_by_the_caller(serial: str) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as lc,
        distributed.Client(lc) as client,
    ):
        assert _json(CORPORA, executor=client) == serial
        assert client.status == "running"  # the caller's client is left open


def test_cli_runs_on_a_running_scheduler(
    serial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    distributed = pytest.importorskip("distributed")
    from tipcheck.cli import main

    out = tmp_path / "out.json"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as lc:
        args = ["check", *map(str, CORPORA), "--format", "json", "--output", str(out)]
        code = main([*args, "--scheduler", lc.scheduler_address])
    assert code == 1  # the fixtures have findings
    local = tmp_path / "local.json"
    main(["check", *map(str, CORPORA), "--format", "json", "--output", str(local)])
    assert out.read_text() == local.read_text()


def test_an_unreachable_scheduler_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    from tipcheck import executors
    from tipcheck.cli import main

    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1)
    code = main(["check", str(CORPORA[0]), "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
