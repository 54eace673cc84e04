"""Sessions: conversations by (place, person), dropped when idle or when too many."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from index.build import build_index
from index.errors import SettingsError
from index.models import Article
from index.searchindex import SearchIndex
from index.sessions import Sessions


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def small_index() -> SearchIndex:
    """A two-paragraph article: enough for real follow-ups, cheap enough for 50,000 asks."""
    article = Article(
        "visit",
        "Minister visits northern base",
        "example.com",
        (
            "Defence minister Anna Berg visited the northern base on Monday.",
            "She said 300 soldiers are stationed there and more will arrive in June.",
        ),
    )
    return build_index([article])


def test_same_key_gets_the_same_conversation(clock: FakeClock) -> None:
    sessions = Sessions(clock=clock)
    assert sessions.get(("chan", "ann")) is sessions.get(("chan", "ann"))


def test_each_person_in_each_place_has_a_conversation(clock: FakeClock) -> None:
    sessions = Sessions(clock=clock)
    convs = [sessions.get(key) for key in [("a", 1), ("a", 2), ("b", 1)]]
    assert len({id(c) for c in convs}) == 3
    assert len(sessions) == 3


def test_idle_conversation_is_dropped_after_the_ttl(clock: FakeClock) -> None:
    sessions = Sessions(ttl_seconds=60, clock=clock)
    first = sessions.get("k")
    clock.advance(60)
    assert len(sessions) == 0
    assert sessions.get("k") is not first


def test_using_a_conversation_keeps_it_alive(clock: FakeClock) -> None:
    sessions = Sessions(ttl_seconds=60, clock=clock)
    first = sessions.get("k")
    for _ in range(5):
        clock.advance(59)
        assert sessions.get("k") is first


def test_looking_does_not_keep_a_conversation_alive(clock: FakeClock) -> None:
    sessions = Sessions(ttl_seconds=60, clock=clock)
    sessions.get("k")
    clock.advance(59)
    assert "k" in sessions
    clock.advance(1)
    assert "k" not in sessions


def test_least_recently_used_goes_first_when_full(clock: FakeClock) -> None:
    sessions = Sessions(max_conversations=2, clock=clock)
    a = sessions.get("a")
    sessions.get("b")
    assert sessions.get("a") is a  # "a" is now the most recently used
    sessions.get("c")
    assert len(sessions) == 2
    assert "b" not in sessions
    assert sessions.get("a") is a


def test_reset_forgets_only_that_key(clock: FakeClock) -> None:
    sessions = Sessions(clock=clock)
    a, b = sessions.get("a"), sessions.get("b")
    sessions.reset("a")
    sessions.reset("never-seen")
    assert sessions.get("a") is not a
    assert sessions.get("b") is b


def test_conversations_get_the_configured_turn_limit(clock: FakeClock) -> None:
    assert Sessions(clock=clock, max_turns=5).get("k").max_turns == 5


@pytest.mark.parametrize(
    "kwargs", [{"ttl_seconds": 0}, {"ttl_seconds": -1.0}, {"max_conversations": 0}]
)
def test_bad_limits_are_settings_errors(kwargs: dict[str, float]) -> None:
    with pytest.raises(SettingsError):
        Sessions(**kwargs)  # type: ignore[arg-type]


def test_conversation_in_a_session_remembers_its_topic(
    clock: FakeClock, small_index: SearchIndex
) -> None:
    sessions = Sessions(clock=clock)
    sessions.get(("chan", "ann")).ask(small_index, "Who is Anna Berg?")
    sessions.get(("chan", "bob")).ask(small_index, "When will more soldiers arrive?")
    ans = sessions.get(("chan", "ann")).ask(small_index, "What did she say?")
    assert ans.carried == ("anna", "berg")


def test_memory_stays_flat_under_a_long_stream_of_questions(
    clock: FakeClock, small_index: SearchIndex
) -> None:
    questions = [
        "Who is Anna Berg?",
        "What did she say?",
        "how many?",
        "When will they arrive?",
        "Where is the base?",
        "Is it in the north?",
    ]
    sessions = Sessions(ttl_seconds=30, max_conversations=100, clock=clock)

    def stream(start: int, stop: int) -> None:
        for i in range(start, stop):
            clock.advance(0.01)
            key = (i % 50, i % 997)  # (place, person): thousands of distinct keys
            sessions.get(key).ask(small_index, questions[i % len(questions)], k=1)

    # 12,000 questions from thousands of (place, person) keys: the store of 100 is replaced
    # over a hundred times. Traced over the last two 2,000-question stretches (tracing makes
    # each question four times slower), the memory in use must not grow.
    stream(0, 8_000)
    gc.collect()
    tracemalloc.start()
    try:
        stream(8_000, 10_000)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        stream(10_000, 12_000)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(sessions) <= 100
    assert grown < 64 * 1024, f"memory grew {grown:,} bytes over 2,000 questions"
