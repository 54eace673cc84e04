"""Fault injection: make the next matching REST requests fail as Discord would."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from .replies import Reply, error, rate_limited


@dataclass(slots=True)
class Fault:
    """A pending failure for requests whose ``"METHOD /path"`` matches ``pattern``."""

    pattern: str
    status: int
    retry_after: float
    remaining: int
    is_global: bool
    message: str | None

    def matches(self, key: str) -> bool:
        """Whether a request key (``"POST /channels/1/messages"``) is one this fault hits.

        A pattern starting with ``/`` matches the path under any method; ``*`` matches any
        run of characters, including ``/``.
        """
        target = key.split(" ", 1)[1] if self.pattern.startswith("/") else key
        return fnmatchcase(target, self.pattern)

    def reply(self) -> Reply:
        """The failure to answer with."""
        if self.status == 429:
            return rate_limited(self.retry_after, is_global=self.is_global)
        return error(self.status, self.message)


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
    ) -> None:
        """Queue a fault; see ``DiscordDouble.fail_next``."""
        if times < 1:
            raise ValueError(f"times must be at least 1, got {times}")
        if not 400 <= status <= 599:
            raise ValueError(f"a fault needs an error status, got {status}")
        self._pending.append(Fault(pattern, status, retry_after, times, is_global, message))

    def take(self, key: str) -> Reply | None:
        """The failure for this request key, if one is pending (using it up once)."""
        for fault in self._pending:
            if fault.matches(key):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._pending.remove(fault)
                return fault.reply()
        return None

    def clear(self) -> None:
        """Drop every pending fault."""
        self._pending.clear()

    def __len__(self) -> int:
        return len(self._pending)
