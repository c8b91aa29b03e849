"""Whom a document is about when its title names no country: origin lists and nationality
tables must not outvote the state whose organs and publisher speak (issue 11, document subject).
"""

from __future__ import annotations

import tipcheck
from tipcheck.read.documents import make_document


def _subjects(text: str) -> set[str]:
    return {c.subject.name for c in tipcheck.extract(text, doc_id="d") if c.subject is not None}


ANNEX = """---
title: "Statistical Annex 2022"
publisher: "National Anti-Trafficking Commission, Republic of Moldova"
date: 2023-02-01
---

# Annex

Figures come from the Moldova Police Inspectorate.

| Nationality | 2021 | 2022 |
|:---|---:|---:|
| Ukrainian | 30 | 62 |
| Moldovan | 21 | 19 |
| Romanian | 4 | 2 |

In 2022 police identified 83 victims. Ukrainian nationals made up most of them, and Ukrainian women were the largest group.
"""


def test_a_nationality_table_does_not_outvote_the_publishing_state() -> None:
    assert _subjects(ANNEX) == {"Moldova"}


PRESS = """Press release, 4 May 2021

Officers of the Georgian police identified 27 victims of trafficking in 2020. Azerbaijani
nationals, Armenian citizens and Azerbaijani women were among them.
"""


def test_a_states_own_organs_outweigh_the_nationalities_of_victims() -> None:
    assert _subjects(PRESS) == {"Georgia"}


REPORT = """---
title: "Annual Monitoring Report"
publisher: "Ministry of Foreign Affairs, Kingdom of Denmark"
---

Nepal identified 212 victims in 2021. Nepal's courts convicted 19 traffickers in 2021, and
Nepal prosecuted 40 suspects.
"""


def test_the_publisher_is_a_vote_that_the_text_outweighs() -> None:
    assert _subjects(REPORT) == {"Nepal"}


def test_publisher_read_from_front_matter() -> None:
    doc = make_document("d", ANNEX)
    assert doc.meta.publisher is not None and "Moldova" in doc.meta.publisher


def test_a_dateline_in_a_capital_says_whom_the_document_is_about() -> None:
    text = "GABORONE, 12 March 2021 — Police identified 14 victims of trafficking in 2020.\n"
    assert _subjects(text) == {"Botswana"}
    masthead = "# Annex\n\n*National Council, Montevideo, February 2022*\n\nPolice identified 80 victims in 2021.\n"
    assert _subjects(masthead) == {"Uruguay"}


def test_a_capital_that_is_a_word_is_no_dateline() -> None:
    text = "Victims identified\n  Male      3    4\n  Female    5    6\n\nPolice identified 14 victims in 2020.\n"
    assert _subjects(text) == {"(unknown)"} or _subjects(text) == set()


def test_a_heading_line_that_ends_with_the_country_says_whom() -> None:
    # the name ends its line: the next line's capital is no proper name it modifies
    text = (
        "COUNCIL OF EUROPE\n\nQuestionnaire for the evaluation\n\nREPLY FROM THE REPUBLIC OF SAN MARINO\n"
        "Received on 15 March 2023\n\nThe Republic identified nine presumed victims in 2022. Most "
        "were Romanian women; others came from Romania, Ukraine and Moldova.\n"
    )
    assert _subjects(text) == {"San Marino"}
