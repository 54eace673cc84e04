"""``articlebot run`` and ``articlebot sync`` as real processes pointed at the Discord double."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from .double import DiscordDouble

ARTICLEBOT = Path(sys.executable).parent / "articlebot"


def process_env(
    double: DiscordDouble, corpus: Path, tmp_path: Path, **extra: str
) -> dict[str, str]:
    """The environment of a bot process on ``double`` answering from ``corpus`` (none of the
    caller's ARTICLEBOT_/DISCORD_ settings leak in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "DISCORD_"))}
    env.update(
        DISCORD_API_BASE_URL=double.api_base,
        DISCORD_GATEWAY_URL=double.gateway_url,
        ARTICLEBOT_CORPUS=str(corpus),
        ARTICLEBOT_INDEX=str(tmp_path / "seed.idx"),
        ARTICLEBOT_LOG_LEVEL="INFO",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def guild_env(double: DiscordDouble, corpus: Path, tmp_path: Path, **extra: str) -> dict[str, str]:
    """:func:`process_env` with the double's token and its guild to register the commands in."""
    guild = str(double.guild.id)
    return process_env(
        double, corpus, tmp_path, DISCORD_TOKEN=double.token, ARTICLEBOT_GUILD_IDS=guild, **extra
    )


async def start(args: list[str], env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """Start ``articlebot ARGS`` with stdout and stderr piped."""
    return await asyncio.create_subprocess_exec(
        str(ARTICLEBOT),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    """Run ``articlebot ARGS`` to the end: exit code, stdout, stderr."""
    process = await start(args, env, cwd)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def stop(process: asyncio.subprocess.Process) -> tuple[int, str]:
    """SIGTERM the process; its exit code and stderr."""
    if process.returncode is None:
        process.terminate()
    try:
        _, err = await asyncio.wait_for(process.communicate(), 15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, err.decode()
