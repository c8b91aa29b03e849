"""Every output format, checked by what would consume it: golden files byte for byte, the SARIF
2.1.0 schema, a JUnit XML parser, the GitHub annotation syntax, and an HTML parser for safety.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change (then review the diff).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from _sample import EVIL_DOC, EVIL_SUBJECT, PAYLOADS, hostile_report, sample_report
from tipcheck.findings import Evidence, Finding
from tipcheck.report.formats import FORMATS, render
from tipcheck.report.formats import sarif as sarif_fmt
from tipcheck.report.formats import text as text_fmt
from tipcheck.report.formats.github import escape_data, escape_property
from tipcheck.report.formats.html import data as html_data
from tipcheck.report.formats.sarif import artifact_uri
from tipcheck.report.model import DocumentInfo, Report
from tipcheck.report.rulepages import RuleDoc

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SCHEMA = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

GOLDEN_CASES = {
    "report.txt": dict(fmt="text"),
    "report-color-stats.txt": dict(fmt="text", color=True, statistics=True),
    "report.json": dict(fmt="json"),
    "report.sarif": dict(fmt="sarif"),
    "report.junit.xml": dict(fmt="junit"),
    "report-warning.junit.xml": dict(fmt="junit", fail_on="warning"),
    "report.github": dict(fmt="github"),
    "report.html": dict(fmt="html"),
}


FIXED_RULES = {
    code: RuleDoc(
        code, name, kind, sev, f"{name} summary.", f"Why {name} matters.", ("bad",), ("good",)
    )
    for code, name, kind, sev in [
        ("TC101", "event-date-conflict", "contradiction", "error"),
        ("TC201", "parts-exceed-total", "arithmetic", "error"),
        ("TC301", "near-duplicate", "duplicate", "info"),
        ("TC401", "number-drift", "drift", "warning"),
    ]
}


@pytest.fixture
def fixed_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Golden files must not change when someone adds a rule page: pin the registry."""
    for module in (text_fmt, sarif_fmt, html_data):
        monkeypatch.setattr(module, "rules", lambda: FIXED_RULES)


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str, fixed_rules: None) -> None:
    kwargs = dict(GOLDEN_CASES[name])
    fmt = str(kwargs.pop("fmt"))
    out = render(sample_report(), fmt, **kwargs)  # type: ignore[arg-type]
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(out.encode("utf-8"))
    assert path.exists(), f"{path} missing; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert out == expected, f"{name} differs from its golden file; UPDATE_GOLDEN=1 if intended"


def test_every_format_renders_and_is_deterministic() -> None:
    for fmt in FORMATS:
        a = render(sample_report(), fmt)
        b = render(sample_report(), fmt)
        assert a == b and a.endswith("\n"), fmt


def test_unknown_format_and_level_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'; choose one of text, json"):
        render(sample_report(), "xml")
    with pytest.raises(ValueError, match="fail level 'fatal'"):
        render(sample_report(), "text", fail_on="fatal")


def test_json_is_the_report_contract() -> None:
    r = sample_report()
    assert render(r, "json") == r.dumps()


# ------------------------------------------------------------------------------------ text


def test_text_caret_sits_under_the_span() -> None:
    out = render(sample_report(), "text")
    lines = out.splitlines()
    row = "5 | Kazakhstan was placed on Tier 2 in 2007. Police identified 22 victims in 2007."
    i = max(n for n, line in enumerate(lines) if line == row)  # the drift finding's side
    caret = lines[i + 1]
    col = caret.index("^")
    assert lines[i][col : col + 2] == "22"
    assert caret.endswith("^^ 22")


def test_text_has_no_color_unless_asked() -> None:
    assert "\x1b[" not in render(sample_report(), "text")
    assert "\x1b[1;31mTC101" in render(sample_report(), "text", color=True)


def test_text_summary_and_statistics() -> None:
    out = render(sample_report(), "text", statistics=True)
    assert (
        "Found 4 findings in 3 documents (1 contradiction, 1 arithmetic, 1 duplicate, 1 drift; "
        "2 errors, 1 warning, 1 info). 2 at or above error; 1 document could not be read; "
        "1 suppression notice."
    ) in out
    assert re.search(r"^1  TC101  error", out, re.M)
    assert "at or above warning" in render(sample_report(), "text", fail_on="warning")


def test_text_clear_run() -> None:
    r = Report("0.1.0", (DocumentInfo("a.md", "a.md", None, None, 0),), ())
    assert render(r, "text") == "All clear: no findings in 1 document.\n"


