"""An answer the headline gives, through the real discord.py client and the test double: it
is labelled as the headline, offers no "Show paragraph in full" (it is shown whole), and
"More passages" goes on with the body without showing it again."""

from __future__ import annotations

import pytest

from bot.discord_app.customids import BadCustomId, shown_key, shown_passage_id
from index import Library
from index.build import build_index
from index.searchindex import SearchIndex
from tests.asking import ask
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import bot_on, command, custom_ids, embed_of
from tests.index.test_headline import OTHER, REPORT

pytest_plugins = ("tests.discord_double.fixtures",)

QUESTION = "what was the score in the mansfield game"


@pytest.fixture(scope="module")
def match_index() -> SearchIndex:
    return build_index([REPORT, OTHER])


async def test_a_headline_answer_is_labelled_and_pages_on_without_it(
    double: DiscordDouble, match_index: SearchIndex
) -> None:
    async with bot_on(double, match_index):
        iid, reply = await command(double, "ask", {"question": QUESTION})
        embed = embed_of(reply)
        assert "Mansfield 0-1 Leyton Orient" in embed["description"]
        assert embed["footer"]["text"].endswith("· headline")
        ids = custom_ids(reply.data)
        assert [i.split(":")[1] for i in ids] == ["more"]  # no paragraph to show in full
        message_id = double.interaction(iid).original_id
        assert message_id is not None
        more = await double.wait_for_response(await double.click(ids[0], message_id))
        names = " ".join(f["name"] for f in embed_of(more)["fields"])
        assert "¶" in names and "headline" not in names


def test_a_shown_headline_round_trips_through_its_button_key(match_index: SearchIndex) -> None:
    library = Library(match_index)
    hit = ask(match_index, QUESTION, article="match").hits[0]
    key = shown_key(library, hit)
    assert key.startswith("_") and shown_passage_id(library, key) == "match:0"


@pytest.mark.parametrize("key", ["_zz", "_", "_-1"])
def test_a_headline_key_naming_no_article_is_refused(match_index: SearchIndex, key: str) -> None:
    with pytest.raises(BadCustomId):
        shown_passage_id(Library(match_index), key)
