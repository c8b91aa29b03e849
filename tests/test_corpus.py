"""tipcheck against a corpus written by hand: fixtures/corpus/<group>/.

Each group folder holds documents (.txt, .md) and, beside them:

- ``expected_claims.json``: ``{"<doc>": [claim, ...], "not_claims": {"<doc>": [item, ...]}}``.
  A claim is ``{"property", "subject", "period", "value", "negated", "quote"}`` plus optional
  ``"facet"``, ``"object"``, ``"todo"``, ``"note"``. A key that is absent is not compared
  (``"period"`` is left out where the text gives none, e.g. statistics blocks and treaty events);
  ``"period": null`` means the claim must have no period. ``value`` is one of
  ``{"n": 22}`` / ``{"low": 20000, "high": null, "unit": "USD"}`` (quantities: ``n`` is the
  stated figure, ``low``/``high`` the interval bounds, ``null`` = unbounded), ``{"tier": …}``,
  ``{"event": "2005-09"}`` (``null`` for a negated state), ``{"total": 17, "parts": [...]}``
  (breakdowns; compositions have only ``parts``), ``{"members": [...]}`` (routes).
  An extracted claim matches when property, subject (canonical country), period, negated,
  facet, object and value agree (``negated`` is not compared for ``{"n": 0}``: a count of none
  is 0, and the gold of different sets wrote it either way) and its span overlaps an occurrence of ``quote``.
- ``not_claims`` items ``{"quote", "property_prefix"}`` plus optional ``"subject"``,
  ``"period"``, ``"value"``: no claim whose property starts with the prefix (and of that subject)
  may overlap the quote while taking its figure from the quote (or, when ``period``/``value``
  is given, having that period/value). "Article 128" must not become a count.
- ``expected_findings.json``: a list. Items without ``"must_not"`` are planted problems
  (``kind``, optional ``also_kinds``, ``rule_prefix``, ``sides: [{doc, anchor}]``): one finding
  of that kind must have evidence overlapping every anchor. Items with ``"must_not": true``
  (``kinds``, ``sides``) must not be covered by any finding of those kinds that matches no
  planted item. In the ``clean`` group there are no planted problems and no contradiction or
  arithmetic finding at all is allowed.

``"todo": true`` on an item marks a known miss the lead has confirmed is out of scope: it is
reported as xfail, not as a failure (semgrep's ``todoruleid``). Nothing is todo by default.

Failures print diffs: ``-missing claim …``, ``-missing finding …``, ``+unexpected finding …``,
``+unexpected claim …``, with what tipcheck did say near the quote.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
GROUPS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
CLEAN = "clean"
DOC_SUFFIXES = (".txt", ".md")
CHECKED_KINDS = ("contradiction", "arithmetic")

PROPERTIES = {
    "treaty.ratified",
    "tip.tier",
    "law.investigations",
    "law.prosecutions",
    "law.convictions",
    "law.cases_opened",
    "law.officials_prosecuted",
    "law.officials_convicted",
    "victims.identified",
    "victims.assisted",
    "sentences.breakdown",
    "victims.breakdown",
    "funding.victim_assistance",
    "funding.ngo",
    "prevention.booklets",
    "protection.shelters",
    "hotline.calls",
    "stat.population",
    "stat.population_growth",
    "stat.birth_rate",
    "stat.life_expectancy",
    "stat.literacy",
    "stat.unemployment",
    "stat.gdp_per_capita",
    "stat.net_migration",
    "composition.religions",
    "composition.ethnic_groups",
    "composition.languages",
    "route.origins",
    "route.destinations",
}


# ------------------------------------------------------------------------------ the corpus


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


# a group's README describes it (and records its measured figures); it is not a document
NOT_DOCS = ("README.md",)


def not_a_doc(doc_id: str) -> bool:
    return doc_id.rsplit("/", 1)[-1] in NOT_DOCS


def group_docs(group: str) -> list[str]:
    return sorted(
        p.name
        for p in (CORPUS / group).iterdir()
        if p.suffix in DOC_SUFFIXES and p.name not in NOT_DOCS
    )


@functools.cache
def doc_text(group: str, doc: str) -> str:
    return read_text(CORPUS / group / doc)


@functools.cache
def expected_claims(group: str) -> dict[str, Any]:
    return json.loads(read_text(CORPUS / group / "expected_claims.json"))


@functools.cache
def expected_findings(group: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(planted items, must-not items) of a group."""
    data = json.loads(read_text(CORPUS / group / "expected_findings.json"))
    if isinstance(data, dict):  # also accept {"expected": [...], "must_not": [...]}
        return list(data.get("expected", [])), list(data.get("must_not", []))
    return [x for x in data if not x.get("must_not")], [x for x in data if x.get("must_not")]


