"""Answers as Discord embeds: pure functions from core records to ``discord.Embed``.

Every builder keeps each part within Discord's limits and the whole embed within its 6,000
characters (:func:`bot.discord_app.limits.embed_problems` is empty for every output), escapes
text it did not write, and never relies on markdown in article text.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord_app import limits as L
from bot.discord_app.markdown import bold_passage, echo, fit
from index import Answer, Article, Hit

ANSWER_COLOUR = discord.Colour.blurple()
ABSTAIN_COLOUR = discord.Colour.light_grey()
# Room kept for the field name of each extra hit when sharing the 6,000-character budget.
_FIELD_NAME_ROOM = 120


def safe_url(url: str | None) -> str | None:
    """``url`` if Discord accepts it as an embed link (http/https, not too long), else None."""
    if url and url.startswith(("https://", "http://")) and len(url) <= 2048 and " " not in url:
        return url
    return None


def attribution(hit: Hit) -> str:
    """Plain-text attribution for footers: ``title · outlet · ¶3`` (footers show no markdown;
    a footer's mentions never ping). Kept short: it counts toward the embed's 6,000."""
    return (
        f"{L.clip(hit.article.title, 200)} · {L.clip(hit.article.source, 80)} · {hit.passage.place}"
    )


def share(needs: Sequence[int], caps: Sequence[int], total: int) -> list[int]:
    """Split ``total`` characters between pieces needing ``needs`` (each at most its cap).

    Water-filling: small pieces get all they need, the rest share what remains equally.
    """
    wants = [min(n, c) for n, c in zip(needs, caps, strict=True)]
    out = [0] * len(wants)
    left, pending = max(total, 0), sorted(range(len(wants)), key=lambda i: wants[i])
    while pending:
        each = left // len(pending)
        i = pending.pop(0)
        out[i] = min(wants[i], each)
        left -= out[i]
    return out


def _hit_field_name(hit: Hit) -> str:
    prefix = f"{hit.rank}. {hit.passage.place} · "
    return prefix + fit(hit.article.title, _FIELD_NAME_ROOM - len(prefix))


def _searched(ans: Answer) -> str | None:
    """What was searched, when it is not simply the question (follow-ups, typo fixes)."""
    if not (ans.corrections or ans.carried):
        return None
    text = echo(ans.query, 700)
    if ans.corrections:
        fixes = ", ".join(f"{a} → {b}" for a, b in ans.corrections)
        text += " (corrected: " + echo(fixes, 300) + ")"
    return text


def passages_embed(
    hits: Sequence[Hit],
    *,
    title: str,
    description_hit: bool,
    fixed: Sequence[tuple[str, str]] = (),
    footer: str = "",
    colour: discord.Colour = ANSWER_COLOUR,
    url: str | None = None,
) -> discord.Embed:
    """An embed of passages: the first in the description (when ``description_hit``), the
    others as fields, each with its answering sentence in bold; ``fixed`` fields come first."""
    embed = discord.Embed(title=L.clip(title, L.EMBED_TITLE), colour=colour, url=safe_url(url))
    embed.set_footer(text=L.clip(footer, L.FOOTER_TEXT) or None)
    field_hits = list(hits[1:] if description_hit else hits)[: L.EMBED_FIELDS - len(fixed)]
    names = [_hit_field_name(h) for h in field_hits]
    budget = L.EMBED_TOTAL - len(embed) - sum(len(n) + len(v) for n, v in fixed)
    budget -= sum(len(n) for n in names)
    in_description = [hits[0]] if description_hit and hits else []
    pieces = in_description + field_hits
    caps = [L.EMBED_DESCRIPTION] * len(in_description) + [L.FIELD_VALUE] * len(field_hits)
    needs = [
        len(bold_passage(h.passage.text, h.sentence, cap))
        for h, cap in zip(pieces, caps, strict=True)
    ]
    sizes = share(needs, caps, budget)
    texts = [
        bold_passage(h.passage.text, h.sentence, n) for h, n in zip(pieces, sizes, strict=True)
    ]
    if description_hit and texts:
        embed.description = texts.pop(0)
    for name, value in fixed:
        embed.add_field(name=name, value=value, inline=False)
    for name, value in zip(names, texts, strict=True):
        embed.add_field(name=name, value=value or L.ELLIPSIS, inline=False)
    return embed


NOTHING_ASKED = (
    "Nothing to look up there. Ask me a question about the articles, e.g. *Who is Ali "
    "Shamkhani?* — or try `/help`."
)


def answer_embed(ans: Answer) -> discord.Embed:
    """The reply to a question: the top passage with the answering sentence in bold, other
    passages as fields, the searched words when they differ, attribution in the footer."""
    if ans.asks_nothing:  # "thanks", "lol"
        return discord.Embed(description=NOTHING_ASKED, colour=ABSTAIN_COLOUR)
    if ans.abstained or not ans.hits:
        return abstain_embed(ans)
    top = ans.hits[0]
    searched = _searched(ans)
    fixed = [("Searched for", searched)] if searched else []
    return passages_embed(
        ans.hits,
        title=f"“{echo(ans.question, L.EMBED_TITLE - 2)}”",
        description_hit=True,
        fixed=fixed,
        footer=attribution(top),
        url=top.article.url,
    )


def abstain_embed(ans: Answer) -> discord.Embed:
    """A polite "the article doesn't say", offering the closest passage when there is one."""
    question = echo(ans.question, 1000)
    embed = discord.Embed(title="Sorry — the article doesn't say", colour=ABSTAIN_COLOUR)
    if not ans.hits:
        embed.description = (
            f"I couldn't find anything about “{question}”: none of its words "
            "appear in the articles. `/source` lists what they cover."
        )
        return embed
    hit = ans.hits[0]
    embed.url = safe_url(hit.article.url)
    embed.set_footer(text=attribution(hit))
    intro = (
        f"I couldn't find an answer to “{question}”. The closest passage I found is "
        f"{'the ' if hit.passage.is_headline else ''}{hit.passage.place} of "
        f"*{echo(hit.article.title, 300)}*, in case it helps:\n\n"
    )
    room = min(L.EMBED_DESCRIPTION, L.EMBED_TOTAL - len(embed)) - len(intro) - 2
    embed.description = intro + "> " + fit(" ".join(hit.passage.text.split()), room)
    return embed


def more_embed(hits: Sequence[Hit], first: int) -> discord.Embed:
    """The next passages for a question ("More passages"), numbered from ``first``."""
    if not hits:
        return discord.Embed(description="That was every passage I found.", colour=ABSTAIN_COLOUR)
    last = first + len(hits) - 1
    span = f"passage {first}" if last == first else f"passages {first}–{last}"
    return passages_embed(hits, title=f"More passages ({span})", description_hit=False)


def search_title(query: str) -> str:
    """The title of ``/search`` results (kept when paging, so it needs no query then)."""
    return f"Passages for “{echo(query, 200)}”"


def search_embed(
    hits: Sequence[Hit], page: int, pages: int, total: int, *, title: str
) -> discord.Embed:
    """One page of ``/search`` results (``page`` counts from 0)."""
    if not hits:
        embed = discord.Embed(title=L.clip(title, L.EMBED_TITLE), colour=ABSTAIN_COLOUR)
        embed.description = "No passage contains those words. `/source` lists the articles."
        return embed
    footer = f"page {page + 1} of {pages} · {total} passage{'s' if total != 1 else ''}"
    return passages_embed(hits, title=title, description_hit=False, footer=footer)


def paragraph_embed(article: Article, number: int) -> discord.Embed:
    """One paragraph of an article in full ("Show paragraph in full")."""
    text = article.paragraphs[number - 1] if 1 <= number <= len(article.paragraphs) else ""
    prefix = f"¶{number} · "
    embed = discord.Embed(
        title=prefix + fit(article.title, L.EMBED_TITLE - len(prefix)),
        colour=ANSWER_COLOUR,
        url=safe_url(article.url),
    )
    embed.set_footer(
        text=f"{L.clip(article.source, 80)} · paragraph {number} of {len(article.paragraphs)}"
    )
    room = min(L.EMBED_DESCRIPTION, L.EMBED_TOTAL - len(embed))
    embed.description = fit(text, room) or "(empty paragraph)"
    return embed


__all__ = [
    "NOTHING_ASKED",
    "abstain_embed",
    "answer_embed",
    "attribution",
    "more_embed",
    "paragraph_embed",
    "passages_embed",
    "safe_url",
    "search_embed",
    "search_title",
    "share",
]
