"""Hand-built Reports for format, baseline and suppression tests (no engine needed).

`sample_report()` is a small, realistic report; `hostile_report()` carries script-injection
payloads in every place a document's words can reach (text, ids, subjects, values, messages).
"""

from __future__ import annotations

from tipcheck.claims import Claim
from tipcheck.findings import Evidence, Finding, InputError
from tipcheck.read.suppressions import Notice
from tipcheck.report.model import DocumentInfo, Report
from tipcheck.values import Entity, Event, Quantity, Tier, Time, Value

KAZ = Entity("KAZ", "Kazakhstan", "country")

TEXT_A = """# Kazakhstan 2008

Kazakhstan ratified the 2000 UN TIP Protocol in 2005.

Kazakhstan was placed on Tier 2 in 2007. Police identified 22 victims in 2007.
"""

TEXT_B = """Trafficking in Persons Report 2009 - Kazakhstan

In July 2008, the government of Kazakhstan ratified the 2000 UN TIP Protocol.

Kazakhstan was placed on Tier 2 Watch List in 2008. Police identified 25 victims in 2007.
"""

TEXT_C = """Convictions

Of the 19 traffickers convicted in 2007, five were sentenced to prison and 16 were fined.
"""


def ev(
    texts: dict[str, str], doc: str, needle: str, value: str | None = None, nth: int = 0
) -> Evidence:
    """Evidence for the `nth` occurrence of `needle` in `doc`, offsets and line computed."""
    text = texts[doc]
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Evidence(doc, start, end, line, text[start:end], value, column)


def claim(
    texts: dict[str, str], doc: str, needle: str, prop: str, value: Value, period: Time
) -> Claim:
    e = ev(texts, doc, needle)
    return Claim(
        doc=doc,
        start=e.start,
        end=e.end,
        line=e.line,
        quote=e.quote,
        subject=KAZ,
        property=prop,
        value=value,
        period=period,
        as_of=None,
        extractor="test",
    )


def q(n: float) -> Quantity:
    return Quantity(n, n, n)


def sample_report() -> Report:
    texts = {"a.md": TEXT_A, "b.txt": TEXT_B, "sub/c.md": TEXT_C}
    findings = (
        Finding(
            rule="TC101",
            kind="contradiction",
            severity="error",
            message="Kazakhstan: ratification of the 2000 UN TIP Protocol: 2005 vs July 2008",
            evidence=(
                ev(texts, "a.md", "ratified the 2000 UN TIP Protocol in 2005", "2005"),
                ev(texts, "b.txt", "In July 2008", "2008-07"),
            ),
            subject="Kazakhstan",
            property="treaty.ratified",
            key=("ev:2005", "ev:2008-07"),
        ),
        Finding(
            rule="TC301",
            kind="duplicate",
            severity="info",
            message="near-duplicate passage (similarity 0.82)",
            evidence=(
                ev(
                    texts,
                    "a.md",
                    "Kazakhstan was placed on Tier 2 in 2007. "
                    "Police identified 22 victims in 2007.",
                ),
                ev(
                    texts,
                    "b.txt",
                    "Kazakhstan was placed on Tier 2 Watch List in 2008. "
                    "Police identified 25 victims in 2007.",
                ),
            ),
            similarity=0.8234,
        ),
        Finding(
            rule="TC401",
            kind="drift",
            severity="warning",
            message="Kazakhstan: victims identified in 2007 changed in a copy: 22 vs 25",
            evidence=(ev(texts, "a.md", "22", "22"), ev(texts, "b.txt", "25", "25")),
            subject="Kazakhstan",
            property="victims.identified",
            key=("q:22:22:None", "q:25:25:None"),
        ),
        Finding(
            rule="TC201",
            kind="arithmetic",
            severity="error",
            message="Convictions in 2007: parts add up to 21, not 19 (five + 16)",
            evidence=(
                ev(
                    texts,
                    "sub/c.md",
                    "Of the 19 traffickers convicted in 2007, "
                    "five were sentenced to prison and 16 were fined",
                    "19",
                ),
            ),
            subject="Kazakhstan",
            property="convictions",
            key=("q:19:19:None",),
        ),
    )
    claims = (
        claim(
            texts,
            "a.md",
            "ratified the 2000 UN TIP Protocol in 2005",
            "treaty.ratified",
            Event(Time.year(2005)),
            Time.year(2005),
        ),
        claim(
            texts,
            "b.txt",
            "In July 2008",
            "treaty.ratified",
            Event(Time.month(2008, 7)),
            Time.month(2008, 7),
        ),
        claim(texts, "a.md", "Tier 2 in 2007", "tier", Tier("Tier 2"), Time.year(2007)),
        claim(
            texts,
            "b.txt",
            "Tier 2 Watch List in 2008",
            "tier",
            Tier("Tier 2 Watch List"),
            Time.year(2008),
        ),
        claim(texts, "a.md", "22 victims", "victims.identified", q(22), Time.year(2007)),
        claim(texts, "b.txt", "25 victims", "victims.identified", q(25), Time.year(2007)),
    )
    documents = (
        DocumentInfo("a.md", "corpus/a.md", "2008", "title", 3, "Kazakhstan 2008"),
        DocumentInfo(
            "b.txt",
            "corpus/b.txt",
            "2009",
            "title",
            3,
            "Trafficking in Persons Report 2009 - Kazakhstan",
        ),
        DocumentInfo("sub/c.md", "corpus/sub/c.md", None, None, 0, None),
    )
    errors = (
        InputError(
            "bad.txt",
            "TC901",
            "corpus/bad.txt: not valid UTF-8 (byte 0xff at offset 3, line 1); "
            "re-save the file as UTF-8",
            "corpus/bad.txt",
        ),
    )
    notices = (
        Notice(
            "a.md", 1, "TC904", "unused suppression: `ignore TC3` silenced no finding; remove it"
        ),
    )
    return Report(
        version="0.1.0",
        documents=documents,
        findings=tuple(sorted(findings, key=lambda f: f.sort_key())),
        errors=errors,
        claims=tuple(sorted(claims, key=lambda c: c.sort_key())),
        texts=texts,
        notices=notices,
    )


