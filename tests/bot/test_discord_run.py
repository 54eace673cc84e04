"""``articlebot run`` and ``articlebot sync`` as users run them: real processes, the double as
Discord. Token problems are caught before any network call; SIGTERM stops the bot cleanly."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import TOKEN, embed_of
from tests.discord_double.process import guild_env, process_env, run, start

pytest_plugins = ("tests.discord_double.fixtures",)

WRONG_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.c29tZWJvZHktZWxzZXMtdG9rZW4tbm90LW91cnM"


async def test_a_missing_token_is_one_line_and_exit_2_before_any_network_call(
    double: DiscordDouble, tmp_path: Path, seed_corpus: Path
) -> None:
    code, _, err = await run(["run"], process_env(double, seed_corpus, tmp_path), tmp_path)
    assert code == 2
    assert err.startswith("articlebot: DISCORD_TOKEN is not set") and err.count("\n") == 1
    assert double.requests == [] and double.gateway_connections == []


async def test_a_malformed_token_is_one_line_and_exit_2_without_echoing_it(
    double: DiscordDouble, tmp_path: Path, seed_corpus: Path
) -> None:
    secret = "not-a-token-but-secret-all-the-same"
    code, _, err = await run(
        ["run"], process_env(double, seed_corpus, tmp_path, DISCORD_TOKEN=secret), tmp_path
    )
    assert code == 2
    assert err.startswith("articlebot: DISCORD_TOKEN is malformed") and err.count("\n") == 1
    assert secret not in err
    assert double.requests == []


async def test_a_token_discord_rejects_is_one_line_and_exit_1(
    double: DiscordDouble, tmp_path: Path, seed_corpus: Path
) -> None:
    code, _, err = await run(
        ["run"], process_env(double, seed_corpus, tmp_path, DISCORD_TOKEN=WRONG_TOKEN), tmp_path
    )
    assert code == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("articlebot: Discord rejected DISCORD_TOKEN")
    assert "Traceback" not in err and WRONG_TOKEN not in err
    assert [r.key for r in double.requests] == ["GET /users/@me"]


async def test_run_answers_then_stops_cleanly_on_sigterm(
    double: DiscordDouble, tmp_path: Path, seed_corpus: Path
) -> None:
    # The environment overrides .env: its malformed token is never used.
    (tmp_path / ".env").write_text("DISCORD_TOKEN=malformed\nARTICLEBOT_TOP_K=2\n")
    env = guild_env(double, seed_corpus, tmp_path)
    process = await start(["run"], env, tmp_path)
    try:
        await double.wait_ready(timeout=30)
        await double.wait_for_request(lambda r: r.method == "PUT" and "/guilds/" in r.path, 10)
        interaction = await double.slash_command("ask", {"question": "Who is Ali Shamkhani?"})
        reply = await double.wait_for_response(interaction)
        embed = embed_of(reply)
        assert embed["footer"]["text"].endswith("· ¶3")
        assert len(embed.get("fields", [])) == 1  # ARTICLEBOT_TOP_K=2 from .env still applies
        started = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 10)
        assert process.returncode == 0, err.decode()
        assert time.perf_counter() - started < 5
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = err.decode()
    assert TOKEN not in text and "Traceback" not in text
    # discord.py closes with 4000 (its clean close, which keeps the session resumable).
    assert double.gateway_connections[-1].close_code in (1000, 4000)
    puts = [r for r in double.requests if r.method == "PUT"]
    assert len(puts) == 1 and double.commands() == []  # guild sync once, never global


async def test_sync_registers_in_the_guilds_or_globally(
    double: DiscordDouble, tmp_path: Path, seed_corpus: Path
) -> None:
    env = guild_env(double, seed_corpus, tmp_path)
    code, out, _ = await run(["sync"], env, tmp_path)
    assert code == 0
    assert out.startswith(f"articlebot: registered 7 commands in guild {double.guild.id}")
    assert len(double.commands(double.guild.id)) == 7 and double.commands() == []
    code, out, _ = await run(["sync", "--global"], env, tmp_path)
    assert code == 0 and "registered 7 commands globally" in out
    assert sorted(c["name"] for c in double.commands()) == [
        "article",
        "ask",
        "help",
        "report",
        "search",
        "source",
        "summary",
    ]
    assert double.gateway_connections == []  # registration needs no gateway connection
    del env["ARTICLEBOT_GUILD_IDS"]
    code, _, err = await run(["sync"], env, tmp_path)
    assert code == 2 and "set ARTICLEBOT_GUILD_IDS, or pass --global" in err


async def test_every_discord_command_has_help_with_examples(
    tmp_path: Path, seed_corpus: Path, double: DiscordDouble
) -> None:
    for command in ("run", "sync"):
        code, out, _ = await run(
            [command, "--help"], process_env(double, seed_corpus, tmp_path), tmp_path
        )
        assert code == 0 and "examples:" in out
