"""Word forms from lemmas: count nouns and verbs written once, every inflection generated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tipcheck
from _wordforms import pack_phrases
from tipcheck.parse.wordforms import FORMS_FILE, WordForms, generate_noun, generate_verb

PACK = Path(__file__).resolve().parent.parent / "rules" / "tip"


def test_verb_forms_from_a_lemma() -> None:
    assert set(generate_verb("identify")) == {"identified", "identifying", "identifies"}
    assert {"brought", "bringing", "brings"} <= set(generate_verb("bring"))
    assert "bring" not in generate_verb("bring")  # "plans to bring charges" is no count
    assert generate_verb("hotline") == ()  # no verb: matched as written


def test_noun_forms_from_a_lemma() -> None:
    assert generate_noun("victim") == ("victims",)
    assert generate_noun("child") == ("children",)
    assert generate_noun("survivor") == ("survivors",)  # not in the dictionary: regular
    assert generate_noun("investigated") == ()  # another word's form, not a noun lemma
    assert generate_noun("women") == ()


def test_phrases_inflect_their_lemmas_only() -> None:
    forms = WordForms()
    assert forms.verb_phrase("find guilty") == "(finding|finds|found) guilty"
    assert forms.verb_phrase("there (were|are)") == "there (were|are)"
    assert forms.noun_phrase("case investigated") == "(cases|case) investigated"
    assert forms.noun_phrase("(trafficking )?victim") == "(trafficking )?(victims|victim)"
    assert forms.noun_phrase("{n:number} victim") == "{n:number} (victims|victim)"


@pytest.mark.parametrize(
    ("text", "prop", "n"),
    [
        (
            "In 2015 the police began identifying 40 victims of trafficking.",
            "victims.identified",
            40,
        ),
        ("In 2015 the ministry identifies 41 victims each quarter.", "victims.identified", 41),
        ("In 2015 prosecutors were prosecuting 12 traffickers.", "law.prosecutions", 12),
        ("In 2015 the courts found guilty 7 traffickers.", "law.convictions", 7),
        ("In 2015 the ministry was probing 9 cases.", "law.investigations", 9),
        ("In 2015 the NGO gave shelter to 31 survivors.", "victims.assisted", 31),
    ],
)
def test_inflected_verbs_count(text: str, prop: str, n: int) -> None:
    got = [c for c in tipcheck.extract(text, as_of="2016") if c.property == prop]
    assert [c.value.stated for c in got] == [n]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "In 2015 the ministry plans to identify 40 victims.",  # an aim, not a count
        "In 2015 the identity of 40 victims was unclear.",
    ],
)
def test_base_form_and_lookalikes_are_no_count(text: str) -> None:
    got = [c for c in tipcheck.extract(text, as_of="2016") if c.property == "victims.identified"]
    assert got == []


def test_shipped_forms_are_current_and_loading_needs_no_lemminflect() -> None:
    """The shipped file holds exactly what lemminflect generates for the pack's words
    (regenerate with `python tests/_wordforms.py`), so loading the bundled pack never imports
    lemminflect (about 280 ms)."""
    forms = WordForms()
    verbs, nouns = pack_phrases(PACK)
    for v in verbs:
        forms.verb_phrase(v)
    for n in nouns:
        forms.noun_phrase(n)
    shipped = json.loads((PACK / FORMS_FILE).read_text(encoding="utf-8"))
    assert shipped == forms.as_json(), "run: python tests/_wordforms.py"
    code = "import sys, tipcheck; tipcheck.load_rules(); print('lemminflect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
