"""Entity gazetteer: names and aliases resolved to canonical ids, found with Aho-Corasick.

Countries come from ISO 3166 (pycountry) plus the rule pack's aliases and demonyms; other
entities (instruments, organisations) come from the rule pack alone. Matching is
case-sensitive on the masked text with a word-boundary check, longest match first.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from tipcheck.read.confusables import skeleton
from tipcheck.values import Entity


@attrs.frozen(slots=True)
class Mention:
    start: int
    end: int
    entity: Entity
    role: str  # "name" or "demonym"


_WORDCH = re.compile(r"[\w]")
_SURFACED_MAX = 100_000


def _variants(name: str) -> set[str]:
    """Surface variants of one name: as written, with 'the', dotted/undotted acronyms."""
    out = {name}
    if "," in name:  # ISO style "Korea, Republic of" → "Republic of Korea"
        head, _, tail = name.partition(",")
        out.add(f"{tail.strip()} {head.strip()}")
    for v in list(out):
        if v.lower().startswith("the "):
            out.add(v[4:])
    return {v for v in out if v}


class Gazetteer:
    """Finds entity mentions in text and resolves any surface form to its canonical entity."""

    def __init__(
        self,
        entries: Iterable[tuple[str, Entity, str]],
        capitals: Mapping[str, Entity] | None = None,
    ):
        import ahocorasick  # with the pack, not at start-up

        # capital (in lower case) → its country: a dateline's place, never a mention
        self.capitals: Mapping[str, Entity] = {c.lower(): e for c, e in (capitals or {}).items()}
        self._dateline: re.Pattern[str] | None = None

        self._auto: Any = ahocorasick.Automaton()
        self._by_lower: dict[str, Entity] = {}
        # each (entity, words the text used) made once: corpora name the same few countries
        # in the same few ways, and building an Entity per mention was a tenth of `find`
        self._surfaced: dict[tuple[Entity, str], Entity] = {}
        for surface, entity, role in entries:
            variants = _variants(surface)
            if role == "name":  # headings in capitals: "THAILAND (Tier 2 Watch List)"
                variants |= {v.upper() for v in variants if len(v) > 3}
            for v in variants:
                key = v
                if key not in self._auto or role == "name":
                    self._auto.add_word(key, (len(key), entity, role))
                self._by_lower.setdefault(v.lower(), entity)
        if len(self._auto):
            self._auto.make_automaton()

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, longest first, on word boundaries."""
        if not len(self._auto):
            return []
        original = text
        # matched on the skeleton: a look-alike letter (Cyrillic "а") must not hide a name
        text = skeleton(text)
        cands: list[tuple[int, int, Entity, str]] = []
        for end_idx, (length, entity, role) in self._auto.iter(text):
            start = end_idx - length + 1
            end = end_idx + 1
            if start > 0 and _WORDCH.match(text[start - 1]):
                continue
            if end < len(text) and _WORDCH.match(text[end]) and text[end - 1] != ".":
                continue
            # "U.A.E." must not swallow a following sentence end; fine either way for spans
            cands.append((start, end, entity, role))
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        out: list[Mention] = []
        last_end = -1
        for s, e, ent, role in cands:
            if s < last_end:
                continue
            out.append(Mention(s, e, self._with_surface(ent, original[s:e]), role))
            last_end = e
        return out

    def _with_surface(self, ent: Entity, surface: str) -> Entity:
        key = (ent, surface)
        got = self._surfaced.get(key)
        if got is None:
            if len(self._surfaced) >= _SURFACED_MAX:  # hostile input: keep memory bounded
                self._surfaced.clear()
            got = self._surfaced[key] = attrs.evolve(ent, surface=surface)
        return got

    def dateline_country(self, head: str) -> Entity | None:
        """The country whose capital opens a dateline or a masthead's place and date in `head`
        ("MONTEVIDEO, 3 May 2021 —", "…, Gaborone, February 2022"): a capital followed by a
        comma and a day or a month."""
        if not self.capitals:
            return None
        if self._dateline is None:
            names = "|".join(re.escape(c) for c in sorted(self.capitals, key=len, reverse=True))
            self._dateline = re.compile(
                rf"(?<![\w-])(?P<c>{names}),\s+(?:\d{{1,2}}\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
                r"|Nov|Dec)[a-z]*\.?\s)",
                re.I,
            )
        m = self._dateline.search(head)
        if m is None:
            return None
        return self.capitals.get(m.group("c").lower())

    def resolve(self, surface: str) -> Entity | None:
        """The canonical entity for a surface form ("the Kyrgyz Republic" → Kyrgyzstan)."""
        s = " ".join(skeleton(unicodedata.normalize("NFKC", surface)).split())
        e = self._by_lower.get(s.lower())
        if e is None and s.lower().startswith("the "):
            e = self._by_lower.get(s[4:].lower())
        return e

    def canon(self, surface: str) -> str | None:
        e = self.resolve(surface)
        return e.id if e else None


