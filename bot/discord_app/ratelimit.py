"""Question rate limits: a cooldown per person and a cap on questions per second overall.

The cooldown stops one person from flooding a channel; the global cap (a token bucket,
so short bursts pass) protects the process when many people ask at once. Both take the
clock as an argument so tests need no sleeping.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

Clock = Callable[[], float]


class Cooldown:
    """At most one question per ``seconds`` per person; remembers at most ``max_people``."""

    def __init__(
        self, seconds: float, clock: Clock = time.monotonic, max_people: int = 100_000
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self._max = max_people
        self._last: OrderedDict[int, float] = OrderedDict()

    def wait(self, person: int) -> float:
        """Seconds ``person`` must still wait (0: may ask now)."""
        last = self._last.get(person)
        if last is None:
            return 0.0
        return max(0.0, last + self.seconds - self._clock())

    def record(self, person: int) -> None:
        """Note that ``person`` asked now."""
        self._last[person] = self._clock()
        self._last.move_to_end(person)
        while len(self._last) > self._max:
            self._last.popitem(last=False)


class RateCap:
    """A token bucket: ``rate`` questions per second on average, bursts of up to ``burst``."""

    def __init__(
        self, rate: float, burst: float | None = None, clock: Clock = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate)
        self._clock = clock
        self._tokens = self.burst
        self._at = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now

    def wait(self) -> float:
        """Seconds until a question may be taken (0: one may be taken now)."""
        self._refill()
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate

    def take(self) -> None:
        """Use up one question."""
        self._refill()
        self._tokens -= 1


class Limiter:
    """Both limits together: :meth:`check` admits a question or says how long to wait."""

    def __init__(
        self, cooldown_seconds: float, per_second: float, clock: Clock = time.monotonic
    ) -> None:
        self.cooldown = Cooldown(cooldown_seconds, clock)
        self.cap = RateCap(per_second, clock=clock)

    def check(self, person: int) -> float:
        """0 and the question is counted, or the seconds to wait (and nothing is counted)."""
        wait = max(self.cooldown.wait(person), self.cap.wait())
        if wait > 0:
            return wait
        self.cooldown.record(person)
        self.cap.take()
        return 0.0


__all__ = ["Cooldown", "Limiter", "RateCap"]
