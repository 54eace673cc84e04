"""Buttons under answers, search results and the article list, alive across restarts.

Each button is a ``discord.ui.DynamicItem``: discord.py matches a clicked custom_id against
the templates registered in ``setup_hook``, so a button on a message sent by an earlier
process works as well as a new one. The custom_id carries all the button needs
(:mod:`bot.discord_app.customids`); one that this index cannot serve, or one of an unknown
form, gets a polite reply rather than Discord's "This interaction failed".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.discord_app.customids import (
    BadCustomId,
    HitsRef,
    ParagraphRef,
    decode_source_page,
    shown_key,
    source_page_id,
)
from bot.discord_app.engine import Engine, HitsPage
from bot.discord_app.errors import STALE, StaleButton, report
from bot.discord_app.format import more_embed, paragraph_embed, search_embed
from bot.discord_app.format_info import source_pages, sources_embed
from bot.discord_app.replies import respond, update
from bot.discord_app.services import engine_of

if TYPE_CHECKING:
    from index import Asked

MORE_AT_LEAST = 3
SEARCH_PAGE = 3

Button = discord.ui.Button[Any]


class ArticleButton(discord.ui.DynamicItem[Button], template=r"(?!)"):
    """Base of the bot's buttons: the custom_id is the state; errors go to :func:`report`."""

    def __init__(
        self,
        custom_id: str,
        label: str,
        *,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(discord.ui.Button(label=label, custom_id=custom_id, style=style))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ArticleButton:
        # Only rebuilds the wrapper; parsing happens in callback, where errors are answered.
        return cls(match.string, getattr(item, "label", None) or "…")

    @property
    def state(self) -> str:
        """The part of the custom_id after the button's kind."""
        match = self.template.fullmatch(self.custom_id)
        return match.group("state") if match else ""

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.respond(interaction, engine_of(interaction))
        except BadCustomId as exc:
            await report(interaction, StaleButton(str(exc)))
        except Exception as exc:
            await report(interaction, exc)

    async def respond(self, interaction: discord.Interaction, engine: Engine) -> None:
        """Answer the click."""
        raise NotImplementedError


class MoreButton(ArticleButton, template=r"ab:more:(?P<state>.+)"):
    """ "More passages": the next hits of an answer, privately to the one who clicks."""

    async def respond(self, interaction: discord.Interaction, engine: Engine) -> None:
        page = engine.hits(HitsRef.decode("more", self.state))
        embed = more_embed(page.hits, len(page.ref.shown) + page.ref.start + 1)
        view = more_view(page)
        message = interaction.message
        if message is not None and message.flags.ephemeral:
            await update(interaction, embed=embed, view=view)  # paging within the private reply
        else:
            await respond(interaction, embed=embed, view=view, ephemeral=True)


class ParagraphButton(ArticleButton, template=r"ab:para:(?P<state>.+)"):
    """ "Show paragraph in full": the whole paragraph of the top passage, privately."""

    async def respond(self, interaction: discord.Interaction, engine: Engine) -> None:
        ref = ParagraphRef.decode(self.state)
        article = engine.paragraph(ref)
        await respond(interaction, embed=paragraph_embed(article, ref.paragraph), ephemeral=True)


class PageButton(ArticleButton, template=r"ab:page:(?P<state>.+)"):
    """Previous / next page of ``/search`` results: edits the results message."""

    async def respond(self, interaction: discord.Interaction, engine: Engine) -> None:
        page = engine.hits(HitsRef.decode("page", self.state))
        embeds = interaction.message.embeds if interaction.message else []
        title = embeds[0].title if embeds and embeds[0].title else "Passages"
        pages = max(1, -(-page.total // page.ref.count))
        embed = search_embed(
            page.hits, page.ref.start // page.ref.count, pages, page.total, title=title
        )
        await update(interaction, embed=embed, view=search_view(page))


class SourcePageButton(ArticleButton, template=r"ab:src:(?P<state>.+)"):
    """Previous / next page of ``/source``: edits the list."""

    async def respond(self, interaction: discord.Interaction, engine: Engine) -> None:
        page = decode_source_page(self.state)
        await update(
            interaction,
            embed=sources_embed(engine.articles, page),
            view=source_view(page, len(engine.articles)),
        )


class UnknownButton(ArticleButton, template=r"ab:(?!(?:more|para|page|src):)(?P<state>.*)"):
    """A button of ours whose form this version does not know (from an older release)."""

    async def respond(self, interaction: discord.Interaction, engine: Engine) -> None:
        await respond(interaction, content=STALE, ephemeral=True)


BUTTONS: tuple[type[ArticleButton], ...] = (
    MoreButton,
    ParagraphButton,
    PageButton,
    SourcePageButton,
    UnknownButton,
)


def answer_view(engine: Engine, asked: Asked) -> discord.ui.View | None:
    """ "More passages" and "Show paragraph in full" under an answer (None without hits)."""
    hits = asked.answer.hits
    if not hits:
        return None
    view = discord.ui.View(timeout=None)
    if asked.query.terms and len(hits) >= asked.k:  # fewer hits than asked for: no more
        shown = tuple(shown_key(engine.library, h) for h in hits)
        ref = HitsRef.of_query(
            "more",
            engine.library,
            asked.query,
            article=asked.article.number if asked.article else None,
            shown=shown,
            count=max(len(hits), MORE_AT_LEAST),
        )
        view.add_item(MoreButton(ref.encode(), "More passages"))
    top = hits[0]
    if not top.passage.is_headline:  # a headline is shown whole
        number = engine.library.index.find_article(top.article.id).number
        ref_p = ParagraphRef(engine.index_id, number, top.passage.paragraph)
        view.add_item(ParagraphButton(ref_p.encode(), "Show paragraph in full"))
    return view if view.children else None


def more_view(page: HitsPage) -> discord.ui.View:
    """A "More passages" button for the hits after ``page``, when there are any."""
    view = discord.ui.View(timeout=None)
    following = page.ref.start + page.ref.count
    if page.hits and len(page.ref.shown) + following < page.total:
        view.add_item(MoreButton(page.ref.at(following).encode(), "More passages"))
    return view


def search_view(page: HitsPage) -> discord.ui.View:
    """Previous / next buttons for a page of search results (only those that lead somewhere)."""
    view = discord.ui.View(timeout=None)
    ref = page.ref
    if ref.start > 0:
        view.add_item(PageButton(ref.at(max(0, ref.start - ref.count)).encode(), "◀ Previous"))
    if ref.start + ref.count < page.total:
        view.add_item(PageButton(ref.at(ref.start + ref.count).encode(), "Next ▶"))
    return view


def source_view(page: int, articles: int) -> discord.ui.View:
    """Previous / next buttons for the article list."""
    view = discord.ui.View(timeout=None)
    pages = source_pages(articles)
    if page > 0:
        view.add_item(SourcePageButton(source_page_id(page - 1), "◀ Previous"))
    if page + 1 < pages:
        view.add_item(SourcePageButton(source_page_id(page + 1), "Next ▶"))
    return view


__all__ = [
    "BUTTONS",
    "ArticleButton",
    "MoreButton",
    "PageButton",
    "ParagraphButton",
    "SourcePageButton",
    "UnknownButton",
    "answer_view",
    "more_view",
    "search_view",
    "source_view",
]
