"""Duplicates (TC3xx) on the seeds, on data-driven cases, on the rule pages, and their order."""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path

import pytest

from _dup_helpers import LEXICON, ROOT, assert_quotes, rules_of, run, run_docs
from tipcheck.read.documents import load_paths
from tipcheck.report.rulepages import rules

CASES = Path(__file__).parent / "cases" / "dup"
SEEDS = ROOT / "fixtures" / "seeds"
GOLD = Path(__file__).parent / "data" / "seed_gold.json"


@pytest.fixture(scope="module")
def seed_findings() -> tuple[dict[str, str], list[dict[str, object]]]:
    docs, errors = load_paths([SEEDS])
    assert not errors
    found = run_docs(docs)
    return {d.id: d.text for d in docs}, [f.to_json() for f in found]


def _covers(finding: dict[str, object], side: dict[str, str], texts: dict[str, str]) -> bool:
    pos = texts[side["doc"]].find(side["anchor"])
    assert pos >= 0, side
    end = pos + len(side["anchor"])
    return any(
        e["doc"] == side["doc"] and e["start"] < end and e["end"] > pos
        for e in finding["evidence"]  # type: ignore[attr-defined]
    )


def _matches(f: dict[str, object], item: dict[str, object], texts: dict[str, str]) -> bool:
    kinds = {item.get("kind")} | set(item.get("also_kinds", []) or item.get("kinds", []))  # type: ignore[arg-type]
    return f["kind"] in kinds and all(_covers(f, s, texts) for s in item["sides"])  # type: ignore[attr-defined]


GOLD_DATA = json.loads(GOLD.read_text(encoding="utf-8"))
DUP_ITEMS = [i for i in GOLD_DATA["expected"] if i["kind"] in ("duplicate", "drift")]
MUST_NOT = [i for i in GOLD_DATA["must_not"] if {"duplicate", "drift"} & set(i["kinds"])]


@pytest.mark.parametrize("item", DUP_ITEMS, ids=lambda i: i["id"])
def test_seed_gold_items_found(item, seed_findings) -> None:
    texts, found = seed_findings
    assert any(_matches(f, item, texts) for f in found), item["note"]


@pytest.mark.parametrize("item", MUST_NOT, ids=lambda i: i["id"])
def test_seed_must_not_items_silent(item, seed_findings) -> None:
    texts, found = seed_findings
    for f in found:
        if f["kind"] not in item["kinds"] or f["kind"] not in ("duplicate", "drift"):
            continue
        if any(_matches(f, e, texts) for e in GOLD_DATA["expected"]):
            continue
        assert not all(_covers(f, s, texts) for s in item["sides"]), (item["id"], f["message"])


def test_seed_drift_evidence_is_exact(seed_findings) -> None:
    _texts, found = seed_findings
    drift = {
        (f["evidence"][0]["quote"], f["evidence"][1]["quote"])
        for f in found
        if f["kind"] == "drift"
    }
    assert ("Ukraine", "Afghanistan") in drift
    assert ("girls", "children") in drift
    assert ("commercial sexual exploitation", "sex slavery") in drift
    assert ("Kazakhstan has not ratified", "Kazakhstan has ratified") in drift


def test_seed_source_is_the_older_document(seed_findings) -> None:
    _texts, found = seed_findings
    dup = [f for f in found if f["rule"] == "TC301" and f["evidence"][1]["doc"].startswith("003")]
    assert dup and all(
        f["evidence"][0]["doc"].startswith("001") for f in dup if "001" in f["message"]
    )
    assert any(
        "003_19fbf24e8040c8dc.txt repeats 001_4c72483d115ef933.txt (2008)" in f["message"]
        for f in dup
    )


def test_seed_order_independent() -> None:
    docs, _ = load_paths([SEEDS])
    first = [f.to_json() for f in run_docs(docs)]
    shuffled = list(docs)
    random.Random(7).shuffle(shuffled)
    assert [f.to_json() for f in run_docs(shuffled)] == first


