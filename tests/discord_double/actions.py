"""User actions injected as gateway dispatches: slash commands, autocomplete, clicks, messages.

Payloads are the ones Discord sends (INTERACTION_CREATE, MESSAGE_CREATE), built from the
double's world so discord.py resolves guilds, channels, members and synced commands.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .gateway import MESSAGE_CONTENT, Gateway
from .interaction_data import (
    SELECT_TYPES,
    STRING,
    build_options,
    declared_option_types,
    find_component,
    modal_submission,
    nest_options,
)
from .models import EVERYONE_PERMISSIONS, JSON, Channel, User
from .records import InteractionRecord
from .state import DoubleState

MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


class UserActions:
    """Mixin for ``DiscordDouble``: what a person does in Discord, as the gateway reports it."""

    _state: DoubleState
    _gateway: Gateway

    @property
    def users(self) -> list[User]:
        """The default guild's human members (the first is the default actor)."""
        return [u for u in self._state.guild.members if not u.bot]

    def _channel(self, channel_id: int | None, guild_id: int | None) -> Channel:
        state = self._state
        if channel_id is not None:
            if channel_id not in state.channels:
                raise ValueError(f"the double has no channel {channel_id}")
            return state.channels[channel_id]
        return state.guilds[guild_id].text_channel if guild_id else state.guild.text_channel

    def _actor(self, user: User | None, channel: Channel) -> User:
        return user or channel.recipient or self.users[0]

    async def _interact(
        self, kind: int, data: JSON, user: User, channel: Channel, message: JSON | None = None
    ) -> int:
        """Register an interaction, then dispatch INTERACTION_CREATE; returns its id."""
        state = self._state
        record = InteractionRecord(
            id=state.ids.next(),
            token=f"double-{secrets.token_urlsafe(24)}",
            type=kind,
            channel_id=channel.id,
            guild_id=channel.guild_id,
            user_id=user.id,
            sent_at=time.perf_counter(),
            message_id=int(message["id"]) if message else None,
        )
        state.interactions[record.id] = record  # registered first: the callback may race us
        owners = {"0": str(channel.guild_id)} if channel.guild_id else {"1": str(user.id)}
        payload: JSON = {
            "id": str(record.id),
            "application_id": str(state.application_id),
            "type": kind,
            "data": data,
            "token": record.token,
            "version": 1,
            "channel_id": str(channel.id),
            "channel": channel.payload(),
            "app_permissions": str(EVERYONE_PERMISSIONS),
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": owners,
            "context": 0 if channel.guild_id else 1,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if channel.guild_id is not None:
            payload["guild_id"] = str(channel.guild_id)
            payload["guild"] = {"id": str(channel.guild_id), "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            permissions = EVERYONE_PERMISSIONS | user.permissions
            payload["member"] = user.member_payload(permissions=permissions)
        else:
            payload["user"] = user.payload()
        if message is not None:
            payload["message"] = message
        record.sent_at = time.perf_counter()
        await self._send("INTERACTION_CREATE", payload)
        return record.id

    async def _send(self, event: str, data: JSON) -> None:
        if not self._gateway.has_session:
            raise RuntimeError(f"{event} not sent: no client has identified with the double")
        await self._gateway.dispatch(event, data)

    def _command_data(
        self, name: str, channel: Channel, options: list[JSON], resolved: JSON
    ) -> JSON:
        top, *path = name.split()
        command = self._state.find_command(top, channel.guild_id)
        data: JSON = {
            "id": command["id"] if command else str(self._state.ids.next()),
            "name": top,
            "type": 1,
            "options": nest_options(path, options),
        }
        if command and "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    def _option_types(
        self, name: str, channel: Channel, explicit: Mapping[str, int] | None
    ) -> dict[str, int]:
        top, *path = name.split()
        declared = declared_option_types(self._state.find_command(top, channel.guild_id), path)
        return {**declared, **(explicit or {})}

    async def slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: User | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        option_types: Mapping[str, int] | None = None,
    ) -> int:
        """A user runs ``/name`` (``"group sub"`` for subcommands); returns the interaction id.

        Option types come from ``option_types``, else the synced command, else the values
        (``User``/``Channel`` values become resolved user/channel options).
        """
        channel = self._channel(channel_id, guild_id)
        types = self._option_types(name, channel, option_types)
        opts, resolved = build_options(options or {}, types, channel.guild_id)
        data = self._command_data(name, channel, opts, resolved)
        return await self._interact(2, data, self._actor(user, channel), channel)

    async def autocomplete(
        self,
        name: str,
        focused_option: str,
        value: str = "",
        other_options: Mapping[str, Any] | None = None,
        *,
        user: User | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        option_types: Mapping[str, int] | None = None,
    ) -> int:
        """A user types ``value`` into ``focused_option`` of ``/name``; returns the id."""
        channel = self._channel(channel_id, guild_id)
        types = self._option_types(name, channel, option_types)
        opts, resolved = build_options(other_options or {}, types, channel.guild_id)
        focused_type = types.get(focused_option, STRING)
        opts.append({"name": focused_option, "type": focused_type, "value": value, "focused": True})
        data = self._command_data(name, channel, opts, resolved)
        return await self._interact(4, data, self._actor(user, channel), channel)

    async def click(
        self,
        custom_id: str,
        message: int | JSON,
        *,
        user: User | None = None,
        values: Sequence[str] = (),
    ) -> int:
        """A user clicks a button (or picks ``values`` in a select) on a bot message.

        ``message`` is a message id the double stored (or the message JSON); the component
        must be on it, as only visible components can be clicked.
        """
        stored = self._state.messages.get(message) if isinstance(message, int) else message
        if stored is None:
            raise ValueError(f"the double has no message {message}")
        component = find_component(stored.get("components") or [], custom_id)
        if component is None:
            raise ValueError(f"message {stored['id']} has no component {custom_id!r}")
        data: JSON = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] in SELECT_TYPES:
            data["values"] = list(values)
        channel = self._state.channels[int(stored["channel_id"])]
        return await self._interact(3, data, self._actor(user, channel), channel, stored)

    async def submit_modal(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        user: User | None = None,
        channel_id: int | None = None,
    ) -> int:
        """A user submits the modal the bot opened as ``custom_id``; returns the interaction id.

        ``values`` maps text-input custom_ids to what the user typed; inputs left out keep
        their pre-filled value.
        """
        layout = self._state.modals.get(custom_id)
        if layout is None:
            raise ValueError(f"the bot never opened a modal {custom_id!r}")
        channel = self._channel(channel_id, None)
        data: JSON = {"custom_id": custom_id, "components": modal_submission(layout, values)}
        return await self._interact(5, data, self._actor(user, channel), channel)

    async def message(
        self,
        content: str,
        *,
        author: User | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        mentions: Sequence[User] = (),
        reply_to: int | None = None,
        raw: Mapping[str, Any] | None = None,
    ) -> int:
        """A user posts a message (a DM when ``channel_id`` is a DM channel); returns its id.

        ``<@id>`` mentions in ``content`` are resolved like Discord does (``<@&id>`` role
        mentions too), and a reply to a bot message mentions the bot (the default reply
        ping). Without the message-content intent the bot sees the content only where Discord
        shows it: DMs and messages mentioning it. ``raw`` overrides fields of the dispatched
        MESSAGE_CREATE as they are, to play a server that sends malformed payloads.
        """
        state = self._state
        channel = self._channel(channel_id, guild_id)
        author = self._actor(author, channel)
        mentioned = {u.id: u for u in mentions}
        for found in MENTION.findall(content):
            if int(found) in state.users:
                mentioned[int(found)] = state.users[int(found)]
        body: JSON = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to), "channel_id": str(channel.id)}
            target = state.messages.get(reply_to)
            if target is not None and target["author"]["id"] == str(state.bot.id):
                mentioned[state.bot.id] = state.bot
        in_guild = channel.guild_id is not None
        mention_payloads = [
            {**u.payload(), **({"member": u.member_payload(with_user=False)} if in_guild else {})}
            for u in mentioned.values()
        ]
        roles = ROLE_MENTION.findall(content)
        message = state.new_message(
            channel, author, body, mentions=mention_payloads, mention_roles=roles
        )
        if "@everyone" in content or "@here" in content:
            message["mention_everyone"] = True
        visible = (
            channel.is_dm or state.bot.id in mentioned or self._gateway.intents & MESSAGE_CONTENT
        )
        blank = {"content": "", "embeds": [], "attachments": [], "components": []}
        sent = message if visible else {**message, **blank}
        await self._send("MESSAGE_CREATE", {**sent, **(raw or {})})
        return int(message["id"])
