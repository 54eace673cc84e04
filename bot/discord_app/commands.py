"""The slash commands: ``/ask``, ``/summary``, ``/search``, ``/source``, ``/help``.

Parameters are typed (Discord shows and validates them: ranges, autocomplete) and each
docstring becomes the command's description. Handlers answer directly rather than deferring:
the core answers in about a millisecond, far inside Discord's 3-second window. Failures are
raised, not caught here: the tree's ``on_error`` (:func:`bot.discord_app.errors.report`)
turns each into a short private reply. Mentions in what is typed are not words to search
(:mod:`bot.discord_app.mentions`).
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.discord_app.format import answer_embed, search_embed, search_title
from bot.discord_app.format_info import help_embed, source_pages, sources_embed, summary_embed
from bot.discord_app.mentions import echoed, strip_mentions
from bot.discord_app.replies import respond
from bot.discord_app.services import engine_of, question_allowed
from bot.discord_app.views import SEARCH_PAGE, answer_view, search_view, source_view
from index import MAX_QUESTION_CHARS, MAX_SENTENCES, MAX_TOPIC_CHARS, MIN_SENTENCES

MAX_PASSAGES = 5


async def complete_article(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Article titles matching what has been typed (≤ 25, no retrieval: it must be instant)."""
    return [
        app_commands.Choice(name=name, value=value)
        for name, value in engine_of(interaction).article_choices(current)
    ]


@app_commands.command()
@app_commands.describe(
    question="What you want to know, e.g. Who is Ali Shamkhani?",
    passages="How many passages to show (1-5)",
    article="Only search this article",
)
@app_commands.autocomplete(article=complete_article)
@app_commands.check(question_allowed)
async def ask(
    interaction: discord.Interaction,
    question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
    passages: app_commands.Range[int, 1, MAX_PASSAGES] | None = None,
    article: str | None = None,
) -> None:
    """Answer a question from the articles, quoting the passage that answers it."""
    engine = engine_of(interaction)
    k = min(max(passages or engine.top_k, 1), MAX_PASSAGES)
    place = interaction.channel_id or interaction.user.id
    asked = engine.ask(place, interaction.user.id, strip_mentions(question), k, article)
    view = answer_view(engine, asked)
    notice = engine.pop_notice(place, interaction.user.id) or None
    embed = answer_embed(echoed(asked.answer, question))
    await respond(interaction, content=notice, embed=embed, view=view)


@app_commands.command()
@app_commands.describe(
    sentences="How many sentences (1-10, default 3)",
    about="Only what the article says about this topic",
    article="The article to summarise",
)
@app_commands.autocomplete(article=complete_article)
@app_commands.check(question_allowed)
async def summary(
    interaction: discord.Interaction,
    sentences: app_commands.Range[int, MIN_SENTENCES, MAX_SENTENCES] = 3,
    about: app_commands.Range[str, 1, MAX_TOPIC_CHARS] | None = None,
    article: str | None = None,
) -> None:
    """Summarise an article in a few of its own sentences."""
    count = min(max(sentences, MIN_SENTENCES), MAX_SENTENCES)
    topic = strip_mentions(about) if about is not None else None
    result = engine_of(interaction).summary(count, topic or None, article)
    await respond(interaction, embed=summary_embed(result))


@app_commands.command()
@app_commands.describe(query="Words to look for, e.g. troops Iraq")
@app_commands.check(question_allowed)
async def search(
    interaction: discord.Interaction, query: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
) -> None:
    """Show the passages that best match some words, a page at a time."""
    query = strip_mentions(query)
    page = engine_of(interaction).search(query, SEARCH_PAGE)
    pages = max(1, -(-page.total // SEARCH_PAGE))
    embed = search_embed(page.hits, 0, pages, page.total, title=search_title(query))
    await respond(interaction, embed=embed, view=search_view(page))


@app_commands.command()
async def source(interaction: discord.Interaction) -> None:
    """List the articles I answer from: title, outlet, date and link."""
    articles = engine_of(interaction).articles
    view = source_view(0, len(articles)) if source_pages(len(articles)) > 1 else None
    await respond(interaction, embed=sources_embed(articles, 0), view=view)


@app_commands.command(name="help")
async def help_(interaction: discord.Interaction) -> None:
    """What I do and how to ask me."""
    await respond(interaction, embed=help_embed(), ephemeral=True)


COMMANDS: tuple[app_commands.Command[Any, ..., None], ...] = (ask, summary, search, source, help_)


def add_commands(tree: app_commands.CommandTree[Any]) -> None:
    """Put the commands on ``tree`` (globally; guild syncs copy them)."""
    for command in COMMANDS:
        tree.add_command(command)


__all__ = [
    "COMMANDS",
    "add_commands",
    "ask",
    "complete_article",
    "help_",
    "search",
    "source",
    "summary",
]
