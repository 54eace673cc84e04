"""Discord's documented size limits, checked so a bot that breaks them fails in tests too.

Each check returns ``{field path: problem}``; an empty dict means the payload is acceptable.
"""

from __future__ import annotations

import re
from typing import Any

from .models import JSON

NAME_PATTERN = re.compile(r"^[-_\w]{1,32}$")
COMPONENTS_V2_FLAG = 1 << 15

EMBED_LIMITS = {"title": 256, "description": 4096}
FIELD_LIMITS = {"name": 256, "value": 1024}


def check_message(body: JSON, *, creating: bool) -> dict[str, str]:
    """Problems with a message create/edit body (content, embeds, components)."""
    problems: dict[str, str] = {}
    content = body.get("content")
    if isinstance(content, str) and len(content) > 2000:
        problems["content"] = f"Must be 2000 or fewer in length (got {len(content)})."
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems["embeds"] = "Must be 10 or fewer in length."
    total = 0
    for i, embed in enumerate(embeds):
        total += _check_embed(embed, f"embeds.{i}", problems)
    if total > 6000:
        problems["embeds"] = f"Embed size exceeds maximum size of 6000 (got {total})."
    components = body.get("components") or []
    if not int(body.get("flags") or 0) & COMPONENTS_V2_FLAG:
        _check_action_rows(components, problems)
    has_files = bool(body.get("attachments"))
    extras = body.get("poll") or body.get("sticker_ids")
    if creating and not (content or embeds or components or has_files or extras):
        problems["content"] = "Cannot send an empty message."
    return problems


def _check_embed(embed: JSON, where: str, problems: dict[str, str]) -> int:
    """Record an embed's problems; return its character count toward the 6000 total."""
    size = 0
    for key, limit in EMBED_LIMITS.items():
        text = embed.get(key) or ""
        size += len(text)
        if len(text) > limit:
            problems[f"{where}.{key}"] = f"Must be {limit} or fewer in length."
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems[f"{where}.fields"] = "Must be 25 or fewer in length."
    for j, fld in enumerate(fields):
        for key, limit in FIELD_LIMITS.items():
            text = fld.get(key) or ""
            size += len(text)
            if not text.strip() or len(text) > limit:
                problems[f"{where}.fields.{j}.{key}"] = f"Must be between 1 and {limit} in length."
    for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
        text = (embed.get(key) or {}).get(sub) or ""
        size += len(text)
        if len(text) > limit:
            problems[f"{where}.{key}.{sub}"] = f"Must be {limit} or fewer in length."
    return size


def _check_action_rows(rows: list[Any], problems: dict[str, str]) -> None:
    if len(rows) > 5:
        problems["components"] = "Must be 5 or fewer in length."
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(children) <= 5:
            problems[f"components.{i}"] = "An action row holds 1 to 5 components."
        for j, child in enumerate(children):
            if len(child.get("custom_id") or "") > 100:
                problems[f"components.{i}.components.{j}.custom_id"] = "Must be 100 or fewer."
            if len(child.get("label") or "") > 80:
                problems[f"components.{i}.components.{j}.label"] = "Must be 80 or fewer."


def check_choices(data: JSON) -> dict[str, str]:
    """Problems with an autocomplete result (type 8 callback ``data``)."""
    choices = data.get("choices")
    if not isinstance(choices, list):
        return {"choices": "This field is required."}
    problems: dict[str, str] = {}
    if len(choices) > 25:
        problems["choices"] = "Must be 25 or fewer in length."
    for i, choice in enumerate(choices):
        name = choice.get("name") or ""
        value = choice.get("value")
        if not 1 <= len(name) <= 100:
            problems[f"choices.{i}.name"] = "Must be between 1 and 100 in length."
        if isinstance(value, str) and len(value) > 100:
            problems[f"choices.{i}.value"] = "Must be 100 or fewer in length."
    return problems


def check_modal(data: JSON) -> dict[str, str]:
    """Problems with a modal (type 9 callback ``data``)."""
    problems: dict[str, str] = {}
    if not 1 <= len(data.get("title") or "") <= 45:
        problems["title"] = "Must be between 1 and 45 in length."
    if not 1 <= len(data.get("custom_id") or "") <= 100:
        problems["custom_id"] = "Must be between 1 and 100 in length."
    if not 1 <= len(data.get("components") or []) <= 5:
        problems["components"] = "Must be between 1 and 5 in length."
    return problems


def check_commands(commands: Any) -> dict[str, str]:
    """Problems with a bulk-overwrite list of application commands."""
    if not isinstance(commands, list):
        return {"_root": "Must be an array."}
    problems: dict[str, str] = {}
    if len(commands) > 100:
        problems["_root"] = "Must be 100 or fewer in length."
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        name = command.get("name") or ""
        if (kind, name) in seen:
            problems[f"{i}.name"] = "Application command names must be unique."
        seen.add((kind, name))
        if kind == 1:
            _check_chat_input(command, str(i), problems)
    return problems


def _check_chat_input(item: JSON, where: str, problems: dict[str, str]) -> None:
    """Name, description and option rules of a slash command, subcommand or option."""
    name = item.get("name") or ""
    if not NAME_PATTERN.match(name) or name != name.lower():
        problems[f"{where}.name"] = "Invalid slash command name (1-32 lowercase word characters)."
    if not 1 <= len(item.get("description") or "") <= 100:
        problems[f"{where}.description"] = "Must be between 1 and 100 in length."
    options = item.get("options") or []
    if len(options) > 25:
        problems[f"{where}.options"] = "Must be 25 or fewer in length."
    optional_seen = False
    for j, option in enumerate(options):
        path = f"{where}.options.{j}"
        if option.get("required"):
            if optional_seen:
                problems[path] = "Required options must be placed before non-required options."
        elif option.get("type") not in (1, 2):
            optional_seen = True
        if len(option.get("choices") or []) > 25:
            problems[f"{path}.choices"] = "Must be 25 or fewer in length."
        _check_chat_input(option, path, problems)
