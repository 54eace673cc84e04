"""Buttons under answers end to end: more passages, the paragraph in full, after a restart."""

from __future__ import annotations

import pytest

from bot.discord_app import ArticleBot, Engine
from bot.discord_app.customids import HitsRef, shown_key
from bot.discord_app.errors import STALE
from index.searchindex import SearchIndex
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import bot_on, command, custom_ids, embed_of, is_ephemeral

pytest_plugins = ("tests.discord_double.fixtures",)


async def _ask(double: DiscordDouble, question: str) -> tuple[int, list[str]]:
    iid, reply = await command(double, "ask", {"question": question})
    message_id = double.interaction(iid).original_id
    assert message_id is not None
    return message_id, custom_ids(reply.data)


async def test_more_passages_shows_the_next_ones_privately_then_pages_on(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    message_id, (more, _) = await _ask(double, "Who is Ali Shamkhani?")
    click = await double.click(more, message_id)
    reply = await double.wait_for_response(click)
    assert reply.json["type"] == 4 and is_ephemeral(reply)
    embed = embed_of(reply)
    assert embed["title"] == "More passages (passages 2–4)"
    names = [f["name"] for f in embed["fields"]]
    assert [n[:2] for n in names] == ["2.", "3.", "4."]
    assert "¶4" in names[0]  # Shamkhani's own words come next
    assert "¶3 " not in " ".join(names)  # never the passage the answer already showed
    ephemeral_id = double.interaction(click).original_id
    assert ephemeral_id is not None
    (next_more,) = custom_ids(reply.data)
    page = await double.wait_for_response(await double.click(next_more, ephemeral_id))
    assert page.json["type"] == 7  # paging inside the private reply
    assert [f["name"][:2] for f in embed_of(page)["fields"]] == ["5.", "6.", "7."]


async def test_show_paragraph_in_full(double: DiscordDouble, bot: ArticleBot) -> None:
    message_id, (_, paragraph) = await _ask(double, "How many troops does the UK have in Iraq?")
    reply = await double.wait_for_response(await double.click(paragraph, message_id))
    assert is_ephemeral(reply)
    embed = embed_of(reply)
    assert embed["title"].startswith("¶5 · Iran crisis")
    assert embed["description"] == (
        "The UK has around 400 troops based in Iraq working with "
        "Iraqi forces in the battle against Islamic State."
    )
    assert embed["footer"]["text"] == "express.co.uk · paragraph 5 of 17"


async def test_buttons_keep_working_after_a_restart(
    double: DiscordDouble, seed_index: SearchIndex
) -> None:
    async with bot_on(double, seed_index):
        message_id, (more, paragraph) = await _ask(double, "Who is Mark Esper?")
    # A new process: a new client, nothing remembered but what the button carries.
    async with bot_on(double, seed_index):
        more_reply = await double.wait_for_response(await double.click(more, message_id))
        assert embed_of(more_reply)["title"].startswith("More passages")
        para = await double.wait_for_response(await double.click(paragraph, message_id))
        assert "Mark Esper said no decision" in embed_of(para)["description"]


async def test_a_button_from_another_corpus_is_answered_politely(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    message_id, (more, paragraph) = await _ask(double, "Who is Mark Esper?")
    fingerprint = bot.engine.index_id
    message = double.messages[message_id]
    for row in message["components"]:
        for button in row["components"]:
            button["custom_id"] = button["custom_id"].replace(fingerprint, "0ld0ld")
    for custom_id in (more, paragraph):
        stale_id = custom_id.replace(fingerprint, "0ld0ld")
        reply = await double.wait_for_response(await double.click(stale_id, message_id))
        assert is_ephemeral(reply) and reply.data["content"] == STALE


async def test_an_unknown_or_garbled_button_of_ours_is_answered_politely(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    message_id, _ = await _ask(double, "Who is Mark Esper?")
    message = double.messages[message_id]
    message["components"] = [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 2, "label": "Old", "custom_id": "ab:retired:feature"},
                {"type": 2, "style": 2, "label": "Bad", "custom_id": "ab:more:zz:not-a-ref"},
            ],
        }
    ]
    for custom_id in ("ab:retired:feature", "ab:more:zz:not-a-ref"):
        reply = await double.wait_for_response(await double.click(custom_id, message_id))
        assert is_ephemeral(reply) and reply.data["content"] == STALE


@pytest.mark.parametrize(
    "question",
    [
        "Who is Ali Shamkhani?",
        "How many US troops are there?",
        "When did the air strikes happen?",
        "troops Iraq",
    ],
)
def test_paging_with_more_passages_shows_every_passage_once(
    seed_index: SearchIndex, question: str
) -> None:
    engine = Engine(seed_index)
    asked = engine.ask(1, 1, question, 2)
    view_ref = HitsRef.of_query(
        "more",
        engine.library,
        asked.query,
        shown=tuple(shown_key(engine.library, h) for h in asked.answer.hits),
    )
    seen = [h.passage.id for h in asked.answer.hits]
    ranks = [h.rank for h in asked.answer.hits]
    ref = view_ref
    while True:
        page = engine.hits(ref)
        if not page.hits:
            break
        seen += [h.passage.id for h in page.hits]
        ranks += [h.rank for h in page.hits]
        ref = ref.at(ref.start + ref.count)
    assert len(seen) == len(set(seen)) == page.total == seed_index.n_passages
    assert ranks == list(range(1, len(ranks) + 1))
