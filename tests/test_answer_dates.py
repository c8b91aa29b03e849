"""A parliamentary answer is dated by the day it was answered ("Answered on 13 September
2022"), a press release by its place-and-date line ("Bandar Seri Begawan, 27 June 2023"): a copy
of a report published the same year then has a date after the report's, so the copy's
direction is known."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipcheck.read.documents import read_document


@pytest.mark.parametrize(
    ("head", "iso", "source"),
    [
        (
            "HOUSE OF COMMONS\nWritten question UIN 61457, tabled on 6 October 2022\n"
            "Answered on 14 October 2022 by the Minister for Development\n\nJamaica\n",
            "2022-10-14",
            "publication-date",
        ),
        ("Issued on 3 May 2021\n\nText.\n", "2021-05-03", "publication-date"),
        (
            "News\n\nPosted 14 October 2021 by the Press Unit\n\nText.\n",
            "2021-10-14",
            "publication-date",
        ),
        (
            '<div class="byline">Posted 14 October 2021 by the Press Unit</div>\n<p>Text.</p>\n',
            "2021-10-14",
            "publication-date",
        ),
        (
            "PRESS RELEASE\n\nRef: JPM/PR/2023/117\nBandar Seri Begawan, 27 June 2023\n\nText.\n",
            "2023-06-27",
            "dateline",
        ),
        # a news agency's dateline with the place in mixed case
        (
            "Headline\n\nSão Tomé, 09 Mar 2023 (ANE) - The authorities said on Monday …\n",
            "2023-03-09",
            "dateline",
        ),
        # a place before the date of publication
        (
            "STATISTICAL BULLETIN\nNo. 4\nPublished: N'Djamena, 28 June 2023\n\nText.\n",
            "2023-06-28",
            "publication-date",
        ),
        ("Issued in Port Vila, 3 May 2021\n\nText.\n", "2021-05-03", "publication-date"),
        # a web page's machine-readable date, in a <meta> tag or a byline's <time>
        (
            '<html><head><meta property="article:published_time" content="2022-02-16T08:40:00">'
            "</head><body><p>Text.</p></body></html>\n",
            "2022-02-16",
            "publication-date",
        ),
        (
            '<div class="entry-meta">By <span>Mary Tari</span> | <time datetime="2022-02-16T08:40'
            '+11:00">Wednesday, 16 February 2022</time></div>\n<p>Text.</p>\n',
            "2022-02-16",
            "publication-date",
        ),
        # a wiki's footer, at the end of the page
        (
            "Human trafficking in Vanuatu\n\n"
            + "Text of the article. " * 200
            + "\n\nThis page was last edited on 3 August 2022, at 11:26 (UTC).\n",
            "2022-08-03",
            "last-updated",
        ),
        # a broadcast's transcript, dated in its header line after its kind
        (
            "RADIO NAURU\nTranscript of interview, broadcast Thursday 21 March 2024, 7.40 am\n\n"
            "TA: Good morning.\n",
            "2024-03-21",
            "publication-date",
        ),
        (
            "Annual Progress Report\nDate of submission: 28 February 2023\n\nText.\n",
            "2023-02-28",
            "publication-date",
        ),
        # a sentence about a list's last update is no page footer
        ("Report\n\nThe list was last updated in 2019.\n", None, None),
    ],
)
def test_a_document_dated_by_its_answer_or_place_line(
    tmp_path: Path, head: str, iso: str | None, source: str | None
) -> None:
    p = tmp_path / "a.txt"
    p.write_text(head, encoding="utf-8")
    d = read_document("a.txt", p)
    assert not isinstance(d, Exception)
    assert (d.as_of.iso if d.as_of else None) == iso
    assert d.meta.as_of_source == source


def test_a_sentence_with_a_place_and_a_date_is_no_date_line(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Report\n\nIn Kingston, police said on 3 May 2021 that it was closed.\n")
    d = read_document("a.txt", p)
    assert not isinstance(d, Exception)
    assert d.meta.as_of_source != "dateline"


@pytest.mark.parametrize(
    ("head", "year"),
    [
        (
            "**Annual Progress Report No. 2 | Reporting period: 1 January – 31 December 2022**\n",
            2022,
        ),
        ("Period covered: January–December 2021\n\nText.\n", 2021),
        # a fiscal year has no one calendar year; a wrapped line of prose is no label
        ("Reporting period: 1 July 2021 – 30 June 2022\n\nText.\n", None),
        ("Text about the previous\nreporting period, compared with 19 in 2021.\n", None),
    ],
)
def test_a_reports_stated_reporting_period(tmp_path: Path, head: str, year: int | None) -> None:
    p = tmp_path / "a.txt"
    p.write_text(head, encoding="utf-8")
    d = read_document("a.txt", p)
    assert not isinstance(d, Exception)
    period = d.meta.reporting_period
    assert (period.start.year if period else None) == year
