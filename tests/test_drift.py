"""Drift (TC4xx): what is cosmetic, what is substantive, and a property test over random edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tipcheck
from _dup_helpers import LEXICON, rules_of, run
from tipcheck.checks.copies.lexicon import DriftLexicon, Normalizer, load_drift_lexicon, stem

SOURCE = """Annual Report 2009

Lorvania is a source and destination country for men, women, and children subjected to forced labor in agriculture and construction. Lorvanian women are trafficked to Turkey, Poland, and Italy for commercial sexual exploitation, and the government does not fully protect victims who return home.

Police opened 48 investigations and prosecutors charged 19 suspects during the year, compared to 31 investigations in 2008. Courts convicted twelve traffickers, and the state is making efforts to fund two shelters run by NGOs in the capital.
"""
HEAD = "Web digest\n\n"


def drift_of(copy: str, **kw: object) -> list[tuple[str, str, str]]:
    found = run({"a.txt": SOURCE, "b.txt": HEAD + copy}, **kw)  # type: ignore[arg-type]
    assert "TC301" in rules_of(found), [f.message for f in found]
    return [(f.rule, f.evidence[0].quote, f.evidence[1].quote) for f in found if f.kind == "drift"]


BODY = SOURCE.split("\n\n", 1)[1]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("is a source", "was a source"),
        ("are trafficked", "were trafficked"),
        ("does not fully protect", "did not fully protect"),
        ("is making efforts", "made efforts"),
        ("twelve traffickers", "12 traffickers"),
        ("48 investigations", "forty-eight investigations"),
        ("victims who return", "victim who returns"),
        ("run by NGOs", "run by the NGOs"),
        ("the capital.", "the capital. [4]"),
        ("men, women", "men,  women"),
        ("during the year", "during the 12 months"),
        ("Lorvanian women", "Lorvanian  women"),
        # a clause turned passive, an adverbial or a list member moved: the same facts
        ("Courts convicted twelve traffickers", "Twelve traffickers were convicted by courts"),
        ("Police opened 48 investigations", "48 investigations were opened by police"),
        (
            "the government does not fully protect victims who return home",
            "victims who return home are not fully protected by the government",
        ),
        ("Turkey, Poland, and Italy", "Poland, Italy and Turkey"),
        ("men, women, and children", "women, men and children"),
    ],
)
def test_cosmetic_edits_are_not_drift(old: str, new: str) -> None:
    assert old in BODY
    assert drift_of(BODY.replace(old, new)) == []


@pytest.mark.parametrize(
    ("old", "new", "rule", "before", "after"),
    [
        ("Poland", "Germany", "TC401", "Poland", "Germany"),
        ("48 investigations", "58 investigations", "TC402", "48", "58"),
        ("twelve traffickers", "eleven traffickers", "TC402", "twelve", "eleven"),
        ("in 2008", "in 2006", "TC403", "2008", "2006"),
        (
            "does not fully protect",
            "fully protects",
            "TC405",
            "government does not fully",
            "government fully",
        ),
        ("children subjected", "girls subjected", "TC406", "children", "girls"),
        (
            "forced labor in agriculture",
            "debt bondage in agriculture",
            "TC406",
            "forced labor",
            "debt bondage",
        ),
    ],
)
def test_substantive_edits_are_drift(
    old: str, new: str, rule: str, before: str, after: str
) -> None:
    assert old in BODY
    assert drift_of(BODY.replace(old, new)) == [(rule, before, after)]


@pytest.mark.parametrize("compound", ["NGO-run", "UN-funded", "State-owned"])
def test_a_compound_modifier_is_no_name(compound: str) -> None:
    """ "the Riverside shelter run by NGOs" / "the NGO-run shelter": a name dropped from a
    description and a modifier whose head is a common word, not one entity for another."""
    body = BODY.replace("two shelters run by NGOs", "the Riverside shelter run by NGOs")
    copy = body.replace("the Riverside shelter run by NGOs", f"the {compound} shelter")
    found = run({"a.txt": "Annual Report 2009\n\n" + body, "b.txt": HEAD + copy})
    assert "TC301" in rules_of(found)
    assert [f.message for f in found if f.kind == "drift"] == []


ROUTE = "are trafficked from Moldova and Ukraine to Turkey and Italy"


@pytest.mark.parametrize(
    ("new", "changes"),
    [
        ("are trafficked from Ukraine and Moldova to Italy and Turkey", []),
        (
            "are trafficked from Moldova and Italy to Turkey and Ukraine",
            [("TC401", "Ukraine", "Italy"), ("TC401", "Italy", "Ukraine")],
        ),
    ],
)
def test_names_reordered_within_a_list_but_not_between_lists(
    new: str, changes: list[tuple[str, str, str]]
) -> None:
    src = BODY.replace("are trafficked to Turkey, Poland, and Italy", ROUTE)
    found = run({"a.txt": "Annual Report 2009\n\n" + src, "b.txt": HEAD + src.replace(ROUTE, new)})
    drift = [(f.rule, f.evidence[0].quote, f.evidence[1].quote) for f in found if f.kind == "drift"]
    assert drift == changes


def test_a_watched_word_moved_within_its_sentence_is_no_change() -> None:
    """ "Senegal is the main destination for boys from …" / "Most boys sent to Senegal come
    from …": the victim group is still boys, only placed elsewhere in the sentence."""
    tail = (
        " They are entrusted to marabouts who run residential Koranic schools in Dakar, Thiès"
        " and Touba, and many are forced to beg for up to ten hours a day. Those who do not"
        " bring back the daily quota are often beaten.\n"
    )
    src = "Senegal is the main destination for boys from Guinea-Bissau and Mali." + tail
    copy = "Most boys sent to Senegal come from Guinea-Bissau and Mali." + tail
    found = run({"a.txt": "Annual Report 2015\n\n" + src, "b.txt": HEAD + copy})
    assert "TC301" in rules_of(found)
    assert [f.message for f in found if f.kind == "drift"] == []


