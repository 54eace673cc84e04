"""Follow-ups: what kind of answer a follow-up asks for, and where its answer is looked for."""

from __future__ import annotations

from index.answertype import AnswerKind, has_amount
from index.build import build_index
from index.conversation import Conversation
from index.models import Article
from index.reading import Carry
from index.searchindex import SearchIndex
from tests.asking import ask

STADIUM = Article(
    "stadium",
    "Club opens new ground",
    "example.com",
    (
        "The new stadium cost £390m and holds 60,000 fans.",
        "Builders from the firm Laing worked on the site for three years.",
        "The old ground at Highbury will be turned into flats.",
    ),
)


def _stadium() -> SearchIndex:
    return build_index([STADIUM])


def test_an_elliptical_follow_up_asks_what_the_question_before_asked() -> None:
    ix = _stadium()
    conv = Conversation()
    conv.ask(ix, "How many fans does the new stadium hold?")
    follow = conv.ask(ix, "and the old ground?")
    assert follow.searched is not None and follow.searched.kind is AnswerKind.NUMBER


TRIAL = Article(
    "trial",
    "Fraud trial hears finance chief",
    "example.com",
    (
        "Mr Sullivan, 42, has already pleaded guilty and will be sentenced after Mr Ebbers' "
        "trial. Mr Ebbers, 63, has always insisted that he was unaware of the fraud.",
        "The trial is expected to last two months.",
    ),
)


def test_a_lowercase_opener_naming_someone_the_article_capitalises_asks_the_same_of_them() -> None:
    ix = build_index([TRIAL])
    conv = Conversation()
    conv.ask(ix, "How old is Mr Sullivan?")
    follow = conv.ask(ix, "and ebbers?")
    assert conv.turns[-1].reading.carry is Carry.PREDICATE
    assert "sullivan" not in follow.carried
    assert "63" in follow.hits[0].sentence_text


def test_a_lowercase_opener_with_a_common_word_carries_the_topic() -> None:
    ix = build_index([TRIAL])
    conv = Conversation()
    conv.ask(ix, "How old is Mr Sullivan?")
    conv.ask(ix, "and the trial?")
    assert conv.turns[-1].reading.carry is Carry.TOPIC


RHETORIC = Article(
    "rhetoric",
    "Ireland's history of collapses",
    "example.com",
    (
        "Ireland won the Triple Crown in 1985 under Mick Doyle.",
        "Great things were expected of the side. What happened in 1986? Whitewashed. "
        "The side lost every game of the championship.",
    ),
)


def test_a_question_the_article_asks_itself_is_answered_by_the_next_sentence() -> None:
    ans = ask(build_index([RHETORIC]), "What happened to Ireland in 1986?")
    assert ans.hits[0].sentence_text == "Whitewashed."


def test_single_is_no_amount() -> None:
    assert not has_amount("The US is the bank's largest single market.")
    assert has_amount("The US accounted for 46% of profit.")