def claim_items() -> list[Any]:
    out = []
    for group in GROUPS:
        for doc, items in expected_claims(group).items():
            if doc == "not_claims":
                continue
            for i, exp in enumerate(items):
                pid = f"{group}/{doc}#{i}:{exp['property']}:{exp.get('period')}"
                marks = (
                    [pytest.mark.xfail(reason="todo: known miss", strict=False)]
                    if exp.get("todo")
                    else []
                )
                out.append(pytest.param(group, doc, exp, id=pid, marks=marks))
    return out


def not_claim_items() -> list[Any]:
    out = []
    for group in GROUPS:
        for doc, items in expected_claims(group).get("not_claims", {}).items():
            for i, item in enumerate(items):
                marks = (
                    [pytest.mark.xfail(reason="todo: known miss", strict=False)]
                    if item.get("todo")
                    else []
                )
                out.append(
                    pytest.param(
                        group,
                        doc,
                        item,
                        id=f"{group}/{doc}#not{i}:{item['quote'][:30]}",
                        marks=marks,
                    )
                )
    return out


def finding_items(must_not: bool) -> list[Any]:
    out = []
    for group in GROUPS:
        planted, quiet = expected_findings(group)
        for i, item in enumerate(quiet if must_not else planted):
            name = item.get("id") or f"{'must_not' if must_not else 'expected'}{i}"
            marks = (
                [pytest.mark.xfail(reason="todo: known miss", strict=False)]
                if item.get("todo")
                else []
            )
            out.append(pytest.param(group, item, id=f"{group}:{name}", marks=marks))
    return out


# ------------------------------------------------------------------------------ normalising

_COUNTRY_ALIASES = {
    "russia": "RUS",
    "turkey": "TUR",
    "burma": "MMR",
    "laos": "LAO",
    "lao pdr": "LAO",
    "vietnam": "VNM",
    "south korea": "KOR",
    "republic of korea": "KOR",
    "korea": "KOR",
    "uae": "ARE",
    "u.a.e.": "ARE",
    "u.a.e": "ARE",
    "kyrgyz republic": "KGZ",
    "czech republic": "CZE",
    "czechia": "CZE",
    "united kingdom": "GBR",
    "uk": "GBR",
    "taiwan": "TWN",
    "moldova": "MDA",
    "netherlands": "NLD",
    "the netherlands": "NLD",
}


@functools.cache
def canon_country(name: str | None) -> str:
    """A comparable key for a country name, alias or ISO code ('Kyrgyzstan' = 'the Kyrgyz
    Republic' = 'KGZ')."""
    if not name:
        return ""
    s = str(name).strip()
    if ":" in s:  # ids such as "country:KGZ"
        s = s.rsplit(":", 1)[-1]
    low = s.lower()
    low = low[4:] if low.startswith("the ") else low
    if low in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[low]
    try:
        import pycountry

        if re.fullmatch(r"[A-Za-z]{2,3}", s):
            c = pycountry.countries.get(alpha_3=s.upper()) or pycountry.countries.get(
                alpha_2=s.upper()
            )
            if c is not None:
                return str(c.alpha_3)
        return str(pycountry.countries.lookup(low).alpha_3)
    except (LookupError, ImportError):
        return low