EDITION = (
    "Trafficking in Persons Report {year}\n\nURUGUAY (Tier 2)\n\nUruguay is a source and"
    " destination country for women and children subjected to sex trafficking, and for men"
    " subjected to forced labor in construction and agriculture. Police in Montevideo opened"
    " {n} trafficking investigations in {period}, and courts convicted {m} traffickers under"
    " the 2008 migration law.\n"
)


@pytest.mark.parametrize(
    ("n", "period", "m", "changes"),
    [
        # the next edition updates the sentence to its own reporting period: no drift
        ("19", "2014", "4", []),
        # a figure changed but not its period, or a period moved by another span, is drift
        ("19", "2013", "6", [("TC402", "14", "19")]),
        ("14", "2012", "6", [("TC403", "2013", "2012")]),
    ],
)
def test_a_later_edition_updating_a_sentence_to_its_own_period(
    n: str, period: str, m: str, changes: list[tuple[str, str, str]]
) -> None:
    old = EDITION.format(year=2014, n="14", period="2013", m="6")
    new = EDITION.format(year=2015, n=n, period=period, m=m)
    found = run({"a.txt": old, "b.txt": new})
    assert "TC301" in rules_of(found)
    drift = [(f.rule, f.evidence[0].quote, f.evidence[1].quote) for f in found if f.kind == "drift"]
    assert drift == changes


def test_a_negative_moved_to_another_predicate_is_still_a_flip() -> None:
    extra = (
        "\nThe government did not prosecute complicit officials but convicted twelve traffickers"
        " in 2009, and it funded two shelters run by NGOs in the capital.\n"
    )
    copy = extra.replace(
        "did not prosecute complicit officials but convicted",
        "prosecuted complicit officials but did not convict",
    )
    found = run({"a.txt": "Annual Report 2009\n\n" + BODY + extra, "b.txt": HEAD + BODY + copy})
    assert [f.rule for f in found if f.kind == "drift"] == ["TC405", "TC405"]


