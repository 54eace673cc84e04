"""The engine and the rate limiter with counts for ``/metrics`` (see :mod:`bot.metrics`)."""

from __future__ import annotations

import time
from typing import Any

from bot.discord_app.engine import Engine, Person, Place
from bot.discord_app.ratelimit import Limiter
from bot.metrics import Metrics
from index import Asked, SearchIndex


class MeteredEngine(Engine):
    """An :class:`Engine` that counts each answer, its abstention and the core's time."""

    def __init__(self, index: SearchIndex, *, metrics: Metrics, **options: Any) -> None:
        super().__init__(index, **options)
        self.metrics = metrics

    def ask(
        self,
        place: Place,
        person: Person,
        question: str,
        k: int | None = None,
        article: str | None = None,
    ) -> Asked:
        started = time.perf_counter()
        asked = super().ask(place, person, question, k, article)
        self.metrics.answered(asked.answer.abstained, time.perf_counter() - started)
        return asked


class MeteredLimiter(Limiter):
    """A :class:`Limiter` that counts the questions it refuses."""

    def __init__(self, cooldown_seconds: float, per_second: float, *, metrics: Metrics) -> None:
        super().__init__(cooldown_seconds, per_second)
        self.metrics = metrics

    def check(self, person: int) -> float:
        wait = super().check(person)
        if wait > 0:
            self.metrics.refused()
        return wait


__all__ = ["MeteredEngine", "MeteredLimiter"]
