"""The Discord double speaks the protocol the real discord.py client expects.

Every test drives a real ``discord.ext.commands.Bot`` (with its ``app_commands`` tree)
against the double on 127.0.0.1, except the raw gateway tests, which speak the wire protocol
themselves.
"""

from __future__ import annotations

import ast
import asyncio
import json
import zlib
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest

from tests.discord_double import DiscordDouble, pointed_at, running_client
from tests.discord_double.sample_bot import SampleBot

pytest_plugins = ("tests.discord_double.fixtures",)


async def test_client_reaches_ready_and_sees_the_guild(discord_double: DiscordDouble) -> None:
    async with running_client(discord_double, SampleBot()) as bot:
        guild = bot.get_guild(discord_double.guild.id)
        assert bot.is_ready()
        assert bot.user is not None and bot.user.id == discord_double.bot.id
        assert guild is not None and guild.name == discord_double.guild.name
        assert discord_double.channel.id in {c.id for c in guild.text_channels}
        assert bot.application_id == discord_double.application_id
    assert discord_double.gateway_connections[0].query["compress"] == "zlib-stream"
    assert not discord_double.unknown_requests


async def test_synced_ping_gets_a_message_callback_with_the_bots_content(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        synced = await discord_double.wait_for_request(lambda r: r.method == "PUT")
        assert synced.path == f"/applications/{discord_double.application_id}/commands"
        assert "ping" in {c["name"] for c in discord_double.commands()}

        interaction_id = await discord_double.slash_command("ping")
        callback = await discord_double.wait_for_response(interaction_id)

    assert callback.json == {"type": 4, "data": {"tts": False, "content": "pong"}}
    assert discord_double.interaction(interaction_id).response_type == 4
    assert discord_double.latencies() and max(discord_double.latencies()) < 3.0


async def test_guild_commands_are_synced_fetched_and_invoked(discord_double: DiscordDouble) -> None:
    bot = SampleBot()
    guild = discord.Object(discord_double.guild.id)
    async with running_client(discord_double, bot):
        bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
        fetched = await bot.tree.fetch_commands(guild=guild)
        interaction_id = await discord_double.slash_command("whoami")
        callback = await discord_double.wait_for_response(interaction_id)
    assert [c.id for c in fetched] == [c.id for c in synced]
    assert {c["guild_id"] for c in discord_double.commands(guild.id)} == {str(guild.id)}
    assert callback.data["content"] == f"hello {discord_double.users[0].username}"


async def test_slash_command_options_take_the_synced_types(discord_double: DiscordDouble) -> None:
    async with running_client(discord_double, SampleBot()):
        interaction_id = await discord_double.slash_command("search", {"topic": "iran", "k": "5"})
        callback = await discord_double.wait_for_response(interaction_id)
    assert callback.data["content"] == "5 passages about iran"


async def test_autocomplete_round_trip_returns_matching_choices(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        interaction_id = await discord_double.autocomplete("search", "topic", "ir")
        callback = await discord_double.wait_for_response(interaction_id)
    assert callback.json["type"] == 8
    assert [c["value"] for c in callback.data["choices"]] == ["iran", "ireland"]


async def test_button_click_on_a_bot_message_gets_an_update(discord_double: DiscordDouble) -> None:
    async with running_client(discord_double, SampleBot()) as bot:
        command_id = await discord_double.slash_command("search", {"topic": "italy"})
        await discord_double.wait_for_response(command_id)
        message_id = discord_double.interaction(command_id).original_id
        assert message_id is not None
        # The bot registers the view once it has read the callback's reply; a click before
        # that is discarded (on Python 3.13 the double's click can win that race).
        for _ in range(500):
            if bot.persistent_views:
                break
            await asyncio.sleep(0.01)

        click_id = await discord_double.click("articlebot:more", message=message_id)
        callback = await discord_double.wait_for_response(click_id)

    assert callback.json["type"] == 7
    assert discord_double.messages[message_id]["content"] == "more passages"
    assert discord_double.messages[message_id]["components"] == []


async def test_deferred_reply_is_completed_by_the_first_followup(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        interaction_id = await discord_double.slash_command("slow")
        await discord_double.wait_for_request(
            lambda r: r.method == "POST" and r.path.startswith("/webhooks/")
        )
    record = discord_double.interaction(interaction_id)
    kinds = [r.key.split("/")[1] for r in discord_double.interaction_responses(interaction_id)]
    assert kinds == ["interactions", "webhooks"]
    assert record.followup_ids == [record.original_id]
    assert discord_double.messages[record.original_id or 0]["content"] == "done thinking"


async def test_mention_gets_a_channel_reply(discord_double: DiscordDouble) -> None:
    async with running_client(discord_double, SampleBot()):
        message_id = await discord_double.message(
            f"{discord_double.bot.mention} who is Ali Shamkhani?"
        )
        reply = await discord_double.wait_for_reply(message_id)
    assert reply.path == f"/channels/{discord_double.channel.id}/messages"
    assert reply.json["content"] == f"you said: {discord_double.bot.mention} who is Ali Shamkhani?"


async def test_dm_and_reply_to_the_bot_reach_it_with_content(discord_double: DiscordDouble) -> None:
    dm = discord_double.dm_channel(discord_double.users[0])
    async with running_client(discord_double, SampleBot()) as bot:
        asked = await discord_double.message("what happened?", channel_id=dm.id)
        answer = await discord_double.wait_for_reply(asked)
        answer_id = int(answer.response["id"])
        followup = await discord_double.message("and then?", channel_id=dm.id, reply_to=answer_id)
        await discord_double.wait_for_reply(followup)
    assert answer.path == f"/channels/{dm.id}/messages"
    assert [m.content for m in bot.seen] == ["what happened?", "and then?"]
    assert bot.seen[1].reference is not None and bot.seen[1].reference.message_id == answer_id


async def test_bot_can_open_a_dm_write_to_it_and_fetch_the_message(
    discord_double: DiscordDouble,
) -> None:
    bob = discord_double.users[1]
    async with running_client(discord_double, SampleBot()) as bot:
        user = await bot.fetch_user(bob.id)
        sent = await user.send("a private answer")
        fetched = await sent.channel.fetch_message(sent.id)
    assert fetched.content == "a private answer"
    assert isinstance(fetched.channel, discord.DMChannel)
    assert sent.channel.id == discord_double.dm_channel(bob).id


async def test_messages_without_a_mention_arrive_without_content(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()) as bot:
        await discord_double.message("just chatting")
        mention = await discord_double.message(f"{discord_double.bot.mention} hello")
        await discord_double.wait_for_reply(mention)
    assert [m.content for m in bot.seen] == ["", f"{discord_double.bot.mention} hello"]


async def test_interactions_from_many_distinct_users_carry_each_user(
    discord_double: DiscordDouble,
) -> None:
    people = [discord_double.make_user() for _ in range(5)]
    async with running_client(discord_double, SampleBot()):
        ids = [await discord_double.slash_command("whoami", user=person) for person in people]
        callbacks = [await discord_double.wait_for_response(i) for i in ids]
    assert len({p.id for p in people}) == 5
    assert [c.data["content"] for c in callbacks] == [f"hello {p.username}" for p in people]


async def test_file_upload_arrives_as_multipart_with_its_payload_json(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        interaction_id = await discord_double.slash_command("export")
        callback = await discord_double.wait_for_response(interaction_id)
    assert callback.headers["Content-Type"].startswith("multipart/form-data")
    assert callback.files == ("passages.txt",)
    assert callback.data["content"] == "attached"
    original = discord_double.messages[discord_double.interaction(interaction_id).original_id or 0]
    assert original["attachments"][0]["filename"] == "passages.txt"


async def test_original_response_and_followup_lifecycle_is_served(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        interaction_id = await discord_double.slash_command("draft")
        await discord_double.wait_for_request(lambda r: r.method == "DELETE")
    responses = discord_double.interaction_responses(interaction_id)
    token = discord_double.interaction(interaction_id).token
    extra_id = responses[3].response["id"]
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in responses] == [
        ("POST", "callback"),
        ("PATCH", "@original"),
        ("GET", "@original"),
        ("POST", token),
        ("PATCH", extra_id),
        ("DELETE", "@original"),
    ]
    assert all(r.ok for r in responses)
    assert responses[3].json["content"] == "after final"
    assert discord_double.messages[int(extra_id)]["content"] == "extra, edited"
    assert not discord_double.unknown_requests


async def test_modal_opened_by_the_bot_can_be_submitted(discord_double: DiscordDouble) -> None:
    async with running_client(discord_double, SampleBot()):
        opened = await discord_double.slash_command("feedback")
        assert (await discord_double.wait_for_response(opened)).json["type"] == 9
        answers = {"feedback:text": "great"}
        submitted = await discord_double.submit_modal("articlebot:feedback", answers)
        callback = await discord_double.wait_for_response(submitted)
    assert callback.data == {"tts": False, "content": "thanks: great", "flags": 64}


async def test_typing_reactions_and_threads_are_served(discord_double: DiscordDouble) -> None:
    bot = SampleBot()

    async def start_thread(message: discord.Message) -> None:
        if message.author != bot.user and isinstance(message.channel, discord.TextChannel):
            async with message.channel.typing():
                await message.add_reaction("👀")
                thread = await message.create_thread(name="follow-ups")
                await thread.send("continued here")

    bot.add_listener(start_thread, "on_message")
    async with running_client(discord_double, bot):
        asked = await discord_double.message(f"{discord_double.bot.mention} start a thread")
        await discord_double.wait_for_request(lambda r: r.path == f"/channels/{asked}/messages")
        inside = await discord_double.message(
            f"{discord_double.bot.mention} more", channel_id=asked
        )
        reply = await discord_double.wait_for_reply(inside)
    keys = [r.key for r in discord_double.requests]
    channel = discord_double.channel.id
    assert f"POST /channels/{channel}/typing" in keys
    assert f"PUT /channels/{channel}/messages/{asked}/reactions/👀/@me" in keys
    assert f"POST /channels/{channel}/messages/{asked}/threads" in keys
    assert reply.path == f"/channels/{asked}/messages"  # the thread took the message's id
    assert isinstance(bot.seen[-1].channel, discord.Thread)


async def test_client_heartbeats_are_acknowledged() -> None:
    async with DiscordDouble(heartbeat_interval_ms=40) as double:
        async with running_client(double, SampleBot()) as bot:
            await asyncio.sleep(0.3)
            assert double.heartbeats >= 3
            assert bot.latency < 1.0  # finite: each heartbeat got its ACK
        assert len(double.gateway_connections) == 1  # no zombie-connection reconnects


async def test_auto_sharded_client_finds_the_gateway_through_gateway_bot(
    discord_double: DiscordDouble,
) -> None:
    client = discord.AutoShardedClient(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    async with running_client(discord_double, client):
        assert client.get_guild(discord_double.guild.id) is not None
    assert discord_double.requests[2].key == "GET /gateway/bot"
    assert discord_double.identifies[0]["shard"] == [0, 1]


async def test_overlong_content_is_refused_as_discord_would(discord_double: DiscordDouble) -> None:
    url = f"{discord_double.api_base}/channels/{discord_double.channel.id}/messages"
    headers = {"Authorization": f"Bot {discord_double.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"content": "x" * 2001}, headers=headers) as response,
    ):
        body = await response.json()
    assert response.status == 400
    assert body["code"] == 50035 and "content" in body["errors"]


async def test_bad_token_makes_start_raise_login_failure(discord_double: DiscordDouble) -> None:
    client = discord.Client(intents=discord.Intents.default())
    async with client:
        with pointed_at(discord_double), pytest.raises(discord.LoginFailure):
            await client.start("not-the-token")
    assert discord_double.requests[0].key == "GET /users/@me"
    assert discord_double.requests[0].status == 401


async def test_privileged_intent_without_approval_is_refused(discord_double: DiscordDouble) -> None:
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with running_client(discord_double, SampleBot(intents=discord.Intents.all())):
            pass


async def test_dropped_connection_resumes_and_the_next_interaction_is_answered(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        await discord_double.drop_connection()
        interaction_id = await discord_double.slash_command("ping")  # buffered, then replayed
        callback = await discord_double.wait_for_response(interaction_id)
        await discord_double.wait_ready()
    assert callback.data["content"] == "pong"
    first, second = discord_double.gateway_connections
    assert (first.path, first.close_code, second.path) == ("/gateway", 4000, "/resume")
    assert len(discord_double.identifies) == 1


async def test_invalidated_session_makes_the_client_identify_again(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        await discord_double.invalidate_session()
        await discord_double.wait_ready()
        interaction_id = await discord_double.slash_command("ping")
        await discord_double.wait_for_response(interaction_id)
    assert len(discord_double.identifies) == 2


async def test_rate_limited_callback_is_retried_and_delivered(
    discord_double: DiscordDouble,
) -> None:
    discord_double.fail_next("POST /interactions/*/callback", status=429, retry_after=0.2)
    async with running_client(discord_double, SampleBot()):
        interaction_id = await discord_double.slash_command("ping")
        callback = await discord_double.wait_for_response(interaction_id)
    attempts = discord_double.interaction_responses(interaction_id)
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].received_at - attempts[0].received_at >= 0.2
    assert callback.data["content"] == "pong"


async def test_server_error_on_a_channel_message_is_retried(discord_double: DiscordDouble) -> None:
    discord_double.fail_next("POST /channels/*/messages", status=500)
    async with running_client(discord_double, SampleBot()):
        message_id = await discord_double.message(f"{discord_double.bot.mention} hi")
        reply = await discord_double.wait_for_reply(message_id)
    statuses = [r.status for r in discord_double.requests if r.key == reply.key]
    assert statuses == [500, 200]


async def test_a_callback_after_the_ack_deadline_finds_the_interaction_unknown() -> None:
    bot = SampleBot()
    refused: asyncio.Future[discord.NotFound] = asyncio.get_running_loop().create_future()

    @bot.tree.command()
    async def dawdle(interaction: discord.Interaction) -> None:
        """Answer after Discord's window has closed."""
        await asyncio.sleep(0.2)
        try:
            await interaction.response.send_message("too late")
        except discord.NotFound as exc:
            refused.set_result(exc)

    async with DiscordDouble(ack_deadline=0.05) as double, running_client(double, bot):
        await double.slash_command("dawdle")
        error = await asyncio.wait_for(refused, 5)
    assert error.code == 10062  # Unknown interaction


async def test_a_second_callback_for_one_interaction_is_rejected(
    discord_double: DiscordDouble,
) -> None:
    async with running_client(discord_double, SampleBot()):
        interaction_id = await discord_double.slash_command("ping")
        await discord_double.wait_for_response(interaction_id)
    token = discord_double.interaction(interaction_id).token
    url = f"{discord_double.api_base}/interactions/{interaction_id}/{token}/callback"
    again = {"type": 4, "data": {"content": "again"}}
    async with aiohttp.ClientSession() as session, session.post(url, json=again) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 40060


async def test_unknown_routes_are_recorded_and_answered_with_a_discord_404(
    discord_double: DiscordDouble,
) -> None:
    url = f"{discord_double.api_base}/guilds/1/audit-logs"
    headers = {"Authorization": f"Bot {discord_double.token}"}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        assert response.status == 404
        assert response.headers["Content-Type"] == "application/json"
        assert await response.json() == {"message": "404: Not Found", "code": 0}
    assert [r.key for r in discord_double.unknown_requests] == ["GET /guilds/1/audit-logs"]


async def _receive(ws: aiohttp.ClientWebSocketResponse, inflator: Any) -> dict[str, Any]:
    """One gateway payload from a zlib-stream socket."""
    frame = await ws.receive_bytes()
    assert frame.endswith(b"\x00\x00\xff\xff")  # Z_SYNC_FLUSH: one complete payload per frame
    payload: dict[str, Any] = json.loads(inflator.decompress(frame))
    return payload


async def test_gateway_speaks_zlib_stream_and_rejects_a_bad_identify_with_4004(
    discord_double: DiscordDouble,
) -> None:
    url = f"{discord_double.gateway_url}?v=10&encoding=json&compress=zlib-stream"
    inflator = zlib.decompressobj()
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        assert await _receive(ws, inflator) == {"op": 10, "d": {"heartbeat_interval": 41250}}
        await ws.send_json({"op": 1, "d": None})
        assert await _receive(ws, inflator) == {"op": 11}
        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 513, "properties": {}}})
        closing = await ws.receive()
    assert closing.type is aiohttp.WSMsgType.CLOSE
    assert closing.data == 4004 and closing.extra == "Authentication failed"


def test_tests_never_import_bench_so_bench_can_import_the_double() -> None:
    tests = Path(__file__).resolve().parent
    importing_bench = []
    for path in tests.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name == "bench" or name.startswith("bench.") for name in names):
                importing_bench.append(str(path.relative_to(tests)))
    assert importing_bench == []


@pytest.mark.parametrize("count", [2, 3, 4])
def test_guilds_made_in_a_row_go_to_the_shards_in_turn_even_when_the_clock_jumps(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    from tests.discord_double import models

    clock = iter(1_800_000_000 + step * 0.0017 for step in range(10_000))
    monkeypatch.setattr(models.time, "time", lambda: next(clock))  # 1-2 ms a call
    ids = models.Snowflakes()
    guilds = []
    for _ in range(4 * count):
        guilds.append(ids.next_ms())
        ids.next(), ids.next()  # the guild's channels
    shards = [(g >> 22) % count for g in guilds]
    assert [shards.count(s) for s in range(count)] == [4] * count
    assert guilds == sorted(guilds) and ids.next() > guilds[-1]
