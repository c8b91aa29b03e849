"""Leftover HTML (issue 10): entities and inline tags decoded for matching, every span still an
offset range of the original text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tipcheck
from _dup_helpers import run
from tipcheck.read.markup import decode_markup, plain
from tipcheck.read.passages import segment


def test_plain_text_needs_no_decoded_copy() -> None:
    assert decode_markup("Kenya identified 45 victims in 2015.") is None
    assert decode_markup("AT&T and R&D; a <https://example.org> link.") is None
    # block tags alone: the mask already blanks them at the same length
    assert decode_markup("officials<br> at border posts<p>") is None
    assert segment("Kenya identified 45 victims.").decoded is None


def test_entities_and_inline_tags_decoded_with_a_map_back() -> None:
    text = "C&ocirc;te d&#39;Ivoire: 1&#8211;3, 12&nbsp;000, <b>1</b>,200 cases<br>in 2015"
    view = decode_markup(text)
    assert view is not None
    assert view.text == "Côte d'Ivoire: 1–3, 12\u00a0000, 1,200 cases in 2015"
    for m in re.finditer(r"\S+", view.text):
        s, e = view.span(*m.span())
        assert plain(text[s:e]) == m.group(), (m.group(), text[s:e])
    assert view.offset(text.index("1&#8211;")) == view.text.index("1–3")


def test_comments_footnotes_and_autolinks_are_left_to_the_mask() -> None:
    text = "Kenya &amp; Uganda<sup>2</sup> <!-- tipcheck: ignore TC101 &amp; --> <https://x.org>"
    view = decode_markup(text)
    assert view is not None
    assert (
        view.text
        == "Kenya & Uganda<sup>2</sup> <!-- tipcheck: ignore TC101 &amp; --> <https://x.org>"
    )


def _claims(text: str) -> list[tipcheck.Claim]:
    got = tipcheck.extract(text, as_of="2016")
    for c in got:
        assert text[c.start : c.end] == c.quote
    return got


def test_figures_and_names_written_with_entities_are_read() -> None:
    [c] = _claims("In 2015, police in C&ocirc;te d&#39;Ivoire identified 12&nbsp;000 victims.")
    assert c.subject_name == "Côte d'Ivoire"
    assert c.value.to_json()["stated"] == 12000
    assert c.quote == "12&nbsp;000 victims"
    [r] = _claims("In 2015, police in Kenya identified 1&#8211;3 victims.")
    assert (r.value.to_json()["low"], r.value.to_json()["high"]) == (1, 3)
    [x] = _claims("In 2015, police in Kenya identified 1&#x2013;3 victims.")
    assert x.value == r.value


def test_tags_break_neither_numbers_nor_sentences() -> None:
    [c] = _claims("In 2015, Kenyan courts convicted <b>1</b>,200 traffickers.")
    assert c.value.to_json()["stated"] == 1200
    [v] = _claims("In 2015, police in C<i>ô</i>te d&rsquo;Ivoire identified<br>45 victims.")
    assert v.subject_name == "Côte d'Ivoire" and v.value.to_json()["stated"] == 45


def test_no_break_space_groups_thousands_in_plain_text_too() -> None:
    [c] = _claims("In 2015, police in Kenya identified 12\u00a0000 victims.")
    assert c.value.to_json()["stated"] == 12000
    # an ordinary space does not group: two figures stay two
    assert [x.value.to_json()["stated"] for x in _claims("In 2015 Kenya had 12 000 victims.")] != [
        12000
    ]


_PASSAGE = (
    "Between 2014–2015, Malawian police opened 45 trafficking cases involving victims from "
    "Mozambique, Zambia and Côte d’Ivoire, and the government trained 12,000 officials at "
    "border posts across the southern region in victim identification."
)
_HTML = (
    "<p>Between 2014&#8211;2015, Malawian police opened <b>45</b> trafficking cases involving "
    "victims from Mozambique, Zambia and C&ocirc;te d&rsquo;Ivoire, and the government trained "
    "12&nbsp;000 officials<br> at border posts across the southern region in victim "
    "identification.</p>"
)


def test_an_html_copy_of_a_plain_passage_is_an_exact_copy() -> None:
    found = run({"a.md": "---\ndate: 2016-01-10\n---\n" + _PASSAGE, "b.md": _HTML})
    assert [f.rule for f in found] == ["TC301"]
    assert found[0].similarity == 1.0
    quotes = {e.doc: e.quote for e in found[0].evidence}
    assert quotes["b.md"].startswith("Between 2014&#8211;2015") and "12&nbsp;000" in quotes["b.md"]


def test_a_changed_figure_in_an_html_copy_is_still_drift() -> None:
    found = run(
        {
            "a.md": "---\ndate: 2016-01-10\n---\n" + _PASSAGE,
            "b.md": _HTML.replace("<b>45</b>", "<b>54</b>"),
        }
    )
    drift = [f for f in found if f.kind == "drift"]
    assert [f.rule for f in drift] == ["TC402"]
    assert drift[0].evidence[1].value == "54" and "54" in drift[0].evidence[1].quote


_WORDS = ["Kenya", "identified", "45", "victims", "in", "2015", "Côte", "d'Ivoire", "12,000"]
_MARKUP = ["&amp;", "&eacute;", "&#8211;", "&#x2013;", "&nbsp;", "&rsquo;", "<br>", "<p>",
           "<b>", "</b>", '<a href="x.html">', "</a>", "&bogus;", "&", "<", "<!-- c -->", "\n",
           ". ", "\n\n", "<sup>3</sup>"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS + _MARKUP + [" "]), min_size=1, max_size=60))
def test_property_spans_slice_back_to_the_original(parts: list[str]) -> None:
    text = "".join(parts)
    view = decode_markup(text)
    if view is not None:
        # every decoded word maps onto original text that decodes to it
        for m in re.finditer(r"[^\s<>&]+", view.text):
            s, e = view.span(*m.span())
            assert 0 <= s <= e <= len(text)
            assert m.group() in plain(text[s:e])
        starts = [view.start_of(i) for i in range(len(view.text) + 1)]
        assert starts == sorted(starts) and starts[-1] == len(text)
    for c in tipcheck.extract("In 2015, " + text, as_of="2016"):
        assert ("In 2015, " + text)[c.start : c.end] == c.quote


def test_paragraph_tags_make_paragraphs_and_wrapped_lines_stay_one() -> None:
    # a page saved as text: each <p> a paragraph, its lines wrapped; "last year" is then in
    # the figure's sentence, not cut off by a line end
    text = (
        '<div class="byline">Posted 14 October 2021 by the Press Unit</div>\n'
        "<h1>Figures for 2020</h1>\n"
        "<p>Dili, 14 October 2021 &#8211; The Ministry said today that 31 victims were\n"
        "identified last year.</p>\n"
        "<p>Police identified 12 victims in 2019.</p>\n"
    )
    claims = tipcheck.extract(text, doc_id="page.txt")
    got = {(c.value.to_json()["stated"], c.period.iso if c.period else None) for c in claims}
    assert got == {(31, "2020"), (12, "2019")}
