"""Mentions are not question words: strip them from a question before it is searched.

Discord writes a mention into the message text as markup: ``<@id>`` or ``<@!id>`` for a
member, ``<@&id>`` for a role, ``<#id>`` for a channel, ``</name:id>`` for a slash command,
and the bare words ``@everyone`` and ``@here``. Searched as words, ``everyone`` or a row of
digits only pull a question away from what it asks. The reply still echoes the question as
typed, mentions escaped by the formatter.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index import Answer

MENTION = re.compile(
    r"""
    <@[!&]?\d+>            # a member (<@id>, legacy <@!id>) or a role (<@&id>)
    | <\#\d+>              # a channel
    | </[^\s<>:]+(?:\ [^\s<>:]+){0,2}:\d+>   # a slash command, with its subcommands
    | (?<!\w)@(?:everyone|here)\b   # the two broadcast mentions (not inside an address)
    """,
    re.VERBOSE,
)


def echoed(answer: Answer, typed: str) -> Answer:
    """``answer`` echoing the question as it was typed (the formatter escapes the mentions),
    though what was searched was the question without them."""
    return replace(answer, question=typed)


def strip_mentions(text: str) -> str:
    """``text`` without mentions, its whitespace collapsed (empty when it held only mentions)."""
    return " ".join(MENTION.sub(" ", text).split())


__all__ = ["MENTION", "echoed", "strip_mentions"]
