"""Slash commands end to end: the real discord.py client on the Discord double."""

from __future__ import annotations

from bot.discord_app import ArticleBot
from bot.discord_app.limits import CHOICES, EMBED_TOTAL
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import (
    NO_PINGS,
    SEED_TITLE,
    command,
    custom_ids,
    embed_of,
    embed_text,
    is_ephemeral,
)

pytest_plugins = ("tests.discord_double.fixtures",)


async def test_commands_are_registered_in_the_guild_at_start(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    names = sorted(c["name"] for c in double.commands(double.guild.id))
    assert names == ["ask", "help", "report", "search", "source", "summary"]
    assert double.commands() == []  # nothing global: guild ids were set
    ask = next(c for c in double.commands(double.guild.id) if c["name"] == "ask")
    assert ask["description"].startswith("Answer a question")
    options = {o["name"]: o for o in ask["options"]}
    assert options["question"]["required"] and options["question"]["description"]
    assert (options["passages"]["min_value"], options["passages"]["max_value"]) == (1, 5)
    assert options["article"]["autocomplete"] is True


async def test_ask_quotes_the_passage_with_the_answer_in_bold_and_attributes_it(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    _, reply = await command(double, "ask", {"question": "Who is Ali Shamkhani?"})
    assert reply.json["type"] == 4 and not is_ephemeral(reply)
    embed = embed_of(reply)
    assert (
        "**The report quoted Ali Shamkhani, the secretary of Iran’s Supreme National"
        in embed["description"]
    )
    assert embed["footer"]["text"] == f"{SEED_TITLE} · express.co.uk · ¶3"
    assert embed["title"] == "“Who is Ali Shamkhani?”"
    assert "fields" not in embed or not any(f["name"] == "Searched for" for f in embed["fields"])
    ids = custom_ids(reply.data)
    assert ids[0].startswith("ab:more:") and ids[1].startswith("ab:para:")
    assert reply.data["allowed_mentions"] == NO_PINGS


async def test_ask_shows_the_searched_words_when_a_typo_was_corrected(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    _, reply = await command(double, "ask", {"question": "Who is General Solemani?"})
    searched = {f["name"]: f["value"] for f in embed_of(reply).get("fields", [])}
    assert "soleimani" in searched["Searched for"]
    assert "solemani → soleimani" in searched["Searched for"]


async def test_ask_with_passages_shows_that_many(double: DiscordDouble, bot: ArticleBot) -> None:
    _, reply = await command(
        double, "ask", {"question": "How many troops does the UK have in Iraq?", "passages": 3}
    )
    embed = embed_of(reply)
    assert "400 troops" in embed["description"]
    assert [f["name"][:2] for f in embed["fields"]] == ["2.", "3."]


async def test_ask_abstains_politely_and_offers_the_closest_passage(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    _, reply = await command(
        double, "ask", {"question": "What did Boris Johnson say about the economy and inflation?"}
    )
    embed = embed_of(reply)
    assert embed["title"] == "Sorry — the article doesn't say"
    assert "The closest passage I found is ¶" in embed["description"]
    assert "\n> " in embed["description"]
    assert not is_ephemeral(reply)


async def test_ask_about_nothing_in_the_corpus_says_so(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    _, reply = await command(double, "ask", {"question": "Quantum chromodynamics?"})
    embed = embed_of(reply)
    assert embed["title"] == "Sorry — the article doesn't say"
    assert "Quantum chromodynamics?" in embed["description"]
    assert not [i for i in custom_ids(reply.data) if i.startswith("ab:more:")]


async def test_a_6000_character_question_gets_a_polite_private_reply(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    question = ("Who is Ali Shamkhani? " * 300)[:6000]
    _, reply = await command(double, "ask", {"question": question})
    assert is_ephemeral(reply)
    assert "too long (6,000 characters; at most 2,000)" in reply.data["content"]
    assert len(reply.data["content"]) <= 2000


async def test_everyone_and_user_mentions_in_a_question_ping_no_one(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    bob = double.users[1]
    question = f"@everyone @here <@{bob.id}> <@&{double.guild.id}> who is **Shamkhani**?"
    _, reply = await command(double, "ask", {"question": question})
    text = embed_text(embed_of(reply))
    assert "@\u200beveryone @\u200bhere" in text and "@everyone" not in text
    assert f"<@{bob.id}>" not in text and f"<@&{double.guild.id}>" not in text
    assert "\\*\\*Shamkhani\\*\\*" in text
    assert reply.data["allowed_mentions"] == NO_PINGS  # every other request: the fixture checks


async def test_summary_without_about_gives_the_gist(double: DiscordDouble, bot: ArticleBot) -> None:
    _, reply = await command(double, "summary", {})
    embed = embed_of(reply)
    assert embed["title"] == SEED_TITLE
    gist, *bullets = embed["description"].split("\n")
    assert gist.startswith("**") and gist.endswith("**")  # the lead, in one line
    assert len(bullets) == 2 and all(b.startswith("• ") and "(¶" in b for b in bullets)
    assert embed["footer"]["text"] == "express.co.uk · 3 sentences"


async def test_summary_about_a_topic_keeps_to_it(double: DiscordDouble, bot: ArticleBot) -> None:
    _, reply = await command(double, "summary", {"about": "Mark Esper", "sentences": 2})
    description = embed_of(reply)["description"]
    assert description.startswith("About “Mark Esper”:")
    assert "Esper" in description


async def test_summary_about_a_missing_topic_says_the_article_does_not_mention_it(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    _, reply = await command(double, "summary", {"about": "football"})
    assert "doesn't mention “football”" in embed_of(reply)["description"]


async def test_search_pages_forward_and_back_with_buttons(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    iid, reply = await command(double, "search", {"query": "troops Iraq"})
    first = embed_of(reply)
    assert first["title"] == "Passages for “troops Iraq”"
    assert first["footer"]["text"].startswith("page 1 of ")
    assert [f["name"][:2] for f in first["fields"]] == ["1.", "2.", "3."]
    (next_id,) = custom_ids(reply.data)  # no "previous" on the first page
    message_id = double.interaction(iid).original_id
    assert message_id is not None
    click = await double.click(next_id, message_id)
    page2 = await double.wait_for_response(click)
    assert page2.json["type"] == 7  # the results message is edited in place
    second = embed_of(page2)
    assert second["footer"]["text"].startswith("page 2 of ")
    assert [f["name"][:2] for f in second["fields"]] == ["4.", "5.", "6."]
    assert second["title"] == first["title"]
    shown_first = {f["value"] for f in first["fields"]}
    assert not shown_first & {f["value"] for f in second["fields"]}
    previous_id, _ = custom_ids(page2.data)
    back = await double.wait_for_response(await double.click(previous_id, message_id))
    assert embed_of(back)["fields"] == first["fields"]


async def test_source_lists_the_articles(double: DiscordDouble, bot: ArticleBot) -> None:
    _, reply = await command(double, "source")
    embed = embed_of(reply)
    (field,) = embed["fields"]
    assert field["name"] == SEED_TITLE
    assert field["value"] == "express.co.uk · date unknown · 17 paragraphs · no link"


async def test_help_explains_how_to_ask_privately(double: DiscordDouble, bot: ArticleBot) -> None:
    _, reply = await command(double, "help")
    assert is_ephemeral(reply)
    text = embed_text(embed_of(reply))
    assert "/ask" in text and "Mention me" in text and "Reply" in text


async def test_article_autocomplete_offers_matching_titles(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    iid = await double.autocomplete("ask", "article", "iran cri", {"question": "Who?"})
    reply = await double.wait_for_response(iid)
    assert reply.json["type"] == 8
    (choice,) = reply.json["data"]["choices"]
    assert choice == {"name": f"{SEED_TITLE} · express.co.uk", "value": "000_75ea43fa358d5fb6"}
    none = await double.wait_for_response(await double.autocomplete("summary", "article", "zzz"))
    assert none.json["data"]["choices"] == []
    assert len(choice["name"]) <= 100 and CHOICES == 25


async def test_ask_in_a_chosen_article_and_an_unknown_one(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    _, reply = await command(
        double, "ask", {"question": "Who is Mark Esper?", "article": "000_75ea43fa358d5fb6"}
    )
    assert "Mark Esper" in embed_of(reply)["description"]
    _, unknown = await command(
        double, "ask", {"question": "Who is Mark Esper?", "article": "@everyone nope"}
    )
    assert is_ephemeral(unknown)
    assert "No single article matches “@\u200beveryone nope”" in unknown.data["content"]


async def test_every_reply_stays_within_the_embed_total(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    _, reply = await command(double, "ask", {"question": "troops " * 280, "passages": 5})
    embed = embed_of(reply)
    size = (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + len(embed["footer"]["text"])
        + sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    )
    assert size <= EMBED_TOTAL and len(embed["title"]) <= 256