def test_text_long_line_is_windowed_around_the_span() -> None:
    text = "word " * 400 + "TARGET" + " tail" * 50 + "\n"
    start = text.index("TARGET")
    f = Finding(
        "TC101", "contradiction", "error", "m", (Evidence("d.txt", start, start + 6, 1, "TARGET"),)
    )
    r = Report("0.1.0", (), (f,), texts={"d.txt": text})
    out = render(r, "text")
    shown = next(line for line in out.splitlines() if line.startswith("1 | "))
    caret = out.splitlines()[out.splitlines().index(shown) + 1]
    assert len(shown) < 130 and shown.startswith("1 | …")
    col = caret.index("^")
    assert shown[col : col + 6] == "TARGET" and caret.count("^") == 6


def test_text_neutralises_terminal_escapes_from_documents() -> None:
    text = "evil \x1b[2J\x1b]0;title\x07 here \u202eabc\n"
    f = Finding(
        "TC101", "contradiction", "error", "msg \x1b[31m", (Evidence("d.txt", 0, 4, 1, "evil"),)
    )
    out = render(Report("0.1.0", (), (f,), texts={"d.txt": text}), "text")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


# ----------------------------------------------------------------------------------- SARIF


def _validate_sarif(doc: dict[str, object]) -> None:
    validator_cls = jsonschema.validators.validator_for(SCHEMA)
    validator_cls.check_schema(SCHEMA)
    errors = sorted(validator_cls(SCHEMA).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("make", [sample_report, hostile_report])
def test_sarif_validates_against_the_2_1_0_schema(make: object) -> None:
    doc = json.loads(render(make(), "sarif"))  # type: ignore[operator]
    _validate_sarif(doc)


def test_sarif_schema_catches_a_broken_log() -> None:
    doc = json.loads(render(sample_report(), "sarif"))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError):
        _validate_sarif(doc)