def test_a_hyphenated_name_is_still_a_name() -> None:
    body = BODY.replace("Poland", "Guinea-Bissau")
    copy = BODY.replace("Poland", "Timor-Leste")
    found = run({"a.txt": "Annual Report 2009\n\n" + body, "b.txt": HEAD + copy})
    assert [
        (f.rule, f.evidence[0].quote, f.evidence[1].quote) for f in found if f.kind == "drift"
    ] == [("TC401", "Guinea-Bissau", "Timor-Leste")]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("New Zealand", "New Caledonia"),
        ("South Africa", "South Sudan"),
        ("Saudi Arabia", "United Arab Emirates"),
        ("Papua New Guinea", "Papua New Britain"),
    ],
)
def test_a_changed_name_is_quoted_whole(before: str, after: str) -> None:
    """A name changed in one of its words is reported as the names it was and became, with
    the words both share: an editor reads "New Zealand" → "New Caledonia", not half names."""
    body = BODY.replace("Poland", before)
    found = run(
        {"a.txt": "Annual Report 2009\n\n" + body, "b.txt": HEAD + body.replace(before, after)}
    )
    assert [
        (f.rule, f.evidence[0].quote, f.evidence[1].quote) for f in found if f.kind == "drift"
    ] == [("TC401", before, after)]


def test_tier_change() -> None:
    src = (
        BODY
        + "\nThe country remains on Tier 2 Watch List for the third year in a row, as it was last year.\n"
    )
    found = run(
        {"a.txt": "Annual Report 2009\n\n" + src, "b.txt": HEAD + src.replace("Tier 2", "Tier 3")}
    )
    assert "TC404" in rules_of(found)


def test_negation_with_object_is_one_change() -> None:
    text = (
        BODY
        + "\nThe courts did not convict any officials for complicity in trafficking offences this year.\n"
    )
    copy = text.replace("did not convict any officials", "convicted two officials")
    found = run({"a.txt": "Annual Report 2009\n\n" + text, "b.txt": HEAD + copy})
    assert [f.rule for f in found if f.kind == "drift"] == ["TC405"]


def _canon(surface: str) -> str | None:
    s = surface.removeprefix("the ").removeprefix("The ")
    table = {
        "Kyrgyzstan": "KG",
        "Kyrgyz Republic": "KG",
        "Uzbekistan": "UZ",
        "Turkey": "TR",
        "Türkiye": "TR",
    }
    return table.get(s)


def test_alias_is_cosmetic_with_canon_and_entity_swap_is_not() -> None:
    body = BODY.replace("Turkey", "Kyrgyzstan")
    src = SOURCE.replace("Turkey", "Kyrgyzstan")
    alias = run(
        {"a.txt": src, "b.txt": HEAD + body.replace("Kyrgyzstan", "the Kyrgyz Republic")},
        canon=_canon,
    )
    assert [f for f in alias if f.kind == "drift"] == []
    swap = run(
        {"a.txt": src, "b.txt": HEAD + body.replace("Kyrgyzstan", "Uzbekistan")}, canon=_canon
    )
    assert [
        (f.rule, f.evidence[0].quote, f.evidence[1].quote) for f in swap if f.kind == "drift"
    ] == [("TC401", "Kyrgyzstan", "Uzbekistan")]


def test_inserted_year_equal_to_source_as_of_is_cosmetic() -> None:
    assert drift_of("In 2009, " + BODY) == []
    assert [r for r, *_ in drift_of("In 2005, " + BODY)] == ["TC403"]


def test_normalizer_keys() -> None:
    n = Normalizer(LEXICON)
    assert n.key("was") is None and n.key("The") is None
    assert n.key("made") == n.key("making") == n.key("makes")
    assert n.key("victims") == n.key("victim") == n.key("sufferer")
    assert n.key("children") == n.key("child") != n.key("girls")
    assert n.key("forty-eight") == n.key("48") == "48"
    assert n.key("officials’") == n.key("officials'") == n.key("officials")
    assert n.key("didn't") == n.key("not")
    assert stem("continued") == stem("continues") == stem("continue")