def _case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda p: p.name)
def test_case(case: Path) -> None:
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(case.glob("*.txt"))}
    found = run(texts)
    got = rules_of(found)
    want = sorted(expect["rules"])
    missing = [f"-{r} (missing)" for r in sorted(set(want) - set(got))]
    extra = [f"+{f.rule} (unexpected): {f.message}" for f in found if f.rule not in want]
    assert got == want, "\n".join(missing + extra)
    assert_quotes(found, expect)


# TC407 (route sets) is a claims check, run end to end by tests/test_ruledocs.py
DUP_DRIFT_RULES = sorted(c for c in rules() if c.startswith(("TC3", "TC4")) and c != "TC407")


@pytest.mark.parametrize("code", DUP_DRIFT_RULES)
def test_rule_page_examples(code: str) -> None:
    page = rules()[code]
    bad = run({f"doc{i + 1}.txt": t for i, t in enumerate(page.bad)})
    assert code in rules_of(bad), [f.message for f in bad]
    good = run({f"doc{i + 1}.txt": t for i, t in enumerate(page.good)})
    assert code not in rules_of(good), [f.message for f in good]


def test_boilerplate_can_be_silenced() -> None:
    from tipcheck.checks.copies.duplicates import DuplicateSettings

    case = CASES / "boilerplate"
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(case.glob("*.txt"))}
    assert run(texts, settings=DuplicateSettings(report_boilerplate=False)) == []


def test_short_passages_are_not_compared_alone() -> None:
    line = "Russia ratified the 2000 UN TIP Protocol in May 2004."
    assert run({"a.txt": line + "\n", "b.txt": line.replace("Russia", "Latvia") + "\n"}) == []


def test_empty_and_single_inputs() -> None:
    assert run({}) == []
    assert run({"a.txt": ""}) == []
    assert run({"a.txt": "One short line."}) == []


# --- scale: a passage in many documents is a star around its source, not a clique ---

PASSAGE = (
    "The government of Ukraine increased funding for two shelters for victims of forced labor, "
    "and police opened 48 investigations into recruitment agencies in the capital during the "
    "year, compared to 31 investigations in the previous reporting period."
)


def _many(n: int, changed: dict[int, str]) -> tuple[dict[str, str], dict[str, str]]:
    texts: dict[str, str] = {}
    as_of: dict[str, str] = {}
    for i in range(n):
        body = changed.get(i, PASSAGE)
        texts[f"r{i:03d}.txt"] = f"Report {i}\n\n{body}\n"
        as_of[f"r{i:03d}.txt"] = f"{1990 + i // 12}-{i % 12 + 1:02d}"
    return texts, as_of


def test_many_copies_are_one_boilerplate_group_with_the_odd_copy_as_drift() -> None:
    odd = PASSAGE.replace("Ukraine", "Afghanistan")
    texts, as_of = _many(40, {17: odd})
    found = run(texts, as_of=as_of)
    assert [f.rule for f in found if f.kind == "duplicate"] == ["TC303"]
    (bp,) = [f for f in found if f.rule == "TC303"]
    assert len(bp.evidence) == 20 and "found in 40 places (showing 20)" in bp.message
    drift = [(f.rule, f.evidence[0].doc, f.evidence[1].doc) for f in found if f.kind == "drift"]
    assert drift == [("TC401", "r000.txt", "r017.txt")]  # against the oldest copy, once
    assert [(f.evidence[0].quote, f.evidence[1].quote) for f in found if f.kind == "drift"] == [
        ("Ukraine", "Afghanistan")
    ]


def test_the_same_change_in_several_copies_is_reported_once() -> None:
    odd = PASSAGE.replace("48 investigations", "84 investigations")
    texts, as_of = _many(30, {5: odd, 9: odd, 21: odd})
    found = run(texts, as_of=as_of)
    drift = [f for f in found if f.kind == "drift"]
    assert len(drift) == 1 and drift[0].rule == "TC402"
    assert drift[0].evidence[1].doc == "r005.txt" and "in 3 copies" in drift[0].message
    shuffled = dict(sorted(texts.items(), key=lambda kv: kv[0][::-1]))
    assert [f.to_json() for f in run(shuffled, as_of=as_of)] == [f.to_json() for f in found]