def claim_subject_keys(claim: Any) -> set[str]:
    subj = getattr(claim, "subject", None)
    if subj is None:
        return set()
    keys = {canon_country(getattr(subj, a, None)) for a in ("name", "id", "surface")}
    keys.discard("")
    return keys


def canon_object(name: str | None) -> str:
    s = (name or "").lower()
    if any(
        k in s
        for k in (
            "tip protocol",
            "palermo",
            "trafficking in persons",
            "human trafficking",
            "trafficking protocol",
        )
    ):
        return "un-tip-protocol"
    return s


def canon_facet(f: str | None) -> str:
    s = (f or "").lower()
    if not s:
        return ""
    if "labo" in s:
        return "labor"
    if "sex" in s:
        return "sexual exploitation"
    if "child" in s or "minor" in s or "boy" in s or "girl" in s:
        return "children"
    if "women" in s or "woman" in s or "female" in s:
        return "women"
    if re.search(r"\b(men|man|male)\b", s):
        return "men"
    if "foreign" in s:
        return "foreign"
    return s


def canon_unit(u: str | None) -> str | None:
    if u is None:
        return None
    s = str(u).strip().lower()
    return {"$": "USD", "usd": "USD", "us$": "USD", "dollars": "USD", "%": "%", "percent": "%"}.get(
        s, s
    )


def canon_tier(t: str | None) -> str:
    return re.sub(r"\s+", " ", (t or "").strip().lower())


