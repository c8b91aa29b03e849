"""JSON Schemas (draft 2020-12) for what tipcheck writes for programs to read:
`findings` for the document `tipcheck check --format json` prints, `claims` for one line of
`tipcheck claims --format jsonl`. `tipcheck schema NAME` prints them.

In: a schema's name. Out: the schema as a dict or as the JSON text that ships in the package.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

SCHEMAS = ("findings", "claims")


def schema_text(name: str) -> str:
    """The schema `name` (one of SCHEMAS) as the JSON text shipped in the package."""
    if name not in SCHEMAS:
        raise ValueError(f"no schema {name!r}; choose one of {', '.join(SCHEMAS)}")
    return (files(__package__) / f"{name}.schema.json").read_text(encoding="utf-8")


def schema(name: str) -> dict[str, Any]:
    """The schema `name`, parsed."""
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded
