"""``/healthz`` and ``/metrics`` over HTTP, on the bot's own event loop (aiohttp).

``/healthz`` answers 200 ``ready`` only once the gateway is connected (every shard this
process runs) and the index is loaded, 503 ``not ready`` otherwise, so an orchestrator
restarts or routes around a process that lost Discord. Bound to 127.0.0.1 unless told
otherwise: the metrics name no user, but nothing outside the host needs them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.metrics import CONTENT_TYPE, Metrics, Probe
from index import ArticlebotError

log = logging.getLogger(__name__)


def health_app(metrics: Metrics, probe: Probe) -> web.Application:
    """The aiohttp application serving both routes."""

    async def healthz(request: web.Request) -> web.Response:
        if probe.ready():
            return web.Response(text="ready\n")
        return web.Response(status=503, text="not ready\n")

    async def scrape(request: web.Request) -> web.Response:
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", scrape)
    return app


@contextlib.asynccontextmanager
async def health_server(
    metrics: Metrics, probe: Probe, host: str, port: int
) -> AsyncIterator[None]:
    """Serve ``/healthz`` and ``/metrics`` on ``host:port`` for the duration.

    A port that cannot be bound is an :class:`ArticlebotError` (one line) before the bot
    connects.
    """
    runner = web.AppRunner(health_app(metrics, probe), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            raise ArticlebotError(
                f"cannot serve /healthz on {host}:{port}: {exc.strerror or exc}"
            ) from exc
        log.info("serving /healthz and /metrics on http://%s:%d", host, port)
        yield
    finally:
        await runner.cleanup()


__all__ = ["health_app", "health_server"]
