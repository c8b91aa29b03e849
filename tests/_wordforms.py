"""Regenerate a rule pack's `wordforms.json` (the forms of its count nouns and verbs).

python tests/_wordforms.py [PACK_DIR]      # default: the bundled pack, rules/tip
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from tipcheck.parse.wordforms import regenerate

ROOT = Path(__file__).resolve().parent.parent


def pack_phrases(root: Path) -> tuple[list[str], list[str]]:
    """(verb phrases, noun phrases and `not_with` objects) of every [[count]] of the pack in
    `root`, and the verbs of
    its change grammar (`[comparison]` change verbs and multiplying verbs)."""
    ext = tomllib.loads((root / "extract.toml").read_text(encoding="utf-8"))
    counts = ext.get("count", [])
    comp = ext.get("comparison", {})
    verbs = [v for c in counts for v in c.get("verbs", [])]
    verbs += [*comp.get("change_up_verbs", []), *comp.get("change_down_verbs", [])]
    verbs += list(comp.get("multiplying_verbs", {}))
    nouns = [n for c in counts for n in (*c.get("nouns", []), *c.get("not_with", []))]
    return verbs, nouns


if __name__ == "__main__":
    pack = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "rules" / "tip"
    print(regenerate(pack, *pack_phrases(pack)))
