"""REST routes for answering interactions: the callback and the interaction webhook.

Discord's rules that bots trip over are enforced: one callback per interaction, within
``ack_deadline`` seconds (Discord's 3 s); a callback type must suit the interaction type; after
a deferred reply (type 5) the first followup replaces the "thinking" message.
"""

from __future__ import annotations

import time

from .limits import check_choices, check_message, check_modal
from .models import JSON
from .records import InteractionRecord
from .replies import Reply, error, invalid_form, no_content, ok, unknown
from .rest import Call, RouteSpec, snowflake
from .routes_channels import echo
from .state import EPHEMERAL_FLAG, LOADING_FLAG, DoubleState

# Callback types each interaction type accepts: 2 command, 3 component, 4 autocomplete, 5 modal.
ALLOWED_CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}


def _interaction_message(state: DoubleState, record: InteractionRecord, body: JSON) -> JSON:
    """Store a message the bot posts through an interaction (a webhook message)."""
    user = state.users[record.user_id]
    owners = {"0": str(record.guild_id)} if record.guild_id else {"1": str(record.user_id)}
    metadata = {
        "id": str(record.id),
        "type": record.type,
        "user": user.payload(),
        "authorizing_integration_owners": owners,
    }
    appid = str(state.application_id)
    channel = state.channels[record.channel_id]
    return state.new_message(
        channel,
        state.bot,
        body,
        webhook_id=appid,
        application_id=appid,
        interaction_metadata=metadata,
    )


def _check_callback(record: InteractionRecord, kind: object, data: JSON) -> dict[str, str]:
    if kind not in ALLOWED_CALLBACKS.get(record.type, set()):
        return {"type": f"Callback type {kind} is not valid for interaction type {record.type}."}
    if kind in (4, 7):
        return check_message(data, creating=kind == 4)
    if kind == 8:
        return check_choices(data)
    if kind == 9:
        return check_modal(data)
    return {}


async def callback(state: DoubleState, call: Call) -> Reply:
    """``POST /interactions/{id}/{token}/callback``: the one initial response."""
    record = state.interactions.get(snowflake(call.params["interaction_id"]))
    now = time.perf_counter()
    if record is None or record.token != call.params["token"]:
        return unknown("interaction")
    if state.ack_deadline is not None and now - record.sent_at > state.ack_deadline:
        return unknown("interaction")  # what Discord answers once the 3 s window has passed
    if record.response_type is not None:
        return error(400, "Interaction has already been acknowledged.", 40060)
    kind, data = call.body.get("type"), call.body.get("data") or {}
    problems = _check_callback(record, kind, data)
    if problems:
        return invalid_form(problems)
    record.response_type, record.acked_at = kind, now
    message: JSON | None = None
    if kind == 4:
        message = _interaction_message(state, record, data)
        await echo(state, message)
    elif kind == 5:
        flags = LOADING_FLAG | (int(data.get("flags") or 0) & EPHEMERAL_FLAG)
        message = _interaction_message(state, record, {"flags": flags})
    elif kind == 9:
        state.modals[data["custom_id"]] = data.get("components") or []
    elif kind in (6, 7) and record.message_id in state.messages:
        message = state.messages[record.message_id]
        if kind == 7:
            state.edit_message(message, data)
    if message is not None:
        record.original_id = int(message["id"])
    flags = int(message.get("flags") or 0) if message else 0
    interaction: JSON = {
        "id": str(record.id),
        "type": record.type,
        "response_message_loading": kind == 5,
        "response_message_ephemeral": bool(flags & EPHEMERAL_FLAG),
    }
    resource: JSON = {"type": kind}
    if message is not None:
        interaction["response_message_id"] = message["id"]
        if kind != 6:
            resource["message"] = message
    return ok({"interaction": interaction, "resource": resource})


def _webhook_record(state: DoubleState, call: Call) -> InteractionRecord | None:
    """The answered interaction a webhook URL belongs to (None: Discord's Unknown Webhook)."""
    if snowflake(call.params["application_id"]) != state.application_id:
        return None
    record = state.interaction_by_token(call.params["token"])
    return record if record is not None and record.response_type is not None else None


def _webhook_message(state: DoubleState, call: Call, record: InteractionRecord) -> JSON | None:
    raw = call.params["message_id"]
    message_id = record.original_id if raw == "@original" else snowflake(raw)
    if message_id is None or message_id not in {record.original_id, *record.followup_ids}:
        return None
    return state.messages.get(message_id)


async def followup(state: DoubleState, call: Call) -> Reply:
    """``POST /webhooks/{app}/{token}``: a followup message (returns it)."""
    record = _webhook_record(state, call)
    if record is None:
        return unknown("Webhook")
    problems = check_message(call.body, creating=True)
    if problems:
        return invalid_form(problems)
    original = state.messages.get(record.original_id or 0)
    if original is not None and int(original["flags"]) & LOADING_FLAG and not record.followup_ids:
        message = state.edit_message(original, call.body)  # the first followup ends "thinking"
    else:
        message = _interaction_message(state, record, call.body)
    record.followup_ids.append(int(message["id"]))
    await echo(state, message)
    return ok(message)


async def get_webhook_message(state: DoubleState, call: Call) -> Reply:
    """``GET .../messages/{id|@original}``."""
    record = _webhook_record(state, call)
    message = _webhook_message(state, call, record) if record else None
    return unknown("Message") if message is None else ok(message)


async def edit_webhook_message(state: DoubleState, call: Call) -> Reply:
    """``PATCH .../messages/{id|@original}`` (also how a deferred reply is completed)."""
    record = _webhook_record(state, call)
    message = _webhook_message(state, call, record) if record else None
    if message is None:
        return unknown("Message")
    problems = check_message(call.body, creating=False)
    return invalid_form(problems) if problems else ok(state.edit_message(message, call.body))


async def delete_webhook_message(state: DoubleState, call: Call) -> Reply:
    """``DELETE .../messages/{id|@original}``."""
    record = _webhook_record(state, call)
    message = _webhook_message(state, call, record) if record else None
    if message is None:
        return unknown("Message")
    del state.messages[int(message["id"])]
    return no_content()


WEBHOOK = "/webhooks/{application_id}/{token}"

ROUTES = [
    RouteSpec("POST", "/interactions/{interaction_id}/{token}/callback", callback, auth=False),
    RouteSpec("POST", WEBHOOK, followup, auth=False),
    RouteSpec("GET", WEBHOOK + "/messages/{message_id}", get_webhook_message, auth=False),
    RouteSpec("PATCH", WEBHOOK + "/messages/{message_id}", edit_webhook_message, auth=False),
    RouteSpec("DELETE", WEBHOOK + "/messages/{message_id}", delete_webhook_message, auth=False),
]