def num_eq(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        fa, fb = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if math.isinf(fa) or math.isinf(fb):
        return fa == fb
    return abs(fa - fb) <= 1e-6 * max(1.0, abs(fb))


def _stated(q: dict[str, Any] | None) -> Any:
    if not q:
        return None
    if "stated" in q:
        return q["stated"]
    return q.get("n")


def value_json(claim: Any) -> dict[str, Any]:
    v = getattr(claim, "value", None)
    if v is None:
        return {}
    return v.to_json() if hasattr(v, "to_json") else dict(v)


def value_mismatch(exp: dict[str, Any], vj: dict[str, Any]) -> str | None:
    """Why the typed value `vj` (a Value's to_json()) does not agree with the expected value,
    or None when it does."""
    t = vj.get("type")
    if "tier" in exp:
        if t != "tier" or canon_tier(vj.get("tier")) != canon_tier(exp["tier"]):
            return f"tier {vj.get('tier')!r} != {exp['tier']!r}"
        return None
    if "event" in exp:
        if t != "event":
            return f"type {t} is not an event"
        if vj.get("when") != exp["event"]:
            return f"when {vj.get('when')!r} != {exp['event']!r}"
        return None
    if "members" in exp:
        if t != "set":
            return f"type {t} is not a set"
        got = {canon_country(m.get("name") or m.get("id")) for m in vj.get("members", [])}
        want = {canon_country(m) for m in exp["members"]}
        if got != want:
            return f"members {sorted(got)} != {sorted(want)}"
        return None
    if "parts" in exp:
        if t != "breakdown":
            return f"type {t} is not a breakdown"
        got_parts = sorted(float(_stated(p.get("amount")) or 0) for p in vj.get("parts", []))
        want_parts = sorted(float(x) for x in exp["parts"])
        if len(got_parts) != len(want_parts) or not all(
            num_eq(a, b) for a, b in zip(got_parts, want_parts, strict=True)
        ):
            return f"parts {got_parts} != {want_parts}"
        if "total" in exp:
            total = vj.get("total")
            if exp["total"] is None:
                if total is not None:
                    return f"total {_stated(total)} given, none expected"
            elif not num_eq(_stated(total), exp["total"]):
                return f"total {_stated(total)} != {exp['total']}"
        return None
    # a quantity
    if t != "quantity":
        return f"type {t} is not a quantity"
    checks = (("n", "stated"), ("low", "low"), ("high", "high"))
    for ek, vk in checks:
        if ek in exp and not num_eq(vj.get(vk), exp[ek]):
            return f"{vk} {vj.get(vk)!r} != {exp[ek]!r}"
    if "unit" in exp and canon_unit(vj.get("unit")) != canon_unit(exp["unit"]):
        return f"unit {vj.get('unit')!r} != {exp['unit']!r}"
    return None


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def claim_period(claim: Any) -> str | None:
    p = getattr(claim, "period", None)
    return getattr(p, "iso", None) if p is not None else None


def claim_mismatch(exp: dict[str, Any], claim: Any) -> str | None:
    """Why an extracted claim is not the expected one (None when it is); span is checked apart."""
    if claim.property != exp["property"]:
        return f"property {claim.property}"
    if canon_country(exp["subject"]) not in claim_subject_keys(claim):
        subj = getattr(claim, "subject", None)
        return f"subject {getattr(subj, 'name', None)!r}"
    if "period" in exp and claim_period(claim) != exp["period"]:
        return f"period {claim_period(claim)!r} != {exp['period']!r}"
    # a count of none is 0 whether the gold wrote it negated ("did not convict any") or not
    if exp.get("value") != {"n": 0} and bool(getattr(claim, "negated", False)) != bool(
        exp.get("negated", False)
    ):
        return f"negated {getattr(claim, 'negated', False)}"
    if canon_facet(getattr(claim, "facet", None)) != canon_facet(exp.get("facet")):
        return f"facet {getattr(claim, 'facet', None)!r} != {exp.get('facet')!r}"
    if "object" in exp:
        obj = getattr(claim, "object", None)
        names = (
            {canon_object(getattr(obj, a, None)) for a in ("name", "id", "surface")}
            if obj
            else set()
        )
        if canon_object(exp["object"]) not in names:
            return f"object {getattr(obj, 'name', None)!r}"
    return value_mismatch(exp["value"], value_json(claim))


def describe_claim(c: Any) -> str:
    subj = getattr(getattr(c, "subject", None), "name", None)
    extra = []
    if getattr(c, "negated", False):
        extra.append("negated")
    if getattr(c, "facet", None):
        extra.append(f"facet={c.facet}")
    vj = json.dumps(value_json(c), sort_keys=True)
    quote = getattr(c, "quote", "")
    return (
        f"{c.property} {subj} {claim_period(c)} {vj}"
        f"{' ' + ' '.join(extra) if extra else ''} [{c.start}:{c.end}] «{quote[:100]}»"
    )


def describe_expected(group: str, doc: str, exp: dict[str, Any]) -> str:
    bits = [
        exp["property"],
        exp["subject"],
        str(exp.get("period", "*")),
        json.dumps(exp["value"], sort_keys=True),
    ]
    if exp.get("negated"):
        bits.append("negated")
    if exp.get("facet"):
        bits.append(f"facet={exp['facet']}")
    return f"{group}/{doc}: {' '.join(bits)} «{exp['quote']}»"


# ------------------------------------------------------------------------------ running tipcheck


def _tipcheck() -> Any:
    try:
        import tipcheck
    except ImportError as e:  # pragma: no cover - the package is always installed in the venv
        pytest.skip(f"tipcheck is not importable: {e}")
    return tipcheck


@functools.cache
def _run(path: str) -> Any:
    tc = _tipcheck()
    if not hasattr(tc, "check"):
        return None
    return tc.check([path], exclude=not_a_doc)


def report_for(group: str | None) -> Any:
    """tipcheck.check over one group folder (or the whole corpus when group is None)."""
    rep = _run(str(CORPUS / group) if group else str(CORPUS))
    if rep is None:
        pytest.skip("tipcheck.check(paths) does not exist yet")
    return rep


def doc_key(doc: str) -> str:
    return str(doc).replace("\\", "/").rsplit("/", 1)[-1]


@functools.cache
def claims_by_doc(group: str) -> dict[str, list[Any]]:
    tc = _tipcheck()
    out: dict[str, list[Any]] = {d: [] for d in group_docs(group)}
    if hasattr(tc, "check"):
        for c in report_for(group).claims:
            out.setdefault(doc_key(c.doc), []).append(c)
        return out
    if hasattr(tc, "extract"):  # before the engine exists: claims per document
        for d in group_docs(group):
            out[d] = list(tc.extract(doc_text(group, d)))
        return out
    pytest.skip("neither tipcheck.check nor tipcheck.extract exists yet")
    return out  # pragma: no cover


def evidence_covers(finding: Any, doc: str, anchor: str, texts: dict[str, str]) -> bool:
    spans = occurrences(texts[doc], anchor)
    return any(doc_key(e.doc) == doc and overlaps(e.start, e.end, spans) for e in finding.evidence)


def item_kinds(item: dict[str, Any]) -> list[str]:
    if "kinds" in item:
        return list(item["kinds"])
    return [item["kind"], *item.get("also_kinds", [])]


def finding_matches(finding: Any, item: dict[str, Any], texts: dict[str, str]) -> bool:
    """The finding is of one of the item's kinds (and rule prefix) and covers every side."""
    if finding.kind not in item_kinds(item):
        return False
    prefixes = item.get("rule_prefix")
    if prefixes and not item.get("must_not"):
        prefixes = [prefixes] if isinstance(prefixes, str) else prefixes
        if not any(finding.rule.startswith(p) for p in prefixes):
            return False
    return all(evidence_covers(finding, s["doc"], s["anchor"], texts) for s in item["sides"])


def finding_explained(finding: Any, item: dict[str, Any], texts: dict[str, str]) -> bool:
    """A finding is explained by a planted item when it is of the item's kinds and some of
    its evidence overlaps one of the item's anchors (a problem may be reported in pieces)."""
    if finding.kind not in item_kinds(item):
        return False
    return any(evidence_covers(finding, s["doc"], s["anchor"], texts) for s in item["sides"])


def describe_finding(f: Any, texts: dict[str, str] | None = None) -> str:
    ev = "; ".join(f"{e.doc}[{e.start}:{e.end}] «{(e.quote or '')[:80]}»" for e in f.evidence)
    return f"{f.rule} {f.kind}: {f.message} — {ev}"


def all_texts() -> dict[str, str]:
    return {d: doc_text(g, d) for g in GROUPS for d in group_docs(g)}


# ------------------------------------------------------------------------------ (0) the corpus itself


def test_corpus_is_wellformed() -> None:
    """Runs without tipcheck: the documents and expectations agree with each other."""
    assert CLEAN in GROUPS and "planted" in GROUPS, GROUPS
    problems: list[str] = []
    names: list[str] = []
    n_docs = n_claims = n_planted = 0
    countries: set[str] = set()
    for group in GROUPS:
        docs = group_docs(group)
        names += docs
        n_docs += len(docs)
        claims = expected_claims(group)
        listed = sorted(k for k in claims if k != "not_claims")
        if listed != docs:
            problems.append(f"{group}: documents {docs} but expectations for {listed}")
        for doc in listed:
            text = doc_text(group, doc)
            for exp in claims[doc]:
                n_claims += 1
                countries.add(canon_country(exp["subject"]))
                if exp["property"] not in PROPERTIES:
                    problems.append(f"{group}/{doc}: unknown property {exp['property']!r}")
                if exp["quote"] not in text:
                    problems.append(f"{group}/{doc}: quote not in document: {exp['quote']!r}")
                missing = {"property", "subject", "value", "negated", "quote"} - set(exp)
                if missing:
                    problems.append(f"{group}/{doc}: {exp['quote']!r} lacks {sorted(missing)}")
        for doc, items in claims.get("not_claims", {}).items():
            for item in items:
                if item["quote"] not in doc_text(group, doc):
                    problems.append(
                        f"{group}/{doc}: not_claim quote not in document: {item['quote']!r}"
                    )
        planted, quiet = expected_findings(group)
        n_planted += len(planted)
        if group == CLEAN and planted:
            problems.append("clean group must not plant findings")
        for item in planted + quiet:
            for s in item["sides"]:
                if s["doc"] not in docs:
                    problems.append(f"{group}: finding side names unknown document {s['doc']!r}")
                elif s["anchor"] not in doc_text(group, s["doc"]):
                    problems.append(f"{group}/{s['doc']}: anchor not in document: {s['anchor']!r}")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"document names must be unique across groups: {dupes}")
    assert not problems, "\n".join(problems)
    assert n_docs >= 15, n_docs
    assert n_claims >= 5 * n_docs, (n_claims, n_docs)
    assert len(countries) >= 6, countries
    assert n_planted >= 5, n_planted


