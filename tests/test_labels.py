"""Every finding tipcheck gives on fixtures/corpus/** is labelled by hand, and none of them is
labelled wrong (precision, issue 10): a new finding fails here until someone has looked at it
and written down in fixtures/corpus/labels.json whether it is right."""

from __future__ import annotations

import json

import pytest

from _labels import GOOD, entry_of, load, runs
from test_corpus import report_for


@pytest.mark.parametrize("run", runs())
def test_every_finding_is_labelled_good(run: str) -> None:
    labels = load()
    report = report_for(None if run == "all" else run)
    bad = []
    for f in report.findings:
        e = labels.get((run, f.fingerprint))
        if e is None:
            bad.append(f"+unlabelled {json.dumps(entry_of(run, f), ensure_ascii=False)}")
        elif e["label"] not in GOOD:
            bad.append(f"+labelled {e['label']}: {f.rule} {f.message} ({e['reason']})")
    if bad:
        pytest.fail("\n".join(bad), pytrace=False)


def test_labels_are_wellformed() -> None:
    for (run, _fp), e in load().items():
        assert run in runs(), run
        assert e["label"] in ("correct", "wrong", "debatable"), e
        assert e["reason"].strip(), e
