"""Choosing the article: many articles scored as wholes, the answer looked for in the winner."""

from __future__ import annotations

import math

import pytest

from index import choice
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


def _reference_article_bm25(ix: SearchIndex, term_ids: list[int]) -> list[float]:
    """Okapi BM25 of each article as one document, by plain loops over its passages."""
    m = ix.matrix
    lengths = [
        sum(int(m.doc_len[p]) for p in range(a.first_passage, a.first_passage + a.passage_count))
        for a in ix.articles
    ]
    avg = sum(lengths) / len(lengths)
    out = []
    for a, length in zip(ix.articles, lengths, strict=True):
        total = 0.0
        for t in term_ids:
            row = range(int(m.indptr[t]), int(m.indptr[t + 1]))
            owners = [int(ix.arrays["passage_article"][m.indices[i]]) for i in row]
            df = len(set(owners))
            tf = sum(int(m.tf[i]) for i, o in zip(row, owners, strict=True) if o == a.number)
            idf = math.log((len(ix.articles) - df + 0.5) / (df + 0.5) + 1.0)
            norm = choice.K1 * (1 - choice.B + choice.B * length / avg)
            total += idf * tf * (choice.K1 + 1) / (tf + norm)
        out.append(total)
    return out


def test_article_bm25_scores_each_article_as_one_document() -> None:
    ix = _library()
    query = parse_query(ix, "Who scored the goal against Arsenal in the replay?")
    got = choice.article_bm25(ix, query)
    want = _reference_article_bm25(ix, [t.term_id for t in query.terms])
    assert got.tolist() == pytest.approx(want)
    assert max(want) > 0


def test_article_lengths_sum_their_passages() -> None:
    ix = _library()
    lengths = choice.article_lengths(ix)
    for a in ix.articles:
        span = ix.matrix.doc_len[a.first_passage : a.first_passage + a.passage_count]
        assert lengths[a.number] == int(span.sum())
    assert choice.article_lengths(ix) is lengths  # computed once per index


def test_an_article_about_a_word_throughout_beats_one_mentioning_it_once() -> None:
    about = Article(
        "tariffs",
        "Trade talks",
        "example.com",
        (
            "Tariffs on steel rose again this year.",
            "The tariffs hit carmakers hardest.",
            "Officials said tariffs would stay until talks resume.",
        ),
    )
    once = Article(
        "markets",
        "Shares slip",
        "example.com",
        (
            "Shares slipped as traders worried about tariffs and the weather.",
            "Oil prices were flat.",
            "The pound gained against the dollar.",
        ),
    )
    ix = build_index([about, once, RUGBY])
    scores = choice.article_bm25(ix, parse_query(ix, "what about tariffs"))
    assert scores[ix.find_article("tariffs").number] > scores[ix.find_article("markets").number]


def test_an_article_is_chosen_only_when_it_wins_by_the_margin_asked() -> None:
    ix = _library()
    query = parse_query(ix, "Who scored the opener against Exeter?")
    best, second = score_articles(ix, query, top=2)
    ratio = best.score / second.score
    assert choose_article(ix, query, margin=ratio * 0.99) == best.number
    assert choose_article(ix, query, margin=ratio * 1.01) is None
