"""Word forms from lemmas: the pack writes a count's verbs and nouns once ("identify",
"victim") and every inflection is generated here ("identified", "identifies", "identifying";
"victims").

The forms come from lemminflect. Measured against inflect on the pack's words: lemminflect
generated all 55 verb forms the pack used to spell out (inflect has no past tense or
participle: 50 missed) and 26 of 27 plurals from its dictionary, the 27th ("survivor", not in
it) by its rules for unknown words; inflect got 26 ("person" → "people" only). lemminflect takes
about 280 ms to import and load its tables (inflect 2.7 s to import), so the forms of the
bundled pack's words are generated once and shipped beside it (`wordforms.json`, written by
`python tests/_wordforms.py`; a test keeps it current). A word the file does not hold is
inflected at load time, so a pack of one's own needs no extra step.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

FORMS_FILE = "wordforms.json"

# The verb forms a count's verb may take: past, participle, gerund, third person. The bare
# form is left out on purpose: "plans to identify 100 victims" is an aim, not a count.
_VERB_TAGS = ("VBD", "VBN", "VBG", "VBZ")

# A plain word of a phrase: not part of a slot ({name:type}), a class ([\w-]) or an escape,
# and not already made optional by the author ("cases?").
_WORD = re.compile(r"(?<![\w\\{:\['’-])([A-Za-z][a-z]+)(?![\w?*+{}\]'’-])")


@functools.cache
def _lemminflect() -> Any:
    import lemminflect  # loaded only for words the shipped forms do not hold

    return lemminflect


def generate_verb(word: str) -> tuple[str, ...]:
    """The inflections of a verb lemma ("identify" → identified, identifying, identifies);
    empty when `word` is not a verb lemma ("hotline", "charges")."""
    table = _lemminflect().getAllInflections(word, upos="VERB")
    return _longest_first({f for tag in _VERB_TAGS for f in table.get(tag, ())})


def generate_noun(word: str) -> tuple[str, ...]:
    """The plural(s) of a noun lemma ("victim" → victims, "child" → children); empty when
    `word` is no noun lemma ("women", "investigated")."""
    li = _lemminflect()
    table = li.getAllInflections(word, upos="NOUN")
    if not table and not li.getAllLemmas(word):
        # a word the dictionary has never seen ("survivor") is a regular noun; one it knows
        # as another word's form ("investigated", "women") is not a lemma to inflect
        table = li.getAllInflectionsOOV(word, upos="NOUN")
    if word not in table.get("NN", ()):
        return ()
    return _longest_first(set(table.get("NNS", ())) - {word})


def _longest_first(forms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


class WordForms:
    """Inflections looked up in the shipped forms first, generated for the rest."""

    def __init__(self, shipped: Mapping[str, Mapping[str, list[str]]] | None = None) -> None:
        self.verbs: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in (shipped or {}).get("verb", {}).items()
        }
        self.nouns: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in (shipped or {}).get("noun", {}).items()
        }

    @classmethod
    def for_pack(cls, root: Path) -> WordForms:
        """The forms shipped with the pack in `root` (none when it ships no forms file)."""
        path = root / FORMS_FILE
        return cls(json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None)

    def verb(self, word: str) -> tuple[str, ...]:
        key = word.lower()
        if key not in self.verbs:
            self.verbs[key] = generate_verb(key)
        return self.verbs[key]

    def noun(self, word: str) -> tuple[str, ...]:
        key = word.lower()
        if key not in self.nouns:
            self.nouns[key] = generate_noun(key)
        return self.nouns[key]

    def verb_phrase(self, phrase: str) -> str:
        """A verb phrase with its first word inflected: "find guilty" → "(found|finding|finds)
        guilty". A phrase that does not open with a verb lemma stays as written."""
        m = _WORD.match(phrase)
        if m is None:
            return phrase
        forms = self.verb(m.group(1))
        if not forms:
            return phrase
        return "(" + "|".join(forms) + ")" + phrase[m.end() :]

    def noun_phrase(self, phrase: str) -> str:
        """A noun phrase with each noun lemma in it singular or plural: "case investigated" →
        "(case|cases) investigated", "(trafficking )?victim" → "(trafficking )?(victim|victims)"."""

        def one(m: re.Match[str]) -> str:
            word = m.group(1)
            forms = self.noun(word)
            return "(" + "|".join(_longest_first({word, *forms})) + ")" if forms else word

        return _WORD.sub(one, phrase)

    def as_json(self) -> dict[str, dict[str, list[str]]]:
        """Every form looked up so far, for the shipped file."""
        return {
            "verb": {k: list(v) for k, v in sorted(self.verbs.items())},
            "noun": {k: list(v) for k, v in sorted(self.nouns.items())},
        }


def regenerate(root: Path, verb_phrases: Iterable[str], noun_phrases: Iterable[str]) -> Path:
    """Write `root`/wordforms.json with the forms of every word of these phrases."""
    forms = WordForms()
    for p in verb_phrases:
        forms.verb_phrase(p)
    for p in noun_phrases:
        forms.noun_phrase(p)
    path = root / FORMS_FILE
    path.write_text(json.dumps(forms.as_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
