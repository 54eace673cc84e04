"""Load through the Discord double: many people asking at once, in many channels.

Each simulated person asks a script of questions one after another (the next once the last is
answered), all people at once: ``/ask`` or a mention to open a topic, then a follow-up by
``/ask``, mention or a reply to the bot's answer ("What did he say?"), and now and then a
``/search`` or ``/summary about:``. People in one channel ask about different people at the
same time, so a conversation mixed up with someone else's shows (see :func:`problems`).

The bot is the real ``articlebot run`` in its own process (cooldown off, rate cap high), so
its RSS is its own and the figures do not include the double's work:

    python bench/discord_load.py                      # 1,000 questions, 50 people, 10 channels
    python bench/discord_load.py --n 200 --users 20 --channels 4

It prints throughput, p50/p99 latency (dispatch → the bot's reply accepted by the double)
and the bot's RSS after the 200th and the last answer. tests/bot/test_discord_load.py runs
100 questions with the bot in the test's own process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.context import bm25_params  # noqa: E402  (after sys.path)
from bot.discord_app import Engine  # noqa: E402
from bot.discord_app.format import answer_embed  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.build import open_index  # noqa: E402
from index.searchindex import SearchIndex  # noqa: E402
from tests.bot.discord_helpers import TOKEN, carries_message, pings_no_one  # noqa: E402
from tests.discord_double import (  # noqa: E402
    Channel,
    DiscordDouble,
    RecordedRequest,
    User,
    percentile,
)
from tests.discord_double.models import GUILD_TEXT  # noqa: E402


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
    state = double._state  # the double has no public way to add a channel
    while len(texts) < count:
        channel = Channel(
            state.ids.next(),
            f"load-{len(texts)}",
            GUILD_TEXT,
            guild.id,
            position=len(guild.channels),
        )
        texts.append(state.add_channel(channel))
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


def report(result: LoadResult) -> str:
    """Throughput, latency percentiles and RSS samples, one line each."""
    ms = [v * 1000 for v in result.latencies]
    lines = [
        f"{len(result.asked)} questions, {len(ms)} answered in {result.elapsed:.1f} s: "
        f"{result.throughput:.0f} questions/s",
        f"dispatch → reply: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms,"
        f" max {max(ms):.1f} ms",
    ]
    for kind, ways in (("slash commands", SLASH), ("messages", ("mention", "reply"))):
        part = [
            a.latency * 1000 for a in result.asked if a.latency is not None and a.step.way in ways
        ]
        if part:
            lines.append(
                f"  {kind} ({len(part)}): p50 {percentile(part, 50):.1f} ms, "
                f"p99 {percentile(part, 99):.1f} ms"
            )
    if result.bot_cpu is not None:
        lines.append(
            f"bot CPU {result.bot_cpu:.2f} s in all, "
            f"{result.bot_cpu / max(len(ms), 1) * 1000:.2f} ms a question"
        )
    if result.rss:
        samples = ", ".join(f"{k}th {v / 2**20:.1f} MiB" for k, v in sorted(result.rss.items()))
        lines.append(f"bot RSS after the {samples}")
    return "\n".join(lines)


@contextlib.asynccontextmanager
async def bot_process(
    double: DiscordDouble, corpus: Path, index_file: Path, log: Path
) -> AsyncIterator[int]:
    """``articlebot run`` against ``double`` (no cooldown, a high rate cap); yields its pid."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "DISCORD_"))}
    env.update(
        DISCORD_TOKEN=double.token,
        DISCORD_API_BASE_URL=double.api_base,
        DISCORD_GATEWAY_URL=double.gateway_url,
        ARTICLEBOT_GUILD_IDS=str(double.guild.id),
        ARTICLEBOT_CORPUS=str(corpus),
        ARTICLEBOT_INDEX=str(index_file),
        ARTICLEBOT_USER_COOLDOWN_SECONDS="0",
        ARTICLEBOT_MAX_QUESTIONS_PER_SECOND="10000",
        ARTICLEBOT_LOG_LEVEL="WARNING",
    )
    articlebot = Path(sys.executable).parent / "articlebot"
    with log.open("wb") as err:
        process = await asyncio.create_subprocess_exec(
            str(articlebot),
            "run",
            env=env,
            cwd=index_file.parent,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )
        try:
            try:
                await double.wait_ready(timeout=60)
                await double.wait_for_request(lambda r: r.method == "PUT", 30)  # commands synced
            except TimeoutError:
                raise RuntimeError("the bot did not start:\n" + log.read_text()) from None
            yield process.pid
        finally:
            if process.returncode is None:
                process.terminate()
                await asyncio.wait_for(process.wait(), 15)


async def run_bench(n: int, users: int, channels: int, seed: int) -> tuple[LoadResult, list[str]]:
    """The full run: the double here, the bot in its own process; the result and problems."""
    import psutil

    top_k = 3  # the bot's default
    with tempfile.TemporaryDirectory() as tmp:
        index_file = Path(tmp) / "seed.idx"
        # The index the bot will load (its settings' parameters), built here for the checks.
        params = bm25_params(Settings.model_construct())
        index = open_index(ROOT / "corpus", index_file, params).index
        async with DiscordDouble(token=TOKEN) as double:
            people = add_people(double, users)
            rooms = add_channels(double, channels)
            async with bot_process(
                double, ROOT / "corpus", index_file, Path(tmp) / "bot.log"
            ) as pid:
                bot = psutil.Process(pid)
                # First-use costs are not steady state: someone else asks a few first.
                warm = plan(len(TOPICS) * 5, 1, 1, seed=-1)
                await run_load(double, warm, [double.make_user("warm")], rooms[:1])
                marks = {200, n, *range(1000, n, 1000)}
                rss: dict[int, int] = {}

                def sample(count: int) -> None:
                    if count in marks:
                        rss[count] = bot.memory_info().rss

                scripts = plan(n, users, channels, seed)
                cpu = sum(bot.cpu_times()[:2])
                result = await run_load(double, scripts, people, rooms, on_answer=sample)
                result.bot_cpu = sum(bot.cpu_times()[:2]) - cpu
                result.rss = rss
                found = problems(double, result, index, top_k)
    return result, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="questions (default 1000)")
    parser.add_argument("--users", type=int, default=50, help="people asking (default 50)")
    parser.add_argument("--channels", type=int, default=10, help="channels (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="script seed (default 0)")
    args = parser.parse_args()
    result, found = asyncio.run(run_bench(args.n, args.users, args.channels, args.seed))
    print(report(result))
    if result.rss.get(200) and result.rss.get(args.n):
        growth = result.rss[args.n] / result.rss[200] - 1
        print(f"RSS growth from the 200th to the {args.n:,}th question: {growth:+.1%}")
    print("problems: none" if not found else "problems:\n  " + "\n  ".join(found[:20]))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
