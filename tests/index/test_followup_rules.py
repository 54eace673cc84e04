"""Follow-ups over many articles: they stay in their article, count what they carry, and a
pronoun with no earlier turn is not answered from some random quote."""

from __future__ import annotations

from index.build import build_index
from index.conversation import Conversation
from index.coverage import dangling
from index.models import Article
from index.query import parse_query
from index.searchindex import SearchIndex
from tests.asking import ask

PRIZE = Article(
    "prize",
    "Writer honoured",
    "example.com",
    (
        "The novelist Maria Lopez won the Booker Prize for her third book.",
        "She first got the award in 1984, when she was still unknown.",
        "Lopez said she would give the money to a library.",
    ),
)
BANK = Article(
    "bank",
    "Bank raises rates",
    "example.com",
    (
        "The central bank raised interest rates to 5% on Thursday.",
        "The governor said inflation was too high and the award of new loans would slow.",
        "In 1984 rates were far higher than they are now.",
    ),
)


def _library() -> SearchIndex:
    return build_index([PRIZE, BANK])


def test_a_follow_up_stays_in_the_article_of_the_previous_answer() -> None:
    ix = _library()
    conv = Conversation()
    first = conv.ask(ix, "Which prize did Maria Lopez win?")
    assert first.hits[0].article.id == "prize"
    follow = conv.ask(ix, "What year did she get the award?")
    assert follow.hits[0].article.id == "prize"
    assert follow.chosen_article is not None and follow.chosen_article.id == "prize"
    assert "1984" in follow.hits[0].sentence_text
    assert not follow.abstained


def test_a_follow_up_stays_in_the_article_of_a_declined_turns_closest_passage() -> None:
    ix = _library()
    conv = Conversation()
    declined = conv.ask(ix, "How old is Maria Lopez?")
    assert declined.abstained and declined.hits[0].article.id == "prize"
    follow = conv.ask(ix, "what did she say about the award")
    assert follow.hits[0].article.id == "prize"


def test_a_follow_up_naming_someone_the_article_lacks_may_leave_it() -> None:
    ix = _library()
    conv = Conversation()
    conv.ask(ix, "Which prize did Maria Lopez win?")
    moved = conv.ask(ix, "And what did the governor of the central bank say?")
    assert moved.hits[0].article.id == "bank"


def test_a_new_topic_is_not_held_to_the_previous_article() -> None:
    ix = _library()
    conv = Conversation()
    conv.ask(ix, "Which prize did Maria Lopez win?")
    fresh = conv.ask(ix, "Why did the central bank raise interest rates?")
    assert fresh.hits[0].article.id == "bank"


def test_carried_words_count_towards_a_follow_ups_coverage() -> None:
    ix = _library()
    alone = ask(ix, "What year did she get it?", article="prize")
    conv = Conversation()
    conv.ask(ix, "Which prize did Maria Lopez win?")
    follow = conv.ask(ix, "What year did she get it?")
    assert follow.coverage > alone.coverage
    assert not follow.abstained


def test_a_pronoun_with_no_earlier_turn_is_not_answered() -> None:
    ix = _library()
    for question in ("What did he say?", "Who is she?", "What did they do?"):
        ans = ask(ix, question)
        assert ans.abstained, question
    assert dangling(parse_query(ix, "What did she say?"))
    assert not dangling(parse_query(ix, "What did she give the money to?"))
    assert not ask(ix, "What did Lopez say she would give the money to?").abstained
