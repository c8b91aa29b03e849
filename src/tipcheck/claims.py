"""Claims: what a document asserts, typed, with the exact words that state it."""

from __future__ import annotations

from typing import Any

import attrs

from tipcheck.values import Entity, Time, Value, value_key

_property = property  # the `property` field below shadows the builtin inside the class body


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
        }
