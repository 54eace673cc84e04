"""Bringing articles in from Discord: ``/article add``, ``/article remove``, ``/article use``.

Adding fetches the link under the safety policy of :mod:`bot.fetch`, extracts the article and
writes it with the index (:func:`index.ingest.add_articles`) in a worker thread, so the bot
keeps answering everyone else meanwhile; the new index is swapped in on the event loop, the
next question sees it. Who may add or remove: members with Manage Server, and members with
the role ``ARTICLEBOT_ARTICLE_MANAGER_ROLE`` names. Every failure (not an article, too big,
refused address, no text found, not allowed) is a one-line private reply.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from bot.discord_app import limits as L
from bot.discord_app.engine import Engine
from bot.discord_app.format_info import summary_embed
from bot.discord_app.live import IndexWatcher
from bot.discord_app.markdown import escape
from bot.discord_app.replies import SAFE, reply_to
from bot.discord_app.services import part_of
from bot.fetch import FetchPolicy, fetch_page
from bot.settings import Settings
from index import Article, ArticlebotError, Bm25Params, QueryError, SearchIndex, open_index

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

log = logging.getLogger(__name__)

T = TypeVar("T")

LINK_ONLY = re.compile(r"^<?(https?://\S+?)>?$", re.IGNORECASE)
NOT_ALLOWED = "Only members with Manage Server{role} can add or remove articles."


@dataclass
class ArticleDesk:
    """Where articles come in: the corpus, its index, the fetch policy and who may add."""

    corpus: Path
    index_path: Path
    params: Bm25Params
    policy: FetchPolicy
    watcher: IndexWatcher
    manager_role: str = ""
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def may_manage(self, user: discord.abc.User) -> bool:
        """True for a server member with Manage Server or the manager role."""
        if not isinstance(user, discord.Member):
            return False
        if user.guild_permissions.manage_guild:
            return True
        role = self.manager_role.strip()
        return bool(role) and any(r.name == role or str(r.id) == role for r in user.roles)

    def refusal(self) -> str:
        """The one line a member without the right gets."""
        role = self.manager_role.strip()
        return NOT_ALLOWED.format(role=f" or the {role} role" if role else "")

    async def add(self, url: str) -> Article:
        """Fetch, extract and add the article at ``url``; the bot answers from it next."""
        from index import add_articles, article_from_html, article_from_text

        page = await fetch_page(url, self.policy)
        if page.is_html:
            body: str | bytes = page.text() if page.charset else page.body
            article = await asyncio.to_thread(article_from_html, body, page.url)
        else:
            article = await asyncio.to_thread(article_from_text, page.text(), page.url)
        async with self._lock:
            change = await asyncio.to_thread(
                add_articles, self.corpus, self.index_path, [article], self.params
            )
            if change.index is not None:
                self.watcher.swap(change.index)
        return change.added[0]

    async def remove(self, key: str) -> str:
        """Remove the article ``key`` names (id or title prefix); its id."""
        from index import remove_articles

        async with self._lock:
            change = await asyncio.to_thread(
                remove_articles, self.corpus, self.index_path, [key], self.params
            )
            if change.index is not None:
                self.watcher.swap(change.index)
            else:
                await self.watcher.reload()
        return change.removed[0]

    async def link_message(self, message: discord.Message, bot_id: int) -> bool:
        """Add the article when ``message`` mentions the bot with only a link; False (and
        nothing done) for any other message."""
        from bot.discord_app.messages import question_in

        asked = question_in(message, bot_id)
        if asked is None or link_in(asked.text) is None:
            return False
        try:
            await add_from_message(message, asked.text, self)
        except discord.HTTPException as exc:
            log.warning("could not reply to a link: %s", exc)
        return True


def added_embed(article: Article) -> discord.Embed:
    """The new article's card: its summary, title and link, outlet, date and paragraphs."""
    from index import summarize

    embed = summary_embed(summarize(article, sentences=3))
    n = len(article.paragraphs)
    embed.add_field(
        name="Added to my articles",
        value=L.clip(f"{n} paragraph{'s' if n != 1 else ''} · id {escape(article.id)}", 1024),
        inline=False,
    )
    return embed


def desk_of(interaction: discord.Interaction) -> ArticleDesk:
    """The article desk of the bot that received ``interaction``."""
    return part_of(interaction, "desk", ArticleDesk)


def failure_line(exc: BaseException) -> str:
    """A failure to add or remove, as the one line the member reads."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return L.clip(f"Couldn't do that: {text[:1].lower()}{text[1:]}", L.MESSAGE_CONTENT)


async def _private(interaction: discord.Interaction, text: str) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=SAFE)
    else:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=SAFE)


async def _manager_desk(interaction: discord.Interaction) -> ArticleDesk | None:
    """The bot's article desk when the member may manage articles; else None, refusal sent."""
    desk = desk_of(interaction)
    if desk.may_manage(interaction.user):
        return desk
    await _private(interaction, desk.refusal())
    return None