def test_identical_copies_give_linear_seed_pairs() -> None:
    from _dup_helpers import LEXICON
    from tipcheck.checks.copies.candidates import seed_pairs
    from tipcheck.checks.copies.duplicates import index_documents
    from tipcheck.checks.copies.settings import DuplicateSettings
    from tipcheck.read.documents import make_document
    from tipcheck.read.passages import segment

    texts, as_of = _many(300, {})
    docs = [make_document(k, v, as_of=as_of[k]) for k, v in sorted(texts.items())]
    cfg = DuplicateSettings()
    index, _words = index_documents([(d, segment(d.text)) for d in docs], LEXICON, cfg)
    for i, d in enumerate(index):
        d.index = i
    seeds, spread = seed_pairs(index, cfg)
    windows = len(index[0].windows)
    assert 0 < len(seeds) <= 299 * windows  # a star per window, not 300*299/2 pairs
    assert {r.a for r in seeds} == {0}  # every copy linked to the oldest document
    assert all(int(s.max()) == 300 for s in spread)


def test_lsh_large_bucket_stays_linear_and_connected() -> None:
    import numpy as np

    from tipcheck.checks.copies.minhash import LshConfig, candidate_pairs

    sigs = np.zeros((1000, 12), dtype=np.uint32)  # one bucket of 1000 in every band
    pairs = candidate_pairs(sigs, LshConfig(bands=4, rows=3, max_bucket=64))
    assert len(pairs) <= 2 * 1000
    assert set(pairs[:, 0].tolist()) | set(pairs[:, 1].tolist()) == set(range(1000))


def test_a_template_whose_copies_all_differ_lists_no_drift_by_default() -> None:
    from tipcheck.checks.copies.settings import DuplicateSettings

    figures = [f"{n} investigations" for n in (52, 61, 70, 75, 83, 90, 97)]
    varied = {n: PASSAGE.replace("48 investigations", f) for n, f in enumerate(figures, 3)}
    texts, as_of = _many(30, varied)
    found = run(texts, as_of=as_of)
    assert not [f for f in found if f.kind == "drift"]
    (tc303,) = [f for f in found if f.rule == "TC303"]
    assert 'boilerplate = "drift"' in tc303.message
    every = DuplicateSettings(boilerplate_max_changes=None)
    assert [f for f in run(texts, as_of=as_of, settings=every) if f.kind == "drift"]


@pytest.mark.parametrize(
    ("sentence", "cites"),
    [
        ("Human Rights Watch has estimated that at least 50,000 children beg.", True),
        ("Human Rights Watch estimated in 2010 that at least 50,000 children begged.", True),
        ("UNICEF estimates that 1.4 million children work.", True),
        ("The ILO found in its 2017 survey that 25 million people were in forced labour.", True),
        ("According to the International Organization for Migration, 400 were returned.", True),
        ("“The Ministry of Justice said that 27 people were convicted.", True),
        ("Police said that 41 cases were opened in 2011.", False),
        ("The government reported that it identified 203 victims.", False),
        ("Human Rights Watch documented abuses in 2010 in daaras across the country.", False),
        ("Courts convicted 27 people, the Justice Ministry said.", False),
        ("“We will not allow agents to sell our daughters,” said Agnes Akiror.", True),
        ('"We will not allow agents to sell our daughters," the minister told reporters.', True),
        ("“Seven teachers in prison is not nothing,” he added.", True),
        ("“Trafficking” is defined in Article 3 of the Protocol, which Uganda ratified.", False),
        ("The minister said the “rogue agencies” would be closed by 2019.", False),
    ],
)
def test_a_citation_of_a_named_source(sentence: str, cites: bool) -> None:
    from tipcheck.checks.copies.lexicon import normalizer_for

    pattern = normalizer_for(LEXICON).citation
    assert pattern is not None
    assert (pattern.match(sentence) is not None) == cites
