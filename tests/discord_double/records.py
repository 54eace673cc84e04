"""What the double remembers: every REST request it answered and every interaction it sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import JSON


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One REST request as the double received and answered it.

    ``path`` is relative to the API base (``/channels/1/messages``, no ``/api/v10``, no query);
    ``json`` is the body, taken from ``payload_json`` for multipart requests; ``received_at``
    is ``time.perf_counter()`` on arrival; ``status`` and ``response`` are what the double
    answered (``response`` is None for a 204).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    files: tuple[str, ...]
    received_at: float
    status: int
    response: Any

    @property
    def key(self) -> str:
        """``"METHOD /path"``: the form route patterns in ``fail_next`` are matched against."""
        return f"{self.method} {self.path}"

    @property
    def ok(self) -> bool:
        """Whether the double answered with a 2xx status."""
        return 200 <= self.status < 300

    @property
    def data(self) -> JSON:
        """The message-ish part of the body: ``data`` of a callback, else the body itself."""
        body = self.json if isinstance(self.json, dict) else {}
        inner = body.get("data") if self.path.endswith("/callback") else body
        return inner if isinstance(inner, dict) else {}

    def replies_to(self, message_id: int) -> bool:
        """Whether this posts a channel message replying to ``message_id``."""
        if self.method != "POST" or not self.path.endswith("/messages"):
            return False
        reference = self.data.get("message_reference") or {}
        return str(reference.get("message_id")) == str(message_id)


@dataclass(slots=True)
class InteractionRecord:
    """An interaction the double dispatched, and how the bot answered it so far.

    ``sent_at`` and ``acked_at`` are ``time.perf_counter()`` values: the dispatch handed to the
    gateway and the first accepted (2xx) callback.
    """

    id: int
    token: str
    type: int
    channel_id: int
    guild_id: int | None
    user_id: int
    sent_at: float
    message_id: int | None = None
    acked_at: float | None = None
    response_type: int | None = None
    original_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def latency(self) -> float | None:
        """Seconds from dispatch to the accepted callback, or None while unanswered."""
        return None if self.acked_at is None else self.acked_at - self.sent_at
