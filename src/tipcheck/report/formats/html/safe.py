"""Escaping for the HTML report: element text, attribute values and the embedded data block.

Documents are untrusted input. The page's markup carries only strings this package wrote plus
counts and document ids escaped with `e`; everything else taken from documents (quotes,
messages, values, titles) travels in one JSON data block that `script_json` makes safe to
embed, and the page's script puts it on screen with textContent only, never as markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any


def e(s: object) -> str:
    """Escape for element text and double-quoted attribute values alike."""
    return html.escape(str(s), quote=True)


def csp_hash(body: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# Inside <script type="application/json"> the HTML parser ends the element at "</script" and
# treats "<!--" specially; with every <, > and & written as a JSON escape neither can occur,
# whatever a document contains. U+2028/U+2029 are escaped so the block is also valid JS source.
_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(data: Any) -> str:
    """`data` as compact JSON that cannot end or alter the script element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.translate(_UNSAFE)
