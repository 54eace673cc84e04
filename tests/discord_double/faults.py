"""Fault injection: make the next matching REST requests fail as Discord (or a network) would.

Four kinds: an error status (:attr:`Action.FAIL`), a dropped connection with no answer
(:attr:`Action.DISCONNECT`), a reply with a body of the test's choosing, e.g. a malformed one
(:attr:`Action.REPLY`), and a stall of some seconds before the normal answer
(:attr:`Action.STALL`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from fnmatch import fnmatchcase
from typing import Any

from .replies import Reply, error, invalid_form, rate_limited


class Action(Enum):
    """What a fault does to the request it hits."""

    FAIL = "fail"
    DISCONNECT = "disconnect"
    REPLY = "reply"
    STALL = "stall"


@dataclass(slots=True)
class Fault:
    """A pending failure for requests whose ``"METHOD /path"`` matches ``pattern``."""

    pattern: str
    status: int
    retry_after: float
    remaining: int
    is_global: bool
    message: str | None
    action: Action = Action.FAIL
    code: int = 0
    errors: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    seconds: float = 0.0

    def matches(self, key: str) -> bool:
        """Whether a request key (``"POST /channels/1/messages"``) is one this fault hits.

        A pattern starting with ``/`` matches the path under any method; ``*`` matches any
        run of characters, including ``/``.
        """
        target = key.split(" ", 1)[1] if self.pattern.startswith("/") else key
        return fnmatchcase(target, self.pattern)

    def reply(self) -> Reply:
        """The failure to answer with (for :attr:`Action.FAIL` and :attr:`Action.REPLY`)."""
        if self.action is Action.REPLY:
            return Reply(self.status, self.body)
        if self.status == 429:
            return rate_limited(self.retry_after, is_global=self.is_global)
        if self.errors:
            return invalid_form(self.errors)
        return error(self.status, self.message, self.code)


class Faults:
    """The queue of pending faults; the first match wins and is used up ``times`` times."""

    def __init__(self) -> None:
        self._pending: list[Fault] = []

    def add(
        self,
        pattern: str,
        *,
        status: int = 429,
        retry_after: float = 0.2,
        times: int = 1,
        is_global: bool = False,
        message: str | None = None,
        code: int = 0,
        errors: Mapping[str, str] | None = None,
    ) -> None:
        """Queue an error reply; see ``DiscordDouble.fail_next``."""
        if not 400 <= status <= 599:
            raise ValueError(f"a fault needs an error status, got {status}")
        fault = Fault(pattern, status, retry_after, times, is_global, message)
        fault.code, fault.errors = code, dict(errors or {})
        self._queue(fault)

    def add_action(
        self,
        pattern: str,
        action: Action,
        *,
        times: int = 1,
        status: int = 200,
        body: Any = None,
        seconds: float = 0.0,
    ) -> None:
        """Queue a disconnect, a reply with ``body``, or a stall of ``seconds``."""
        fault = Fault(pattern, status, 0.0, times, False, None, action)
        fault.body, fault.seconds = body, seconds
        self._queue(fault)

    def _queue(self, fault: Fault) -> None:
        if fault.remaining < 1:
            raise ValueError(f"times must be at least 1, got {fault.remaining}")
        self._pending.append(fault)

    def take(self, key: str) -> Fault | None:
        """The pending fault for this request key, if any (using it up once)."""
        for fault in self._pending:
            if fault.matches(key):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._pending.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Drop every pending fault."""
        self._pending.clear()

    def __len__(self) -> int:
        return len(self._pending)


class FaultInjection:
    """Mixin for ``DiscordDouble``: make the next matching requests fail, drop, lie or stall."""

    _faults: Faults

    def fail_next(
        self,
        route_pattern: str,
        status: int = 429,
        *,
        retry_after: float = 0.2,
        times: int = 1,
        is_global: bool = False,
        message: str | None = None,
        code: int = 0,
        errors: Mapping[str, str] | None = None,
    ) -> None:
        """Fail the next ``times`` requests matching ``route_pattern`` with ``status``.

        The pattern is a glob over ``"METHOD /path"`` (``"POST /interactions/*/callback"``) or,
        starting with ``/``, over the path alone. A 429 carries ``retry_after`` in its body and
        the ``X-RateLimit-*``/``Retry-After``/``Via`` headers, so discord.py waits and retries;
        discord.py also retries 500/502/504 (after a 1 s pause) but not other statuses.
        Other errors carry ``message`` and Discord's JSON ``code`` (50001 Missing Access...);
        ``errors`` (field path → problem, e.g. ``{"0.description": "too long"}``) makes it
        a 400 Invalid Form Body (50035) listing them.
        """
        self._faults.add(
            route_pattern,
            status=status,
            retry_after=retry_after,
            times=times,
            is_global=is_global,
            message=message,
            code=code,
            errors=errors,
        )

    def disconnect_next(self, route_pattern: str, *, times: int = 1) -> None:
        """Drop the connection of the next matching requests without answering them.

        discord.py then raises ``aiohttp.ServerDisconnectedError`` (it retries only
        connection resets). The request is recorded with status 0.
        """
        self._faults.add_action(route_pattern, Action.DISCONNECT, times=times)

    def reply_next(
        self, route_pattern: str, body: Any, *, status: int = 200, times: int = 1
    ) -> None:
        """Answer the next matching requests with ``body`` (e.g. a malformed one) instead."""
        self._faults.add_action(route_pattern, Action.REPLY, times=times, status=status, body=body)

    def stall_next(self, route_pattern: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next matching requests for ``seconds`` before answering them normally."""
        self._faults.add_action(route_pattern, Action.STALL, times=times, seconds=seconds)
