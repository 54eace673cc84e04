"""REST routes for channels: messages, replies, typing, reactions and threads."""

from __future__ import annotations

from .limits import check_message
from .models import GUILD_TEXT, JSON, PUBLIC_THREAD, Channel
from .replies import Reply, error, invalid_form, no_content, ok, unknown
from .rest import Call, RouteSpec, snowflake
from .state import DoubleState


def _channel(state: DoubleState, call: Call) -> Channel | None:
    return state.channels.get(snowflake(call.params["channel_id"]))


def _message(state: DoubleState, call: Call) -> JSON | None:
    """The addressed message, if it exists in the addressed channel."""
    message = state.messages.get(snowflake(call.params["message_id"]))
    if message is None or message["channel_id"] != call.params["channel_id"]:
        return None
    return message


async def echo(state: DoubleState, message: JSON) -> None:
    """Dispatch MESSAGE_CREATE for a message the bot posted, as Discord does."""
    if state.echo_bot_messages and not int(message.get("flags") or 0) & (1 << 6):
        await state.dispatch("MESSAGE_CREATE", message)


async def get_channel(state: DoubleState, call: Call) -> Reply:
    """A channel by id (``Client.fetch_channel``)."""
    channel = _channel(state, call)
    return unknown("Channel") if channel is None else ok(channel.payload())


async def create_message(state: DoubleState, call: Call) -> Reply:
    """Post a message as the bot (``channel.send``, ``message.reply``)."""
    channel = _channel(state, call)
    if channel is None:
        return unknown("Channel")
    problems = check_message(call.body, creating=True)
    reference = call.body.get("message_reference") or {}
    target = snowflake(reference.get("message_id")) if reference else None
    if (
        target is not None
        and target not in state.messages
        and reference.get("fail_if_not_exists", True)
    ):
        problems["message_reference"] = "Unknown message"
    if problems:
        return invalid_form(problems)
    message = state.new_message(channel, state.bot, call.body)
    await echo(state, message)
    return ok(message)


async def get_message(state: DoubleState, call: Call) -> Reply:
    """A stored message (``channel.fetch_message``)."""
    message = _message(state, call)
    return unknown("Message") if message is None else ok(message)


async def edit_message(state: DoubleState, call: Call) -> Reply:
    """Edit one of the bot's own messages."""
    message = _message(state, call)
    if message is None:
        return unknown("Message")
    if message["author"]["id"] != str(state.bot.id):
        return error(403, "Cannot edit a message authored by another user", 50005)
    problems = check_message(call.body, creating=False)
    return invalid_form(problems) if problems else ok(state.edit_message(message, call.body))


async def delete_message(state: DoubleState, call: Call) -> Reply:
    """Delete a message."""
    message = _message(state, call)
    if message is None:
        return unknown("Message")
    del state.messages[int(message["id"])]
    return no_content()


async def trigger_typing(state: DoubleState, call: Call) -> Reply:
    """The typing indicator (``async with channel.typing()``)."""
    return no_content() if _channel(state, call) else unknown("Channel")


async def add_reaction(state: DoubleState, call: Call) -> Reply:
    """The bot reacts to a message."""
    message = _message(state, call)
    if message is None:
        return unknown("Message")
    emoji = call.params["emoji"]
    reactions = message.setdefault("reactions", [])
    if not any(r["emoji"]["name"] == emoji and r["me"] for r in reactions):
        reactions.append({"emoji": {"id": None, "name": emoji}, "count": 1, "me": True})
    return no_content()


async def remove_reaction(state: DoubleState, call: Call) -> Reply:
    """The bot removes its (or someone's) reaction."""
    message = _message(state, call)
    if message is None:
        return unknown("Message")
    emoji = call.params["emoji"]
    message["reactions"] = [r for r in message.get("reactions", []) if r["emoji"]["name"] != emoji]
    return no_content()


async def start_thread(state: DoubleState, call: Call) -> Reply:
    """Start a public thread, from a message (the thread takes its id, as on Discord) or not."""
    parent = _channel(state, call)
    if parent is None:
        return unknown("Channel")
    if parent.type != GUILD_TEXT:
        return error(400, "Cannot execute action on this channel type", 50024)
    if "message_id" in call.params:
        if _message(state, call) is None:
            return unknown("Message")
        thread_id = int(call.params["message_id"])
    else:
        thread_id = state.ids.next()
    name = str(call.body.get("name") or "")
    if not 1 <= len(name) <= 100:
        return invalid_form({"name": "Must be between 1 and 100 in length."})
    thread = Channel(thread_id, name, PUBLIC_THREAD, parent.guild_id, parent.id, state.bot.id)
    state.add_channel(thread)
    await state.dispatch("THREAD_CREATE", {**thread.payload(), "newly_created": True})
    return ok(thread.payload())


MESSAGE = "/channels/{channel_id}/messages/{message_id}"
REACTION = MESSAGE + "/reactions/{emoji}"

ROUTES = [
    RouteSpec("GET", "/channels/{channel_id}", get_channel),
    RouteSpec("POST", "/channels/{channel_id}/messages", create_message),
    RouteSpec("GET", MESSAGE, get_message),
    RouteSpec("PATCH", MESSAGE, edit_message),
    RouteSpec("DELETE", MESSAGE, delete_message),
    RouteSpec("POST", "/channels/{channel_id}/typing", trigger_typing),
    RouteSpec("PUT", REACTION + "/@me", add_reaction),
    RouteSpec("DELETE", REACTION + "/@me", remove_reaction),
    RouteSpec("DELETE", REACTION + "/{user_id}", remove_reaction),
    RouteSpec("POST", MESSAGE + "/threads", start_thread),
    RouteSpec("POST", "/channels/{channel_id}/threads", start_thread),
]