async def _change(
    interaction: discord.Interaction, change: Callable[[ArticleDesk], Awaitable[T]]
) -> T | None:
    """``change`` applied to the desk for a member who may manage articles; None when
    refused or failed, the member told why in a private line."""
    desk = await _manager_desk(interaction)
    if desk is None:
        return None
    # Fetching may take seconds: acknowledge now (privately), so failures stay private too.
    await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        return await change(desk)
    except ArticlebotError as exc:
        await _private(interaction, failure_line(exc))
        return None


group = app_commands.Group(name="article", description="Add, remove or choose articles")


@group.command(name="add")
@app_commands.describe(url="The link to a news article (http or https)")
async def add(interaction: discord.Interaction, url: app_commands.Range[str, 1, 2000]) -> None:
    """Add a news article by its link; I answer questions about it right after."""
    article = await _change(interaction, lambda desk: desk.add(url.strip()))
    if article is None:
        return
    await interaction.followup.send(
        f"Added “{L.clip(escape(article.title), 200)}”.", ephemeral=True, allowed_mentions=SAFE
    )
    await interaction.followup.send(embed=added_embed(article), allowed_mentions=SAFE)


async def _complete(interaction: discord.Interaction, current: str) -> list[Any]:
    from bot.discord_app.commands import complete_article

    return await complete_article(interaction, current)


@group.command(name="remove")
@app_commands.describe(article="The article to remove")
@app_commands.autocomplete(article=_complete)
async def remove(interaction: discord.Interaction, article: str) -> None:
    """Remove an article: I stop answering from it."""
    removed = await _change(interaction, lambda desk: desk.remove(article))
    if removed is not None:
        await _private(interaction, f"Removed {escape(removed)}.")


@group.command(name="use")
@app_commands.describe(article="The article questions in this channel are about")
@app_commands.autocomplete(article=_complete)
async def use(interaction: discord.Interaction, article: str) -> None:
    """Make an article this channel's default: questions here are answered from it."""
    from bot.discord_app.services import engine_of

    if await _manager_desk(interaction) is None:
        return
    engine = engine_of(interaction)
    try:
        meta = engine.find(article)
    except QueryError as exc:
        await _private(interaction, failure_line(exc))
        return
    if meta is None or interaction.channel_id is None:
        await _private(interaction, "Pick an article from the list that appears as you type.")
        return
    engine.defaults[interaction.channel_id] = meta.id
    await _private(interaction, f"Questions in this channel now go to “{escape(meta.title)}”.")


def desk_for(settings: Settings, engine: Engine) -> ArticleDesk:
    """The article desk of ``articlebot run``: the corpus and index of ``settings``."""
    params = Bm25Params(variant=settings.bm25_variant, k1=settings.bm25_k1, b=settings.bm25_b)
    corpus, index_path = Path(settings.corpus), Path(settings.index)

    def open_fresh() -> SearchIndex:
        return open_index(corpus, index_path, params).index

    policy = FetchPolicy(
        allow_private=settings.fetch_allow_private,
        timeout_seconds=settings.fetch_timeout_seconds,
        max_bytes=settings.fetch_max_bytes,
    )
    watcher = IndexWatcher(engine, corpus, index_path, open_fresh)
    return ArticleDesk(corpus, index_path, params, policy, watcher, settings.article_manager_role)


def attach(bot: ArticleBot, desk: ArticleDesk) -> None:
    """Give ``bot`` the ``/article`` commands, link mentions and a live corpus."""
    bot.desk = desk
    bot.tree.add_command(group)


def link_in(text: str) -> str | None:
    """The link when ``text`` (a message to the bot, mention removed) is only a link."""
    m = LINK_ONLY.match(text.strip())
    return m.group(1) if m else None


async def add_from_message(message: discord.Message, text: str, desk: ArticleDesk) -> bool:
    """Add the article a message that holds only a link names; False when it is not one."""
    url = link_in(text)
    if url is None:
        return False
    if not desk.may_manage(message.author):
        await reply_to(message, content=desk.refusal())
        return True
    try:
        async with message.channel.typing():
            article = await desk.add(url)
    except ArticlebotError as exc:
        await reply_to(message, content=failure_line(exc))
        return True
    await reply_to(message, embed=added_embed(article))
    return True


__all__ = [
    "ArticleDesk",
    "add_from_message",
    "added_embed",
    "attach",
    "desk_for",
    "desk_of",
    "failure_line",
    "group",
    "link_in",
]