# Each payload sets window.__pwned if it ever runs; the browser test asserts it stays unset.
PAYLOADS = (
    "<script>window.__pwned = 1; alert(1)</script>",
    '"><img src=x onerror="window.__pwned = 2; alert(2)">',
    "[click me](javascript:window.__pwned=3)",
    '<a href="javascript:window.__pwned=4">click me</a>',
    '</textarea></title><svg onload="window.__pwned=5"></svg>',
    "'-alert(6)-'\u202e",
)
EVIL_DOC = '"><img src=x onerror=window.__pwned=7>.md'
EVIL_SUBJECT = "<script>window.__pwned=8</script>"


def hostile_report() -> Report:
    body = "\n\n".join(f"Kazakhstan said {p} in 2007 that 10 victims were found." for p in PAYLOADS)
    texts = {EVIL_DOC: body + "\n", "plain.md": body.replace("10 victims", "12 victims") + "\n"}
    evil = Entity("EVIL", EVIL_SUBJECT, "country")
    findings = []
    for i, p in enumerate(PAYLOADS):
        findings.append(
            Finding(
                rule="TC101",
                kind="contradiction",
                severity="error",
                message=f"{EVIL_SUBJECT}: {p} vs {p}",
                evidence=(ev(texts, EVIL_DOC, p, p), ev(texts, "plain.md", p, p)),
                subject=EVIL_SUBJECT,
                property=p,
                key=(str(i),),
            )
        )
    findings.append(
        Finding(
            rule="TC401",
            kind="drift",
            severity="warning",
            message=f"drift {PAYLOADS[0]}",
            evidence=(
                ev(texts, EVIL_DOC, "10 victims", PAYLOADS[1]),
                ev(texts, "plain.md", "12 victims", PAYLOADS[2]),
            ),
        )
    )
    claims = []
    for doc, n in ((EVIL_DOC, 10), ("plain.md", 12)):
        e = ev(texts, doc, f"{n} victims")
        claims.append(
            Claim(
                doc,
                e.start,
                e.end,
                e.line,
                e.quote,
                evil,
                PAYLOADS[0],
                q(n),
                Time.year(2007),
                None,
                "test",
            )
        )
        e = ev(texts, doc, PAYLOADS[1])
        claims.append(
            Claim(
                doc,
                e.start,
                e.end,
                e.line,
                e.quote,
                evil,
                PAYLOADS[1],
                Tier(PAYLOADS[3]),
                Time.year(2006 + len(doc) % 3),
                None,
                "test",
            )
        )
    documents = (
        DocumentInfo(EVIL_DOC, EVIL_DOC, PAYLOADS[4], PAYLOADS[5], 2, PAYLOADS[0]),
        DocumentInfo("plain.md", "plain.md", None, None, 2, PAYLOADS[2]),
    )
    errors = (InputError(PAYLOADS[1], "TC901", f"{PAYLOADS[0]} could not be read", PAYLOADS[3]),)
    notices = (Notice(EVIL_DOC, 1, "TC905", f"`ignore {PAYLOADS[0]}`: no rule has that code"),)
    return Report(
        notices=notices,
        version="0.1.0",
        documents=documents,
        findings=tuple(sorted(findings, key=lambda f: f.sort_key())),
        errors=errors,
        claims=tuple(sorted(claims, key=lambda c: c.sort_key())),
        texts=texts,
    )
