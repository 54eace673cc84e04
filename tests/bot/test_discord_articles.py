"""``/article add``, ``remove``, ``use`` and link mentions, through the Discord double, with the
pages served by a real HTTP server on 127.0.0.1; and a running bot that notices an article
added from the command line.

In the double's guild, alice owns the server (she has Manage Server); bob is a member.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.discord_app import ArticleBot
from bot.discord_app.articles import attach, desk_for
from bot.settings import Settings
from index.build import open_index
from tests.clirun import cli_env, invoke_cli
from tests.conftest import SEED_FILE, SEED_ID, CorpusBuilder
from tests.discord_double import DiscordDouble, RecordedRequest
from tests.discord_double.articlebot import embed_of, embed_text, is_ephemeral, make_bot
from tests.discord_double.client import running_client
from tests.newspages import NewsServer, Route, news_page, serving

pytest_plugins = ("tests.discord_double.fixtures",)

TITLE = "Harbour bridge reopens after two years of repairs"
CABLES = "How many steel cables did the engineers replace?"


@pytest.fixture
def news() -> Iterator[NewsServer]:
    with serving("127.0.0.1") as server:
        yield server


@asynccontextmanager
async def article_bot(
    double: DiscordDouble, folder: Path, index: Path, **settings: Any
) -> AsyncIterator[ArticleBot]:
    """An ArticleBot over ``folder`` with the article desk attached, connected to ``double``."""
    config = Settings(corpus=folder, index=index, **settings)
    bot = make_bot(open_index(folder, index).index, sync_guilds=(double.guild.id,))
    attach(bot, desk_for(config, bot.engine))
    bot.desk.watcher.interval = 0.1  # type: ignore[union-attr]
    async with running_client(double, bot) as client:
        await client.wait_synced()
        yield client


@pytest.fixture
def seed_folder(tmp_corpus: CorpusBuilder) -> Path:
    return tmp_corpus({f"{SEED_ID}.txt": SEED_FILE.read_bytes()})


def _followups(double: DiscordDouble, iid: int) -> list[RecordedRequest]:
    token = double.interaction(iid).token
    return [
        r
        for r in double.requests
        if r.method == "POST" and r.path.startswith("/webhooks/") and token in r.path and r.ok
    ]


async def _wait_followups(double: DiscordDouble, iid: int, count: int) -> list[RecordedRequest]:
    for _ in range(200):
        found = _followups(double, iid)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"{len(_followups(double, iid))} followups, wanted {count}")


async def test_article_add_answers_with_the_card_and_the_bot_answers_from_it(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, news: NewsServer
) -> None:
    url = news.page("/bridge", news_page())
    async with article_bot(double, seed_folder, tmp_path / "i.idx", fetch_allow_private=True):
        alice = double.users[0]
        iid = await double.slash_command("article add", {"url": url}, user=alice)
        first = await double.wait_for_response(iid)
        assert first.json["type"] == 5 and is_ephemeral(first)  # deferred, privately
        done, card = await _wait_followups(double, iid, 2)
        assert is_ephemeral(done) and TITLE in done.data["content"]
        embed = embed_of(card)
        assert not is_ephemeral(card)
        assert embed["title"] == TITLE
        assert embed["url"] == "https://gazette.example.com/news/harbour-bridge-reopens"
        assert "The Coastal Gazette" in embed["footer"]["text"]
        assert "2024-03-15" in embed["footer"]["text"]
        assert "5 paragraphs" in embed_text(embed)
        assert "Harbour Bridge reopened" in embed["description"]  # the summary
        ask = await double.wait_for_response(
            await double.slash_command("ask", {"question": CABLES})
        )
        assert "**Engineers replaced all 212 steel cables" in embed_of(ask)["description"]
        source = await double.wait_for_response(await double.slash_command("source"))
        assert TITLE in embed_text(embed_of(source))
    assert any(p.name.startswith("harbour-bridge-reopens_") for p in seed_folder.iterdir())


async def test_a_member_without_manage_server_may_not_add(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, news: NewsServer
) -> None:
    url = news.page("/bridge", news_page())
    async with article_bot(double, seed_folder, tmp_path / "i.idx", fetch_allow_private=True):
        reply = await double.wait_for_response(
            await double.slash_command("article add", {"url": url}, user=double.users[1])
        )
    assert is_ephemeral(reply)
    assert reply.data["content"] == "Only members with Manage Server can add or remove articles."
    assert news.requests == []
    assert [p.name for p in seed_folder.iterdir()] == [f"{SEED_ID}.txt"]


@pytest.mark.parametrize("command", ["article remove", "article use"])
async def test_a_member_without_manage_server_may_not_remove_or_choose(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, command: str
) -> None:
    async with article_bot(double, seed_folder, tmp_path / "i.idx") as bot:
        reply = await double.wait_for_response(
            await double.slash_command(command, {"article": SEED_ID}, user=double.users[1])
        )
        assert bot.engine.defaults == {}
    assert is_ephemeral(reply)
    assert reply.data["content"] == "Only members with Manage Server can add or remove articles."
    assert [p.name for p in seed_folder.iterdir()] == [f"{SEED_ID}.txt"]


async def test_the_manager_role_may_add_too(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, news: NewsServer
) -> None:
    url = news.page("/bridge", news_page())
    settings = {"fetch_allow_private": True, "article_manager_role": "@everyone"}
    async with article_bot(double, seed_folder, tmp_path / "i.idx", **settings):
        iid = await double.slash_command("article add", {"url": url}, user=double.users[1])
        _, card = await _wait_followups(double, iid, 2)
    assert embed_of(card)["title"] == TITLE


@pytest.mark.parametrize(
    ("route", "allow", "says"),
    [
        (Route(b"%PDF-1.7", "application/pdf"), True, "is application/pdf, not a web page"),
        (Route(b"<html><body><nav>Home</nav></body></html>"), True, "no article text"),
        (Route(news_page().encode() + b" " * 300_000), True, "too big"),
        (Route(news_page().encode()), False, "127.0.0.1 is a loopback address"),
    ],
)
async def test_each_failure_is_a_private_one_liner(
    double: DiscordDouble,
    seed_folder: Path,
    tmp_path: Path,
    news: NewsServer,
    route: Route,
    allow: bool,
    says: str,
) -> None:
    news.routes["/x"] = route
    settings = {"fetch_allow_private": allow, "fetch_max_bytes": 200_000}
    async with article_bot(double, seed_folder, tmp_path / "i.idx", **settings):
        iid = await double.slash_command("article add", {"url": news.url("/x")})
        (failure,) = await _wait_followups(double, iid, 1)
        await asyncio.sleep(0.2)
        assert len(_followups(double, iid)) == 1  # no card after the failure
    text = failure.data["content"]
    assert is_ephemeral(failure) and "\n" not in text
    assert text.startswith("Couldn't do that:") and says in text, text
    assert [p.name for p in seed_folder.glob("*.txt")] == [f"{SEED_ID}.txt"]


async def test_questions_asked_during_an_add_are_all_answered(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, news: NewsServer
) -> None:
    news.routes["/slow"] = Route(news_page().encode(), delay=1.5)
    async with article_bot(double, seed_folder, tmp_path / "i.idx", fetch_allow_private=True):
        adding = await double.slash_command("article add", {"url": news.url("/slow")})
        asked = [
            await double.slash_command("ask", {"question": "Who is Ali Shamkhani?"}, user=u)
            for u in double.users
        ]
        replies = [await double.wait_for_response(i) for i in asked]
        _, card = await _wait_followups(double, adding, 2)
    assert all("Shamkhani" in embed_of(r)["description"] for r in replies)
    assert max(r.received_at for r in replies) < card.received_at  # answered meanwhile


async def test_a_mention_with_only_a_link_adds_it_for_those_allowed(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, news: NewsServer
) -> None:
    url = news.page("/bridge", news_page())
    async with article_bot(double, seed_folder, tmp_path / "i.idx", fetch_allow_private=True):
        mention = f"<@{double.bot.id}>"
        refused = await double.wait_for_reply(
            await double.message(f"{mention} {url}", author=double.users[1])
        )
        assert "Manage Server" in refused.data["content"]
        added = await double.wait_for_reply(
            await double.message(f"{mention} <{url}>", author=double.users[0])
        )
        assert embed_of(added)["title"] == TITLE
        asked = await double.wait_for_reply(await double.message(f"{mention} {CABLES}"))
        assert "212 steel cables" in embed_of(asked)["description"]


async def test_remove_and_use(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, news: NewsServer
) -> None:
    url = news.page("/bridge", news_page())
    async with article_bot(
        double, seed_folder, tmp_path / "i.idx", fetch_allow_private=True
    ) as bot:
        iid = await double.slash_command("article add", {"url": url})
        await _wait_followups(double, iid, 2)
        new_id = next(a.id for a in bot.engine.articles if a.title == TITLE)
        used = await double.wait_for_response(
            await double.slash_command("article use", {"article": new_id})
        )
        assert is_ephemeral(used) and TITLE in used.data["content"]
        limited = await double.wait_for_response(
            await double.slash_command("ask", {"question": "Who is Ali Shamkhani?"})
        )
        assert TITLE in embed_of(limited)["footer"]["text"]  # this channel's article only
        iid = await double.slash_command("article remove", {"article": new_id})
        (removed,) = await _wait_followups(double, iid, 1)
        assert is_ephemeral(removed) and removed.data["content"].startswith("Removed ")
        after = await double.wait_for_response(
            await double.slash_command("ask", {"question": "Who is Ali Shamkhani?"})
        )
        assert "has been removed" in after.data["content"]
        assert "Shamkhani" in embed_of(after)["description"]
    assert not any(p.name.startswith("harbour") for p in seed_folder.iterdir())


async def test_a_running_bot_answers_from_an_article_added_on_the_command_line(
    double: DiscordDouble, seed_folder: Path, tmp_path: Path, news: NewsServer
) -> None:
    url = news.page("/bridge", news_page())
    index = tmp_path / "i.idx"
    async with article_bot(double, seed_folder, index) as bot:
        env = {**cli_env(), "ARTICLEBOT_FETCH_ALLOW_PRIVATE": "true"}
        args = ["--corpus", str(seed_folder), "--index", str(index), "add", url]
        done = await asyncio.to_thread(invoke_cli, args, tmp_path, None, env)
        assert done.returncode == 0, done.stderr
        for _ in range(100):
            if len(bot.engine.articles) == 2:
                break
            await asyncio.sleep(0.1)
        ask = await double.wait_for_response(
            await double.slash_command("ask", {"question": CABLES})
        )
    assert "212 steel cables" in embed_of(ask)["description"]
