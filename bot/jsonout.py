"""JSON as the CLI prints it: one object a line, readable however a script splits lines."""

from __future__ import annotations

import json
from typing import Any

# Characters that JSON leaves raw in a string but that some line readers take for a line
# break (Python's str.splitlines, JavaScript's old line terminators): written escaped, so
# "one object a line" holds for every reader.
_BREAKS = str.maketrans({c: f"\\u{ord(c):04x}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def json_line(obj: Any) -> str:
    """``obj`` as one line of JSON (non-ASCII text kept readable, line-like characters escaped)."""
    return json.dumps(obj, ensure_ascii=False).translate(_BREAKS)


__all__ = ["json_line"]