# ------------------------------------------------------------------------------ (a) claims


@pytest.mark.parametrize(("group", "doc", "exp"), claim_items())
def test_expected_claim(group: str, doc: str, exp: dict[str, Any]) -> None:
    claims = claims_by_doc(group).get(doc, [])
    spans = occurrences(doc_text(group, doc), exp["quote"])
    assert spans, f"quote not in {doc}: {exp['quote']!r}"
    near = []
    for c in claims:
        why = claim_mismatch(exp, c)
        on_span = overlaps(c.start, c.end, spans)
        if why is None and on_span:
            return
        if on_span or (why is None):
            near.append((c, why if why else "span does not overlap the quote"))
    lines = [f"-missing claim {describe_expected(group, doc, exp)}"]
    if near:
        lines.append("  what tipcheck said there (or elsewhere with the same value):")
        lines += [f"  ~ {describe_claim(c)}  ({why})" for c, why in near[:12]]
    else:
        lines.append(f"  no claim overlaps the quote ({len(claims)} claims in the document)")
    pytest.fail("\n".join(lines), pytrace=False)


# ------------------------------------------------------------------------------ (c) not claims

# The test's own reading of number words (an oracle independent of tipcheck.numbers).
_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}


def numbers_in(quote: str) -> set[float]:
    nums: set[float] = set()
    for m in re.finditer(r"\d+(?:[.,]\d+)*", quote):
        s = m.group().replace(",", "")
        try:
            nums.add(float(s))
        except ValueError:
            continue
    digits = re.sub(r"\D", "", quote)
    if digits:
        nums.add(float(digits))  # a phone number read as one figure
    for w in re.findall(r"[a-z]+", quote.lower()):
        if w in _WORDS:
            nums.add(float(_WORDS[w]))
    return nums


