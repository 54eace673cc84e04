"""Questions by mention, DM and reply, end to end, without the message-content intent."""

from __future__ import annotations

from bot.discord_app import ArticleBot
from bot.discord_app.messages import EMPTY_REPLY, JUST_MENTIONED
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import SEED_TITLE, custom_ids, embed_of, pings_no_one

pytest_plugins = ("tests.discord_double.fixtures",)


async def test_the_bot_asks_for_no_privileged_intent(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    (identify,) = double.identifies
    message_content, members, presences = 1 << 15, 1 << 1, 1 << 8
    assert identify["intents"] & (message_content | members | presences) == 0


async def test_a_mention_is_answered_with_a_reply(double: DiscordDouble, bot: ArticleBot) -> None:
    question = await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
    reply = await double.wait_for_reply(question)
    embed = embed_of(reply)
    assert "**The report quoted Ali Shamkhani" in embed["description"]
    assert embed["footer"]["text"] == f"{SEED_TITLE} · express.co.uk · ¶3"
    assert embed["title"] == "“Who is Ali Shamkhani?”"  # the mention is not part of it
    assert pings_no_one(reply.data["allowed_mentions"])
    assert custom_ids(reply.data)[0].startswith("ab:more:")


async def test_a_dm_is_a_question(double: DiscordDouble, bot: ArticleBot) -> None:
    alice = double.users[0]
    question = await double.message(
        "How many troops does the UK have in Iraq?", channel_id=double.dm_channel(alice).id
    )
    reply = await double.wait_for_reply(question)
    assert "400 troops" in embed_of(reply)["description"]


async def test_a_reply_to_an_answer_continues_the_conversation(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    first = await double.message(f"{double.bot.mention} Who is Mark Esper?")
    answer = await double.wait_for_reply(first)
    answer_id = next(
        i
        for i, m in double.messages.items()
        if m.get("message_reference", {}).get("message_id") == str(first)
    )
    assert "Mark Esper" in embed_of(answer)["description"]
    follow_up = await double.message("What did he say?", reply_to=answer_id)
    reply = await double.wait_for_reply(follow_up)
    embed = embed_of(reply)
    searched = {f["name"]: f["value"] for f in embed.get("fields", [])}["Searched for"]
    assert "esper" in searched.casefold()
    assert embed["footer"]["text"].endswith(("¶13", "¶14"))  # what Esper said
    # Someone else asking the same in the channel starts from scratch: nothing is carried.
    other = await double.message(f"{double.bot.mention} What did he say?", author=double.users[1])
    fresh = embed_of(await double.wait_for_reply(other))
    assert "Searched for" not in [f["name"] for f in fresh.get("fields", [])]


async def test_messages_not_addressed_to_the_bot_are_ignored(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    await double.message("Who is Ali Shamkhani?")  # no mention: the bot doesn't even see it
    other = double.users[1]
    await double.message(f"{other.mention} Who is Ali Shamkhani?", mentions=[other])
    marker = await double.message(f"{double.bot.mention} Who is Mark Esper?")
    await double.wait_for_reply(marker)
    posted = [r for r in double.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert len(posted) == 1


async def test_a_bare_mention_gets_a_hint(double: DiscordDouble, bot: ArticleBot) -> None:
    hello = await double.message(double.bot.mention)
    reply = await double.wait_for_reply(hello)
    assert reply.data["content"] == JUST_MENTIONED


async def test_a_reply_whose_text_discord_withholds_gets_told_how_to_be_heard(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    first = await double.message(f"{double.bot.mention} Who is Mark Esper?")
    await double.wait_for_reply(first)
    answer_id = next(
        i
        for i, m in double.messages.items()
        if m.get("message_reference", {}).get("message_id") == str(first)
    )
    # A reply with its ping switched off: no mention, so no content without the intent.
    silent = await double.message("", reply_to=answer_id)
    reply = await double.wait_for_reply(silent)
    assert reply.data["content"] == EMPTY_REPLY


async def test_everyone_in_a_mention_question_pings_no_one(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    question = await double.message(f"{double.bot.mention} @everyone who is Shamkhani?")
    reply = await double.wait_for_reply(question)
    assert pings_no_one(reply.data["allowed_mentions"])
    assert "@everyone" not in str(reply.json)
