"""JUnit XML for CI test-report viewers: one test case per document, one failure per finding at
or above the fail level (filed under the document of its first evidence side), one error per
document that could not be read."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tipcheck.findings import SEVERITY_RANK, Finding
from tipcheck.report.formats._common import doc_paths, findings_by_document, span_of
from tipcheck.report.model import Report

# XML 1.0 cannot carry most control characters, even escaped; a document may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(s: str) -> str:
    return _NOT_XML.sub("\ufffd", s)


def render(report: Report, *, fail_on: str = "error") -> str:
    """The JUnit document; findings below `fail_on` are left out, as they do not fail CI."""
    rank = SEVERITY_RANK[fail_on]
    paths = doc_paths(report)
    failing: dict[str, list[Finding]] = {
        doc: [f for f in fs if SEVERITY_RANK[f.severity] >= rank]
        for doc, fs in findings_by_document(report)
    }
    errors = {e.doc: e for e in report.errors}
    doc_ids = sorted({*(d.id for d in report.documents), *errors})
    n_fail = sum(len(v) for v in failing.values())
    counts = {
        "tests": str(len(doc_ids)),
        "failures": str(n_fail),
        "errors": str(len(errors)),
        "skipped": "0",
        "time": "0",
    }
    root = ET.Element("testsuites", {"name": "tipcheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "tipcheck", **counts})
    for doc in doc_ids:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": "tipcheck",
                "name": _x(doc),
                "file": _x(paths.get(doc, doc)),
                "time": "0",
            },
        )
        for f in failing.get(doc, []):
            failure = ET.SubElement(
                case, "failure", {"type": f.rule, "message": _x(f"{f.rule} {f.message}")}
            )
            failure.text = _x(_details(f, report, paths))
        if doc in errors:
            e = errors[doc]
            err = ET.SubElement(case, "error", {"type": e.code, "message": _x(e.message)})
            err.text = _x(e.message)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _details(f: Finding, report: Report, paths: dict[str, str]) -> str:
    lines = [f"{f.rule} {f.severity} ({f.kind}): {f.message}"]
    for ev in f.evidence:
        s = span_of(ev, report.texts.get(ev.doc))
        value = f" [{ev.value}]" if ev.value else ""
        lines.append(f"{paths.get(ev.doc, ev.doc)}:{s.line}:{s.column}{value}: {ev.quote}")
    lines.append(f"fingerprint: {f.fingerprint}")
    return "\n".join(lines)
