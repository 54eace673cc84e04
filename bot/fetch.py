"""Fetching a web page safely, for ``articlebot add URL`` and Discord's ``/article add``.

What may be fetched is :mod:`bot.fetchpolicy`'s to say; this module applies it over HTTP:

- the host is resolved by our own resolver, which refuses the whole host when any of its
  addresses is refused by the policy; the connection goes to the addresses it checked, and the
  peer of the open connection is checked again, so DNS rebinding finds no gap;
- redirects are followed by hand, at most 5, each new URL checked the same way;
- a total timeout (10 s), a size cap enforced while the body streams (5 MB), HTML, XHTML or
  plain text only (a body of no declared type is taken only when it starts like an HTML
  document), a User-Agent naming articlebot, no proxies from the environment.

Every failure is a :class:`~bot.fetchpolicy.FetchError` (re-exported here with the policy).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.fetchpolicy import (
    FetchError,
    FetchFailed,
    FetchPolicy,
    FetchRefused,
    address_refusal,
    check_url,
)

log = logging.getLogger(__name__)

USER_AGENT = "articlebot/0.1 (news question-answering bot; +https://github.com/articlebot)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# What servers send when they do not know (Python's http.server for a file without an
# extension): the body decides, and only HTML is taken.
UNDECLARED_TYPES = ("application/octet-stream", "binary/octet-stream")
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: the final URL (after redirects), its body and what kind it is."""

    url: str
    body: bytes
    content_type: str
    charset: str | None

    @property
    def is_html(self) -> bool:
        """True for HTML and XHTML, False for plain text."""
        return self.content_type != "text/plain"

    def text(self) -> str:
        """The body decoded by its declared charset (UTF-8 when none is declared)."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name
            return self.body.decode("utf-8", errors="replace")


class _CheckingResolver(AbstractResolver):
    """Resolves through the system and refuses a host with any non-public address."""

    def __init__(self, policy: FetchPolicy) -> None:
        self._inner = ThreadedResolver()
        self._policy = policy

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        for r in results:
            why = self._policy.refusal(r["host"])
            if why:
                raise FetchRefused(f"refused: {host} is {why}")
        return results

    async def close(self) -> None:
        await self._inner.close()


def _content_type(resp: aiohttp.ClientResponse, url: str) -> str:
    """The page's type; ``""`` when the server does not say (no type, or a generic one),
    which the body then has to settle (:func:`_sniffed`)."""
    if "Content-Type" not in resp.headers:
        return ""
    kind = resp.content_type.lower()
    if kind in UNDECLARED_TYPES:
        return ""
    if kind not in ACCEPTED_TYPES:
        raise FetchRefused(f"{url} is {kind}, not a web page (HTML or plain text)")
    return kind


def _sniffed(body: bytes, url: str) -> str:
    """``text/html`` for a body of no declared type that starts like an HTML document (as a
    browser would show it); refused otherwise (a PDF, an image, an archive…)."""
    from index import looks_like_html

    if looks_like_html(body[:2048].decode("utf-8", errors="replace")):
        return "text/html"
    raise FetchRefused(f"{url} does not say what it is and is not a web page")


def _check_peer(resp: aiohttp.ClientResponse, policy: FetchPolicy) -> None:
    """The address actually connected to passes the same check (no rebinding gap)."""
    if resp.connection is None or resp.connection.transport is None:
        return
    peer = resp.connection.transport.get_extra_info("peername")
    if peer:
        why = policy.refusal(str(peer[0]))
        if why:
            raise FetchRefused(f"refused: the server is {why}")


async def _read_capped(resp: aiohttp.ClientResponse, url: str, cap: int) -> bytes:
    declared = resp.content_length
    if declared is not None and declared > cap:
        raise FetchRefused(f"{url} is too big ({declared:,} bytes; at most {cap:,})")
    body = bytearray()
    async for block in resp.content.iter_chunked(65536):
        body += block
        if len(body) > cap:
            raise FetchRefused(f"{url} is too big (over {cap:,} bytes)")
    return bytes(body)


async def _fetch(session: aiohttp.ClientSession, url: str, policy: FetchPolicy) -> Page:
    for _ in range(MAX_REDIRECTS + 1):
        url = check_url(url, policy)
        async with session.get(url, allow_redirects=False) as resp:
            _check_peer(resp, policy)
            if resp.status in _REDIRECTS and "Location" in resp.headers:
                url = urljoin(url, resp.headers["Location"])
                continue
            if resp.status >= 400:
                raise FetchFailed(f"{url} answered HTTP {resp.status} {resp.reason or ''}".strip())
            kind = _content_type(resp, url)
            body = await _read_capped(resp, url, policy.max_bytes)
            return Page(str(resp.url), body, kind or _sniffed(body, url), resp.charset)
    raise FetchFailed(f"too many redirects (more than {MAX_REDIRECTS})")


async def fetch_page(url: str, policy: FetchPolicy | None = None) -> Page:
    """Fetch ``url`` under ``policy``; every failure is a :class:`FetchError`, one line."""
    policy = policy or FetchPolicy()
    check_url(url, policy)
    connector_args: dict[str, Any] = {"limit": 4, "use_dns_cache": False}
    if not policy.allow_private:
        connector_args["resolver"] = _CheckingResolver(policy)
    timeout = aiohttp.ClientTimeout(total=policy.timeout_seconds)
    try:
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(**connector_args),
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.8"},
            trust_env=False,
        ) as session:
            return await _fetch(session, url, policy)
    except FetchError:
        raise
    except TimeoutError as exc:
        raise FetchFailed(f"{url} did not answer within {policy.timeout_seconds:g} s") from exc
    except aiohttp.ClientConnectorError as exc:
        inner = exc.os_error
        raise FetchFailed(f"cannot connect to {url}: {inner.strerror or inner}") from exc
    except aiohttp.InvalidURL as exc:
        raise FetchRefused(f"not a valid URL: {url!r}") from exc
    except aiohttp.ClientError as exc:
        raise FetchFailed(f"cannot fetch {url}: {exc or type(exc).__name__}") from exc


def fetch_page_sync(url: str, policy: FetchPolicy | None = None) -> Page:
    """:func:`fetch_page` for synchronous callers (the CLI)."""
    return asyncio.run(fetch_page(url, policy))


__all__ = [
    "ACCEPTED_TYPES",
    "MAX_REDIRECTS",
    "USER_AGENT",
    "FetchError",
    "FetchFailed",
    "FetchPolicy",
    "FetchRefused",
    "Page",
    "address_refusal",
    "check_url",
    "fetch_page",
    "fetch_page_sync",
]