def _former_names() -> dict[str, list[str]]:
    """Former names from ISO 3166-3 (pycountry's historic countries) by the current alpha-2
    code they became: a four-letter code ends with the successor's code ("BUMM": Burma is
    Myanmar, "ZRCD": Zaire is the DR Congo); one ending in HH, XX or ZZ was split or dissolved
    and names no single successor."""
    import pycountry  # ISO 3166 is read with the pack, not at start-up

    out: dict[str, list[str]] = {}
    for h in pycountry.historic_countries:
        code = getattr(h, "alpha_4", "")
        successor = code[2:]
        if len(code) != 4 or pycountry.countries.get(alpha_2=successor) is None:
            continue
        out.setdefault(successor, []).append(h.name.split(",")[0].strip())
    return out


_SAINT = re.compile(r"\bSaint\b")
_PAREN = re.compile(r"\(([^)]+)\)\s*$")


def _head(name: str) -> str:
    """An ISO name before its comma or parenthesis ("Micronesia, Federated States of")."""
    return re.split(r"\s*[,(]", name, maxsplit=1)[0]


def _short_forms(name: str) -> list[str]:
    """The forms writers use for an ISO name: the head before a comma or parenthesis
    ("Micronesia, Federated States of", "Holy See (Vatican City State)" and what the
    parenthesis holds), "St." and "St" for "Saint". A head that other countries share
    ("Congo, The Democratic Republic of the") is left out by `_unique_heads`."""
    out: list[str] = []
    head = _head(name)
    if head != name and head in _unique_heads():
        out.append(head)
    par = _PAREN.search(name)
    if par:
        out.append(par.group(1).strip())
    for n in [name, *out]:
        if _SAINT.search(n):
            out += [_SAINT.sub("St.", n), _SAINT.sub("St", n)]
    return out


@functools.cache
def _unique_heads() -> frozenset[str]:
    """Heads of ISO names (before a comma or parenthesis) that name one country only."""
    import pycountry

    seen: dict[str, int] = {}
    for c in pycountry.countries:
        for head in {_head(n) for n in (c.name, getattr(c, "common_name", c.name))}:
            seen[head] = seen.get(head, 0) + 1
    return frozenset(h for h, k in seen.items() if k == 1)


def build_gazetteer(pack_entities: Mapping[str, Any]) -> Gazetteer:
    """Countries from ISO 3166 merged with the pack's `[[country]]`, `[[instrument]]` and
    `[[organisation]]` tables (each: id or iso, name, aliases, demonyms)."""
    import pycountry

    entries: list[tuple[str, Entity, str]] = []
    overrides = {str(c.get("iso", "")).upper(): c for c in pack_entities.get("country", [])}
    # the `[demonyms]` table: one word for each country the `[[country]]` tables give none
    demonyms = {str(k).upper(): [str(v)] for k, v in pack_entities.get("demonyms", {}).items()}
    for c in pycountry.countries:
        iso = c.alpha_3
        extra = overrides.pop(iso, {})
        name = extra.get("name") or getattr(c, "common_name", None) or c.name
        ent = Entity(id=f"country:{iso}", name=name, kind="country")
        names = {
            c.name,
            name,
            getattr(c, "official_name", c.name),
            getattr(c, "common_name", c.name),
        }
        names.update(extra.get("aliases", []))
        names.update(_former_names().get(c.alpha_2, ()))
        names.update(v for n in list(names) for v in _short_forms(n))
        for n in names:
            entries.append((n, ent, "name"))
        for d in extra.get("demonyms", []) or demonyms.get(iso, []):
            entries.append((d, ent, "demonym"))
    for iso, extra in overrides.items():  # pack countries not in ISO 3166 (Kosovo, …)
        ent = Entity(id=f"country:{iso}", name=extra["name"], kind="country")
        for n in [extra["name"], *extra.get("aliases", [])]:
            entries.append((n, ent, "name"))
        for d in extra.get("demonyms", []):
            entries.append((d, ent, "demonym"))
    for kind in ("instrument", "organisation"):
        for item in pack_entities.get(kind, []):
            ent = Entity(id=f"{kind}:{item['id']}", name=item["name"], kind=kind)
            for n in [item["name"], *item.get("aliases", [])]:
                entries.append((n, ent, "name"))
    by_id = {e.id: e for _n, e, _r in entries if e.kind == "country"}
    capitals = {
        str(cap): by_id[f"country:{iso}"]
        for iso, cap in pack_entities.get("capitals", {}).items()
        if f"country:{iso}" in by_id
    }
    return Gazetteer(entries, capitals)
