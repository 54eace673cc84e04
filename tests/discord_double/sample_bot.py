"""A small bot with every shape articlebot uses, as the double's test subject and an example.

Slash commands with options and autocomplete, a button view, a deferred reply, the
original-response/followup lifecycle, a file upload, a modal, and answers to mentions, DMs
and replies. It remembers the messages it saw.
"""

from __future__ import annotations

import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

TOPICS = ["iran", "ireland", "italy", "japan"]


class MoreView(discord.ui.View):
    """A one-button view, like the bot's "more passages" button."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="More", custom_id="articlebot:more")
    async def more(
        self, interaction: discord.Interaction, button: discord.ui.Button[MoreView]
    ) -> None:
        """Replace the message the button is on."""
        await interaction.response.edit_message(content="more passages", view=None)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    """A one-field modal."""

    text: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="Your feedback", custom_id="feedback:text"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Thank the user, quoting them."""
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class SampleBot(commands.Bot):
    """The sample bot; ``guild_ready_timeout`` is short so ``on_ready`` comes fast in tests."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("intents", discord.Intents.default())
        options.setdefault("guild_ready_timeout", 0.05)
        super().__init__(command_prefix=commands.when_mentioned, **options)
        self.seen: list[discord.Message] = []
        _add_commands(self.tree)

    async def setup_hook(self) -> None:
        """Sync the slash commands, as articlebot does at start-up."""
        await self.tree.sync()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip discord.py's 5 s pause before a repeated IDENTIFY (its rate-limit courtesy)."""

    async def on_message(self, message: discord.Message) -> None:
        """Answer mentions and DMs by echoing the content it was given."""
        if message.author == self.user:
            return
        self.seen.append(message)
        if self.user in message.mentions or isinstance(message.channel, discord.DMChannel):
            await message.reply(f"you said: {message.content}", mention_author=False)


def _add_commands(tree: app_commands.CommandTree[SampleBot]) -> None:
    @tree.command()
    async def ping(interaction: discord.Interaction) -> None:
        """Answer pong."""
        await interaction.response.send_message("pong")

    @tree.command()
    async def whoami(interaction: discord.Interaction) -> None:
        """Say who asked."""
        await interaction.response.send_message(f"hello {interaction.user.name}")

    @tree.command()
    @app_commands.describe(topic="What to search for", k="How many passages")
    async def search(interaction: discord.Interaction, topic: str, k: int = 3) -> None:
        """Search the articles."""
        await interaction.response.send_message(f"{k} passages about {topic}", view=MoreView())

    @search.autocomplete("topic")
    async def topic_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS if t.startswith(current)]

    @tree.command()
    async def slow(interaction: discord.Interaction) -> None:
        """Think first, answer later."""
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done thinking")

    @tree.command()
    async def draft(interaction: discord.Interaction) -> None:
        """Walk the whole original-response and followup lifecycle."""
        await interaction.response.send_message("draft")
        await interaction.edit_original_response(content="final")
        original = await interaction.original_response()
        extra = await interaction.followup.send(f"after {original.content}", wait=True)
        await extra.edit(content="extra, edited")
        await interaction.delete_original_response()

    @tree.command()
    async def export(interaction: discord.Interaction) -> None:
        """Upload a file (discord.py sends it multipart, with ``payload_json``)."""
        upload = discord.File(io.BytesIO(b"passage one\n"), filename="passages.txt")
        await interaction.response.send_message("attached", file=upload)

    @tree.command()
    async def feedback(interaction: discord.Interaction) -> None:
        """Open a modal."""
        await interaction.response.send_modal(FeedbackModal(custom_id="articlebot:feedback"))
