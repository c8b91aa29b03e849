"""Regenerate the `[demonyms]` table of a rule pack's entities.toml from countryinfo (MIT).

pip install countryinfo && python tests/_demonyms.py [PACK_DIR]   # default: rules/tip

Prints the table; paste it over the old one. A word countryinfo gives for two countries
("Congolese", "Guinean") or that the pack's own `[[country]]` tables give another country is
left out: it names no one country. The pack's `[[country]]` demonyms win (they correct the
data's spelling where it errs, "Maldivan" for Maldivian).
"""

from __future__ import annotations

import glob
import json
import os
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def table(pack: Path) -> str:
    import countryinfo  # dev-time only: the pack ships the table

    own = tomllib.loads((pack / "entities.toml").read_text(encoding="utf-8"))
    taken = {d: str(c["iso"]) for c in own.get("country", []) for d in c.get("demonyms", [])}
    found: dict[str, str] = {}
    for f in glob.glob(os.path.join(os.path.dirname(countryinfo.__file__), "data", "*.json")):
        data = json.loads(Path(f).read_text(encoding="utf-8"))
        iso, word = (data.get("ISO") or {}).get("alpha3"), (data.get("demonym") or "").strip()
        if iso and word:
            found[iso] = word
    twice = {w for w, n in Counter(found.values()).items() if n > 1}
    lines = []
    for iso, word in sorted(found.items()):
        if word in twice or word in taken or iso in taken.values():
            continue
        lines.append(f'{iso} = "{word}"')
    return "[demonyms]\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "rules" / "tip"), end="")
