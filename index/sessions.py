"""Sessions: a bounded store of conversations, one per asker in one place.

A bot talks to many people in many channels; each (place, person) key gets its own
:class:`~index.conversation.Conversation`. Memory stays flat however long the bot runs:
a conversation idle for ``ttl_seconds`` is forgotten (its next question starts afresh), and
at most ``max_conversations`` are kept, the least recently used going first. Each
conversation is itself bounded (``max_turns``), so the store's size has a fixed ceiling.

Not thread-safe: use one store from one thread or one asyncio event loop (as discord.py does).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from index.conversation import MAX_TURNS, Conversation
from index.errors import SettingsError


@dataclass(slots=True)
class _Entry:
    conversation: Conversation
    last_used: float


class Sessions:
    """Conversations by key, dropped after ``ttl_seconds`` idle, at most ``max_conversations``.

    ``clock`` returns seconds and never goes backwards (``time.monotonic``; tests pass a fake).
    """

    def __init__(
        self,
        ttl_seconds: float = 900.0,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        max_turns: int = MAX_TURNS,
    ) -> None:
        if not ttl_seconds > 0:
            raise SettingsError(f"conversation ttl must be > 0 seconds, got {ttl_seconds}")
        if max_conversations < 1:
            raise SettingsError(f"max conversations must be >= 1, got {max_conversations}")
        self.ttl_seconds = float(ttl_seconds)
        self.max_conversations = max_conversations
        self.max_turns = max_turns
        self._clock = clock
        # Least recently used first: expiry and eviction both pop from the front.
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()

    def get(self, key: Hashable) -> Conversation:
        """The conversation for ``key`` (e.g. ``(channel_id, user_id)``), new if none is live."""
        now = self._clock()
        self._expire(now)
        entry = self._entries.get(key)
        if entry is None:
            entry = _Entry(Conversation(self.max_turns), now)
            self._entries[key] = entry
            while len(self._entries) > self.max_conversations:
                self._entries.popitem(last=False)
        else:
            entry.last_used = now
            self._entries.move_to_end(key)
        return entry.conversation

    def reset(self, key: Hashable) -> None:
        """Forget the conversation for ``key`` (its next question starts a new topic)."""
        self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget every conversation."""
        self._entries.clear()

    def __contains__(self, key: object) -> bool:
        """True when ``key`` has a live conversation (looking does not refresh it)."""
        self._expire(self._clock())
        return key in self._entries

    def __len__(self) -> int:
        """How many conversations are live."""
        self._expire(self._clock())
        return len(self._entries)

    def _expire(self, now: float) -> None:
        cutoff = now - self.ttl_seconds
        while self._entries:
            entry = next(iter(self._entries.values()))
            if entry.last_used > cutoff:
                break
            self._entries.popitem(last=False)


__all__ = ["Sessions"]
