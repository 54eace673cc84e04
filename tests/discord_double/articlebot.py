"""articlebot on the double: a started ArticleBot, and the checks every end-to-end test
repeats (no message may ping anyone; every payload within Discord's limits).

The ``double`` and ``bot`` fixtures built on these live in :mod:`.fixtures`. Assertion
rewriting is off here (PYTEST_DONT_REWRITE): its asserts carry their own messages.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from bot.discord_app import ArticleBot, Engine, Limiter
from index.searchindex import SearchIndex

from .client import running_client
from .double import DiscordDouble
from .records import RecordedRequest

# Three base64url parts, as `articlebot run` requires (the double accepts any token it is given).
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.bm90LWEtcmVhbC10b2tlbi1qdXN0LWEtdGVzdA"
SEED_TITLE = "Iran crisis: British troops prepare for Iraq evacuation as tensions erupt"
NO_PINGS: dict[str, list[str]] = {"parse": []}


def pings_no_one(allowed_mentions: object) -> bool:
    """Whether ``allowed_mentions`` lets nobody be pinged (``{"parse": []}``, and for a reply
    ``"replied_user": false``; no explicit user or role lists)."""
    if not isinstance(allowed_mentions, dict) or allowed_mentions.get("parse") != []:
        return False
    extra = {k: v for k, v in allowed_mentions.items() if k != "parse"}
    return extra in ({}, {"replied_user": False})


def make_bot(
    index: SearchIndex,
    *,
    cooldown: float = 0.0,
    per_second: float = 1000.0,
    top_k: int = 1,
    clock: Callable[[], float] | None = None,
    sync_guilds: tuple[int, ...] = (),
    **options: Any,
) -> ArticleBot:
    """An ArticleBot over ``index`` that becomes ready quickly (short guild wait)."""
    engine = Engine(index, top_k=top_k, clock=clock or time.monotonic)
    limiter = Limiter(cooldown, per_second, clock=clock or time.monotonic)
    options.setdefault("guild_ready_timeout", 0.05)
    return ArticleBot(engine, limiter, sync_guilds=sync_guilds, **options)


@contextlib.asynccontextmanager
async def bot_on(
    double: DiscordDouble, index: SearchIndex, **kwargs: Any
) -> AsyncIterator[ArticleBot]:
    """A started ArticleBot connected to ``double`` (commands registered in its guild)."""
    bot = make_bot(index, sync_guilds=(double.guild.id,), **kwargs)
    async with running_client(double, bot) as client:
        await client.wait_synced()
        yield client


def carries_message(request: RecordedRequest) -> bool:
    """Whether ``request`` posts or edits a message (what could ping someone)."""
    body = request.json if isinstance(request.json, dict) else {}
    if request.path.endswith("/callback"):
        return body.get("type") in (4, 7)
    posting = request.method in ("POST", "PATCH")
    return posting and ("/messages" in request.path or request.path.startswith("/webhooks/"))


def pinging_requests(double: DiscordDouble) -> list[RecordedRequest]:
    """Requests carrying a message whose ``allowed_mentions`` would let it ping someone."""
    return [
        r
        for r in double.requests
        if carries_message(r) and not pings_no_one(r.data.get("allowed_mentions"))
    ]


def rejected_requests(double: DiscordDouble) -> list[RecordedRequest]:
    """Requests the double refused as malformed (400: over a limit, or invalid)."""
    return [r for r in double.requests if r.status == 400]


def check_double(double: DiscordDouble) -> None:
    """What must hold after every Discord test: nothing pinged, nothing over a limit."""
    pinging = pinging_requests(double)
    assert not pinging, [(r.key, r.data.get("allowed_mentions")) for r in pinging]
    rejected = rejected_requests(double)
    assert not rejected, [(r.key, r.json) for r in rejected]


def embed_of(request: RecordedRequest) -> dict[str, Any]:
    """The first embed of a message request (callback, webhook or channel message)."""
    embeds = request.data.get("embeds") or []
    assert embeds, f"no embed in {request.key}: {request.json}"
    return dict(embeds[0])


def embed_text(embed: dict[str, Any]) -> str:
    """Every visible text of an embed, joined (for 'contains' checks)."""
    parts = [
        embed.get("title") or "",
        embed.get("description") or "",
        (embed.get("footer") or {}).get("text") or "",
    ]
    for f in embed.get("fields") or []:
        parts += [f.get("name") or "", f.get("value") or ""]
    return "\n".join(parts)


def custom_ids(message: dict[str, Any]) -> list[str]:
    """The custom_ids of a message's buttons, in order."""
    return [
        c["custom_id"]
        for row in message.get("components") or []
        for c in row.get("components") or []
        if "custom_id" in c
    ]


def is_ephemeral(request: RecordedRequest) -> bool:
    """Whether a reply was sent privately to the asker."""
    return bool(int(request.data.get("flags") or 0) & 64)


async def command(
    double: DiscordDouble, name: str, options: dict[str, Any] | None = None, **kwargs: Any
) -> tuple[int, RecordedRequest]:
    """Run ``/name`` and return the interaction id and the bot's callback."""
    iid = await double.slash_command(name, options or {}, **kwargs)
    return iid, await double.wait_for_response(iid)


__all__ = [
    "NO_PINGS",
    "SEED_TITLE",
    "TOKEN",
    "bot_on",
    "carries_message",
    "check_double",
    "command",
    "custom_ids",
    "embed_of",
    "embed_text",
    "is_ephemeral",
    "make_bot",
    "pinging_requests",
    "pings_no_one",
    "rejected_requests",
]