def test_sarif_content() -> None:
    r = sample_report()
    run = json.loads(render(r, "sarif"))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    res = run["results"][0]
    f = r.findings[0]
    assert res["ruleId"] == f.rule and res["level"] == "error"
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == f.rule
    region = res["locations"][0]["physicalLocation"]["region"]
    first = f.evidence[0]
    assert (region["charOffset"], region["charLength"]) == (first.start, first.end - first.start)
    text = r.texts[first.doc]
    assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == first.quote
    assert (region["startLine"], region["startColumn"]) == (3, 12)
    assert region["endColumn"] - region["startColumn"] == len(first.quote)
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "corpus/a.md"
    related = res["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "corpus/b.txt"
    assert res["partialFingerprints"] == {"tipcheck/v1": f.fingerprint}
    levels = {x["ruleId"]: x["level"] for x in run["results"]}
    assert levels["TC301"] == "note"
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = {n["descriptor"]["id"]: n for n in inv["toolExecutionNotifications"]}
    assert notes["TC901"]["level"] == "error"
    assert notes["TC904"]["level"] == "note"
    region = notes["TC904"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}


def test_sarif_rules_carry_registry_help(monkeypatch: pytest.MonkeyPatch) -> None:
    from tipcheck.report.formats import sarif

    doc = RuleDoc(
        "TC101",
        "ratification-date",
        "contradiction",
        "error",
        "Dates disagree.",
        "Readers cannot tell which is right.",
        ("A ratified in 2005.",),
        ("A ratified in 2008.",),
    )
    monkeypatch.setattr(sarif, "rules", lambda: {"TC101": doc})
    run = json.loads(render(sample_report(), "sarif"))["runs"][0]
    rules = {x["id"]: x for x in run["tool"]["driver"]["rules"]}
    assert rules["TC101"]["help"]["text"] == doc.explain()
    assert "A ratified in 2005." in rules["TC101"]["help"]["markdown"]
    assert rules["TC101"]["fullDescription"]["text"] == doc.why
    _validate_sarif(json.loads(render(sample_report(), "sarif")))


def test_artifact_uris() -> None:
    assert artifact_uri("corpus/a b.md") == "corpus/a%20b.md"
    assert artifact_uri("/abs/x#1.md") == "file:///abs/x%231.md"
    assert artifact_uri("sub\\c.md") == "sub/c.md"


# ----------------------------------------------------------------------------------- JUnit


def test_junit_parses_with_a_junit_parser() -> None:
    junitparser = pytest.importorskip(
        "junitparser", reason="pip install junitparser to parse JUnit"
    )
    r = sample_report()
    xml = render(r, "junit")
    suites = junitparser.JUnitXml.fromstring(xml)
    cases = {c.name: c for suite in suites for c in suite}
    assert set(cases) == {"a.md", "b.txt", "sub/c.md", "bad.txt"}
    assert cases["b.txt"].is_passed
    a_results = cases["a.md"].result
    assert [type(x).__name__ for x in a_results] == ["Failure"]
    assert a_results[0].type == "TC101"
    assert a_results[0].message.startswith("TC101 Kazakhstan")
    assert [type(x).__name__ for x in cases["bad.txt"].result] == ["Error"]
    suite = next(iter(suites))
    assert (suite.tests, suite.failures, suite.errors) == (4, 2, 1)


def test_junit_fail_level_controls_failures() -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(render(sample_report(), "junit", fail_on="info"))
    assert root.get("failures") == "4"
    failures = [f.get("type") for f in root.iter("failure")]
    assert sorted(failures) == ["TC101", "TC201", "TC301", "TC401"]


def test_junit_survives_control_characters() -> None:
    import xml.etree.ElementTree as ET

    text = "bad \x0b\x01 chars\n"
    f = Finding(
        "TC101", "contradiction", "error", "m \x0c", (Evidence("d.txt", 0, 8, 1, text[:8]),)
    )
    ET.fromstring(render(Report("0.1.0", (), (f,), texts={"d.txt": text}), "junit"))


# ---------------------------------------------------------------------------------- GitHub

_ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def test_github_annotation_syntax() -> None:
    lines = render(sample_report(), "github").splitlines()
    assert lines[0] == (
        "::error file=corpus/a.md,line=3,endLine=3,col=12,endColumn=53,title=TC101::TC101 "
        "Kazakhstan: ratification of the 2000 UN TIP Protocol: 2005 vs July 2008 "
        "(see also corpus/b.txt:3:1)"
    )
    for line in lines:
        m = _ANNOTATION.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert "title" in props


def test_github_escaping() -> None:
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    text = "x\n"
    f = Finding(
        "TC101",
        "contradiction",
        "error",
        "100%\nnext::x",
        (Evidence("we,ird:na%me.md", 0, 1, 1, "x"),),
    )
    out = render(Report("0.1.0", (), (f,), texts={"we,ird:na%me.md": text}), "github")
    assert out == (
        "::error file=we%2Cird%3Ana%25me.md,line=1,endLine=1,col=1,endColumn=2,title=TC101"
        "::TC101 100%25%0Anext::x\n"
    )
    assert out.count("\n") == 1


def test_github_multiline_span_has_no_end_column() -> None:
    text = "ab\ncd\n"
    f = Finding("TC301", "duplicate", "info", "dup", (Evidence("d.md", 1, 4, 1, "b\nc"),))
    out = render(Report("0.1.0", (), (f,), texts={"d.md": text}), "github")
    assert out.startswith("::notice file=d.md,line=1,endLine=2,col=2,title=TC301::")


# ------------------------------------------------------------------------------------ HTML


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


def _data(out: str) -> dict[str, Any]:
    """The report's data block, decoded as the page's script decodes it."""
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', out, re.S)
    assert m, "no data block"
    decoded: dict[str, Any] = json.loads(m.group(1))
    return decoded


def _strings(x: object) -> list[str]:
    if isinstance(x, str):
        return [x]
    if isinstance(x, dict):
        return [s for v in x.values() for s in _strings(v)]
    if isinstance(x, list):
        return [s for v in x for s in _strings(v)]
    return []


def test_html_hostile_documents_render_as_text() -> None:
    out = render(hostile_report(), "html")
    parsed = _parse(out)
    tags = [t for t, _ in parsed.tags]
    # the data block and our own script, at the end; no other element from any document
    assert tags.count("script") == 2
    assert [dict(a).get("type") for t, a in parsed.tags if t == "script"] == [
        "application/json",
        None,
    ]
    assert "img" not in tags and "textarea" not in tags and "svg" not in tags
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "xlink:href"):
                assert value is not None and value.startswith("#"), (tag, name, value)
    # The payloads travel only inside the data block, with every < > & escaped, so none can
    # end the block or become markup; decoded, they are all there as text.
    block = out[out.index('id="data">') : out.index("</script>")]
    assert "<" not in block[len('id="data">') :] and "&" not in block
    text = "\n".join(_strings(_data(out))) + "".join(parsed.text)
    for p in PAYLOADS:
        assert p.replace("\u202e", "") in text.replace("\u202e", "")
    assert EVIL_DOC in text and EVIL_SUBJECT in text
    # Document text never reaches the script.
    script = out[out.rindex("<script>") :]
    assert "__pwned" not in script


def test_html_svg_links_and_attributes_come_from_the_report_only() -> None:
    d = _data(render(hostile_report(), "html"))

    def walk(el: list[Any]) -> Iterator[list[Any]]:
        yield el
        for child in el[3] if len(el) > 3 and el[3] else ():
            yield from walk(child)

    for block in d["timelines"]:
        for chart in block["charts"]:
            for top in chart["els"]:
                for el in walk(top):
                    assert el[0] in {"line", "text", "title", "circle", "a", "g"}
                    for k, v in el[1].items():
                        assert k in {
                            "class",
                            "x",
                            "y",
                            "x1",
                            "y1",
                            "x2",
                            "y2",
                            "cx",
                            "cy",
                            "r",
                            "href",
                        }
                        if k == "href":
                            assert re.fullmatch(r"#f-[0-9a-f]+(?:-\d+)?", v)
                        elif k == "class":
                            assert v in {"axis", "tick", "year", "lane", "span", "pt", "pt bad"}
                        else:
                            assert isinstance(v, int | float)


