"""Feedback on Discord: 👍/👎 under every answer, a reason after a 👎, and ``/report``.

Each answer is recorded (:mod:`bot.feedback`) under the Discord id of the question that
asked it, and its vote buttons carry that id, so a click days and restarts later still
names the answer: the buttons and the reason menu are ``DynamicItem`` templates registered
in ``setup_hook``. Their custom_ids have their own namespace, apart from the answer buttons'
``ab:`` ones (discord.py runs every template that matches a click)::

    abfb:up:<answer>   abfb:down:<answer>   abfb:why:<answer>      (<answer>: base 36)

A click only queues a vote (one per person per answer; a later click replaces it) and is
acknowledged privately; the answer message is never edited. A 👎 is answered with a private
menu of reasons; picking one edits that private message.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
from typing import Any

import discord
from discord import app_commands

from bot.discord_app.customids import b36
from bot.discord_app.errors import report
from bot.discord_app.format_report import report_embed
from bot.discord_app.replies import SAFE, respond
from bot.feedback import (
    Front,
    NoFeedback,
    Reason,
    Recorder,
    VoteRecord,
    answer_record,
)
from bot.feedback.report import FeedbackReport, build_report
from bot.feedback.store import NoDatabase, open_read
from index import Answer

log = logging.getLogger(__name__)

PREFIX = "abfb"
THANKS_UP = "Thanks! Your 👍 is noted (click 👎 instead to change it)."
ASK_REASON = "Thanks for the 👎. What was wrong with the answer?"
OFF = "Feedback is switched off on this bot."
NO_REPORT_YET = "No feedback has been recorded yet: ask me something first."
UNREADABLE = "I can't read the feedback database right now; the bot's log says why."
WINDOWS = {"1d": (1, "the last day"), "7d": (7, "the last 7 days"), "30d": (30, "the last 30 days")}
ALL_TIME = "all"
FRONTS = {"dm": Front.DM, "reply": Front.REPLY, "mention": Front.MENTION}
FLUSH_SECONDS = 2.0
_NO_FEEDBACK = NoFeedback()

Button = discord.ui.Button[Any]
Select = discord.ui.Select[Any]


def feedback_of(client: object) -> Recorder:
    """The recorder of the bot ``client`` (nothing recorded when it has none)."""
    recorder = getattr(client, "feedback", None)
    return recorder if recorder is not None else _NO_FEEDBACK


def answered(
    recorder: Recorder | None,
    answer_id: int,
    answer: Answer,
    front: Front,
    view: discord.ui.View | None,
    *,
    guild_id: int | None,
    channel_id: int | None,
) -> discord.ui.View | None:
    """Record ``answer`` (given to the question with Discord id ``answer_id``) and return
    ``view`` with 👍/👎 under it (``view`` as it is when feedback is off). Costs the event
    loop a few microseconds; never raises."""
    if recorder is None or isinstance(recorder, NoFeedback):
        return view
    try:
        recorder.record(
            answer_record(
                answer_id,
                answer,
                front=front,
                at=time.time(),
                guild_id=guild_id,
                channel_id=channel_id,
            )
        )
    except Exception as exc:  # feedback must never cost an answer
        log.warning("feedback: could not record answer %s: %s", answer_id, exc)
    view = view if view is not None else discord.ui.View(timeout=None)
    view.add_item(VoteButton(answer_id, up=True))
    view.add_item(VoteButton(answer_id, up=False))
    return view


class VoteButton(
    discord.ui.DynamicItem[Button], template=r"abfb:(?P<vote>up|down):(?P<id>[0-9a-z]{1,14})"
):
    """👍 or 👎 under an answer."""

    def __init__(self, answer_id: int, *, up: bool) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="👍" if up else "👎",
                custom_id=f"{PREFIX}:{'up' if up else 'down'}:{b36(answer_id)}",
                style=discord.ButtonStyle.secondary,
            )
        )
        self.answer_id = answer_id
        self.up = up

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls(int(match["id"], 36), up=match["vote"] == "up")

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            recorder = feedback_of(interaction.client)
            if isinstance(recorder, NoFeedback):
                await respond(interaction, content=OFF, ephemeral=True)
                return
            value = 1 if self.up else -1
            recorder.vote(VoteRecord(self.answer_id, interaction.user.id, value, time.time()))
            if self.up:
                await respond(interaction, content=THANKS_UP, ephemeral=True)
            else:
                view = discord.ui.View(timeout=None)
                view.add_item(ReasonSelect(self.answer_id))
                await respond(interaction, content=ASK_REASON, view=view, ephemeral=True)
        except Exception as exc:
            await report(interaction, exc)


class ReasonSelect(discord.ui.DynamicItem[Select], template=r"abfb:why:(?P<id>[0-9a-z]{1,14})"):
    """The reasons offered after a 👎."""

    def __init__(self, answer_id: int) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"{PREFIX}:why:{b36(answer_id)}",
                placeholder="Pick a reason",
                options=[discord.SelectOption(label=r.label, value=r.value) for r in Reason],
            )
        )
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReasonSelect:
        return cls(int(match["id"], 36))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            picked = self.item.values[0] if self.item.values else ""
            reason = Reason(picked)
            recorder = feedback_of(interaction.client)
            vote = VoteRecord(self.answer_id, interaction.user.id, -1, time.time(), reason)
            recorder.vote(vote)
            await interaction.response.edit_message(
                content=f"Noted: **{reason.label}**. Thank you, that helps fix it.",
                view=None,
                allowed_mentions=SAFE,
            )
        except Exception as exc:
            await report(interaction, exc)


class UnknownFeedbackItem(
    discord.ui.DynamicItem[Button], template=r"abfb:(?!(?:up|down|why):)(?P<rest>.*)"
):
    """A feedback control of a form this version does not know (from a newer release)."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label="…", custom_id=custom_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> UnknownFeedbackItem:
        return cls(match.string)

    async def callback(self, interaction: discord.Interaction) -> None:
        await respond(interaction, content="That button no longer works here.", ephemeral=True)


