"""The ``/report`` embed: the feedback summary of one server, within Discord's limits (pure)."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.discord_app.limits import EMBED_TITLE, FIELD_VALUE, clip
from bot.discord_app.markdown import echo, fit
from bot.feedback.report import FeedbackReport, reason_label

SHOWN = 5
DAYS_SHOWN = 7
COLOUR = discord.Colour.blurple()


def _lines(lines: list[str], empty: str) -> str:
    """Lines joined while they fit a field value; an empty list reads ``empty``."""
    out: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > FIELD_VALUE:
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out) or empty


def _article(article_id: str | None, titles: Mapping[str, str]) -> str:
    if article_id is None:
        return "no passage matched"
    return fit(titles.get(article_id, article_id), 80)


def report_embed(
    report: FeedbackReport, window: str, titles: Mapping[str, str] | None = None
) -> discord.Embed:
    """The summary of ``report`` (answers of ``window``, e.g. "the last 7 days"); article ids
    shown by title when ``titles`` knows them."""
    titles = titles or {}
    rate = report.unanswered / report.questions if report.questions else 0.0
    title = f"Feedback: {window}"
    if report.article:
        title += f" · {_article(report.article, titles)}"
    embed = discord.Embed(title=clip(title, EMBED_TITLE), colour=COLOUR)
    embed.description = (
        f"**{report.questions}** question{'' if report.questions == 1 else 's'} · "
        f"**{report.unanswered}** unanswered ({rate:.0%}) · "
        f"👍 {report.up} · 👎 {report.down}"
    )
    if not report.questions:
        embed.description += "\nNo answers were recorded in this period."
        return embed
    days = [
        f"`{d.day}` {d.questions} asked, {d.unanswered} unanswered"
        for d in report.days[-DAYS_SHOWN:]
    ]
    embed.add_field(name="Questions per day", value=_lines(days, "none"), inline=False)
    rates = [
        f"{a.rate:.0%} of {a.questions} · {_article(a.article_id, titles)}"
        for a in report.articles[:SHOWN]
    ]
    embed.add_field(name="Abstention by article", value=_lines(rates, "none"), inline=False)
    unanswered = [
        f"{u.count}× {echo(u.question, 150)} (searched: {fit(u.terms or '-', 60)})"
        for u in report.top_unanswered[:SHOWN]
    ]
    embed.add_field(name="Most asked, unanswered", value=_lines(unanswered, "none"), inline=False)
    downvoted = []
    for d in report.downvoted[:SHOWN]:
        why = ", ".join(f"{reason_label(r)} ×{n}" for r, n in d.reasons)
        downvoted.append(
            f"👎 {d.down} 👍 {d.up} · {echo(d.question, 120)} · `{d.passage_id or '-'}`"
            + (f" · {why}" if why else "")
        )
    embed.add_field(name="Most down-voted", value=_lines(downvoted, "none"), inline=False)
    embed.set_footer(text="articlebot report on the bot's machine gives the full lists")
    return embed


__all__ = ["report_embed"]