def test_html_is_self_contained_with_a_strict_csp() -> None:
    out = render(sample_report(), "html")
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', out)
    assert m
    csp = m.group(1).replace("&#x27;", "'")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert "unsafe-inline" not in csp
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", out)
    assert "@import" not in out and "url(" not in out


def test_html_csp_hashes_match_the_inline_code() -> None:
    import base64
    import hashlib

    out = render(sample_report(), "html")
    script = re.search(r"<script>(.*?)</script>", out, re.S)
    style = re.search(r"<style>(.*?)</style>", out, re.S)
    assert script and style
    for body in (script.group(1), style.group(1)):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"sha256-{digest}" in out


def _marked(side: dict[str, Any]) -> list[str]:
    return [t for flags, t, *_ in side["x"] if flags != 8 and flags & 1]


def test_html_order_groups_and_cards() -> None:
    r = sample_report()
    d = _data(render(r, "html"))
    found = d["findings"]
    # errors first, then warnings, then info; grouped by subject and kind with counts
    assert [f["s"] for f in found] == ["error", "error", "warning", "info"]
    assert [g[:3] for g in d["groups"]] == [
        ["error", "Kazakhstan", "contradiction"],
        ["error", "Kazakhstan", "arithmetic"],
        ["warning", "Kazakhstan", "drift"],
        ["info", None, "duplicate"],
    ]
    assert [g[3] for g in d["groups"]] == [1, 1, 1, 1]
    assert {f["a"] for f in found} == {f"f-{f.fingerprint}" for f in r.findings}
    drift = next(f for f in found if f["k"] == "drift")
    # a drift shows a few words around the change on each side, never the paragraph block
    left, right = drift["b"]["sides"]
    assert "22" in _marked(left) and "25" in _marked(right)
    hits = [[t for flags, t, *_ in side["x"] if flags & 2] for side in (left, right)]
    assert hits == [["22"], ["25"]]  # the words the finding is about, underlined
    assert all(len("".join(str(x[1]) for x in s["x"]).split()) <= 20 for s in (left, right))
    dup = next(f for f in found if f["k"] == "duplicate")
    left, right = dup["b"]["sides"]
    assert "22" in _marked(left) and "25" in _marked(right)
    assert any("Watch" in t for t in _marked(right))
    # a contradiction: one column per side with its value and how its claim was read
    cmp = found[0]["b"]
    assert cmp["t"] == "cmp" and [s["v"] for s in cmp["sides"]] == ["2005", "2008-07"]
    assert [row[0] for row in cmp["sides"][0]["p"]][:3] == ["subject", "measure", "period"]
    assert cmp["sides"][0]["p"][0][1] == "Kazakhstan (KAZ)"
    # timelines: tier, victims and ratification; disputed points link to the contradiction
    (block,) = d["timelines"]
    assert block["subject"] == "Kazakhstan" and len(block["charts"]) == 3
    assert block["findings"] == [0, 1, 2]
    assert found[0]["tl"] == 0
    fp = r.findings[0].fingerprint
    assert json.dumps(block).count(f'"href": "#f-{fp}"') == 2
    assert d["notices"][0][0] == "TC904"


def test_html_long_unchanged_regions_fold() -> None:
    words = " ".join(f"w{i}" for i in range(80))
    a = f"Start {words} 12 end.\n"
    b = f"Start {words} 13 end.\n"
    texts = {"a.md": a, "b.md": b}
    f = Finding(
        "TC301",
        "duplicate",
        "info",
        "copy",
        (Evidence("a.md", 0, len(a) - 1, 1, a[:-1]), Evidence("b.md", 0, len(b) - 1, 1, b[:-1])),
    )
    d = _data(render(Report("0.1.0", (), (f,), texts=texts), "html"))
    left, right = d["findings"][0]["b"]["sides"]
    folds = [seg for seg in left["x"] if seg[0] == 8]
    assert len(folds) == 1 and folds[0][2] == 81 - 16
    assert _marked(left) == ["12"] and _marked(right) == ["13"]


def test_html_duplicate_anchors_are_unique() -> None:
    text = "x y\n"
    f = Finding("TC101", "contradiction", "error", "m", (Evidence("d.md", 0, 1, 1, "x"),))
    out = render(Report("0.1.0", (), (f, f), texts={"d.md": text}), "html")
    ids = [x["a"] for x in _data(out)["findings"]]
    assert len(ids) == 2 and len(set(ids)) == 2
