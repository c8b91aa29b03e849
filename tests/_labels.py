"""Hand labels for every finding tipcheck gives on fixtures/corpus/** (precision, issue 10).

`fixtures/corpus/labels.json` holds one entry per (run, fingerprint): a run is one group folder
checked on its own, or `all` (the whole corpus in one run, where findings across groups
appear). Each entry says what the finding was (rule, kind, message, documents), a `label` —
`correct`, `wrong` or `debatable` — and one line of `reason`. `first_run` marks findings that
the first labelled run (before issue 10's fixes) gave, so its precision stays reproducible
after they are gone.

    python tests/_labels.py            # precision per kind now, and what is not labelled yet
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus"
LABELS = CORPUS / "labels.json"
GOOD = ("correct", "debatable")
KINDS = ("contradiction", "arithmetic", "duplicate", "drift")


def runs() -> list[str]:
    return [*sorted(p.name for p in CORPUS.iterdir() if p.is_dir()), "all"]


def run_path(run: str) -> Path:
    return CORPUS if run == "all" else CORPUS / run


def load() -> dict[tuple[str, str], dict[str, Any]]:
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    return {(e["run"], e["fingerprint"]): e for e in data["labels"]}


def precision(labels: Iterable[str], kinds: Iterable[str]) -> dict[str, tuple[int, int, float]]:
    """Per kind: (correct, all, correct / all); debatable counts in `all`, not in `correct`."""
    pairs = list(zip(kinds, labels, strict=True))
    out: dict[str, tuple[int, int, float]] = {}
    for k in (*KINDS, "all"):
        got = [lab for kind, lab in pairs if k in ("all", kind)]
        n = len(got)
        ok = Counter(got)["correct"]
        out[k] = (ok, n, ok / n if n else float("nan"))
    return out


def entry_of(run: str, f: Any) -> dict[str, Any]:
    docs = sorted({e.doc for e in f.evidence})
    return {"run": run, "fingerprint": f.fingerprint, "rule": f.rule, "kind": f.kind,
            "message": f.message, "docs": docs}  # fmt: skip


def main() -> int:
    import tipcheck

    labels = load()
    kinds: list[str] = []
    got: list[str] = []
    missing = 0
    for run in runs():
        report = tipcheck.check([str(run_path(run))], exclude=lambda d: d.endswith("README.md"))
        for f in report.findings:
            e = labels.get((run, f.fingerprint))
            if e is None:
                missing += 1
                print("unlabelled", json.dumps(entry_of(run, f), ensure_ascii=False))
                continue
            kinds.append(f.kind)
            got.append(e["label"])
    first = [e for e in labels.values() if e.get("first_run")]
    for title, ks, ls in (
        ("first run", [e["kind"] for e in first], [e["label"] for e in first]),
        ("now", kinds, got),
    ):
        print(title)
        for k, (ok, n, p) in precision(ls, ks).items():
            print(f"  {k:13} {ok:3} / {n:3}  {p:.2f}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
