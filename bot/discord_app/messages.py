"""Questions in channels and DMs: a mention of the bot, a DM, or a reply to one of its answers.

Without the privileged message-content intent Discord still gives the bot the text of
exactly these messages: DMs, and messages that mention it (a reply pings the replied-to
author by default, so a reply to the bot mentions it). A reply with that ping switched off
arrives empty; the bot then says how to be heard instead of staying silent.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import discord

from bot.discord_app.engine import Engine
from bot.discord_app.errors import explain, one_line, wait_message
from bot.discord_app.format import answer_embed
from bot.discord_app.mentions import echoed, strip_mentions
from bot.discord_app.ratelimit import Limiter
from bot.discord_app.replies import reply_to
from bot.discord_app.views import answer_view

log = logging.getLogger(__name__)

EMPTY_REPLY = (
    "I can't read replies that don't mention me. Keep the **@ON** switch of your "
    "reply on, or mention me in your message."
)
JUST_MENTIONED = (
    "Hello! Ask me a question about the articles, e.g. *Who is Ali Shamkhani?* — or try `/help`."
)


@dataclass(frozen=True, slots=True)
class MessageQuestion:
    """The question a message asks the bot and how it reached the bot (``"dm"``, ``"reply"``
    or ``"mention"``): ``typed`` is the text less the bot's own mention, what the reply
    echoes; ``text`` is what is searched, every mention removed (it may be empty)."""

    typed: str
    via: str

    @property
    def text(self) -> str:
        """The question without mentions: what is searched."""
        return strip_mentions(self.typed)


def _replied_to_bot(message: discord.Message, bot_id: int) -> bool:
    ref = message.reference
    resolved = ref.resolved if ref else None
    if isinstance(resolved, discord.Message):
        return resolved.author.id == bot_id
    cached = ref.cached_message if ref else None
    return cached is not None and cached.author.id == bot_id


def question_in(message: discord.Message, bot_id: int) -> MessageQuestion | None:
    """The question ``message`` asks the bot, or None when it is not addressed to the bot."""
    if message.author.bot or message.webhook_id is not None:
        return None
    mention = re.compile(rf"<@!?{bot_id}>")
    role = message.guild.self_role if message.guild else None
    role_mentioned = role is not None and role in message.role_mentions
    if message.guild is None:
        via = "dm"
    elif _replied_to_bot(message, bot_id):
        via = "reply"
    elif any(u.id == bot_id for u in message.mentions) or role_mentioned:
        via = "mention"
    else:
        return None
    typed = mention.sub(" ", message.content)
    if role_mentioned and role is not None:
        typed = typed.replace(role.mention, " ")
    return MessageQuestion(" ".join(typed.split()), via)


async def answer_message(
    message: discord.Message, bot_id: int, engine: Engine, limiter: Limiter
) -> None:
    """Answer ``message`` if it is a question for the bot (whose user id is ``bot_id``).

    Nothing escapes: a failure to answer becomes an apology, and a failure to send (the
    apology included: Discord gone, the connection dropped) is logged once, here.
    """
    asked = question_in(message, bot_id)
    if asked is None:
        return
    try:
        await _answer(message, asked, engine, limiter)
    except Exception as exc:
        log.warning("could not reply to a %s question: %s", asked.via, one_line(exc))


async def _answer(
    message: discord.Message, asked: MessageQuestion, engine: Engine, limiter: Limiter
) -> None:
    if not asked.text:
        empty_reply = asked.via == "reply" and not message.attachments
        await reply_to(message, content=EMPTY_REPLY if empty_reply else JUST_MENTIONED)
        return
    wait = limiter.check(message.author.id)
    if wait > 0:
        await reply_to(message, content=wait_message(wait), delete_after=max(wait, 5.0))
        return
    try:
        result = engine.ask(message.channel.id, message.author.id, asked.text)
        embed = answer_embed(echoed(result.answer, asked.typed))
        notice = engine.pop_notice(message.channel.id, message.author.id) or None
        await reply_to(message, content=notice, embed=embed, view=answer_view(engine, result))
    except Exception as exc:
        # If the apology cannot be sent either, answer_message logs that once.
        await explain(
            exc, f"message question ({asked.via})", lambda text: reply_to(message, content=text)
        )


__all__ = ["EMPTY_REPLY", "JUST_MENTIONED", "MessageQuestion", "answer_message", "question_in"]
