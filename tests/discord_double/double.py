"""``DiscordDouble``: a local Discord (REST + gateway) that the real discord.py client talks to."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Self

from aiohttp import web

from .actions import UserActions
from .faults import FaultInjection, Faults
from .gateway import Gateway, GatewayConnection, Op
from .models import GUILD_TEXT, JSON, Channel, Guild, User
from .records import InteractionRecord, RecordedRequest
from .rest import API_PREFIX, Router
from .routes_channels import ROUTES as CHANNEL_ROUTES
from .routes_core import ROUTES as CORE_ROUTES
from .routes_interactions import ROUTES as INTERACTION_ROUTES
from .state import DoubleState

Predicate = Callable[[RecordedRequest], bool]


class DiscordDouble(UserActions, FaultInjection):
    """A test double of Discord on 127.0.0.1: REST under ``api_base``, a gateway at ``gateway_url``.

    It records every REST request, answers the routes a bot uses (unknown ones get a
    Discord-style 404), injects user actions as gateway dispatches (``slash_command``,
    ``autocomplete``, ``click``, ``submit_modal``, ``message``; ``dispatch`` sends any event
    as it is) and can fail requests on demand (``fail_next``, ``disconnect_next``,
    ``reply_next``, ``stall_next``). Use it as ``async with DiscordDouble() as double: ...``.
    """

    def __init__(
        self,
        *,
        token: str = "double-token",
        member_names: Iterable[str] = ("alice", "bob", "carol"),
        guild_name: str = "Double Guild",
        heartbeat_interval_ms: int = 41_250,
        privileged_intents: int = 0,
        ack_deadline: float | None = 3.0,
        echo_bot_messages: bool = True,
    ) -> None:
        """Configure the double; nothing listens until ``start``.

        ``privileged_intents`` are the privileged intent bits the application may request
        (others get close code 4014); ``ack_deadline`` is Discord's 3 s window for the first
        interaction callback (None disables it); ``echo_bot_messages`` dispatches
        MESSAGE_CREATE for the bot's own messages, as Discord does.
        """
        self._state = DoubleState(
            token=token,
            member_names=member_names,
            guild_name=guild_name,
            ack_deadline=ack_deadline,
            echo_bot_messages=echo_bot_messages,
        )
        self._gateway = Gateway(
            self._state,
            heartbeat_interval_ms=heartbeat_interval_ms,
            privileged_intents=privileged_intents,
        )
        self._state.dispatch = self._gateway.dispatch  # REST handlers echo events through it
        self._faults = Faults()
        routes = [*CORE_ROUTES, *CHANNEL_ROUTES, *INTERACTION_ROUTES]
        self._router = Router(self._state, self._faults, routes, self._record)
        self._requests: list[RecordedRequest] = []
        self._unmatched: list[RecordedRequest] = []
        self._waiters: list[tuple[Predicate, asyncio.Future[RecordedRequest]]] = []
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> Self:
        """Listen on a free port of 127.0.0.1."""
        if self._runner is not None:
            raise RuntimeError("the double is already running")
        app = web.Application()
        app.router.add_get("/gateway", self._gateway.handle)
        app.router.add_get("/resume", self._gateway.handle)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._router.handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(runner, sock).start()
        self._runner = runner
        self._state.gateway_url = self.gateway_url
        self._gateway.resume_url = f"ws://127.0.0.1:{self._port}/resume"
        return self

    async def stop(self) -> None:
        """Close every gateway session (1001) and stop listening."""
        if self._runner is None:
            return
        await self._gateway.close_all()
        for _, future in self._waiters:
            future.cancel()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be: ``http://127.0.0.1:PORT/api/v10``."""
        return f"http://127.0.0.1:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The gateway websocket URL (discord.py adds ``?v=10&encoding=json&compress=...``)."""
        return f"ws://127.0.0.1:{self._port}/gateway"

    # -- the world ---------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The one bot token the double accepts."""
        return self._state.token

    @property
    def bot(self) -> User:
        """The bot's user (its id is also the application id)."""
        return self._state.bot

    @property
    def application_id(self) -> int:
        """The application id (commands and interaction webhooks live under it)."""
        return self._state.application_id

    @property
    def guild(self) -> Guild:
        """The default guild: the bot, ``users`` and two text channels."""
        return self._state.guild

    @property
    def channel(self) -> Channel:
        """The default guild's first text channel, where actions happen by default."""
        return self._state.guild.text_channel

    @property
    def messages(self) -> dict[int, JSON]:
        """Every message the double holds (users' and the bot's), by id, as Discord returns them."""
        return self._state.messages

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """The synced application commands, global or of one guild."""
        state = self._state
        return state.global_commands if guild_id is None else state.guild_commands.get(guild_id, [])

    def add_channel(self, name: str) -> Channel:
        """A new text channel in the default guild (made before the client connects, it is in
        the client's GUILD_CREATE)."""
        guild, state = self._state.guild, self._state
        channel = Channel(
            state.ids.next(), name, GUILD_TEXT, guild.id, position=len(guild.channels)
        )
        return state.add_channel(channel)

    def add_guild(self, name: str) -> Guild:
        """A new guild with two text channels, the bot and the default guild's members (made
        before the client connects, it is in the READY of the shard that owns it)."""
        state = self._state
        members = [u for u in state.guild.members if not u.bot]
        return state.add_guild(name, owner=members[0] if members else state.bot, members=members)

    @property
    def guilds(self) -> list[Guild]:
        """Every guild, the default one first."""
        return list(self._state.guilds.values())

    @property
    def shard_count(self) -> int:
        """The shard count ``GET /gateway/bot`` recommends (1 unless set)."""
        return self._state.shard_count

    @shard_count.setter
    def shard_count(self, count: int) -> None:
        self._state.shard_count = count

    def make_user(self, username: str | None = None) -> User:
        """A new distinct user, made a member of the default guild."""
        user = self._state.add_user(username or f"user{len(self._state.users)}")
        self._state.guild.members.append(user)
        return user

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between the bot and ``user`` (pass its id as ``channel_id``)."""
        return self._state.dm_channel(user)

    # -- gateway -----------------------------------------------------------------------------

    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until a client has identified (or resumed) and is connected."""
        await self._gateway.wait_ready(timeout)

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the gateway socket(s) server-side; the session stays resumable."""
        await self._gateway.drop(code)

    async def request_reconnect(self) -> None:
        """Send opcode 7 RECONNECT: the client should close and RESUME."""
        await self._gateway.send_op(Op.RECONNECT)

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send opcode 9 INVALID_SESSION: the client must identify anew unless ``resumable``."""
        await self._gateway.send_op(Op.INVALID_SESSION, resumable)

    async def dispatch(self, event: str, data: JSON) -> int:
        """Send any dispatch as it is, however malformed; returns how many sessions got it."""
        return await self._gateway.dispatch(event, data)

    @property
    def gateway_connections(self) -> list[GatewayConnection]:
        """Every gateway connection so far: path (``/gateway``, ``/resume``), query, close code."""
        return self._gateway.connections

    @property
    def heartbeats(self) -> int:
        """How many heartbeats (opcode 1) clients have sent; each got an ACK."""
        return self._gateway.heartbeats

    @property
    def identifies(self) -> list[JSON]:
        """The IDENTIFY payloads received (intents, shard, properties...)."""
        return self._gateway.identifies

    # -- REST --------------------------------------------------------------------------------

    def _record(self, request: RecordedRequest, matched: bool) -> None:
        self._requests.append(request)
        if not matched:
            self._unmatched.append(request)
        for entry in [w for w in self._waiters if w[0](request)]:
            self._waiters.remove(entry)
            if not entry[1].done():
                entry[1].set_result(request)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST request received, in order."""
        return self._requests

    @property
    def unknown_requests(self) -> list[RecordedRequest]:
        """Requests to routes the double does not serve (each answered 404)."""
        return self._unmatched

    async def wait_for_request(self, predicate: Predicate, timeout: float = 5.0) -> RecordedRequest:
        """The first recorded request (already received or yet to come) matching ``predicate``."""
        for request in self._requests:
            if predicate(request):
                return request
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = ", ".join(f"{r.key} → {r.status}" for r in self._requests[-8:]) or "none"
            raise TimeoutError(
                f"no matching request within {timeout}s; last requests: {seen}"
            ) from None
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)

    # -- interactions and replies ------------------------------------------------------------

    def interaction(self, interaction_id: int) -> InteractionRecord:
        """What the double knows of an interaction it dispatched (response type, latency...)."""
        return self._state.interactions[interaction_id]

    def interaction_responses(self, interaction_id: int) -> list[RecordedRequest]:
        """The callback and webhook requests (followups, edits) for one interaction, in order."""
        record = self.interaction(interaction_id)
        webhook = f"/webhooks/{self.application_id}/{record.token}"
        callback = f"/interactions/{interaction_id}/"
        return [r for r in self._requests if r.path.startswith((callback, webhook))]

    async def wait_for_response(self, interaction_id: int, timeout: float = 5.0) -> RecordedRequest:
        """The accepted (2xx) callback for an interaction."""
        prefix = f"/interactions/{interaction_id}/"
        return await self.wait_for_request(lambda r: r.ok and r.path.startswith(prefix), timeout)

    async def wait_for_reply(self, message_id: int, timeout: float = 5.0) -> RecordedRequest:
        """The bot's accepted channel message that replies to ``message_id``."""
        return await self.wait_for_request(lambda r: r.ok and r.replies_to(message_id), timeout)

    def latencies(self) -> list[float]:
        """Seconds from dispatch to accepted callback, for every answered interaction."""
        values = (record.latency for record in self._state.interactions.values())
        return [v for v in values if v is not None]
