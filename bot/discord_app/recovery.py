"""Surviving what discord.py does not: when to reconnect after an unexpected error, and when
to give up.

discord.py reconnects by itself after network errors and gateway closes, but an exception
raised while it parses an event (a malformed payload: ``mention_roles`` holding objects, a
``"guild_id": null``) escapes its connection loop. The bot then reconnects after a growing
pause; only repeated failures in a short window end it, for a supervisor to restart. The
figures are in docs/reliability.md ("Discord: surviving bad payloads").
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecoveryPolicy:
    """At most ``max_failures`` in ``window_seconds``; pauses double from ``first_delay``."""

    max_failures: int = 5
    window_seconds: float = 600.0
    first_delay: float = 1.0
    max_delay: float = 60.0

    def describe(self) -> str:
        """The limit in words, for the message that ends the bot."""
        return f"{self.max_failures} times in {self.window_seconds:g} s"


class FailureWindow:
    """Counts failures in a sliding window and says how long to pause before the next try."""

    def __init__(self, policy: RecoveryPolicy, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        self._clock = clock
        self._times: deque[float] = deque()

    def record(self) -> float | None:
        """Count one failure now; the pause before reconnecting, or None: give up."""
        now = self._clock()
        self._times.append(now)
        while self._times and self._times[0] <= now - self.policy.window_seconds:
            self._times.popleft()
        recent = len(self._times)
        if recent >= self.policy.max_failures:
            return None
        return min(self.policy.max_delay, self.policy.first_delay * 2.0 ** (recent - 1))


__all__ = ["FailureWindow", "RecoveryPolicy"]