def test_lexicon_errors_name_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "drift.toml"
    bad.write_text('synonymz = [["a", "b"]]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"drift\.toml: unknown key 'synonymz'"):
        load_drift_lexicon(bad)
    bad.write_text('synonyms = ["a", "b"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="list of lists"):
        load_drift_lexicon(bad)


def test_without_lexicon_grammar_still_works() -> None:
    found = run(
        {"a.txt": SOURCE, "b.txt": HEAD + BODY.replace("is a source", "was a source")},
        lexicon=DriftLexicon(),
    )
    assert rules_of(found) == ["TC301"]


# --- property: random cosmetic edits give a duplicate and no drift; one swap gives one drift ---

COSMETIC = [
    ("is a source", "was a source"),
    ("are trafficked", "were trafficked"),
    ("does not", "did not"),
    ("is making", "made"),
    ("twelve", "12"),
    ("48", "forty-eight"),
    ("victims", "victim"),
    ("NGOs in", "the NGOs in"),
    ("home.", "home. [2]"),
    ("year, compared", "year , compared"),
    ("and Italy", "and  Italy"),
    ("government", "authorities"),
    ("the capital", "the capital city"),
]
SWAPS = [
    ("Turkey", "Greece", "TC401"),
    ("Italy", "Spain", "TC401"),
    ("48", "84", "TC402"),
    ("19 suspects", "21 suspects", "TC402"),
    ("31 investigations", "13 investigations", "TC402"),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(st.booleans(), min_size=len(COSMETIC), max_size=len(COSMETIC)),
    swap=st.one_of(st.none(), st.sampled_from(SWAPS)),
)
def test_property_cosmetic_copies_and_one_swap(
    edits: list[bool], swap: tuple[str, str, str] | None
) -> None:
    copy = BODY
    if swap is not None:  # swap first, so a cosmetic edit cannot remove the swapped words
        assert swap[0] in copy
        copy = copy.replace(swap[0], swap[1], 1)
    for on, (old, new) in zip(edits, COSMETIC, strict=True):
        if on:
            copy = copy.replace(old, new, 1)
    got = drift_of(copy)
    if swap is None:
        assert got == []
    else:
        assert len(got) == 1, got
        rule, before, after = got[0]
        assert rule == swap[2]
        assert swap[0].split()[0] in before and swap[1].split()[0] in after


# Issue 10: false alarms by class, each a cosmetic copy of the same source.
@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a negative word moved or replaced within the clause keeps polarity
        ("does not fully protect victims", "fully protects no victims"),
        # a spelling variant of one name is no entity change
        ("Lorvanian women", "Lorwanian women"),
        # a name on one side only is a deleted modifier
        ("run by NGOs in the capital", "run by Capital Region NGOs in the capital"),
        # an unchanged watched word beside an added modifier
        ("men, women, and children", "men, women, and young children"),
        # a date moved within its sentence is the same date
        (
            "during the year, compared to 31 investigations in 2008",
            "during the year, compared to 31 investigations that were opened in 2008",
        ),
        # HTML entities and a tag left in a web copy
        ("Turkey, Poland, and Italy", "Turkey, Poland, and Italy<br>"),
        ("48 investigations", "48&#160;investigations"),
    ],
)
def test_issue10_cosmetic_classes(old: str, new: str) -> None:
    assert old in BODY
    assert drift_of(BODY.replace(old, new)) == []


def test_relative_time_and_its_year_are_one_date() -> None:
    # the source is dated 2009: "during the year" is its reporting period, 2008
    assert drift_of(BODY.replace("during the year", "in 2008")) == []
    assert [r for r, *_ in drift_of(BODY.replace("during the year", "in 2004"))] == ["TC403"]


def test_a_real_flip_is_still_a_flip() -> None:
    found = drift_of(BODY.replace("is making efforts to fund", "is not making efforts to fund"))
    assert [r for r, *_ in found] == ["TC405"]


# Issue 10, negation by scope: a flip is a change in whether the same predicate is negated.
NEG_SOURCE = """Annual Report 2012

Police in Lorvania identified 45 victims of forced labor on fishing boats during the year, and the government provided shelter to all of them through two NGOs in the capital. Courts did not convict any officials for complicity, and the Ministry of Labor has ratified the forced labour convention.
"""


