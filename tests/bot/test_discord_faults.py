"""Discord misbehaving: a dropped gateway mid-conversation, 429s and 500s on the replies.

Nothing is lost (the question sent while the connection was down is answered after RESUME,
with its conversation intact), nothing is sent twice, and a reply that cannot be delivered is
logged once while the bot carries on answering.
"""

from __future__ import annotations

import logging

import pytest

from bot.discord_app import ArticleBot, Engine
from bot.discord_app.errors import UNEXPECTED
from index.searchindex import SearchIndex
from tests.discord_double import DiscordDouble, RecordedRequest
from tests.discord_double.articlebot import command, embed_of

pytest_plugins = ("tests.discord_double.fixtures",)

CALLBACK = "POST /interactions/*/callback"
CHANNEL_MESSAGE = "POST /channels/*/messages"


def _expected_paragraph(index: SearchIndex, *questions: str) -> int:
    """The paragraph the last of ``questions`` is answered from, asked as one conversation
    (the engine alone, no Discord): what the bot must show after the drop as well."""
    engine = Engine(index, top_k=1)
    for question in questions:
        asked = engine.ask(1, 1, question)
    return asked.answer.hits[0].passage.paragraph


def _searched(reply: RecordedRequest) -> str:
    """The "Searched for" field of an answer ("" when it has none)."""
    fields = {f["name"]: f["value"] for f in embed_of(reply).get("fields", [])}
    return str(fields.get("Searched for", ""))


def _bot_message_replying_to(double: DiscordDouble, message_id: int) -> int:
    return next(
        i
        for i, m in double.messages.items()
        if m.get("message_reference", {}).get("message_id") == str(message_id)
    )


def _posts(double: DiscordDouble, prefix: str) -> list[int]:
    """The statuses of the requests whose path starts with ``prefix``, in order."""
    return [r.status for r in double.requests if r.path.startswith(prefix)]


async def _answers_next(double: DiscordDouble) -> None:
    """The bot still answers: a fresh question gets a fresh answer."""
    _, reply = await command(
        double,
        "ask",
        {"question": "How many troops does the UK have in Iraq?"},
        user=double.users[2],
    )
    assert "400 troops" in embed_of(reply)["description"]


# -- the gateway drops ------------------------------------------------------------------------


async def test_a_reply_sent_while_the_gateway_is_down_is_answered_in_its_conversation(
    double: DiscordDouble, bot: ArticleBot, seed_index: SearchIndex
) -> None:
    first = await double.message(f"{double.bot.mention} Who is Mark Esper?")
    await double.wait_for_reply(first)
    answer_id = _bot_message_replying_to(double, first)
    await double.drop_connection()
    # Sent while the bot is disconnected: Discord keeps it for the session and replays it.
    follow_up = await double.message("What did he say?", reply_to=answer_id)
    reply = await double.wait_for_reply(follow_up, timeout=10)
    embed = embed_of(reply)
    assert "esper" in _searched(reply).casefold()  # the first question's name was carried
    paragraph = _expected_paragraph(seed_index, "Who is Mark Esper?", "What did he say?")
    assert embed["footer"]["text"].endswith(f"¶{paragraph}")
    assert [c.path for c in double.gateway_connections] == ["/gateway", "/resume"]
    assert len(double.identifies) == 1  # resumed, not a new session
    replies = [r for r in double.requests if r.ok and r.replies_to(follow_up)]
    assert len(replies) == 1


async def test_a_slash_follow_up_after_a_drop_is_answered_once_with_the_carried_name(
    double: DiscordDouble, bot: ArticleBot, seed_index: SearchIndex
) -> None:
    await command(double, "ask", {"question": "Who is Ali Shamkhani?"})
    await double.drop_connection()
    iid = await double.slash_command("ask", {"question": "What did he say?"})
    reply = await double.wait_for_response(iid, timeout=10)
    assert "shamkhani" in _searched(reply).casefold()
    paragraph = _expected_paragraph(seed_index, "Who is Ali Shamkhani?", "What did he say?")
    assert embed_of(reply)["footer"]["text"].endswith(f"¶{paragraph}")
    assert [r.status for r in double.interaction_responses(iid)] == [200]
    await double.wait_ready()
    await _answers_next(double)


