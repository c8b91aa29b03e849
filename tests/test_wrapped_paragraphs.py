"""Hard-wrapped prose is one paragraph however few its lines, and a numbered paragraph
("12. In 2020 the authorities …") takes the lines wrapped after it: a sentence that runs over a
line end keeps its year. Lines that each end a sentence stay a list of one-line paragraphs."""

from __future__ import annotations

import pytest

from tipcheck.read.passages import segment


def _paragraphs(text: str) -> list[str]:
    return [text[p.start : p.end] for p in segment(text).paragraphs]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 the authorities identified 30 victims. In 2020 the authorities\n"
        "identified 46 victims, up from 30 in 2019.",
        "12. In 2019 the authorities identified 30 victims. In 2020 the authorities\n"
        "identified 46 victims, up from 30 in 2019. Of the 46, 27 were women,\n"
        "12 were men and seven were children.",
    ],
)
def test_wrapped_lines_are_one_paragraph(text: str) -> None:
    (para,) = _paragraphs(text)  # a paragraph's number is no part of its text
    assert text.endswith(para) and para.startswith("In 2019")


def test_numbered_paragraphs_stay_apart() -> None:
    text = "12. In 2019 police opened 30\ninvestigations.\n13. In 2020 courts convicted 11\ntraffickers."
    assert len(_paragraphs(text)) == 2


def test_lines_that_each_end_a_sentence_stay_apart() -> None:
    text = "Albania ratified it in 2002.\nArmenia ratified it in 2003.\nBelize acceded in 2003."
    assert len(_paragraphs(text)) == 3
