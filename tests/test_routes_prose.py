"""Routes in running prose: where victims are exploited (a trafficking verb, a few words, the
countries), where they come from ("came mainly from A and B"), and list statements
("destination countries included …"). The subject itself is never a member."""

from __future__ import annotations

from pathlib import Path

import pytest

import tipcheck


def routes(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in tipcheck.extract(f"Nepal\n\n{text}", as_of="2019"):
        if c.property.startswith("route."):
            assert c.subject is not None and c.subject.name == "Nepal"
            out.setdefault(c.property, set()).update(m.name for m in c.value.members)  # type: ignore[union-attr]
    return out


@pytest.mark.parametrize(
    ("text", "prop", "members"),
    [
        ("Nepali women are subjected to forced labour in brick kilns in India and Qatar.",
         "route.destinations", {"India", "Qatar"}),
        ("Traffickers exploit Nepali girls in commercial sex within Nepal and in India and Malaysia.",
         "route.destinations", {"India", "Malaysia"}),
        ("Men from Nepal have been exploited for construction work in Qatar and Kuwait.",
         "route.destinations", {"Qatar", "Kuwait"}),
        ("Many of those recruited end up mostly in Malaysia and Oman.",
         "route.destinations", {"Malaysia", "Oman"}),
        ("Children are sent to carpet factories in India.", "route.destinations", {"India"}),
        ("Victims identified in Nepal in 2018 came mainly from India and Bangladesh.",
         "route.origins", {"India", "Bangladesh"}),
        ("Most of the foreign women identified came from Bangladesh.", "route.origins",
         {"Bangladesh"}),
        ("Girls are brought to Nepal from Bhutan and Myanmar for domestic work.",
         "route.origins", {"Bhutan", "Myanmar"}),
        ("Nepal is also a destination for boys from India.", "route.origins", {"India"}),
        ("Destination countries included Qatar, Kuwait and Malaysia.", "route.destinations",
         {"Qatar", "Kuwait", "Malaysia"}),
        ("Women from Bangladesh are trafficked through Nepal.", "route.origins", {"Bangladesh"}),
        ("Nepali nationals were exploited abroad, in particular in India, Qatar and Oman.",
         "route.destinations", {"India", "Qatar", "Oman"}),
        ("Traffickers exploit Nepali women and girls in sex trafficking within the country and in "
         "India, Qatar and Oman.", "route.destinations", {"India", "Qatar", "Oman"}),
    ],
)  # fmt: skip
def test_a_route_in_prose(text: str, prop: str, members: set[str]) -> None:
    assert routes(text).get(prop) == members


@pytest.mark.parametrize(
    "text",
    [
        "Funding for the shelters came from the United States and Japan.",
        "Delegates from India and Bhutan were invited to a conference in Thailand.",
        "Police identified 40 victims in India and Qatar.",
        "The government signed agreements with Qatar and Kuwait in 2018.",
        "In 2019 the ministry sent officials to Qatar.",
    ],
)
def test_no_route_without_victims_moved_or_exploited(text: str) -> None:
    assert routes(text) == {}


def test_a_group_named_by_its_origin_without_a_verb() -> None:
    import tipcheck as _t

    text = "# Latvia\n\nMost victims were foreign women from Ukraine, Moldova and Belarus."
    got = [c for c in _t.extract(text, doc_id="d") if c.property == "route.origins"]
    assert [sorted(m.name for m in c.value.members) for c in got] == [
        ["Belarus", "Moldova", "Ukraine"]
    ]  # type: ignore[union-attr]
    assert [
        c
        for c in _t.extract("# Latvia\n\nOfficials from Estonia and Finland attended.", doc_id="d")
        if c.property.startswith("route")
    ] == []


PROFILE = (
    "Migrants from Jamaica, Guyana, the Dominican Republic and Venezuela are most vulnerable to "
    "sex trafficking and forced labor in Lorvania."
)
SHORT = (
    "The government identified 19 victims; most were foreign nationals from Jamaica, Guyana and "
    "the Dominican Republic."
)


def _route_drift(tmp_path: Path, a: str, b: str) -> list[str]:
    (tmp_path / "a.txt").write_text(f"Lorvania report 2022\n\n{a}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Lorvania news 2022\n\n{b}\n", encoding="utf-8")
    report = tipcheck.check([str(tmp_path)])
    return [f.message for f in report.findings if f.rule == "TC407"]


def test_a_restated_list_that_lost_a_country_is_route_drift(tmp_path: Path) -> None:
    assert _route_drift(
        tmp_path, PROFILE, SHORT.replace("The government identified 19 victims; m", "M")
    )


def test_a_second_list_beside_the_unchanged_one_is_no_route_drift(tmp_path: Path) -> None:
    """A document that states the other's list as it is has not restated it with a change: its
    shorter list is another statement (the nationalities of the victims identified)."""
    assert _route_drift(tmp_path, PROFILE, PROFILE + "\n\n" + SHORT) == []