async def test_a_second_drop_and_a_reconnect_request_lose_nothing(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    asked: list[int] = []
    for round_ in range(2):
        await double.drop_connection()
        asked.append(await double.message(f"{double.bot.mention} Who is Mark Esper?"))
        await double.wait_for_reply(asked[-1], timeout=10)
        await double.wait_ready()
        await double.request_reconnect()
        asked.append(await double.slash_command("ask", {"question": f"troops {round_}"}))
        await double.wait_for_response(asked[-1], timeout=10)
    assert len(double.identifies) == 1
    assert len([c for c in double.gateway_connections if c.path == "/resume"]) == 4
    answers = [
        r
        for r in double.requests
        if r.ok and r.method == "POST" and r.path.endswith(("/callback", "/messages"))
    ]
    assert len(answers) == len(asked) == 4  # one answer a question: none lost, none twice


# -- 429 and 500 on the replies ---------------------------------------------------------------


@pytest.mark.parametrize(("status", "retry_after"), [(429, 0.3), (500, 0.0)])
async def test_a_failed_interaction_callback_is_retried_and_delivered_once(
    double: DiscordDouble, bot: ArticleBot, status: int, retry_after: float
) -> None:
    double.fail_next(CALLBACK, status, retry_after=retry_after)
    iid, reply = await command(double, "ask", {"question": "Who is Ali Shamkhani?"})
    assert "Shamkhani" in embed_of(reply)["description"]
    assert [r.status for r in double.interaction_responses(iid)] == [status, 200]
    await _answers_next(double)


@pytest.mark.parametrize(("status", "retry_after"), [(429, 0.3), (500, 0.0)])
async def test_a_failed_channel_reply_is_retried_and_delivered_once(
    double: DiscordDouble, bot: ArticleBot, status: int, retry_after: float
) -> None:
    double.fail_next(CHANNEL_MESSAGE, status, retry_after=retry_after)
    question = await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
    reply = await double.wait_for_reply(question)
    assert "Shamkhani" in embed_of(reply)["description"]
    assert _posts(double, f"/channels/{double.channel.id}/messages") == [status, 200]
    await _answers_next(double)


async def test_a_global_rate_limit_delays_every_reply_but_loses_none(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    double.fail_next(CHANNEL_MESSAGE, 429, retry_after=0.3, is_global=True)
    questions = [
        await double.message(f"{double.bot.mention} Who is Mark Esper?", author=user)
        for user in double.users
    ]
    for question in questions:
        await double.wait_for_reply(question)
    assert _posts(double, f"/channels/{double.channel.id}/messages").count(200) == 3


async def test_a_callback_that_keeps_failing_is_logged_once_and_the_bot_carries_on(
    double: DiscordDouble, bot: ArticleBot, caplog: pytest.LogCaptureFixture
) -> None:
    # Two 500s: discord.py retries after 1 s and 3 s, by when Discord's 3-second window has
    # closed, so the interaction is gone (404 Unknown interaction) and nothing can be sent.
    double.fail_next(CALLBACK, 500, times=2)
    with caplog.at_level(logging.WARNING):
        iid = await double.slash_command("ask", {"question": "Who is Ali Shamkhani?"})
        await double.wait_for_request(
            lambda r: r.path.startswith(f"/interactions/{iid}/") and r.status == 404, 10
        )
        await _answers_next(double)
    assert [r.status for r in double.interaction_responses(iid)][:3] == [500, 500, 404]
    assert double.interaction(iid).response_type is None  # never answered: the window closed
    # One error with its traceback, and no apology tried: the interaction is gone.
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == ["/ask failed"]
    assert [r.status for r in double.interaction_responses(iid)] == [500, 500, 404]


async def test_a_channel_reply_that_keeps_failing_is_logged_once_and_the_bot_carries_on(
    double: DiscordDouble, bot: ArticleBot, caplog: pytest.LogCaptureFixture
) -> None:
    # 503 is not retried; the apology that follows gets through.
    double.fail_next(CHANNEL_MESSAGE, 503)
    with caplog.at_level(logging.WARNING):
        question = await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
        apology = await double.wait_for_reply(question)
        await _answers_next(double)
    assert apology.data["content"] == UNEXPECTED
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1, [r.getMessage() for r in caplog.records]
    assert problems[0].getMessage() == "message question (mention) failed"


async def test_a_channel_the_bot_may_not_post_in_is_logged_and_other_channels_still_answered(
    double: DiscordDouble, bot: ArticleBot, caplog: pytest.LogCaptureFixture
) -> None:
    # Missing Permissions: the answer and then the apology are both refused.
    double.fail_next(CHANNEL_MESSAGE, 403, times=2)
    with caplog.at_level(logging.WARNING):
        await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
        refused = await double.wait_for_request(lambda r: r.status == 403)
        await double.wait_for_request(lambda r: r.status == 403 and r is not refused)
        other = next(c for c in double.guild.channels if c.id != double.channel.id)
        question = await double.message(
            f"{double.bot.mention} Who is Mark Esper?", channel_id=other.id
        )
        reply = await double.wait_for_reply(question)
    assert "Esper" in embed_of(reply)["description"]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == ["message question (mention) failed"]
