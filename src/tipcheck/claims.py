"""Claims: what a document asserts, typed, with the exact words that state it."""

from __future__ import annotations

from typing import Any

import attrs

from tipcheck.values import Entity, Time, Value, value_key

_property = property  # the `property` field below shadows the builtin inside the class body

# Where a key of a claim came from, most direct first, and how far that is trusted. The order
# is the mechanism's (a figure's own clause beats the document's date); the thresholds that
# turn a confidence into "firm enough" are the rule pack's (`[confidence]` in pack.toml).
SOURCES: dict[str, float] = {
    "clause": 1.0,  # stated in the same clause as the figure
    "sentence": 0.9,  # elsewhere in the same sentence
    "heading": 0.85,  # a heading, table header or field label above it
    "paragraph": 0.85,  # the paragraph's or section's subject
    "title": 0.8,  # the document's subject, named in its title
    "reporting-period": 0.65,  # the reporting period of the edition (a pack setting)
    "as-of": 0.6,  # the document's own date
    "document": 0.6,  # the country the document names most
    "inherited": 0.5,  # carried from an earlier sentence or figure
}

# What each source means, in words for messages ("period inferred from the report year").
_WORDS: dict[str, str] = {
    "clause": "{key} stated with the figure",
    "sentence": "{key} stated in the sentence",
    "heading": "{key} taken from a heading or table header",
    "paragraph": "{key} taken from the paragraph's subject",
    "title": "{key} taken from the document's title",
    "reporting-period": "{key} inferred as the edition's reporting period",
    "as-of": "{key} inferred from the report year",
    "document": "{key} inferred as the country the document names most",
    "inherited": "{key} carried over from an earlier statement",
}


@attrs.frozen(slots=True)
class Basis:
    """How one key of a claim (subject, period or measure) was determined: its `source` (one of
    SOURCES), a `note` (which date line, which phrase) and the confidence derived from both."""

    source: str
    note: str = ""
    confidence: float = attrs.field(default=-1.0)

    def __attrs_post_init__(self) -> None:
        if self.confidence < 0:
            object.__setattr__(self, "confidence", SOURCES.get(self.source, 0.5))

    def words(self, key: str) -> str:
        text = _WORDS.get(self.source, "{key} from " + self.source).format(key=key)
        return f"{text} ({self.note})" if self.note else text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "confidence": round(self.confidence, 2)}
        if self.note:
            out["note"] = self.note
        return out


@attrs.frozen(slots=True)
class Why:
    """How each key of a claim was determined; None for a key the claim does not have (an
    event has no period: its date is its value)."""

    subject: Basis | None = None
    period: Basis | None = None
    measure: Basis | None = None

    def items(self) -> list[tuple[str, Basis]]:
        pairs = (("subject", self.subject), ("period", self.period), ("measure", self.measure))
        return [(k, b) for k, b in pairs if b is not None]

    def short(self) -> str:
        """For the claims table: "subject sentence · period as-of (title) · measure clause"."""
        return " · ".join(
            f"{k} {b.source}" + (f" ({b.note})" if b.note else "") for k, b in self.items()
        )

    def to_json(self) -> dict[str, Any]:
        return {k: b.to_json() for k, b in self.items()}


@attrs.frozen(slots=True)
class Claim:
    """One assertion: `subject` `property` = `value` during `period`, as of `as_of`.

    `facet` narrows a property ("labor trafficking" victims); `object` is what an event is
    about (the instrument ratified). `start`/`end` index the document's text and
    `text[start:end] == quote`. `derived` marks values computed from the text rather than
    stated in it (6 from "12, twice as many as in 2003").
    """

    doc: str
    start: int
    end: int
    line: int
    quote: str
    subject: Entity | None
    property: str
    value: Value
    period: Time | None
    as_of: Time | None
    extractor: str
    negated: bool = False
    object: Entity | None = None
    facet: str | None = None
    as_of_source: str | None = None
    derived: bool = False
    paragraph: int = -1
    column: int = 1
    why: Why = Why()

    @_property
    def subject_name(self) -> str:
        return self.subject.name if self.subject else "(unknown)"

    @_property
    def as_of_inferred(self) -> bool:
        return self.as_of_source in ("title", "last-updated")

    def group_key(self) -> tuple[str, str, str, str, str]:
        """Claims meet only within a group: same subject, property, object, facet and period."""
        return (
            self.subject.id if self.subject else "",
            self.property,
            self.object.id if self.object else "",
            self.facet or "",
            self.period.iso if self.period else "",
        )

    def sort_key(self) -> tuple[Any, ...]:
        return (self.doc, self.start, self.end, self.property, value_key(self.value))

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "quote": self.quote,
            "subject": self.subject.name if self.subject else None,
            "subject_id": self.subject.id if self.subject else None,
            "property": self.property,
            "object": self.object.name if self.object else None,
            "facet": self.facet,
            "value": self.value.to_json(),
            "period": self.period.iso if self.period else None,
            "as_of": self.as_of.iso if self.as_of else None,
            "negated": self.negated,
            "extractor": self.extractor,
            "why": self.why.to_json(),
        }
