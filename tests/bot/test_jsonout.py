"""The CLI's JSON lines stay single lines for every reader."""

from __future__ import annotations

import json

from bot.jsonout import json_line


def test_a_json_line_escapes_what_splitlines_would_break_on() -> None:
    text = "a\u2028b\u2029c\x85d\x0be\x0cf\x1cg\x1dh\x1ei\nj"
    line = json_line({"q": text, "é": "naïve"})
    assert len(line.splitlines()) == 1
    assert json.loads(line) == {"q": text, "é": "naïve"}
    assert "naïve" in line  # non-ASCII text stays readable