def _neg_drift(old: str, new: str) -> list[str]:
    assert old in NEG_SOURCE
    copy = NEG_SOURCE.split("\n\n", 1)[1].replace(old, new)
    found = run({"a.txt": NEG_SOURCE, "b.txt": HEAD + copy})
    assert "TC301" in rules_of(found), [f.message for f in found]
    return [f.rule for f in found if f.kind == "drift"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a negative that comes with a clause of its own negates that clause's predicate
        (
            "through two NGOs in the capital.",
            "through two NGOs in the capital, although not all stayed.",
        ),
        # in a relative clause that the copy added
        ("45 victims of forced labor", "45 victims, none of whom had papers, of forced labor"),
        # "not only … but also" negates nothing
        ("the government provided shelter", "the government not only provided shelter"),
        # an equivalent construction
        ("Courts did not convict any officials", "Courts failed to convict any officials"),
        ("Courts did not convict any officials", "Courts convicted no officials"),
        ("did not convict any officials", "did not convict a single official"),
        # a negative moved within its clause
        ("Courts did not convict any officials", "No officials were convicted by courts"),
    ],
)
def test_negation_elsewhere_or_equivalent_is_no_flip(old: str, new: str) -> None:
    assert "TC405" not in _neg_drift(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("the government provided shelter", "the government did not provide shelter"),
        ("Courts did not convict any officials", "Courts convicted officials"),
        (
            "has ratified the forced labour convention",
            "has not ratified the forced labour convention",
        ),
        ("Courts did not convict any officials", "Courts never failed to convict officials"),
    ],
)
def test_a_changed_polarity_of_the_same_predicate_is_a_flip(old: str, new: str) -> None:
    assert "TC405" in _neg_drift(old, new)


# Issue 10, region boundaries: both sides of a copied region start and end on the same
# sentence boundary, and an edge paired with words of a neighbouring sentence is no drift.
_P1 = (
    "Police in Lorvania identified 45 victims of forced labor on fishing boats during the "
    "year, and prosecutors charged 19 suspects under the 2010 anti-trafficking law."
)
_P2 = (
    "The government trained 300 labor inspectors and border officials in victim "
    "identification across the southern region"
)
_P3 = (
    "the Ministry of Labour funded two shelters for victims of forced labour in Lilongwe and "
    "opened a national hotline that received 1,200 calls from workers in the fishing sector "
    "during the year."
)


def test_two_sentences_written_as_one_are_one_copied_region() -> None:
    # one side's "…region. The Ministry…" is the other's "…region, and the Ministry…": one
    # region ending on the same boundary on both sides (was two findings, 100% and 79%)
    src = f"Annual Report 2012\n\n{_P1} {_P2}. {_P3[0].upper()}{_P3[1:]}"
    cpy = f"{HEAD}{_P1} {_P2}, and {_P3}"
    found = run({"a.txt": src, "b.txt": cpy})
    assert [f.rule for f in found] == ["TC301"], [f.message for f in found]
    quotes = [e.quote for e in found[0].evidence]
    assert all(q.startswith("Police in Lorvania") for q in quotes), quotes
    assert all(q.endswith("during the year.") for q in quotes), quotes


def test_edge_words_from_the_neighbouring_sentence_are_no_change() -> None:
    from tipcheck.checks.copies.drift import Side, Tok, changes
    from tipcheck.checks.copies.lexicon import normalizer_for

    norm = normalizer_for(LEXICON)

    def toks(text: str) -> list[Tok]:
        out, pos = [], 0
        for w in text.split():
            start = text.index(w, pos)
            pos = start + len(w)
            key = norm.key(w.strip(".,"))
            if key is not None:
                out.append(
                    Tok(start, start + len(w.strip(".,")), w.strip(".,"), key, w[0].isupper())
                )
        return out

    a_text = "the government trained 300 officials in identification"
    b_text = "the government trained 300 officials in identification, and the Ministry funded two"
    after_a = frozenset(
        k for k in norm.keys("The Ministry of Labour funded two shelters".split()) if k
    )
    a = Side(toks(a_text), a_text, after=after_a)
    b = Side(toks(b_text), b_text)
    assert changes(a, b, norm, lambda s: None) == []
    # the same words with nothing like them outside the other region are a change
    got = changes(Side(toks(a_text), a_text), b, norm, lambda s: None)
    assert [c.kind for c in got] == ["number"]


def test_a_span_of_time_added_or_removed_is_framing_not_a_number() -> None:
    framed = BODY.replace(
        "Lorvania is a source", "As reported over the past four years, Lorvania is a source"
    )
    assert drift_of(framed) == []
    # a figure removed is still a change
    changed = BODY.replace(
        "Police opened 48 investigations and", "Police opened investigations and"
    )
    assert [r for r, _, _ in drift_of(changed)] == ["TC402"]


# The second paragraph of SOURCE quoted by another document behind a lead-in of its own words.
_QUOTED = BODY.split("\n\n")[1].strip()


