"""index.fit: the thing a question asks about weighs more in choosing the answering sentence."""

from __future__ import annotations

import pytest

from index import fit
from index.answertype import AnswerKind
from index.build import build_index
from index.fit import Asked, best_sentence
from index.models import Article
from index.query import parse_query
from index.searchindex import SearchIndex

SHOPS = Article(
    "shops",
    "Shoppers flock to the sales",
    "x.com",
    (
        "It was a similar story at Bluewater in Kent. "
        "Spokesman Alan Jones said he expected 150,000 shoppers by Saturday.",
    ),
)
# Another article with a spokesman: "spokesman" is a commoner word than "Bluewater".
OTHERS = [
    Article("o1", "Other news", "x.com", ("A spokesman for the firm said little.",)),
    Article("o2", "More news", "x.com", ("Rain is expected in the north.",)),
    Article("o3", "Late news", "x.com", ("The match was called off.",)),
]


@pytest.mark.parametrize(("weight", "sentence"), [(1.0, 0), (fit.FOCUS_WEIGHT, 1)])
def test_the_thing_asked_about_outweighs_a_rarer_word_of_the_question(
    monkeypatch: pytest.MonkeyPatch, weight: float, sentence: int
) -> None:
    index = build_index([SHOPS, *OTHERS])
    query = parse_query(index, "Who is Bluewater's spokesman?")
    assert [t.form for t in query.terms if t.slot in query.focus] == ["spokesman"]
    monkeypatch.setattr(fit, "FOCUS_WEIGHT", weight)
    assert best_sentence(index, 0, query, query.kind)[0] == sentence


def test_the_names_a_who_question_gives_are_read_from_the_question_as_meant(
    seed_index: SearchIndex,
) -> None:
    query = parse_query(seed_index, "hey, who killed Soleimani according to the article?")
    named = Asked.of(query, AnswerKind.PERSON, set()).named
    assert "soleimani" in named and not named & {"hey", "according", "article"}
