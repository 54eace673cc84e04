"""Which links may be fetched: the address policy behind :mod:`bot.fetch`.

A link given by a user must not reach into the machine's own network (server-side request
forgery). This module decides what is acceptable, with no network of its own:

- only ``http`` and ``https``;
- an address is refused when it is loopback, private, link-local, multicast, reserved,
  unspecified or otherwise not global (IPv4, IPv6 and IPv4-mapped IPv6; ``2130706433`` and
  ``0177.0.0.1`` mean 127.0.0.1 and are refused as such).

``allow_private`` (``ARTICLEBOT_FETCH_ALLOW_PRIVATE=true``) lifts the address check, for tests
and intranets. Errors::

    FetchError        base (an ArticlebotError)
    ├── FetchRefused  the source is not acceptable: scheme, address, type, size (exit 2)
    └── FetchFailed   the network or the server failed: DNS, timeout, HTTP status (exit 1)
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from index import ArticlebotError


class FetchError(ArticlebotError):
    """A page could not be fetched; the message is one line for the user."""


class FetchRefused(FetchError):
    """The source is refused by policy (scheme, address, content type, size)."""


class FetchFailed(FetchError):
    """The network or the server failed (DNS, connection, timeout, HTTP error status)."""


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What a fetch may do: addresses, time and size.

    ``allow_private`` lifts the address check altogether; ``allowed_networks`` lifts it for
    those networks only (one intranet server, say), every other address still checked.
    """

    allow_private: bool = False
    timeout_seconds: float = 10.0
    max_bytes: int = 5_000_000
    allowed_networks: tuple[Network, ...] = ()

    def refusal(self, address: str) -> str | None:
        """Why this policy refuses ``address``, or None."""
        if self.allow_private:
            return None
        why = address_refusal(address)
        if why and any(_within(address, net) for net in self.allowed_networks):
            return None
        return why


def _within(address: str, network: Network) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]) in network
    except ValueError:
        return False


def address_refusal(address: str) -> str | None:
    """Why ``address`` (an IP address) may not be fetched from (``"127.0.0.1, a loopback
    address"``), or None when it is public."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is not None:
            ip = inner
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    ):
        if flag:
            return f"{ip}, {'an' if kind[0] in 'aeiou' else 'a'} {kind} address"
    return None


def check_url(url: str, policy: FetchPolicy) -> str:
    """``url`` when its scheme is http(s) and a literal IP host is public; else
    :class:`FetchRefused`. (Host names are checked when resolved.)"""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as exc:
        raise FetchRefused(f"not a valid URL: {url!r} ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused(f"only http and https links can be added, not {parts.scheme or url!r}")
    if not host:
        raise FetchRefused(f"the link has no host: {url!r}")
    url = _canonical_ipv4(url.strip(), parts.netloc, host)
    literal = urlsplit(url).hostname or host
    try:
        ipaddress.ip_address(literal)
    except ValueError:
        return url
    why = policy.refusal(literal)
    if why:
        shown = literal if literal == host else f"{host} ({literal})"
        raise FetchRefused(f"refused: {shown} is {why.split(', ', 1)[1]}")
    return url


def _canonical_ipv4(url: str, netloc: str, host: str) -> str:
    """``url`` with a numeric IPv4 host in another form (``2130706433``, ``0177.0.0.1``,
    ``0x7f.1``) written as the dotted quad it means, as resolvers read it."""
    if not host[:1].isdigit() or ":" in host:
        return url
    try:
        dotted = socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return url
    if dotted == host:
        return url
    return url.replace(netloc, netloc.replace(host, dotted, 1), 1)


__all__ = [
    "FetchError",
    "FetchFailed",
    "FetchPolicy",
    "FetchRefused",
    "Network",
    "address_refusal",
    "check_url",
]
