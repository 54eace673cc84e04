"""Choosing the article: many articles scored as wholes, the answer looked for in the winner."""

from __future__ import annotations

from index.answering import answer
from index.build import build_index
from index.choice import choose_article, score_articles
from index.models import Article
from index.query import parse_query
from index.searchindex import SearchIndex
from tests.asking import ask

CUP = Article(
    "cup",
    "United edge past Exeter in FA Cup replay",
    "example.com",
    (
        "Manchester United avoided an upset by beating Exeter City 2-0 in their replay.",
        "Cristiano Ronaldo scored the opener after nine minutes.",
        "Wayne Rooney added a second goal in stoppage time.",
    ),
)
LEAGUE = Article(
    "league",
    "Chelsea win at Arsenal",
    "example.com",
    (
        "Chelsea beat Arsenal at Highbury with a late header from John Terry.",
        "Manager Jose Mourinho praised his defence.",
    ),
)
RUGBY = Article(
    "rugby",
    "Wales name squad",
    "example.com",
    ("Wales named their squad for the Six Nations, with three uncapped players.",),
)


def _library() -> SearchIndex:
    return build_index([CUP, LEAGUE, RUGBY])


def test_the_article_holding_the_question_words_across_paragraphs_wins() -> None:
    ix = _library()
    query = parse_query(ix, "Who scored the opener against Exeter?")
    scores = score_articles(ix, query)
    assert ix.articles[scores[0].number].id == "cup"
    assert choose_article(ix, query) == scores[0].number


def test_the_answer_names_the_chosen_article_and_comes_from_it() -> None:
    ans = ask(_library(), "Who scored the opener against Exeter?")
    assert ans.chosen_article is not None and ans.chosen_article.id == "cup"
    assert {h.article.id for h in ans.hits} == {"cup"}
    assert ans.to_json()["article"] == CUP.to_json()


def test_a_headline_word_counts_for_its_article() -> None:
    ix = _library()
    query = parse_query(ix, "Which cup replay did United play?")
    assert ix.articles[score_articles(ix, query)[0].number].id == "cup"


def test_no_article_is_chosen_when_none_clearly_wins() -> None:
    ix = build_index(
        [
            Article("a", "Storm", "example.com", ("A storm hit the coast on Monday.",)),
            Article("b", "Storm", "example.com", ("A storm hit the coast on Tuesday.",)),
        ]
    )
    assert choose_article(ix, parse_query(ix, "When did the storm hit the coast?")) is None
    ans = ask(ix, "When did the storm hit the coast?")
    assert ans.chosen_article is None
    assert ans.to_json()["article"] is None


def test_asked_of_one_article_the_answer_names_it() -> None:
    ix = _library()
    ans = ask(ix, "Who praised his defence?", article="league")
    assert ans.chosen_article is not None and ans.chosen_article.id == "league"


def test_choosing_can_be_turned_off() -> None:
    ix = _library()
    ans = answer(ix, parse_query(ix, "Who scored the opener against Exeter?"), choose=False)
    assert ans.chosen_article is None
