"""The double's memory: configuration, the world, stored messages, commands and interactions."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from .models import DM, GUILD_TEXT, JSON, Channel, Guild, Snowflakes, User, iso_now
from .records import InteractionRecord

Dispatcher = Callable[[str, JSON], Awaitable[object]]

EPHEMERAL_FLAG = 1 << 6
LOADING_FLAG = 1 << 7
REPLY_TYPE = 19


async def _no_dispatch(event: str, data: JSON) -> None:
    """Stands in until the double wires its gateway in."""


class DoubleState:
    """Everything the double knows; REST handlers and action helpers read and change it."""

    def __init__(
        self,
        *,
        token: str,
        member_names: Iterable[str],
        guild_name: str,
        ack_deadline: float | None,
        echo_bot_messages: bool,
    ) -> None:
        self.ids = Snowflakes()
        self.token = token
        self.application_id = self.ids.next()
        # A modern application's bot user shares the application's id.
        self.bot = User(self.application_id, "articlebot-test", "Articlebot", bot=True)
        self.users: dict[int, User] = {self.bot.id: self.bot}
        self.channels: dict[int, Channel] = {}
        self.guilds: dict[int, Guild] = {}
        self.messages: dict[int, JSON] = {}
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.dm_channels: dict[int, Channel] = {}
        self.modals: dict[str, list[JSON]] = {}  # custom_id → components of an opened modal
        self.dispatch: Dispatcher = _no_dispatch
        self.gateway_url = ""
        self.shard_count = 1  # what GET /gateway/bot recommends
        self.ack_deadline = ack_deadline
        self.echo_bot_messages = echo_bot_messages
        members = [self.add_user(name) for name in member_names]
        owner = members[0] if members else self.bot
        self.guild = self.add_guild(guild_name, owner=owner, members=members)

    # -- the world ---------------------------------------------------------------------------

    def add_user(self, username: str, *, bot: bool = False) -> User:
        """Create a user with a fresh id."""
        user = User(self.ids.next(), username, username.title(), bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        owner: User,
        members: Iterable[User],
        channel_names: Iterable[str] = ("general", "news"),
    ) -> Guild:
        """Create a guild with text channels; the bot and ``members`` are its members."""
        guild = Guild(self.ids.next_ms(), name, owner.id, members=[self.bot, *members])
        self.guilds[guild.id] = guild
        for position, channel_name in enumerate(channel_names):
            self.add_channel(
                Channel(self.ids.next(), channel_name, GUILD_TEXT, guild.id, position=position)
            )
        return guild

    def add_channel(self, channel: Channel) -> Channel:
        """Register a channel (and list it in its guild, if it has one)."""
        self.channels[channel.id] = channel
        if channel.guild_id in self.guilds:
            self.guilds[channel.guild_id].channels.append(channel)
        return channel

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between the bot and ``user``, created on first use."""
        if user.id not in self.dm_channels:
            channel = Channel(self.ids.next(), f"dm-{user.username}", DM, recipient=user)
            self.dm_channels[user.id] = self.add_channel(channel)
        return self.dm_channels[user.id]

    # -- messages ----------------------------------------------------------------------------

    def new_message(self, channel: Channel, author: User, body: JSON, **extra: Any) -> JSON:
        """Build, store and return a message posted by ``author`` from a create ``body``."""
        message: JSON = {
            "id": str(self.ids.next()),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": body.get("content") or "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(channel, body),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "reactions": [],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
            if not extra.get("webhook_id"):
                message["member"] = author.member_payload(with_user=False)
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        message.update(extra)
        reference = body.get("message_reference")
        if reference:
            self._attach_reference(message, reference)
        self.messages[int(message["id"])] = message
        return message

    def edit_message(self, message: JSON, body: JSON) -> JSON:
        """Apply an edit body to a stored message; an edit also ends a deferred 'thinking'."""
        for key in ("content", "embeds", "components"):
            if key in body and body[key] is not None:
                message[key] = body[key]
        if "attachments" in body:
            channel = self.channels[int(message["channel_id"])]
            message["attachments"] = self._attachments(channel, body)
        flags = int(message.get("flags") or 0) & ~LOADING_FLAG
        message["flags"] = flags | (int(body.get("flags") or 0) & ~EPHEMERAL_FLAG)
        message["edited_timestamp"] = iso_now()
        return message

    def _attach_reference(self, message: JSON, reference: JSON) -> None:
        target = self.messages.get(int(reference.get("message_id") or 0))
        message["type"] = REPLY_TYPE
        message["message_reference"] = {
            "type": 0,
            "message_id": str(reference.get("message_id")),
            "channel_id": str(reference.get("channel_id") or message["channel_id"]),
            **({"guild_id": message["guild_id"]} if "guild_id" in message else {}),
        }
        if target is not None:
            resolved = copy.deepcopy(target)
            resolved.pop("referenced_message", None)
            message["referenced_message"] = resolved
        else:
            message["referenced_message"] = None

    def _attachments(self, channel: Channel, body: JSON) -> list[JSON]:
        attachments = []
        for item in body.get("attachments") or []:
            if "url" in item:  # an attachment kept from before an edit
                attachments.append(item)
                continue
            filename = item.get("filename", "file")
            attachment_id = self.ids.next()
            url = f"https://cdn.discordapp.com/attachments/{channel.id}/{attachment_id}/{filename}"
            attachments.append(
                {
                    "id": str(attachment_id),
                    "filename": filename,
                    "size": 0,
                    "url": url,
                    "proxy_url": url,
                }
            )
        return attachments

    # -- commands and interactions -----------------------------------------------------------

    def overwrite_commands(self, guild_id: int | None, commands: list[JSON]) -> list[JSON]:
        """Store a bulk overwrite; a command keeps its id while its name and type stay."""
        old = self.global_commands if guild_id is None else self.guild_commands.get(guild_id, [])
        old_ids = {(c.get("type", 1), c["name"]): c["id"] for c in old}
        stored = []
        for command in commands:
            kind = command.get("type", 1)
            entry = {
                **command,
                "id": old_ids.get((kind, command["name"])) or str(self.ids.next()),
                "application_id": str(self.application_id),
                "version": str(self.ids.next()),
                "type": kind,
                "description": command.get("description", ""),
                "default_member_permissions": command.get("default_member_permissions"),
                "nsfw": bool(command.get("nsfw", False)),
            }
            if guild_id is not None:
                entry["guild_id"] = str(guild_id)
            stored.append(entry)
        if guild_id is None:
            self.global_commands = stored
        else:
            self.guild_commands[guild_id] = stored
        return stored

    def find_command(self, name: str, guild_id: int | None, kind: int = 1) -> JSON | None:
        """The synced command the client would use: the guild's first, then the global one."""
        scopes = [self.guild_commands.get(guild_id, [])] if guild_id is not None else []
        for commands in [*scopes, self.global_commands]:
            for command in commands:
                if command["name"] == name and command.get("type", 1) == kind:
                    return command
        return None

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        """The interaction a webhook token belongs to."""
        return next((i for i in self.interactions.values() if i.token == token), None)
