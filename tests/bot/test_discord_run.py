"""``articlebot run`` and ``articlebot sync`` as users run them: real processes, the double as
Discord. Token problems are caught before any network call; SIGTERM stops the bot cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from tests.bot.discord_helpers import TOKEN, embed_of
from tests.discord_double import DiscordDouble

pytest_plugins = ("tests.bot.discord_helpers",)

ARTICLEBOT = Path(sys.executable).parent / "articlebot"
SEED_CORPUS = Path(__file__).resolve().parents[2] / "corpus"
WRONG_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.c29tZWJvZHktZWxzZXMtdG9rZW4tbm90LW91cnM"


def _env(double: DiscordDouble, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "DISCORD_"))}
    env.update(
        DISCORD_API_BASE_URL=double.api_base,
        DISCORD_GATEWAY_URL=double.gateway_url,
        ARTICLEBOT_CORPUS=str(SEED_CORPUS),
        ARTICLEBOT_INDEX=str(tmp_path / "seed.idx"),
        ARTICLEBOT_LOG_LEVEL="INFO",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


async def _start(args: list[str], env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(ARTICLEBOT),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await _start(args, env, cwd)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_missing_token_is_one_line_and_exit_2_before_any_network_call(
    double: DiscordDouble, tmp_path: Path
) -> None:
    code, _, err = await _run(["run"], _env(double, tmp_path), tmp_path)
    assert code == 2
    assert err.startswith("articlebot: DISCORD_TOKEN is not set") and err.count("\n") == 1
    assert double.requests == [] and double.gateway_connections == []


async def test_a_malformed_token_is_one_line_and_exit_2_without_echoing_it(
    double: DiscordDouble, tmp_path: Path
) -> None:
    secret = "not-a-token-but-secret-all-the-same"
    code, _, err = await _run(["run"], _env(double, tmp_path, DISCORD_TOKEN=secret), tmp_path)
    assert code == 2
    assert err.startswith("articlebot: DISCORD_TOKEN is malformed") and err.count("\n") == 1
    assert secret not in err
    assert double.requests == []


async def test_a_token_discord_rejects_is_one_line_and_exit_1(
    double: DiscordDouble, tmp_path: Path
) -> None:
    code, _, err = await _run(["run"], _env(double, tmp_path, DISCORD_TOKEN=WRONG_TOKEN), tmp_path)
    assert code == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("articlebot: Discord rejected DISCORD_TOKEN")
    assert "Traceback" not in err and WRONG_TOKEN not in err
    assert [r.key for r in double.requests] == ["GET /users/@me"]


async def test_run_answers_then_stops_cleanly_on_sigterm(
    double: DiscordDouble, tmp_path: Path
) -> None:
    # The environment overrides .env: its malformed token is never used.
    (tmp_path / ".env").write_text("DISCORD_TOKEN=malformed\nARTICLEBOT_TOP_K=2\n")
    env = _env(double, tmp_path, DISCORD_TOKEN=TOKEN, ARTICLEBOT_GUILD_IDS=str(double.guild.id))
    process = await _start(["run"], env, tmp_path)
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
    double: DiscordDouble, tmp_path: Path
) -> None:
    env = _env(double, tmp_path, DISCORD_TOKEN=TOKEN, ARTICLEBOT_GUILD_IDS=str(double.guild.id))
    code, out, _ = await _run(["sync"], env, tmp_path)
    assert code == 0
    assert out.startswith(f"articlebot: registered 6 commands in guild {double.guild.id}")
    assert len(double.commands(double.guild.id)) == 6 and double.commands() == []
    code, out, _ = await _run(["sync", "--global"], env, tmp_path)
    assert code == 0 and "registered 6 commands globally" in out
    assert sorted(c["name"] for c in double.commands()) == [
        "ask",
        "help",
        "report",
        "search",
        "source",
        "summary",
    ]
    assert double.gateway_connections == []  # registration needs no gateway connection
    del env["ARTICLEBOT_GUILD_IDS"]
    code, _, err = await _run(["sync"], env, tmp_path)
    assert code == 2 and "set ARTICLEBOT_GUILD_IDS, or pass --global" in err


async def test_every_discord_command_has_help_with_examples(
    tmp_path: Path, double: DiscordDouble
) -> None:
    for command in ("run", "sync"):
        code, out, _ = await _run([command, "--help"], _env(double, tmp_path), tmp_path)
        assert code == 0 and "examples:" in out