def value_from_quote(vj: dict[str, Any], quote: str) -> bool:
    t = vj.get("type")
    nums = numbers_in(quote)
    if t == "quantity":
        return any(
            v is not None and float(v) in nums
            for v in (vj.get("stated"), vj.get("low"), vj.get("high"))
        )
    if t == "tier":
        return canon_tier(vj.get("tier")) in canon_tier(quote)
    if t == "event":
        when = vj.get("when") or ""
        return bool(when) and when[:4] in quote
    if t == "breakdown":
        vals = [_stated(vj.get("total"))] + [_stated(p.get("amount")) for p in vj.get("parts", [])]
        return any(v is not None and float(v) in nums for v in vals)
    return False


@pytest.mark.parametrize(("group", "doc", "item"), not_claim_items())
def test_not_claim(group: str, doc: str, item: dict[str, Any]) -> None:
    spans = occurrences(doc_text(group, doc), item["quote"])
    bad = []
    for c in claims_by_doc(group).get(doc, []):
        if not c.property.startswith(item.get("property_prefix", "")):
            continue
        if not overlaps(c.start, c.end, spans):
            continue
        if item.get("subject") and canon_country(item["subject"]) not in claim_subject_keys(c):
            continue
        vj = value_json(c)
        # an item with a period and a value is about a claim with both ("404 is not 2019's")
        if "period" in item and claim_period(c) != item["period"]:
            continue
        if "value" in item and not num_eq(vj.get("stated"), item["value"]):
            continue
        if "period" not in item and "value" not in item and not value_from_quote(vj, item["quote"]):
            continue
        bad.append(c)
    if bad:
        lines = [
            f"+unexpected claim from «{item['quote']}» in {group}/{doc} ({item.get('note', '')})"
        ]
        lines += [f"  + {describe_claim(c)}" for c in bad]
        pytest.fail("\n".join(lines), pytrace=False)


