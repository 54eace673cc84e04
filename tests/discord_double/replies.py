"""REST replies, including Discord-shaped errors (JSON ``{"message", "code"}`` bodies)."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Discord's JSON error codes for the "Unknown ..." 404s, keyed by what was unknown.
UNKNOWN_CODES = {
    "Application": 10002,
    "Channel": 10003,
    "Guild": 10004,
    "Message": 10008,
    "User": 10013,
    "Emoji": 10014,
    "Webhook": 10015,
    "interaction": 10062,
}

STATUS_MESSAGES = {
    400: "400: Bad Request",
    401: "401: Unauthorized",
    403: "Missing Permissions",
    404: "404: Not Found",
    405: "405: Method Not Allowed",
    500: "500: Internal Server Error",
    502: "502: Bad Gateway",
    503: "503: Service Unavailable",
    504: "504: Gateway Timeout",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: a status, a JSON body (None means no body) and extra headers."""

    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


def ok(body: Any) -> Reply:
    """200 with a JSON body."""
    return Reply(200, body)


def no_content() -> Reply:
    """204, as Discord answers typing, reactions and deletes."""
    return Reply(204)


def error(status: int, message: str | None = None, code: int = 0) -> Reply:
    """A Discord error body for ``status``."""
    text = message or STATUS_MESSAGES.get(status, f"{status}: Error")
    return Reply(status, {"message": text, "code": code})


def unknown(kind: str) -> Reply:
    """404 ``Unknown <kind>`` with Discord's code for it."""
    return error(404, f"Unknown {kind}", UNKNOWN_CODES.get(kind, 0))


def invalid_form(errors: Mapping[str, str]) -> Reply:
    """400 ``Invalid Form Body`` (50035) listing each field's problem, as Discord nests them."""
    nested = {
        name: {"_errors": [{"code": "BASE_TYPE_INVALID", "message": why}]}
        for name, why in errors.items()
    }
    return Reply(400, {"message": "Invalid Form Body", "code": 50035, "errors": nested})


def rate_limited(retry_after: float, *, is_global: bool = False, bucket: str = "double") -> Reply:
    """429 with the body and headers Discord sends.

    discord.py retries a 429 only when a ``Via`` header is present (otherwise it assumes a
    Cloudflare ban) and sleeps for the body's ``retry_after``.
    """
    headers = {
        "Via": "1.1 google",
        "Retry-After": str(max(1, math.ceil(retry_after))),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
        "X-RateLimit-Reset-After": f"{retry_after:.3f}",
        "X-RateLimit-Bucket": bucket,
        "X-RateLimit-Scope": "global" if is_global else "user",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
        "code": 0,
    }
    return Reply(429, body, headers)