@pytest.mark.parametrize(
    "lead",
    [
        "As the 2009 report observed, “",
        'According to the annual report, "',
        "The ministry wrote that “",
        "Like the monitoring body noted in its 2010 review, “",
        "The inspectors stated: “",
    ],
)
def test_a_quotation_lead_in_is_outside_the_copy(lead: str) -> None:
    copy = f"Our own staff saw this too. {lead}{_QUOTED}” We say more below.\n"
    found = run({"a.txt": SOURCE, "b.txt": HEAD + copy})
    assert "TC301" in rules_of(found), [f.message for f in found]
    (dup,) = [f for f in found if f.rule == "TC301"]
    quoted = next(e for e in dup.evidence if e.doc == "b.txt")
    assert quoted.quote.startswith("Police opened"), quoted.quote  # the copy starts at the quote
    assert [f.message for f in found if f.kind == "drift"] == []


def test_a_negation_flip_inside_a_quotation_is_drift() -> None:
    flipped = _QUOTED.replace("the state is making efforts", "the state is not making efforts")
    copy = f"Our own staff saw this too. As the 2009 report noted, “{flipped}”\n"
    found = run({"a.txt": SOURCE, "b.txt": HEAD + copy})
    drift = [(f.rule, f.evidence[0].quote, f.evidence[1].quote) for f in found if f.kind == "drift"]
    assert [d[0] for d in drift] == ["TC405"], drift
    assert not any("report" in q for d in drift for q in d[1:]), drift


def test_a_lead_in_is_split_only_where_a_quotation_or_report_follows() -> None:
    from tipcheck.checks.copies.lexicon import normalizer_for

    lead = normalizer_for(LEXICON).lead_in
    assert lead is not None
    assert (
        lead.match("As the 2019 report noted, “The police").group() == "As the 2019 report noted, “"
    )  # type: ignore[union-attr]
    assert (
        lead.match("According to the ministry, 40 victims").group() == "According to the ministry, "
    )  # type: ignore[union-attr]
    for plain in [
        "As the police noted the rise, they opened 40 cases.",
        "The government reported that it identified 203 victims.",
        "Police said 41 cases were opened.",
    ]:
        assert lead.match(plain) is None, plain


def test_two_citations_of_one_source_behind_their_lead_ins_share_no_passage() -> None:
    said = (
        "According to UNICEF, some 2,000 children were trafficked across the northern border in "
        "2019 by organised networks working from the port towns, most of them girls recruited "
        "with promises of work in restaurants, markets and private homes in the capital."
    )
    a = f"Coast Weekly\n\nFishing has declined for a decade and families moved inland. {said} Councils opened schools.\n"
    b = f"Andes Review\n\nMining grew quickly in the highlands, drawing workers from cities. {said} Clinics are scarce.\n"
    assert "TC301" not in rules_of(run({"a.txt": a, "b.txt": b}))
    # the same words without the citation are a copied passage
    c = b.replace("According to UNICEF, some", "Some")
    assert "TC301" in rules_of(run({"a.txt": a, "b.txt": c}))


def test_an_abridged_copy_without_the_comparison_is_no_drift(tmp_path: Path) -> None:
    keep = "Nepal is a source country for men and women trafficked to India."
    tail = "Most were women exploited in domestic work in India and Kuwait."
    (tmp_path / "a.md").write_text(
        f"# Nepal\n\n{keep} Authorities identified 18 victims in 2021, twice as many as the "
        f"nine identified in 2020. {tail}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        f"Written answer, 2022.\n\n{keep} Authorities identified 18 victims in 2021. {tail}\n",
        encoding="utf-8",
    )
    rules = [f.rule for f in tipcheck.check([str(tmp_path)]).findings]
    assert "TC301" in rules and not any(r.startswith("TC4") for r in rules)


def test_a_verb_that_stems_like_not_is_no_negation() -> None:
    # "The report again notes that foreign …": "notes" is no negator, the lead-in no flip
    quoted = _QUOTED[0].lower() + _QUOTED[1:]
    found = run(
        {
            "a.txt": SOURCE,
            "b.txt": HEAD + f"Our own staff saw this too. The report again notes that {quoted}\n",
        }
    )
    assert not [f for f in found if f.rule == "TC405"], [f.message for f in found]
