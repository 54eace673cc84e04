"""The ``data`` of injected interactions: typed options, ``resolved`` entities, components."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .models import EVERYONE_PERMISSIONS, JSON, Channel, User

STRING, INTEGER, BOOLEAN, USER, CHANNEL, NUMBER = 3, 4, 5, 6, 7, 10
SELECT_TYPES = {3, 5, 6, 7, 8}
TEXT_INPUT = 4


def infer_option_type(value: Any) -> int:
    """The slash-command option type for a Python value (bool before int: bool is an int)."""
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, User):
        return USER
    if isinstance(value, Channel):
        return CHANNEL
    return STRING


def declared_option_types(command: JSON | None, path: Sequence[str]) -> dict[str, int]:
    """Option name → type as the bot declared it when syncing (following subcommands)."""
    options = (command or {}).get("options") or []
    for part in path:
        sub = next((o for o in options if o.get("name") == part and o.get("type") in (1, 2)), None)
        options = (sub or {}).get("options") or []
    return {o["name"]: o["type"] for o in options if o.get("type") not in (1, 2)}


def build_options(
    values: Mapping[str, Any], types: Mapping[str, int], guild_id: int | None
) -> tuple[list[JSON], JSON]:
    """Interaction options and their ``resolved`` data (users, members, channels)."""
    options: list[JSON] = []
    resolved: dict[str, dict[str, JSON]] = {}
    for name, value in values.items():
        kind = types.get(name) or infer_option_type(value)
        if isinstance(value, User):
            resolved.setdefault("users", {})[str(value.id)] = value.payload()
            if guild_id is not None:
                member = value.member_payload(with_user=False, permissions=EVERYONE_PERMISSIONS)
                resolved.setdefault("members", {})[str(value.id)] = member
            value = str(value.id)
        elif isinstance(value, Channel):
            channel = {**value.payload(), "permissions": str(EVERYONE_PERMISSIONS)}
            resolved.setdefault("channels", {})[str(value.id)] = channel
            value = str(value.id)
        elif kind == INTEGER:
            value = int(value)
        elif kind == NUMBER:
            value = float(value)
        options.append({"name": name, "type": kind, "value": value})
    return options, resolved


def nest_options(path: Sequence[str], options: list[JSON]) -> list[JSON]:
    """Wrap options in subcommand (1) / group (2) layers: ``["group", "sub"]``."""
    for depth, part in reversed(list(enumerate(path))):
        kind = 1 if depth == len(path) - 1 else 2
        options = [{"name": part, "type": kind, "options": options}]
    return options


def find_component(components: Sequence[JSON], custom_id: str) -> JSON | None:
    """The component with ``custom_id`` anywhere in a message's component tree."""
    for component in _walk(components):
        if component.get("custom_id") == custom_id:
            return component
    return None


def _walk(components: Sequence[JSON]) -> Iterator[JSON]:
    for component in components:
        yield component
        yield from _walk(component.get("components") or [])
        if isinstance(component.get("accessory"), dict):
            yield component["accessory"]


def modal_submission(layout: Sequence[JSON], values: Mapping[str, str]) -> list[JSON]:
    """What Discord submits for a modal: its text inputs, in its layout, with ``values``."""
    submitted: list[JSON] = []
    for item in layout:
        kind = item.get("type")
        if kind == 1:  # an action row (the classic layout)
            submitted.append(
                {"type": 1, "components": modal_submission(item["components"], values)}
            )
        elif kind == 18:  # a label wrapping one input (the current layout)
            inner = modal_submission([item["component"]], values)
            submitted.extend({"type": 18, "component": c} for c in inner)
        elif kind == TEXT_INPUT:
            value = values.get(item["custom_id"], item.get("value") or "")
            submitted.append({"type": TEXT_INPUT, "custom_id": item["custom_id"], "value": value})
    return submitted
