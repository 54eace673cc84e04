"""The gateway: a Discord-protocol websocket with sessions, sequence numbers and RESUME.

Frames go out as zlib-stream (one shared deflate context, each message ending in a
Z_SYNC_FLUSH) when the client asks for ``compress=zlib-stream``, which discord.py does unless
a zstd library is importable; any other request is answered with plain text frames, which
discord.py accepts whatever compression it asked for.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
import zlib
from collections import deque
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from aiohttp import WSMsgType, web

from .models import JSON
from .state import DoubleState

log = logging.getLogger(__name__)


class Op(IntEnum):
    """Gateway opcodes the double sends or understands."""

    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    RESUME = 6
    RECONNECT = 7
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT = 1 << 1, 1 << 8, 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT
GUILDS_INTENT, GUILD_MESSAGES_INTENT, DIRECT_MESSAGES_INTENT = 1 << 0, 1 << 9, 1 << 12
HISTORY_SIZE = 1000


def required_intent(event: str, data: JSON) -> int:
    """The intent a session needs to receive ``event`` (0: always sent)."""
    if event.startswith("MESSAGE_"):
        return GUILD_MESSAGES_INTENT if "guild_id" in data else DIRECT_MESSAGES_INTENT
    if event.startswith(("THREAD_", "GUILD_", "CHANNEL_")):
        return GUILDS_INTENT
    return 0


@dataclass(slots=True)
class GatewayConnection:
    """A record of one websocket connection: where it came in and how it ended."""

    path: str
    query: dict[str, str]
    opened_at: float
    close_code: int | None = None


class _Socket:
    """One client websocket, sending frames with the transport compression it asked for."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self._deflate = zlib.compressobj() if compress == "zlib-stream" else None
        self._lock = asyncio.Lock()
        self.sent_close_code: int | None = None

    async def send(self, payload: JSON) -> None:
        """Send one gateway payload; the lock keeps the shared deflate stream in order."""
        text = json.dumps(payload, separators=(",", ":"))
        async with self._lock:
            if self._deflate is None:
                await self.ws.send_str(text)
            else:
                chunk = self._deflate.compress(text.encode())
                chunk += self._deflate.flush(zlib.Z_SYNC_FLUSH)  # frame = one whole payload
                await self.ws.send_bytes(chunk)

    async def close(self, code: int, reason: str) -> None:
        """Close from the server side with a gateway close code."""
        self.sent_close_code = code
        await self.ws.close(code=code, message=reason.encode())


@dataclass(slots=True)
class Session:
    """A gateway session: survives its socket so the client can RESUME it."""

    id: str
    intents: int
    shard: tuple[int, int]
    sequence: int = 0
    history: deque[JSON] = field(default_factory=lambda: deque(maxlen=HISTORY_SIZE))
    socket: _Socket | None = None
    ended: bool = False


