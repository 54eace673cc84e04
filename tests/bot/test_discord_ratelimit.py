"""Cooldowns and the global question cap: unit behaviour, and the friendly reply end to end."""

from __future__ import annotations

from bot.discord_app.ratelimit import Cooldown, Limiter, RateCap
from index.searchindex import SearchIndex
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import bot_on, command, embed_of, is_ephemeral

pytest_plugins = ("tests.discord_double.fixtures",)


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_cooldown_makes_one_person_wait_but_not_another() -> None:
    clock = FakeClock()
    cooldown = Cooldown(3.0, clock)
    cooldown.record(1)
    clock.now += 1.0
    assert cooldown.wait(1) == 2.0
    assert cooldown.wait(2) == 0.0
    clock.now += 2.0
    assert cooldown.wait(1) == 0.0


def test_a_cooldown_forgets_the_least_recent_people_beyond_its_bound() -> None:
    cooldown = Cooldown(3.0, FakeClock(), max_people=2)
    for person in (1, 2, 3):
        cooldown.record(person)
    assert cooldown.wait(1) == 0.0 and cooldown.wait(3) > 0


def test_the_rate_cap_lets_a_burst_through_then_refills() -> None:
    clock = FakeClock()
    cap = RateCap(2.0, clock=clock)
    for _ in range(2):
        assert cap.wait() == 0.0
        cap.take()
    assert cap.wait() == 0.5
    clock.now += 0.5
    assert cap.wait() == 0.0


def test_a_refused_question_is_not_counted() -> None:
    clock = FakeClock()
    limiter = Limiter(cooldown_seconds=5.0, per_second=1.0, clock=clock)
    assert limiter.check(1) == 0.0
    assert limiter.check(2) == 1.0  # the global cap: person 2's cooldown is not started
    clock.now += 1.0
    assert limiter.check(2) == 0.0
    assert limiter.check(1) == 4.0


async def test_asking_too_fast_gets_a_private_try_again_in_n_seconds(
    double: DiscordDouble, seed_index: SearchIndex
) -> None:
    clock = FakeClock()
    async with bot_on(double, seed_index, cooldown=3.0, clock=clock):
        _, first = await command(double, "ask", {"question": "Who is Mark Esper?"})
        assert "Mark Esper" in embed_of(first)["description"]
        clock.now += 0.5
        _, again = await command(double, "ask", {"question": "Who is Mark Esper?"})
        assert is_ephemeral(again)
        assert again.data["content"].endswith("please try again in 3 s.")
        _, other = await command(double, "search", {"query": "Esper"}, user=double.users[1])
        assert not is_ephemeral(other)  # someone else is not held up
        clock.now += 2.6
        _, later = await command(double, "summary", {})
        assert not is_ephemeral(later)
        mention = await double.message(f"{double.bot.mention} Who is Ali Shamkhani?")
        reply = await double.wait_for_reply(mention)
        assert "try again in 3 s" in reply.data["content"]  # messages share the cooldown


async def test_source_and_help_are_never_throttled(
    double: DiscordDouble, seed_index: SearchIndex
) -> None:
    async with bot_on(double, seed_index, cooldown=60.0):
        for name in ("source", "help", "source", "help"):
            _, reply = await command(double, name)
            assert "try again" not in (reply.data.get("content") or "")
            assert embed_of(reply)["title"]