FEEDBACK_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    VoteButton,
    ReasonSelect,
    UnknownFeedbackItem,
)


def _read(path: Any, since: float | None, article: str | None, guild: int | None) -> FeedbackReport:
    conn = open_read(path)
    try:
        return build_report(conn, since=since, article=article, guild=guild, limit=5)
    finally:
        conn.close()


async def _complete_article(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    engine = getattr(interaction.client, "engine", None)
    choices = engine.article_choices(current) if engine is not None else []
    return [app_commands.Choice(name=name, value=value) for name, value in choices]


@app_commands.command(name="report")
@app_commands.describe(
    period="How far back (default: the last 7 days)",
    article="Only answers from this article",
)
@app_commands.choices(
    period=[
        app_commands.Choice(name="last day", value="1d"),
        app_commands.Choice(name="last 7 days", value="7d"),
        app_commands.Choice(name="last 30 days", value="30d"),
        app_commands.Choice(name="all recorded", value=ALL_TIME),
    ]
)
@app_commands.autocomplete(article=_complete_article)
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
@app_commands.checks.has_permissions(manage_guild=True)
async def report_command(
    interaction: discord.Interaction,
    period: str = "7d",
    article: str | None = None,
) -> None:
    """What I could not answer and which answers were voted down here (Manage Server only)."""
    recorder = feedback_of(interaction.client)
    path = getattr(recorder, "path", None)
    if isinstance(recorder, NoFeedback) or path is None:
        await respond(interaction, content=OFF, ephemeral=True)
        return
    article_id = _article_id(interaction.client, article)  # an unknown one: told at once
    await interaction.response.defer(ephemeral=True, thinking=True)
    days, window = WINDOWS.get(period, (0, "all recorded answers"))
    since = time.time() - days * 86_400 if days else None
    await asyncio.to_thread(recorder.flush, FLUSH_SECONDS)  # include the last few answers
    try:
        result = await asyncio.to_thread(_read, path, since, article_id, interaction.guild_id)
    except NoDatabase:
        await respond(interaction, content=NO_REPORT_YET, ephemeral=True)
        return
    except sqlite3.Error as exc:
        log.warning("/report: cannot read the feedback database %s: %s", path, exc)
        await respond(interaction, content=UNREADABLE, ephemeral=True)
        return
    await respond(
        interaction, embed=report_embed(result, window, _titles(interaction.client)), ephemeral=True
    )


def _article_id(client: object, key: str | None) -> str | None:
    """The id of the article ``key`` names (raises QueryError for an unknown one)."""
    engine = getattr(client, "engine", None)
    if key is None or engine is None:
        return key
    meta = engine.find(key)
    return meta.id if meta is not None else None


def _titles(client: object) -> dict[str, str]:
    engine = getattr(client, "engine", None)
    return {a.id: a.title for a in getattr(engine, "articles", ())}


__all__ = [
    "FEEDBACK_ITEMS",
    "FRONTS",
    "ReasonSelect",
    "UnknownFeedbackItem",
    "VoteButton",
    "answered",
    "feedback_of",
    "report_command",
]