class Gateway:
    """Serves gateway websockets for the double and dispatches events to its sessions."""

    def __init__(
        self, state: DoubleState, *, heartbeat_interval_ms: int, privileged_intents: int
    ) -> None:
        self.state = state
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.privileged_intents = privileged_intents
        self.resume_url = ""
        self.sessions: dict[str, Session] = {}
        self.connections: list[GatewayConnection] = []
        self.identifies: list[JSON] = []
        self.heartbeats = 0
        self._live = asyncio.Event()

    @property
    def intents(self) -> int:
        """The intents of the newest live session (0 before any IDENTIFY)."""
        sessions = self._active()
        return sessions[-1].intents if sessions else 0

    def _active(self) -> list[Session]:
        return [s for s in self.sessions.values() if not s.ended]

    async def wait_ready(self, timeout: float) -> None:
        """Wait until a client has identified (or resumed) and holds a live connection."""
        await asyncio.wait_for(self._live.wait(), timeout)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """The websocket endpoint: HELLO, then IDENTIFY or RESUME, heartbeats and dispatches."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        record = GatewayConnection(request.path, dict(request.query), time.perf_counter())
        self.connections.append(record)
        sock = _Socket(ws, request.query.get("compress"))
        session: Session | None = None
        try:
            if request.query.get("v") != "10":
                await sock.close(4012, "Invalid API version")
            elif request.query.get("encoding", "json") != "json":
                await sock.close(4002, "Decode error")
            else:
                await sock.send(
                    {"op": Op.HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
                )
            async for msg in ws:
                session = await self._receive(sock, session, msg)
        finally:
            record.close_code = sock.sent_close_code or ws.close_code
            self._detach(sock, session)
        return ws

    async def _receive(self, sock: _Socket, session: Session | None, msg: Any) -> Session | None:
        """Handle one client frame; returns the session the socket is bound to afterwards."""
        try:
            payload = json.loads(msg.data) if msg.type is WSMsgType.TEXT else None
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            await sock.close(4002, "Decode error")
            return session
        op, data = payload.get("op"), payload.get("d")
        if op == Op.HEARTBEAT:
            self.heartbeats += 1
            await sock.send({"op": Op.HEARTBEAT_ACK})
        elif op == Op.IDENTIFY:
            if session is not None:
                await sock.close(4005, "Already authenticated")
                return session
            return await self._identify(sock, data or {})
        elif op == Op.RESUME:
            return await self._resume(sock, data or {})
        elif session is None:
            await sock.close(4003, "Not authenticated")
        return session

    def _token_ok(self, token: Any) -> bool:
        return isinstance(token, str) and token.removeprefix("Bot ") == self.state.token

    def _owns(self, session: Session, guild_id: int | None) -> bool:
        """Whether ``session``'s shard receives a guild's events (DMs: shard 0), as on Discord."""
        shard_id, count = session.shard
        return shard_id == (0 if guild_id is None else (guild_id >> 22) % count)

    async def _identify(self, sock: _Socket, data: JSON) -> Session | None:
        self.identifies.append(data)
        intents = data.get("intents")
        if not self._token_ok(data.get("token")):
            await sock.close(4004, "Authentication failed")
            return None
        if not isinstance(intents, int):
            await sock.close(4013, "Invalid intent(s)")
            return None
        if intents & PRIVILEGED_INTENTS & ~self.privileged_intents:
            await sock.close(4014, "Disallowed intent(s)")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not 0 <= shard_id < shard_count:
            await sock.close(4010, "Invalid shard")
            return None
        for old in self._active():
            if old.shard == (shard_id, shard_count):
                old.ended = True  # a fresh IDENTIFY supersedes the shard's earlier session
        session = Session(uuid.uuid4().hex, intents, (shard_id, shard_count), socket=sock)
        self.sessions[session.id] = session
        state = self.state
        guilds = [g for g in state.guilds.values() if self._owns(session, g.id)]
        ready = {
            "v": 10,
            "user": state.bot.me_payload(),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_url,
            "application": {"id": str(state.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "shard": [shard_id, shard_count],
        }
        await self._send_to(session, "READY", ready)
        for guild in guilds:
            await self._send_to(session, "GUILD_CREATE", guild.create_payload())
        self._live.set()
        return session

    async def _resume(self, sock: _Socket, data: JSON) -> Session | None:
        if not self._token_ok(data.get("token")):
            await sock.close(4004, "Authentication failed")
            return None
        session = self.sessions.get(str(data.get("session_id")))
        seq = data.get("seq") or 0
        oldest = session.history[0]["s"] if session and session.history else 1
        if session is None or session.ended or seq < oldest - 1:
            await sock.send({"op": Op.INVALID_SESSION, "d": False})
            return None
        if session.socket is not None and session.socket is not sock:
            await session.socket.close(4000, "Session resumed elsewhere")
        session.socket = sock
        for frame in [f for f in session.history if f["s"] > seq]:
            await sock.send(frame)
        await self._send_to(session, "RESUMED", {})
        self._live.set()
        return session

    def _detach(self, sock: _Socket, session: Session | None) -> None:
        """Forget a closed socket; a client's clean close (1000/1001) ends its session."""
        if session is not None and session.socket is sock:
            session.socket = None
            if sock.sent_close_code is None and sock.ws.close_code in (1000, 1001):
                session.ended = True
        if not any(s.socket for s in self._active()):
            self._live.clear()

    async def _send_to(self, session: Session, event: str, data: JSON) -> None:
        session.sequence += 1
        frame = {"op": Op.DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.history.append(frame)
        if session.socket is not None:
            try:
                await session.socket.send(frame)
            except (ConnectionError, RuntimeError):
                log.debug("socket gone mid-send; %s stays buffered for RESUME", event)

    @property
    def has_session(self) -> bool:
        """Whether some client has identified and its session has not ended."""
        return bool(self._active())

    async def dispatch(self, event: str, data: JSON) -> int:
        """Send a dispatch to every session whose intents ask for it and whose shard owns its
        guild (buffered between sockets). Returns how many sessions it went to.
        """
        needed = required_intent(event, data)
        guild = data.get("guild_id") if isinstance(data, dict) else None
        guild_id = int(guild) if isinstance(guild, (str, int)) and str(guild).isdigit() else None
        sessions = [
            s for s in self._active() if s.intents & needed == needed and self._owns(s, guild_id)
        ]
        for session in sessions:
            await self._send_to(session, event, data)
        return len(sessions)

    async def drop(self, code: int = 4000) -> None:
        """Close every live socket server-side; sessions stay resumable."""
        for session in self._active():
            if session.socket is not None:
                await session.socket.close(code, "Dropped by the test double")
        self._live.clear()

    async def send_op(self, op: Op, data: Any = None) -> None:
        """Send a bare opcode (RECONNECT, INVALID_SESSION) to every live socket."""
        for session in self._active():
            if session.socket is not None:
                await session.socket.send({"op": op, "d": data})
            if op == Op.INVALID_SESSION and not data:
                session.ended = True
        if op in (Op.RECONNECT, Op.INVALID_SESSION):
            self._live.clear()

    async def close_all(self) -> None:
        """End every session and close its socket with 1001 (the double is going away)."""
        for session in list(self.sessions.values()):
            session.ended = True
            if session.socket is not None:
                await session.socket.close(1001, "Going away")
