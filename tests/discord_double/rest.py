"""The REST API: a small router that records every request, applies faults and answers."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from .faults import Action, Faults
from .models import JSON
from .records import RecordedRequest
from .replies import Reply, error
from .state import DoubleState

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
DISCONNECTED = 0  # the recorded status of a request the double dropped without answering


@dataclass(frozen=True, slots=True)
class Call:
    """A request as a route handler sees it: the path parameters and the decoded body."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any

    @property
    def body(self) -> JSON:
        """The JSON body if it is an object, else an empty dict."""
        return self.json if isinstance(self.json, dict) else {}


def snowflake(raw: object) -> int:
    """Parse an id from a path or body; anything malformed becomes 0 (never a real id)."""
    try:
        return int(str(raw))
    except ValueError:
        return 0


Handler = Callable[[DoubleState, Call], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class RouteSpec:
    """One REST route: ``template`` uses ``{name}`` for a path segment."""

    method: str
    template: str
    handler: Handler
    auth: bool = True

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """The path parameters if this route answers ``method path``."""
        if method != self.method:
            return None
        found = _compile(self.template).fullmatch(path)
        return None if found is None else found.groupdict()


@functools.cache
def _compile(template: str) -> re.Pattern[str]:
    """``/channels/{channel_id}/typing`` → a regex with one named group per parameter."""
    segments = [
        f"(?P<{seg[1:-1]}>[^/]+)" if seg.startswith("{") and seg.endswith("}") else re.escape(seg)
        for seg in template.split("/")
    ]
    return re.compile("/".join(segments))


async def read_body(request: web.Request) -> tuple[Any, tuple[str, ...]]:
    """Decode a JSON or multipart (``payload_json`` + ``files[n]``) body; also return file names."""
    if request.content_type == "multipart/form-data":
        payload: Any = None
        files: list[str] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                await part.read()
                files.append(part.filename or part.name or "file")
        return payload, tuple(files)
    raw = await request.read()
    if not raw:
        return None, ()
    try:
        return json.loads(raw), ()
    except ValueError:
        return raw.decode(errors="replace"), ()


class Router:
    """Answers ``/api/v10/...``: route lookup, bot-token auth, faults, handler, recording."""

    def __init__(
        self,
        state: DoubleState,
        faults: Faults,
        routes: Iterable[RouteSpec],
        record: Callable[[RecordedRequest, bool], None],
    ) -> None:
        self.state = state
        self.faults = faults
        self.routes = list(routes)
        self._record = record

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for every API path."""
        received_at = time.perf_counter()
        path = request.path.removeprefix(API_PREFIX) or "/"
        query = dict(request.query)
        body, files = await read_body(request)
        spec, params = self._find(request.method, path)
        if spec is None:
            reply = error(404, "404: Not Found")
        elif spec.auth and request.headers.get("Authorization") != f"Bot {self.state.token}":
            reply = error(401, "401: Unauthorized")
        else:
            call = Call(request.method, path, params, query, body)
            fault = self.faults.take(f"{request.method} {path}")
            if fault is None or fault.action is Action.STALL:
                await asyncio.sleep(fault.seconds if fault else 0)
                reply = await self._call(spec, call)
            elif fault.action is Action.DISCONNECT:
                reply = Reply(DISCONNECTED)
            else:
                reply = fault.reply()
        recorded = RecordedRequest(
            method=request.method,
            path=path,
            query=query,
            headers=dict(request.headers),
            json=body,
            files=files,
            received_at=received_at,
            status=reply.status,
            response=reply.body,
        )
        self._record(recorded, spec is not None)
        if reply.status == DISCONNECTED and request.transport is not None:
            request.transport.abort()  # no answer at all: the client sees the server go
        headers = dict(reply.headers)
        if reply.body is None:
            return web.Response(status=reply.status, headers=headers)
        # Exactly "application/json": discord.py parses JSON only on that exact header value
        # (a "; charset=utf-8" suffix makes it treat the body as text).
        headers["Content-Type"] = "application/json"
        return web.Response(
            status=reply.status, body=json.dumps(reply.body).encode(), headers=headers
        )

    async def _call(self, spec: RouteSpec, call: Call) -> Reply:
        """Run a handler; a body it cannot handle is a 400, not a 500 discord.py would retry."""
        try:
            return await spec.handler(self.state, call)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("the double could not handle %s %s: %r", call.method, call.path, exc)
            return error(400, f"Discord double could not handle this request: {exc!r}")

    def _find(self, method: str, path: str) -> tuple[RouteSpec | None, dict[str, str]]:
        for spec in self.routes:
            params = spec.match(method, path)
            if params is not None:
                return spec, params
        return None, {}
