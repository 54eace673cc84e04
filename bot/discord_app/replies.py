"""Sending replies: every message the bot sends goes through here, with mentions disabled.

``AllowedMentions.none()`` is also the client's default; passing it on each send as well
means no code path (a followup, an edit, a webhook) can fall back to Discord's default of
pinging whatever the text mentions.
"""

from __future__ import annotations

from typing import Any

import discord

SAFE = discord.AllowedMentions.none()


def _message(
    content: str | None, embed: discord.Embed | None, view: discord.ui.View | None
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"allowed_mentions": SAFE}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    return kwargs


async def respond(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> None:
    """Answer ``interaction`` with a new message (the first response, else a followup)."""
    kwargs = _message(content, embed, view)
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)


async def update(
    interaction: discord.Interaction, *, embed: discord.Embed, view: discord.ui.View | None
) -> None:
    """Answer a button click by replacing the message it is on."""
    await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=SAFE)


async def reply_to(
    message: discord.Message,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    delete_after: float | None = None,
) -> discord.Message:
    """Reply in a channel to ``message`` without pinging its author or anyone else."""
    kwargs = _message(content, embed, view)
    if delete_after is not None:
        kwargs["delete_after"] = delete_after
    return await message.reply(mention_author=False, **kwargs)


__all__ = ["SAFE", "reply_to", "respond", "update"]