# ------------------------------------------------------------------------------ (b) findings


@pytest.mark.parametrize(("group", "item"), finding_items(must_not=False))
def test_expected_finding(group: str, item: dict[str, Any]) -> None:
    report = report_for(group)
    texts = all_texts()
    if any(finding_matches(f, item, texts) for f in report.findings):
        return
    sides = "; ".join(f"{s['doc']} «{s['anchor']}»" for s in item["sides"])
    lines = [
        f"-missing finding {item.get('id', '')} {'/'.join(item_kinds(item))}: {item.get('note', '')}",
        f"  sides: {sides}",
    ]
    docs = {s["doc"] for s in item["sides"]}
    near = [f for f in report.findings if any(doc_key(e.doc) in docs for e in f.evidence)]
    if near:
        lines.append("  findings on those documents:")
        lines += [f"  ~ {describe_finding(f)}" for f in near[:12]]
    pytest.fail("\n".join(lines), pytrace=False)


@pytest.mark.parametrize(("group", "item"), finding_items(must_not=True))
def test_must_not_flag(group: str, item: dict[str, Any]) -> None:
    report = report_for(group)
    texts = all_texts()
    planted, _ = expected_findings(group)
    bad = [
        f
        for f in report.findings
        if finding_matches(f, item, texts)
        and not any(finding_matches(f, p, texts) for p in planted)
    ]
    if bad:
        lines = [f"+unexpected finding ({item.get('note', '')})"]
        lines += [f"  + {describe_finding(f)}" for f in bad]
        pytest.fail("\n".join(lines), pytrace=False)


def _unexplained(findings: Iterable[Any], planted: list[dict[str, Any]]) -> list[Any]:
    texts = all_texts()
    return [
        f
        for f in findings
        if f.kind in CHECKED_KINDS and not any(finding_explained(f, p, texts) for p in planted)
    ]


@pytest.mark.parametrize("group", GROUPS)
def test_no_unexpected_findings(group: str) -> None:
    """Clean group: no contradiction or arithmetic finding at all. Other groups: every such
    finding is one of the planted problems."""
    report = report_for(group)
    planted, _ = expected_findings(group)
    bad = _unexplained(report.findings, planted)
    if bad:
        lines = [
            f"{len(bad)} contradiction/arithmetic finding(s) in {group} that nothing planted explains:"
        ]
        lines += [f"+unexpected finding {describe_finding(f)}" for f in bad]
        pytest.fail("\n".join(lines), pytrace=False)


def test_whole_corpus_together() -> None:
    """All groups in one run: the planted problems are still found and nothing else is
    flagged (the groups share countries but not facts that disagree)."""
    report = report_for(None)
    texts = all_texts()
    planted = [p for g in GROUPS for p in expected_findings(g)[0] if not p.get("todo")]
    lines = []
    for p in planted:
        if not any(finding_matches(f, p, texts) for f in report.findings):
            lines.append(f"-missing finding {p.get('id', '')}: {p.get('note', '')}")
    lines += [
        f"+unexpected finding {describe_finding(f)}" for f in _unexplained(report.findings, planted)
    ]
    if lines:
        pytest.fail("\n".join(lines), pytrace=False)
