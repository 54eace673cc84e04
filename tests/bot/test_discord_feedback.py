"""Feedback through the real discord.py client and the Discord double: vote buttons under
answers, reasons, restarts, 200 clicks at once, privacy, retention, and feedback off."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.discord_app import ArticleBot
from bot.discord_app.feedback import ASK_REASON, OFF, THANKS_UP, UNREADABLE, b36
from bot.feedback import FeedbackWriter, NoFeedback, open_recorder, store
from bot.settings import Settings
from index.searchindex import SearchIndex
from tests.bot.feedback_helpers import DAY, answer, rows
from tests.discord_double import DiscordDouble, RecordedRequest, User
from tests.discord_double.articlebot import (
    bot_on,
    command,
    custom_ids,
    embed_of,
    embed_text,
    is_ephemeral,
)

pytest_plugins = ("tests.discord_double.fixtures",)

SEED_ID = "000_75ea43fa358d5fb6"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "fb" / "feedback.db"


@pytest_asyncio.fixture
async def fbot(
    double: DiscordDouble, seed_index: SearchIndex, db: Path
) -> AsyncIterator[ArticleBot]:
    """An ArticleBot over the seed index that records feedback to ``db``."""
    async with bot_on(double, seed_index, feedback=FeedbackWriter(db, secret="test")) as client:
        yield client


async def flushed(bot: ArticleBot) -> None:
    assert await asyncio.to_thread(bot.feedback.flush)


async def ask(double: DiscordDouble, question: str) -> tuple[int, int, list[str]]:
    """``/ask``: the interaction id, the answer message id and its custom_ids."""
    iid, reply = await command(double, "ask", {"question": question})
    message_id = double.interaction(iid).original_id
    assert message_id is not None
    return iid, message_id, custom_ids(reply.data)


async def click(
    double: DiscordDouble, custom_id: str, message_id: int, user: User | None = None, **kw: Any
) -> tuple[RecordedRequest, int]:
    iid = await double.click(custom_id, message_id, user=user, **kw)
    return await double.wait_for_response(iid), iid


def edits_of(double: DiscordDouble, message_id: int) -> list[RecordedRequest]:
    """Requests that changed message ``message_id`` (its content, embeds or buttons)."""
    patched = [r for r in double.requests if r.method == "PATCH" and str(message_id) in r.path]
    updates = [
        r
        for r in double.requests
        if r.path.endswith("/callback")
        and r.json.get("type") == 7
        and double.interaction(int(r.path.split("/")[2])).message_id == message_id
    ]
    return patched + updates


async def test_an_answer_is_recorded_with_vote_buttons_under_it(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    iid, _, ids = await ask(double, "Who is Ali Shamkhani?")
    assert ids[-2:] == [f"abfb:up:{b36(iid)}", f"abfb:down:{b36(iid)}"]
    await flushed(fbot)
    columns = "id, front, guild_id, channel_id, question, query, abstained, article_id, "
    [row] = rows(db, f"SELECT {columns} passage_id, score FROM answers")
    assert row[:5] == (iid, "slash", double.guild.id, double.channel.id, "Who is Ali Shamkhani?")
    assert "shamkhani" in row[5] and row[6] == 0
    assert row[7] == SEED_ID and row[8].startswith(SEED_ID + ":") and row[9] > 0


async def test_an_abstention_is_recorded_as_unanswered(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    iid, _, ids = await ask(double, "What is the capital of Peru?")
    assert f"abfb:down:{b36(iid)}" in ids
    await flushed(fbot)
    assert rows(db, "SELECT abstained FROM answers WHERE id = ?", iid) == [(1,)]


async def test_mentions_and_dms_are_recorded_with_how_they_came(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    asker = double.users[0]
    mid = await double.message(f"{double.bot.mention} Who is Mark Esper?", author=asker)
    await double.wait_for_reply(mid)
    dm = double.dm_channel(asker)
    dm_id = await double.message("Who is Mark Esper?", author=asker, channel_id=dm.id)
    await double.wait_for_reply(dm_id)
    await flushed(fbot)
    got = rows(db, "SELECT id, front, guild_id, channel_id FROM answers ORDER BY id")
    assert got == [(mid, "mention", double.guild.id, double.channel.id), (dm_id, "dm", None, None)]


async def test_a_thumbs_up_is_acknowledged_privately_and_the_answer_is_not_edited(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    iid, message_id, ids = await ask(double, "Who is Mark Esper?")
    reply, _ = await click(double, ids[-2], message_id)
    assert reply.json["type"] == 4 and is_ephemeral(reply)
    assert reply.data["content"] == THANKS_UP
    assert edits_of(double, message_id) == []
    await flushed(fbot)
    assert rows(db, "SELECT answer_id, value, reason FROM votes") == [(iid, 1, None)]


async def test_a_thumbs_down_offers_reasons_and_records_the_one_picked(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    iid, message_id, ids = await ask(double, "Who is Mark Esper?")
    reply, down = await click(double, ids[-1], message_id)
    assert is_ephemeral(reply) and reply.data["content"] == ASK_REASON
    [menu] = [c for row in reply.data["components"] for c in row["components"]]
    assert menu["type"] == 3 and menu["custom_id"] == f"abfb:why:{b36(iid)}"
    labels = [o["label"] for o in menu["options"]]
    assert labels == ["Wrong passage", "Not in the article", "Out of date", "Other"]
    private = double.interaction(down).original_id
    assert private is not None
    picked, _ = await click(double, menu["custom_id"], private, values=["out_of_date"])
    assert picked.json["type"] == 7  # the private message is updated, nothing new is posted
    assert "Out of date" in picked.data["content"] and picked.data["components"] == []
    assert edits_of(double, message_id) == []
    await flushed(fbot)
    assert rows(db, "SELECT answer_id, value, reason FROM votes") == [(iid, -1, "out_of_date")]


async def test_one_vote_per_person_per_answer_and_it_can_be_changed(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    _, message_id, ids = await ask(double, "Who is Mark Esper?")
    first, second = double.users[0], double.make_user("second")
    await click(double, ids[-2], message_id, user=first)
    await click(double, ids[-2], message_id, user=first)
    await click(double, ids[-1], message_id, user=first)
    await click(double, ids[-2], message_id, user=second)
    await flushed(fbot)
    assert sorted(rows(db, "SELECT value FROM votes")) == [(-1,), (1,)]


async def test_votes_keep_working_after_a_restart(
    double: DiscordDouble, seed_index: SearchIndex, db: Path
) -> None:
    async with bot_on(double, seed_index, feedback=FeedbackWriter(db, secret="s")):
        iid, message_id, ids = await ask(double, "Who is Mark Esper?")
    # A new process: a new client and writer; the buttons carry the answer's id.
    async with bot_on(double, seed_index, feedback=FeedbackWriter(db, secret="s")) as again:
        _, down = await click(double, ids[-1], message_id)
        private = double.interaction(down).original_id
        assert private is not None
        await click(double, f"abfb:why:{b36(iid)}", private, values=["wrong_passage"])
        await flushed(again)
    assert rows(db, "SELECT id FROM answers") == [(iid,)]
    assert rows(db, "SELECT answer_id, value, reason FROM votes") == [(iid, -1, "wrong_passage")]


async def test_200_people_clicking_at_once_lose_no_vote(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    _, message_id, ids = await ask(double, "Who is Mark Esper?")
    people = [double.make_user(f"voter{i}") for i in range(200)]
    clicks = await asyncio.gather(
        *(double.click(ids[-2 + i % 2], message_id, user=p) for i, p in enumerate(people))
    )
    replies = await asyncio.gather(*(double.wait_for_response(c, timeout=30) for c in clicks))
    assert all(is_ephemeral(r) for r in replies)
    await flushed(fbot)
    assert rows(db, "SELECT value, count(*) FROM votes GROUP BY value") == [(-1, 100), (1, 100)]


async def test_the_files_hold_no_raw_user_id(
    double: DiscordDouble, seed_index: SearchIndex, db: Path
) -> None:
    asker, voter = double.make_user("asker"), double.make_user("voter")
    async with bot_on(double, seed_index, feedback=FeedbackWriter(db)) as bot:
        iid = await double.slash_command("ask", {"question": "Who is Mark Esper?"}, user=asker)
        await double.wait_for_response(iid)
        message_id = double.interaction(iid).original_id
        assert message_id is not None
        mid = await double.message(
            f"{double.bot.mention} did {voter.mention} say that?", author=asker
        )
        await double.wait_for_reply(mid)
        await click(double, f"abfb:down:{b36(iid)}", message_id, user=voter)
        await flushed(bot)
    assert rows(db, "SELECT count(*) FROM votes") == [(1,)]
    assert rows(db, "SELECT question FROM answers WHERE id = ?", mid) == [("did @user say that?",)]
    files = list(db.parent.iterdir())
    assert {p.name for p in files} >= {"feedback.db", "feedback.db.key"}
    raw = b"".join(p.read_bytes() for p in files)
    for person in (asker, voter):
        forms = (str(person.id).encode(), *(person.id.to_bytes(8, o) for o in ("big", "little")))
        for form in forms:
            assert form not in raw


async def test_answers_past_retention_are_purged_when_the_bot_starts(
    double: DiscordDouble, seed_index: SearchIndex, db: Path
) -> None:
    conn = store.open_db(db)
    now = time.time()
    store.write(conn, [answer(1, at=now - 40 * DAY), answer(2, at=now - 20 * DAY)], [], b"k" * 64)
    conn.close()
    writer = FeedbackWriter(db, retention_days=30)
    async with bot_on(double, seed_index, feedback=writer) as bot:
        iid, _, _ = await ask(double, "Who is Mark Esper?")
        await flushed(bot)
    assert rows(db, "SELECT id FROM answers ORDER BY id") == [(2,), (iid,)]


async def test_feedback_off_adds_no_buttons_and_writes_no_file(
    double: DiscordDouble, seed_index: SearchIndex, tmp_path: Path
) -> None:
    settings = Settings(index=tmp_path / "ix" / "a.idx", feedback=False)
    recorder = open_recorder(settings)
    assert isinstance(recorder, NoFeedback)
    async with bot_on(double, seed_index, feedback=recorder):
        _, message_id, ids = await ask(double, "Who is Mark Esper?")
        assert not [i for i in ids if i.startswith("abfb:")]
        mid = await double.message(f"{double.bot.mention} Who is Mark Esper?")
        await double.wait_for_reply(mid)
        # An old vote button (from when feedback was on) is answered, not recorded.
        double.messages[message_id]["components"][0]["components"].append(
            {"type": 2, "style": 2, "custom_id": "abfb:up:1", "emoji": {"name": "👍"}}
        )
        reply, _ = await click(double, "abfb:up:1", message_id)
        assert reply.data["content"] == OFF
        _, report = await command(double, "report")
        assert report.data["content"] in (OFF, "You can't use that command here.")
    assert list(tmp_path.iterdir()) == []


async def test_a_feedback_button_of_an_unknown_form_is_answered_politely(
    double: DiscordDouble, fbot: ArticleBot
) -> None:
    _, message_id, _ = await ask(double, "Who is Mark Esper?")
    double.messages[message_id]["components"][0]["components"].append(
        {"type": 2, "style": 2, "custom_id": "abfb:stars:5:abc", "label": "★"}
    )
    reply, _ = await click(double, "abfb:stars:5:abc", message_id)
    assert is_ephemeral(reply) and "no longer works" in reply.data["content"]


async def test_report_is_refused_without_manage_server(
    double: DiscordDouble, fbot: ArticleBot
) -> None:
    await ask(double, "Who is Mark Esper?")
    _, reply = await command(double, "report")
    assert is_ephemeral(reply) and reply.data["content"] == "You can't use that command here."
    registered = next(c for c in double.commands(double.guild.id) if c["name"] == "report")
    assert int(registered["default_member_permissions"]) == 1 << 5  # Manage Server
    assert registered.get("dm_permission") is False or registered.get("contexts") == [0]


MANAGE_SERVER = 1 << 5


async def report_of(double: DiscordDouble, user: User, **options: str) -> RecordedRequest:
    """``/report`` by ``user``: the message that carries the summary (after the deferral)."""
    iid, first = await command(double, "report", dict(options), user=user)
    assert first.json["type"] == 5 and is_ephemeral(first)  # "thinking…", privately
    webhook = f"/webhooks/{double.application_id}/{double.interaction(iid).token}"

    def summary(r: RecordedRequest) -> bool:
        return r.ok and r.method == "POST" and r.path == webhook

    return await double.wait_for_request(summary, timeout=10)


async def test_report_shows_a_manager_this_servers_summary_privately(
    double: DiscordDouble, fbot: ArticleBot
) -> None:
    await ask(double, "Who is Mark Esper?")
    iid, message_id, _ = await ask(double, "What is the capital of Peru?")
    await ask(double, "What is the capital of Peru?")
    await click(double, f"abfb:down:{b36(iid)}", message_id)
    manager = double.make_user("manager")
    manager.permissions = MANAGE_SERVER
    reply = await report_of(double, manager, period="all")
    assert is_ephemeral(reply)
    embed = embed_of(reply)
    text = embed_text(embed)
    assert embed["title"] == "Feedback: all recorded answers"
    assert "**3** questions · **2** unanswered (67%)" in text
    assert "2× What is the capital of Peru?" in text
    assert "👎 1 👍 0" in text


async def test_report_leaves_out_other_servers_answers(
    double: DiscordDouble, fbot: ArticleBot, db: Path
) -> None:
    await ask(double, "Who is Mark Esper?")
    await flushed(fbot)
    conn = store.open_db(db)
    store.write(conn, [answer(7, at=time.time(), guild=12345, abstained=True)], [], b"k" * 64)
    conn.close()
    manager = double.make_user("manager")
    manager.permissions = MANAGE_SERVER
    text = embed_text(embed_of(await report_of(double, manager)))
    assert "**1** question · **0** unanswered" in text


async def test_report_narrows_to_one_article_and_refuses_an_unknown_one(
    double: DiscordDouble, fbot: ArticleBot
) -> None:
    await ask(double, "Who is Mark Esper?")
    manager = double.make_user("manager")
    manager.permissions = MANAGE_SERVER
    embed = embed_of(await report_of(double, manager, article=SEED_ID))
    assert embed["title"].startswith("Feedback: the last 7 days · Iran crisis")
    assert "**1** question ·" in embed_text(embed)
    _, refused = await command(double, "report", {"article": "no such article"}, user=manager)
    assert is_ephemeral(refused) and "No single article matches" in refused.data["content"]


async def test_report_on_an_unreadable_database_is_a_polite_private_reply(
    double: DiscordDouble, fbot: ArticleBot, db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await flushed(fbot)
    for part in db.parent.glob("feedback.db*"):
        if not part.name.endswith(".key"):
            part.write_bytes(b"not a database" * 100)  # damaged behind the bot's back
    manager = double.make_user("manager")
    manager.permissions = MANAGE_SERVER
    reply = await report_of(double, manager)
    assert is_ephemeral(reply) and reply.data.get("content") == UNREADABLE, reply.data
    assert any("cannot read the feedback database" in r.getMessage() for r in caplog.records)
