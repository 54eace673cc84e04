"""Discord's size limits, and text clipping that respects them.

Discord rejects a whole message (400 Invalid Form Body) when any one part is too long, so
every builder in :mod:`bot.discord_app.format` clips to these numbers rather than hoping.
The numbers are Discord's documented ones (API v10).
"""

from __future__ import annotations

import discord

MESSAGE_CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000
CUSTOM_ID = 100
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100

ELLIPSIS = "…"
# Cut at a space when one is this close to the limit, so words are not chopped in half.
_WORD_SLACK = 24


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis when cut."""
    if limit < 1:
        return ""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= max(1, len(cut) - _WORD_SLACK):
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def embed_problems(embed: discord.Embed) -> list[str]:
    """Every way ``embed`` breaks Discord's limits (empty when it is acceptable)."""
    checks = [
        ("title", len(embed.title or ""), EMBED_TITLE),
        ("description", len(embed.description or ""), EMBED_DESCRIPTION),
        ("footer", len(embed.footer.text or ""), FOOTER_TEXT),
        ("author", len(embed.author.name or ""), AUTHOR_NAME),
        ("fields", len(embed.fields), EMBED_FIELDS),
        ("total", len(embed), EMBED_TOTAL),
    ]
    problems = [f"{name}: {size} > {limit}" for name, size, limit in checks if size > limit]
    for i, f in enumerate(embed.fields):
        if not (f.name or "").strip() or len(f.name or "") > FIELD_NAME:
            problems.append(f"field {i} name: {len(f.name or '')} not in 1-{FIELD_NAME}")
        if not (f.value or "").strip() or len(f.value or "") > FIELD_VALUE:
            problems.append(f"field {i} value: {len(f.value or '')} not in 1-{FIELD_VALUE}")
    return problems


__all__ = [
    "AUTHOR_NAME",
    "CHOICES",
    "CHOICE_NAME",
    "CHOICE_VALUE",
    "CUSTOM_ID",
    "ELLIPSIS",
    "EMBED_DESCRIPTION",
    "EMBED_FIELDS",
    "EMBED_TITLE",
    "EMBED_TOTAL",
    "FIELD_NAME",
    "FIELD_VALUE",
    "FOOTER_TEXT",
    "MESSAGE_CONTENT",
    "clip",
    "embed_problems",
]
