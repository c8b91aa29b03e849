"""A corpus-scale Report for the HTML report's size and speed test, built without the engine.

The engine takes minutes on a thousand of bench/corpus.py's documents (they are made of ~28
sources, so duplicate detection meets every paragraph hundreds of times); the report format is
what is under test here, so this builds the Report directly: bench/corpus.py's documents, each
also carrying an edited copy of a paragraph of the previous one, and per document a duplicate
and a drift finding on that copy, a contradiction and an arithmetic finding on real numbers in
the text, and claims that give every subject a timeline. Deterministic for `n_docs`.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from tipcheck.claims import Claim
from tipcheck.findings import Evidence, Finding
from tipcheck.report.model import DocumentInfo, Report
from tipcheck.values import Entity, Quantity, Time

ROOT = Path(__file__).resolve().parents[1]
_NUMBER = re.compile(r"(?<![\w,.])\d{2,5}(?![\w,])")
_PARA = re.compile(r"(?:^|\n\n)([^\n#][^\n]{200,}?)(?=\n\n|\n?$)")


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "tipcheck_bench_corpus", ROOT / "bench" / "corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _ev(doc: str, text: str, start: int, end: int, value: str | None = None) -> Evidence:
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Evidence(doc, start, end, line, text[start:end], value, column)


def _bump(m: re.Match[str]) -> str:
    return str(int(m.group()) + 7)


def big_report(n_docs: int = 1000, seed: int = 1) -> Report:
    """A Report over `n_docs` generated documents with ~5 findings and ~3 claims each."""
    corpus = _corpus()
    sources = corpus.load_sources()
    names: list[str] = []
    texts: dict[str, str] = {}
    copies: dict[str, tuple[int, int, int, int]] = {}  # doc -> copy span, source span in prev
    prev: str | None = None
    for i in range(n_docs):
        name, text = corpus.make_document(sources, seed, i)
        if prev is not None:
            paras = [m for m in _PARA.finditer(texts[prev]) if _NUMBER.search(m.group(1))]
            if paras:
                m = paras[i % len(paras)]
                copied = _NUMBER.sub(_bump, m.group(1), count=1)  # one number drifts
                start = len(text) + 1
                text += "\n" + copied + "\n"
                copies[name] = (start, start + len(copied), m.start(1), m.end(1))
        names.append(name)
        texts[name] = text
        prev = name
    countries = corpus.COUNTRIES
    findings: list[Finding] = []
    claims: list[Claim] = []
    docs: list[DocumentInfo] = []
    for i, name in enumerate(names):
        text = texts[name]
        country = countries[i % len(countries)]
        subject = Entity(f"country:{country[:3].upper()}", country, "country")
        nums = list(_NUMBER.finditer(text))
        docs.append(DocumentInfo(name, f"corpus/{name}", "2008", "title", 3, f"Report {i}"))
        for k, m in enumerate(nums[:3]):
            value = float(m.group())
            claims.append(
                Claim(
                    name, m.start(), m.end(), text.count("\n", 0, m.start()) + 1, m.group(),
                    subject, "victims.identified", Quantity(value, value, value),
                    Time.year(2000 + (i + k) % 9), Time.year(2008), "count",
                    as_of_source="title",
                )
            )  # fmt: skip
        if i and name in copies:
            a, b, c, d = copies[name]
            src = names[i - 1]
            findings.append(
                Finding(
                    "TC301", "duplicate", "info",
                    f"passage of {src} copied into {name}",
                    (_ev(src, texts[src], c, d), _ev(name, text, a, b)),
                    subject=country, key=(src, name), similarity=0.93,
                )
            )  # fmt: skip
            ns = _NUMBER.search(texts[src], c, d)
            nd = _NUMBER.search(text, a, b)
            if ns and nd:
                findings.append(
                    Finding(
                        "TC401", "drift", "warning",
                        f"{ns.group()} in {src} became {nd.group()} in the copy",
                        (
                            _ev(src, texts[src], ns.start(), ns.end(), ns.group()),
                            _ev(name, text, nd.start(), nd.end(), nd.group()),
                        ),
                        subject=country, property="count", key=(ns.group(), nd.group()),
                    )
                )  # fmt: skip
        if len(nums) >= 2 and i + 1 < len(names):
            other = names[i + 1]
            om = next(_NUMBER.finditer(texts[other]), None)
            if om is not None:
                findings.append(
                    Finding(
                        "TC103", "contradiction", "error",
                        f"{country}: victims identified in 2007: {nums[0].group()} vs {om.group()}",
                        (
                            _ev(name, text, nums[0].start(), nums[0].end(), nums[0].group()),
                            _ev(other, texts[other], om.start(), om.end(), om.group()),
                        ),
                        subject=country, property="victims.identified", key=(str(i),),
                    )
                )  # fmt: skip
            findings.append(
                Finding(
                    "TC201", "arithmetic", "error" if i % 3 == 0 else "warning",
                    f"{country}: the parts add up to more than the total {nums[1].group()}",
                    (_ev(name, text, nums[1].start(), nums[1].end(), nums[1].group()),),
                    subject=country, property="convictions", key=(str(i),),
                )
            )  # fmt: skip
    findings.sort(key=lambda f: f.sort_key())
    return Report("0.1.0", tuple(docs), tuple(findings), claims=tuple(claims), texts=texts)
