"""The token never leaves the process except to authenticate: not in any log line, even with
every logger (discord.py's HTTP and gateway ones included) at DEBUG, not in anything sent to
Discord, not on the terminal when Discord rejects it.

The in-process test captures raw log records, before any redaction filter: nothing may rely
on :class:`bot.discord_app.runner.RedactToken` to hide the token, which is the last line of
defence. The subprocess tests run ``articlebot run`` as users do.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.context import bm25_params
from bot.discord_app import ArticleBot
from bot.settings import Settings
from index.build import open_index
from tests.conftest import SEED_CORPUS
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import TOKEN, command, custom_ids

pytest_plugins = ("tests.discord_double.fixtures",)

ARTICLEBOT = Path(sys.executable).parent / "articlebot"
WRONG_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.c29tZWJvZHktZWxzZXMtdG9rZW4tbm90LW91cnM"
LOGGERS = (
    "",
    "discord",
    "discord.http",
    "discord.gateway",
    "discord.client",
    "discord.state",
    "discord.webhook.async_",
    "aiohttp",
    "asyncio",
    "bot",
    "index",
)


def _secrets(token: str) -> list[str]:
    """The token and its secret part (the HMAC after the last dot), each a leak on its own."""
    return [token, token.rsplit(".", 1)[1]]


class Everything(logging.Handler):
    """Keeps every record, formatted with its traceback, and each record's raw arguments."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []
        self.names: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.args))
        self.names.add(record.name)


@pytest.fixture
def debug_logs() -> Iterator[Everything]:
    """Every logger at DEBUG for the test, into one handler on the root logger."""
    handler = Everything()
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_a_debug_run_logs_no_token_and_sends_it_nowhere(
    debug_logs: Everything, double: DiscordDouble, bot: ArticleBot
) -> None:
    # debug_logs comes first: logging is at DEBUG before the bot logs in and identifies.
    iid, reply = await command(double, "ask", {"question": "Who is Mark Esper?"})
    more = custom_ids(reply.data)[0]
    message_id = double.interaction(iid).original_id
    assert message_id is not None
    await double.wait_for_response(await double.click(more, message_id))
    question = await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
    await double.wait_for_reply(question)
    double.fail_next("POST /interactions/*/callback", 429, retry_after=0.05)  # a warning
    await command(double, "search", {"query": "troops Iraq"})
    await command(double, "summary", {"about": "Mark Esper"})
    await double.drop_connection()  # the RESUME payload carries the token too
    await command(double, "ask", {"question": "What did he say?"})
    await double.wait_ready()

    # The logs were as chatty as they get: discord.py's HTTP and gateway debug lines are in.
    assert {"discord.http", "discord.gateway", "discord.webhook.async_"} <= debug_logs.names
    assert any("has sent the IDENTIFY payload" in line for line in debug_logs.lines)
    assert any("has sent the RESUME payload" in line for line in debug_logs.lines)
    text = "\n".join(debug_logs.lines)
    for secret in _secrets(TOKEN):
        assert secret not in text
    # Sent to Discord: only as the Authorization header and in IDENTIFY/RESUME (its purpose).
    for request in double.requests:
        body = json.dumps(request.json)
        assert all(secret not in body for secret in _secrets(TOKEN)), request.key
        assert all(
            secret not in request.path + json.dumps(request.query) for secret in _secrets(TOKEN)
        ), request.key
        auth = request.headers.get("Authorization")
        assert auth in (None, f"Bot {TOKEN}"), request.key
        if auth is None:  # interaction callbacks and webhooks authenticate by their own token
            assert request.path.startswith(("/interactions/", "/webhooks/")), request.key
    assert len(double.identifies) == 1


# -- articlebot run, as a process -----------------------------------------------------------


def _env(double: DiscordDouble, tmp_path: Path, token: str, **extra: str) -> dict[str, str]:
    """The environment of a run against ``double`` over a prebuilt seed index (so the run
    prints nothing about building one)."""
    index_file = tmp_path / "seed.idx"
    open_index(SEED_CORPUS, index_file, bm25_params(Settings()))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "DISCORD_"))}
    env.update(
        DISCORD_API_BASE_URL=double.api_base,
        DISCORD_GATEWAY_URL=double.gateway_url,
        ARTICLEBOT_CORPUS=str(SEED_CORPUS),
        ARTICLEBOT_INDEX=str(index_file),
        DISCORD_TOKEN=token,
        PYTHONIOENCODING="utf-8",
        **extra,
    )
    return env


async def _run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        str(ARTICLEBOT),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
async def test_a_token_discord_rejects_is_one_line_without_the_token(
    double: DiscordDouble, tmp_path: Path, debug: bool
) -> None:
    env = _env(double, tmp_path, WRONG_TOKEN, ARTICLEBOT_LOG_LEVEL="DEBUG" if debug else "INFO")
    code, out, err = await _run(["run", "--debug"] if debug else ["run"], env, tmp_path)
    assert code == 1
    assert out == ""
    for secret in _secrets(WRONG_TOKEN):
        assert secret not in err
    if debug:  # the traceback is shown, the token is not
        assert "Discord rejected DISCORD_TOKEN" in err and "Traceback" in err
    else:
        assert err.count("\n") == 1, err
        assert err.startswith("articlebot: Discord rejected DISCORD_TOKEN: reset it at ")
    assert [r.key for r in double.requests] == ["GET /users/@me"]


async def test_a_debug_run_that_answers_and_stops_prints_no_token(
    double: DiscordDouble, tmp_path: Path
) -> None:
    env = _env(
        double,
        tmp_path,
        TOKEN,
        ARTICLEBOT_LOG_LEVEL="DEBUG",
        ARTICLEBOT_GUILD_IDS=str(double.guild.id),
    )
    process = await asyncio.create_subprocess_exec(
        str(ARTICLEBOT),
        "run",
        "--debug",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await double.wait_ready(timeout=30)
        await double.wait_for_request(lambda r: r.method == "PUT", 15)
        await command(double, "ask", {"question": "Who is Ali Shamkhani?"})
        question = await double.message(f"{double.bot.mention} What did he say?")
        await double.wait_for_reply(question)
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    text = out.decode() + err.decode()
    assert "has sent the IDENTIFY payload" in text  # discord.py's debug lines were printed
    for secret in _secrets(TOKEN):
        assert secret not in text
