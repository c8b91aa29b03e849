"""Treaty events: "the Protocol" refers back to the instrument named before it; a negated
state speaks as of a past date its sentence states."""

from __future__ import annotations

import tipcheck
from tipcheck.checks.contradictions import check_events


def _treaty(text: str) -> list[tipcheck.Claim]:
    claims = tipcheck.extract(f"Peru\n\n{text}", as_of="2018")
    return [c for c in claims if c.property == "treaty.ratified"]


def test_the_protocol_is_the_instrument_named_before() -> None:
    got = _treaty(
        "Chile ratified the Palermo Protocol in 2004. Peru ratified the Protocol in 2002."
    )
    assert [(c.subject_name, c.object.name if c.object else None) for c in got] == [
        ("Chile", "2000 UN TIP Protocol"),
        ("Peru", "2000 UN TIP Protocol"),
    ]


def test_the_protocol_with_nothing_named_before_is_no_claim() -> None:
    assert _treaty("Peru acceded to the Protocol on 3 March 2002.") == []


def test_a_negated_state_in_a_past_year_does_not_contradict_a_later_accession() -> None:
    got = _treaty(
        "The UN TIP Protocol is in force. Peru acceded to the Protocol on 3 March 2005. "
        "When the bill was debated in 2004, Peru had not yet acceded to the Protocol."
    )
    (neg,) = [c for c in got if c.negated]
    assert neg.as_of is not None and neg.as_of.iso == "2004"
    assert check_events(got) == []


def test_a_negated_state_as_of_the_document_still_contradicts() -> None:
    got = _treaty("The UN TIP Protocol is in force. Peru ratified the Protocol in 2005. "
                  "Peru has not ratified the Protocol.")  # fmt: skip
    assert [f.rule for f in check_events(got)] == ["TC102"]
