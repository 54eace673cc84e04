"""Load through the Discord double, small: 100 questions from 20 people in 5 channels at once
(``bench/discord_load.py`` runs the same scripts, 1,000 questions, against the real process).

Every question is answered exactly once, and each follow-up from its asker's own
conversation: people sharing a channel ask about different people at the same moment, then
"What did he say?", so an answer from someone else's conversation would show. No timing.
"""

from __future__ import annotations

from collections import Counter

from index.searchindex import SearchIndex
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import bot_on
from tests.discord_double.load import TOPICS, add_channels, add_people, plan, run_load
from tests.discord_double.load_check import problems

pytest_plugins = ("tests.discord_double.fixtures",)

TOP_K = 3


def test_the_scripts_mix_every_way_of_asking_and_share_channels_between_topics() -> None:
    scripts = plan(100, 20, 5)
    steps = [s for script in scripts for s in script]
    assert len(steps) == 100
    assert set(Counter(s.way for s in steps)) == {"ask", "mention", "reply", "search", "summary"}
    for channel in range(5):
        people = [scripts[u] for u in range(channel, 20, 5)]
        openings = [script[0].topic for script in people]
        assert len(set(openings)) == len(openings)  # neighbours start on different people
    assert {t.name for t in TOPICS} <= {s.topic.name for s in steps if s.topic}


async def test_a_hundred_questions_at_once_are_each_answered_once_from_their_own_conversation(
    double: DiscordDouble, seed_index: SearchIndex
) -> None:
    people = add_people(double, 20)
    channels = add_channels(double, 5)
    scripts = plan(100, 20, 5, seed=1)
    async with bot_on(double, seed_index, top_k=TOP_K):
        result = await run_load(double, scripts, people, channels, timeout=20)
    assert len(result.asked) == 100
    assert problems(double, result, seed_index, TOP_K) == []
    assert len({a.channel for a in result.asked}) == 5
    follow_ups = [a for a in result.asked if a.step.topic and a.step.text == a.step.topic.follow_up]
    assert len(follow_ups) >= 30
