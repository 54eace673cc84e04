"""The double's world: snowflakes, users, channels and guilds, and their Discord JSON shapes.

Payloads follow the Discord API v10 objects closely enough for discord.py 2.x to parse them;
optional fields discord.py reads with ``.get`` are mostly left out.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000

# Channel types (Discord's numbering).
GUILD_TEXT = 0
DM = 1
PUBLIC_THREAD = 11

# VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
# | ADD_REACTIONS | USE_APPLICATION_COMMANDS | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS:
# what a bot invited with the usual scopes has in an ordinary server.
EVERYONE_PERMISSIONS = sum(1 << bit for bit in (6, 10, 11, 14, 15, 16, 31, 35, 38))


def iso_now() -> str:
    """The current UTC time as Discord's ISO 8601 timestamp."""
    return datetime.now(UTC).isoformat()


# Shard counts 1-8 all divide it: guild n + 1's millisecond is guild n's + 1 modulo each count.
SHARD_CYCLE = 840


class Snowflakes:
    """Issues unique, increasing, time-based Discord ids (so ``snowflake_time`` is sensible)."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._last = 0
        self._guild_ms: int | None = None

    def next(self) -> int:
        """Return a fresh snowflake, strictly greater than every earlier one."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        candidate = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
        self._last = max(candidate, self._last + 1)
        return self._last

    def next_ms(self) -> int:
        """A fresh snowflake for a guild: its millisecond is the next after the previous
        guild's in every cycle of ``SHARD_CYCLE`` ms, whatever the clock did meanwhile, so
        Discord's shard rule ``(id >> 22) % count`` deals guilds made in a row to the shards
        in turn for any count up to 8 (a loaded machine that skips a millisecond between two
        guilds no longer puts both on one shard)."""
        last_ms = self.next() >> 22
        ms = last_ms + 1 if self._guild_ms is None else self._guild_ms + 1
        while ms <= last_ms:
            ms += SHARD_CYCLE
        self._guild_ms = ms
        self._last = (ms << 22) | (1 << 17)
        return self._last


@dataclass(slots=True)
class User:
    """A Discord user (a member of the test guild, or the bot itself)."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    permissions: int = 0  # granted on top of @everyone's in the guild (e.g. Manage Server)

    @property
    def mention(self) -> str:
        """The ``<@id>`` text that mentions this user in message content."""
        return f"<@{self.id}>"

    def payload(self) -> JSON:
        """The user object."""
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    def me_payload(self) -> JSON:
        """The user object as ``GET /users/@me`` and READY return it (with account fields)."""
        return {
            **self.payload(),
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "locale": "en-US",
        }

    def member_payload(self, *, with_user: bool = True, permissions: int | None = None) -> JSON:
        """The guild member object; ``with_user=False`` gives the partial form in messages."""
        member: JSON = {
            "roles": [],
            "nick": None,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_user:
            member["user"] = self.payload()
        if permissions is not None:
            member["permissions"] = str(permissions)
        return member


@dataclass(slots=True)
class Channel:
    """A guild text channel, a thread, or a DM channel (``recipient`` set, no guild)."""

    id: int
    name: str
    type: int = GUILD_TEXT
    guild_id: int | None = None
    parent_id: int | None = None
    owner_id: int | None = None
    recipient: User | None = None
    position: int = 0

    @property
    def is_dm(self) -> bool:
        """Whether this is a direct-message channel."""
        return self.type == DM

    def payload(self) -> JSON:
        """The channel object."""
        if self.type == DM:
            recipients = [self.recipient.payload()] if self.recipient else []
            return {
                "id": str(self.id),
                "type": DM,
                "last_message_id": None,
                "recipients": recipients,
            }
        data: JSON = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "parent_id": None if self.parent_id is None else str(self.parent_id),
            "nsfw": False,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
        }
        if self.type == PUBLIC_THREAD:
            data |= {
                "owner_id": str(self.owner_id),
                "message_count": 0,
                "member_count": 1,
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": iso_now(),
                    "locked": False,
                },
            }
        return data


@dataclass(slots=True)
class Guild:
    """A guild (server) with its channels and members; the bot is always a member."""

    id: int
    name: str
    owner_id: int
    channels: list[Channel] = field(default_factory=list)
    members: list[User] = field(default_factory=list)
    # False: the bot was invited without the applications.commands scope (syncs get 403).
    commands_scope: bool = True

    @property
    def text_channel(self) -> Channel:
        """The first text channel: where injected actions happen unless told otherwise."""
        return next(c for c in self.channels if c.type == GUILD_TEXT)

    def everyone_role(self) -> JSON:
        """The @everyone role (its id is the guild's id, as on Discord)."""
        return {
            "id": str(self.id),
            "name": "@everyone",
            "permissions": str(EVERYONE_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def payload(self) -> JSON:
        """The guild object of ``GET /guilds/{id}``: the guild without members or channels."""
        full = self.create_payload()
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at"):
            full.pop(key)
        return full

    def create_payload(self) -> JSON:
        """The GUILD_CREATE payload: the full guild with channels and members."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(self.owner_id),
            "unavailable": False,
            "large": False,
            "member_count": len(self.members),
            "joined_at": "2024-01-01T00:00:00+00:00",
            "roles": [self.everyone_role()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [c.payload() for c in self.channels if c.type == GUILD_TEXT],
            "threads": [c.payload() for c in self.channels if c.type == PUBLIC_THREAD],
            "members": [m.member_payload() for m in self.members],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_id": None,
            "preferred_locale": "en-US",
            "afk_timeout": 300,
        }
