"""Mentions are not question words: a question carrying ``@everyone``, ``@here``, member, role,
channel or command mentions is answered exactly as the same question without them, by mention
and by ``/ask``; the reply still echoes what was typed, mentions escaped."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord_app import ArticleBot
from bot.discord_app.markdown import echo
from bot.discord_app.mentions import strip_mentions
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import command, embed_of
from tests.discord_double.latency import questions

pytest_plugins = ("tests.discord_double.fixtures",)


def noisy(question: str, double: DiscordDouble) -> str:
    """``question`` wrapped in every kind of mention, some between its words."""
    bob, channel = double.users[1], double.channel
    head, _, tail = question.partition(" ")
    return (
        f"@everyone <@!{bob.id}> {head} <@&{double.guild.id}> {tail} "
        f"<#{channel.id}> @here </ask:123456789012345678>"
    )


def answer_part(embed: dict[str, Any], typed: str) -> dict[str, Any]:
    """An answer embed less the echoes of what was typed (its title, and the description of
    an abstention, which quotes the question)."""
    part = {k: v for k, v in embed.items() if k != "title"}
    part["description"] = str(part.get("description", "")).replace(echo(typed, 1000), "<typed>")
    return part


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("@everyone who is Shamkhani?", "who is Shamkhani?"),
        (
            "<@123456789012345678> <@!42> and <@&987654321098765432> why? <#555555555555555555>",
            "and why?",
        ),
        ("</article get:1234567890> @here what year", "what year"),
        (
            "mail me at news@everyone.example or @heretofore",
            "mail me at news@everyone.example or @heretofore",
        ),
        ("<@&1> @everyone <#2>", ""),
    ],
)
def test_strip_mentions_keeps_only_the_words_of_the_question(typed: str, searched: str) -> None:
    assert strip_mentions(typed) == searched


async def test_every_seed_question_with_mentions_is_answered_as_without_them(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    # Two people ask the same questions in the same order: their conversations stay alike,
    # so follow-up carrying is compared too. One adds mentions, the other does not.
    plain_asker, noisy_asker = double.users[0], double.make_user("noisy")
    for question in questions():
        plain = await double.message(f"{double.bot.mention} {question}", author=plain_asker)
        with_mentions = await double.message(
            f"{double.bot.mention} {noisy(question, double)}", author=noisy_asker
        )
        expected = embed_of(await double.wait_for_reply(plain))
        got = embed_of(await double.wait_for_reply(with_mentions))
        typed = noisy(question, double)
        assert answer_part(got, typed) == answer_part(expected, question), question


async def test_every_seed_question_with_mentions_gets_the_same_answer_by_slash_command(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    plain_asker, noisy_asker = double.users[0], double.make_user("noisy")
    for question in questions():
        _, plain = await command(double, "ask", {"question": question}, user=plain_asker)
        typed = noisy(question, double)
        _, got = await command(double, "ask", {"question": typed}, user=noisy_asker)
        expected = answer_part(embed_of(plain), question)
        assert answer_part(embed_of(got), typed) == expected, question


async def test_the_reply_echoes_the_mentions_typed_escaped_so_they_ping_no_one(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    message = await double.message(f"@everyone {double.bot.mention} who is Shamkhani?")
    title = embed_of(await double.wait_for_reply(message))["title"]
    assert "@\u200beveryone who is Shamkhani?" in title
    assert str(double.bot.id) not in title  # the bot's own mention is how it was asked


async def test_a_question_of_mentions_only_gets_the_greeting(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    message = await double.message(f"{double.bot.mention} @everyone <#{double.channel.id}>")
    reply = await double.wait_for_reply(message)
    assert reply.data["content"].startswith("Hello! Ask me a question")


@pytest.mark.parametrize(
    ("name", "option", "text"),
    [("search", "query", "troops Iraq"), ("summary", "about", "Mark Esper")],
)
async def test_search_and_summary_topics_ignore_mentions(
    double: DiscordDouble, bot: ArticleBot, name: str, option: str, text: str
) -> None:
    _, plain = await command(double, name, {option: text})
    _, noisy_reply = await command(double, name, {option: noisy(text, double)})
    assert embed_of(noisy_reply) == embed_of(plain)
