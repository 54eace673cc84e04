"""Text that is safe to show in Discord: markdown and mentions escaped, clipped to a limit.

Everything the bot did not write itself (questions, topics, article text) goes through
:func:`escape`, so a question such as ``**@everyone** [click](https://evil)`` is shown as
typed and pings no one (``AllowedMentions.none()`` on every send is the second lock).
Clipping happens on the raw text, before escaping, so a cut never splits an escape
sequence (``\\*``) or a bold marker.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

from bot.discord_app.limits import ELLIPSIS
from index import Span

# Block markdown escape_markdown leaves alone: headings, quotes, subtext, lists.
_LINE_START = re.compile(r"(?m)^(\s*)(#{1,3} |-# |>|[-*+] |\d+\. )")
_WORD_SLACK = 24


def escape(text: str) -> str:
    """``text`` with markdown, block markup and mentions neutralised (shown literally)."""
    text = escape_markdown(text.replace("\\", "\\\\"))
    text = _LINE_START.sub(r"\1\\\2", text)
    return escape_mentions(text)


def _piece(raw: str, n: int, keep_end: bool) -> str:
    return raw[len(raw) - n :] if keep_end else raw[:n]


def fit(raw: str, limit: int, *, keep_end: bool = False) -> str:
    """``raw`` escaped, cut (at a word when one is near) so the result has ≤ ``limit`` chars.

    The cut side gets an ellipsis; ``keep_end`` keeps the end of the text instead of the start.
    """
    out = escape(raw)
    if len(out) <= limit:
        return out
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[: max(limit, 0)]
    lo, hi = 0, len(raw)
    while lo < hi:  # the longest piece whose escaped form fits beside the ellipsis
        mid = (lo + hi + 1) // 2
        if len(escape(_piece(raw, mid, keep_end))) + len(ELLIPSIS) <= limit:
            lo = mid
        else:
            hi = mid - 1
    piece = _piece(raw, lo, keep_end)
    if keep_end:
        space = piece.find(" ")
        if 0 <= space < _WORD_SLACK:
            piece = piece[space + 1 :]
        result = ELLIPSIS + escape(piece.lstrip())
    else:
        space = piece.rfind(" ")
        if space > 0 and space >= len(piece) - _WORD_SLACK:
            piece = piece[:space]
        result = escape(piece.rstrip()) + ELLIPSIS
    while len(result) > limit:  # escaping is near-monotone; this guard makes the bound exact
        result = result[1:] if keep_end else result[:-1]
    return result


def echo(text: str, limit: int) -> str:
    """User text to repeat back: one line, escaped, at most ``limit`` characters."""
    return fit(" ".join(text.split()), limit)


def bold_passage(text: str, sentence: Span, limit: int) -> str:
    """A passage with its answering sentence in bold, escaped, at most ``limit`` characters.

    When the passage is too long the sentence is kept (clipped only if it alone is too long)
    and the context around it is cut, more from before it than after.
    """
    start, end = sentence.start, sentence.end
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    if end <= start:
        return fit(text, limit)
    before, middle, after = text[:start], text[start:end], text[end:]
    full = f"{escape(before)}**{escape(middle)}**{escape(after)}"
    if len(full) <= limit:
        return full
    bold = f"**{fit(middle, limit - 4)}**" if limit > 4 + len(ELLIPSIS) else fit(middle, limit)
    room = limit - len(bold)
    need_before, need_after = len(escape(before)), len(escape(after))
    before_room = min(need_before, max(room // 3, room - need_after))
    after_room = room - before_room
    head = fit(before, before_room, keep_end=True) if before else ""
    tail = fit(after, after_room) if after else ""
    return f"{head}{bold}{tail}"


__all__ = ["bold_passage", "echo", "escape", "fit"]
