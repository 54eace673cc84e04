"""Load on articlebot through the double: many people asking at once, in many channels.

Each simulated person asks a script of questions one after another (the next once the last
is answered), all people at once: ``/ask`` or a mention to open a topic, then a follow-up by
``/ask``, mention or a reply to the bot's answer ("What did he say?"), and now and then a
``/search`` or ``/summary about:``. People in one channel ask about different people at the
same time, so a conversation mixed up with someone else's shows (see :mod:`.load_check`).
The topics are about the seed article. ``bench/discord_load.py`` runs this against a real
``articlebot run``; tests/bot/test_discord_load.py against a bot in the test's process.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .double import DiscordDouble
from .models import GUILD_TEXT, Channel, User
from .records import RecordedRequest


@dataclass(frozen=True, slots=True)
class Topic:
    """Someone to ask about, a follow-up that only makes sense with them, and their name."""

    opening: str
    follow_up: str
    name: str


# Who says what is in different paragraphs, so a follow-up searched with another person's
# name answers from the wrong paragraph, and its "Searched for" names the wrong person.
TOPICS = (
    Topic("Who is Ali Shamkhani?", "What did he say?", "shamkhani"),
    Topic("Who is Mark Esper?", "What did he say?", "esper"),
    Topic("What did Boris Johnson call for?", "What did he warn?", "johnson"),
    Topic("What did the Iraqi parliament vote for?", "Is it legally binding?", "parliament"),
    Topic("Who is Qassem Soleimani?", "What force did he head?", "soleimani"),
)
SEARCHES = ("troops Iraq", "British bases", "Soleimani killing", "leaked letter")
ABOUTS = ("Mark Esper", "British troops", "revenge plans", "the Iraqi parliament")
SLASH = {"ask": ("ask", "question"), "search": ("search", "query"), "summary": ("summary", "about")}


@dataclass(frozen=True, slots=True)
class Step:
    """One question of a script: how it is asked (``ask``, ``mention``, ``reply``,
    ``search``, ``summary``), its text, and the topic it belongs to (None for the others)."""

    way: str
    text: str
    topic: Topic | None = None

    @property
    def converses(self) -> bool:
        """Whether the question is a turn of the asker's conversation."""
        return self.way in ("ask", "mention", "reply")


def plan(n: int, users: int, channels: int, seed: int = 0) -> list[list[Step]]:
    """``n`` questions split between ``users`` scripts (person ``u`` asks in channel
    ``u % channels``). Scripts go in blocks of five: a topic and its follow-up, another topic
    and its follow-up, a search or summary. People sharing a channel are on different topics."""
    scripts: list[list[Step]] = []
    for u in range(users):
        rng = random.Random(f"{seed}:{u}")
        length = n // users + (1 if u < n % users else 0)
        seat = u // channels  # the person's place among those of the channel
        script: list[Step] = []
        block = 0
        while len(script) < length:
            for t in range(2):
                topic = TOPICS[(seat + 2 * block + t + u % channels) % len(TOPICS)]
                script.append(Step(rng.choice(("ask", "mention")), topic.opening, topic))
                way = rng.choice(("ask", "mention", "reply"))
                script.append(Step(way, topic.follow_up, topic))
            if rng.random() < 0.5:
                script.append(Step("search", rng.choice(SEARCHES)))
            else:
                script.append(Step("summary", rng.choice(ABOUTS)))
            block += 1
        scripts.append(script[:length])
    return scripts


@dataclass(slots=True)
class Asked:
    """A question put to the bot and what came back (``reply`` None: never answered)."""

    person: int
    channel: int
    step: Step
    key: int  # the interaction id, or the message id
    sent_at: float
    reply: RecordedRequest | None = None
    latency: float | None = None


@dataclass(slots=True)
class LoadResult:
    """Every question of a run, with the run's length and the RSS samples taken."""

    asked: list[Asked]
    elapsed: float
    rss: dict[int, int] = field(default_factory=dict)
    bot_cpu: float | None = None  # CPU seconds the bot's process used during the run

    @property
    def latencies(self) -> list[float]:
        """Seconds from dispatch to accepted reply, for the questions answered."""
        return [a.latency for a in self.asked if a.latency is not None]

    @property
    def throughput(self) -> float:
        """Questions answered per second over the whole run."""
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def add_channels(double: DiscordDouble, count: int) -> list[Channel]:
    """``count`` text channels in the double's guild (the first ones are its own), made
    before the bot connects so they are in its GUILD_CREATE."""
    guild = double.guild
    texts = [c for c in guild.channels if c.type == GUILD_TEXT]
    while len(texts) < count:
        texts.append(double.add_channel(f"load-{len(texts)}"))
    return texts[:count]


def add_people(double: DiscordDouble, count: int) -> list[User]:
    """``count`` members of the double's guild (the double's own first)."""
    people = list(double.users)
    while len(people) < count:
        people.append(double.make_user(f"person{len(people)}"))
    return people[:count]


async def run_load(
    double: DiscordDouble,
    scripts: Sequence[Sequence[Step]],
    people: Sequence[User],
    channels: Sequence[Channel],
    *,
    timeout: float = 30.0,
    on_answer: Callable[[int], None] | None = None,
) -> LoadResult:
    """Every person runs their script against the bot on ``double``, all at once."""
    asked: list[Asked] = []
    answered = 0

    async def person(u: int, script: Sequence[Step]) -> None:
        nonlocal answered
        user, channel = people[u], channels[u % len(channels)]
        last_answer: int | None = None  # the bot's message answering the last turn
        for step in script:
            item, bot_message = await _ask(double, u, user, channel, step, last_answer, timeout)
            asked.append(item)
            if step.converses and bot_message is not None:
                last_answer = bot_message
            if item.reply is not None:
                answered += 1
                if on_answer is not None:
                    on_answer(answered)

    started = time.perf_counter()
    await asyncio.gather(*(person(u, s) for u, s in enumerate(scripts)))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(0.3)  # room for a duplicate reply to arrive before anyone checks
    return LoadResult(asked, elapsed)


async def _ask(
    double: DiscordDouble,
    u: int,
    user: User,
    channel: Channel,
    step: Step,
    last_answer: int | None,
    timeout: float,
) -> tuple[Asked, int | None]:
    """Put one question; return it with its reply, and the id of the bot's answer message."""
    sent_at = time.perf_counter()
    if step.way in SLASH:
        command, option = SLASH[step.way]
        key = await double.slash_command(
            command, {option: step.text}, user=user, channel_id=channel.id
        )
        item = Asked(u, channel.id, step, key, sent_at)
        with contextlib.suppress(TimeoutError):
            item.reply = await double.wait_for_response(key, timeout)
            item.latency = double.interaction(key).latency
        return item, double.interaction(key).original_id
    if step.way == "reply" and last_answer is not None:
        key = await double.message(
            step.text, author=user, channel_id=channel.id, reply_to=last_answer
        )
    else:
        key = await double.message(
            f"{double.bot.mention} {step.text}", author=user, channel_id=channel.id
        )
    item = Asked(u, channel.id, step, key, sent_at)
    with contextlib.suppress(TimeoutError):
        item.reply = await double.wait_for_reply(key, timeout)
        item.latency = item.reply.received_at - sent_at
    reply = item.reply
    return item, int(reply.response["id"]) if reply is not None and reply.ok else None
