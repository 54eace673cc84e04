"""What must hold after a load run (:mod:`.load`): every question answered once, from its
asker's own conversation, nothing that could ping, nothing refused."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from bot.discord_app import Engine
from bot.discord_app.format import answer_embed
from index.searchindex import SearchIndex

from .articlebot import carries_message, pings_no_one
from .double import DiscordDouble
from .load import SLASH, TOPICS, Asked, LoadResult


def _expected_embeds(
    result: LoadResult, index: SearchIndex, top_k: int
) -> dict[int, dict[str, Any]]:
    """What each conversation turn must show, from the engine alone with one conversation per
    person and channel, as if nobody else had asked anything (key: the question's key)."""
    expected: dict[int, dict[str, Any]] = {}
    by_person: dict[int, list[Asked]] = {}
    for item in result.asked:  # each person's questions were appended in the order asked
        by_person.setdefault(item.person, []).append(item)
    for items in by_person.values():
        engine = Engine(index, top_k=top_k)  # this person's conversation, and nobody else's
        for item in items:
            if item.step.converses:
                asked = engine.ask(item.channel, item.person, item.step.text)
                expected[item.key] = json.loads(json.dumps(answer_embed(asked.answer).to_dict()))
    return expected


def _searched(embed: dict[str, Any]) -> str:
    """The "Searched for" field of an answer embed, casefolded ("" when there is none)."""
    fields = embed.get("fields") or []
    return str(next((f["value"] for f in fields if f.get("name") == "Searched for"), "")).casefold()


def problems(
    double: DiscordDouble, result: LoadResult, index: SearchIndex, top_k: int
) -> list[str]:
    """Everything wrong with a run: unanswered, answered twice, answered from someone else's
    conversation, a reply that could ping, a request Discord refused. Empty when all is well."""
    found: list[str] = []
    unanswered = [a for a in result.asked if a.reply is None]
    if unanswered:
        found.append(
            f"{len(unanswered)} unanswered, e.g. "
            + "; ".join(
                f"{a.step.way} {a.step.text!r} by person {a.person}" for a in unanswered[:5]
            )
        )
    callbacks: Counter[int] = Counter()
    replies: Counter[int] = Counter()
    for r in double.requests:
        if r.ok and r.path.startswith("/interactions/"):
            callbacks[int(r.path.split("/")[2])] += 1
        elif r.ok and r.method == "POST" and r.path.endswith("/messages"):
            replies[int((r.data.get("message_reference") or {}).get("message_id") or 0)] += 1
        elif r.ok and r.path.startswith("/webhooks/"):
            found.append(f"unexpected followup: {r.key}")
        if 400 <= r.status < 500:
            found.append(f"refused {r.status}: {r.key} {str(r.response)[:200]}")
        if carries_message(r) and not pings_no_one(r.data.get("allowed_mentions")):
            found.append(f"could ping: {r.key} {r.data.get('allowed_mentions')}")
    for a in result.asked:
        count = (callbacks if a.step.way in SLASH else replies)[a.key]
        if count > 1:
            found.append(f"answered {count} times: {a.step.way} {a.step.text!r}")
    expected = _expected_embeds(result, index, top_k)
    for a in result.asked:
        if a.reply is None:
            continue
        embeds = a.reply.data.get("embeds") or [{}]
        got = embeds[0]
        private = int(a.reply.data.get("flags") or 0) & 64
        if private or not (got.get("description") or got.get("fields")):
            found.append(f"not an answer: {a.step.way} {a.step.text!r} got {a.reply.data}")
            continue
        if a.key not in expected:
            continue
        topic = a.step.topic
        if topic is not None and a.step.text == topic.follow_up:
            searched = _searched(got)
            others = [t.name for t in TOPICS if t.name != topic.name and t.name in searched]
            if topic.name not in searched or others:
                found.append(
                    f"mixed: person {a.person}'s follow-up on {topic.name} searched {searched!r}"
                )
                continue
        if got != expected[a.key]:
            found.append(
                f"not the answer of person {a.person}'s own conversation: "
                f"{a.step.text!r} got {str(got.get('footer'))!r}, expected "
                f"{str(expected[a.key].get('footer'))!r}"
            )
    return found


__all__ = ["problems"]
