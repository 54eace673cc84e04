"""Summaries, the article list and help as Discord embeds (pure functions, within limits)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import discord

from bot.discord_app import limits as L
from bot.discord_app.format import safe_url, share
from bot.discord_app.markdown import echo, escape, fit
from index import ArticleMeta, Summary

SUMMARY_COLOUR = discord.Colour.teal()
INFO_COLOUR = discord.Colour.dark_teal()
SOURCES_PER_PAGE = 10
# Per article on the /source page: a name of ≤ 150 and details of ≤ 410 characters, so ten
# of them stay inside an embed's 6,000.
_SOURCE_NAME, _URL_MAX = 150, 250
# What could end a markdown link target early (and start a link of its own after it):
# percent-encoded, the url means the same and stays one link.
_LINK_TARGET = str.maketrans({c: f"%{ord(c):02X}" for c in "()[]<>\\"})


def summary_embed(summary: Summary) -> discord.Embed:
    """An extractive summary: one bullet per sentence with its paragraph number."""
    art = summary.article
    embed = discord.Embed(
        title=fit(art.title, L.EMBED_TITLE), colour=SUMMARY_COLOUR, url=safe_url(art.url)
    )
    count = len(summary.sentences)
    parts = [
        L.clip(art.source, 80),
        L.clip(art.published or "", 40),
        f"{count} sentence{'s' if count != 1 else ''}",
    ]
    embed.set_footer(text=" · ".join(p for p in parts if p))
    about = echo(summary.about, 500) if summary.about else ""
    if not summary.found:
        embed.description = (
            f"The article doesn't mention “{about}”, so I have nothing to "
            "summarise about it. Try other words, or leave `about` empty."
        )
        embed.colour = discord.Colour.light_grey()
    elif not summary.sentences:
        embed.description = "The article has no sentences I could summarise."
    else:
        # A news summary opens with its gist, the lead in one line (not repeated below).
        line = summary.gist
        intro = f"About “{about}”:\n" if about else f"**{escape(line)}**\n" if line else ""
        shown = [s for s in summary.sentences if s.text != line]
        marks = [f" (¶{s.paragraph})" for s in shown]
        room = min(L.EMBED_DESCRIPTION, L.EMBED_TOTAL - len(embed))
        room -= len(intro) + sum(len(m) + 3 for m in marks)
        needs = [len(escape(s.text)) for s in shown]
        sizes = share(needs, [L.EMBED_DESCRIPTION] * len(needs), room)
        lines = [f"• {fit(s.text, n)}{m}" for s, n, m in zip(shown, sizes, marks, strict=True)]
        embed.description = intro + "\n".join(lines)
    return embed


def source_pages(count: int) -> int:
    """How many ``/source`` pages ``count`` articles fill."""
    return max(1, math.ceil(count / SOURCES_PER_PAGE))


def sources_embed(articles: Sequence[ArticleMeta], page: int = 0) -> discord.Embed:
    """One page of the corpus: each article's title, outlet, date, link and paragraph count."""
    pages = source_pages(len(articles))
    page = min(max(page, 0), pages - 1)
    n = len(articles)
    embed = discord.Embed(
        title="The articles I answer from",
        colour=INFO_COLOUR,
        description=f"{n} article{'s' if n != 1 else ''}. Ask with `/ask`, "
        "or mention me with a question.",
    )
    for a in articles[page * SOURCES_PER_PAGE : (page + 1) * SOURCES_PER_PAGE]:
        url = safe_url(a.url)
        target = url.translate(_LINK_TARGET) if url else ""
        link = f"[link]({target})" if target and len(target) <= _URL_MAX else "no link"
        date = escape(a.published) if a.published else "date unknown"
        paragraphs = f"{a.paragraph_count} paragraph{'s' if a.paragraph_count != 1 else ''}"
        details = f"{fit(a.source, 80)} · {fit(date, 40)} · {paragraphs} · {link}"
        embed.add_field(name=fit(a.title, _SOURCE_NAME), value=details, inline=False)
    if pages > 1:
        embed.set_footer(text=f"page {page + 1} of {pages}")
    return embed


HELP_TEXT = """\
I answer questions about the news articles I was given, quoting the passage that answers \
and **the sentence that does it in bold**, with the article and paragraph (¶) it comes from. \
When the articles don't say, I tell you so and show the closest passage.

**Asking**
• `/ask question:` — e.g. *Who is Ali Shamkhani?* (`passages:` shows up to 5, `article:` \
limits the search to one article)
• Mention me in a channel, or send me a direct message.
• Reply to one of my answers to follow up (*What did he say?*): I remember the last few \
questions in each channel for a while.

**Exploring**
• `/search query:` — the best passages for some words, a page at a time.
• `/summary` — the gist of an article in a few sentences; `about:` focuses it on a topic.
• `/source` — the articles, with outlet, date and link.

**Your own articles** (Manage Server, or the role the bot's owner chose)
• `/article add url:` — add a news article by its link, or mention me with only the link.
• `/article use article:` — this channel's questions go to that article; \
`/article remove article:` forgets one.

**For moderators** (Manage Server)
• `/report` — what I could not answer here and which answers were voted down.

Under an answer, **More passages** shows the next ones and **Show paragraph in full** the \
whole paragraph, even long after the answer was given."""


def help_embed() -> discord.Embed:
    """What the bot does and how to ask."""
    return discord.Embed(
        title="articlebot — questions about the news", description=HELP_TEXT, colour=INFO_COLOUR
    )


__all__ = [
    "HELP_TEXT",
    "SOURCES_PER_PAGE",
    "help_embed",
    "source_pages",
    "sources_embed",
    "summary_embed",
]
