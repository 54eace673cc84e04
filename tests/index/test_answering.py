"""Answers: ranked passages, the answering sentence, attribution, typos and abstention."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from index.answering import MAX_K
from index.answertype import AnswerKind
from index.build import build_index
from index.corpus import load_corpus
from index.errors import QueryError
from index.models import Article
from index.searchindex import SearchIndex
from tests.asking import ask

TITLE = "Iran crisis: British troops prepare for Iraq evacuation as tensions erupt"
ANSWER_KEYS = {"question", "query", "abstained", "article", "answers"}
HIT_KEYS = {"rank", "score", "passage", "sentence", "paragraph", "passage_id", "article"}
ARTICLE_KEYS = {"id", "title", "source", "url"}
KOALAS = (
    "Koala numbers fall in Queensland\n\nKoala numbers fell by half in Queensland as "
    "bushfires spread.\n\nRangers said koalas eat eucalyptus leaves and little else.\n\n"
    "source: example.com.au\n"
)


def _index_of(tmp_corpus: Callable[..., Path], title: str, *paragraphs: str) -> SearchIndex:
    """An index of one article made of ``paragraphs``."""
    text = "\n\n".join((title, *paragraphs, "source: example.com")) + "\n"
    return build_index(load_corpus(tmp_corpus({"story.txt": text})).articles)


@pytest.fixture
def two_articles(seed_copy: Path, tmp_corpus: Callable[..., Path]) -> SearchIndex:
    """The seed article and a short one about koalas, in one index."""
    tmp_corpus({"koalas.txt": KOALAS})
    return build_index(load_corpus(seed_copy).articles)


def test_answer_names_the_passage_sentence_and_attribution(seed_index: SearchIndex) -> None:
    ans = ask(seed_index, "Who is Ali Shamkhani?")
    assert not ans.abstained
    assert ans.query == "ali shamkhani"
    top = ans.hits[0]
    assert top.rank == 1
    assert top.passage.paragraph == 3
    assert top.passage.id == "000_75ea43fa358d5fb6:3"
    assert "Ali Shamkhani, the secretary of Iran’s Supreme National Security Council" in (
        top.sentence_text
    )
    assert (top.article.id, top.article.title, top.article.source) == (
        "000_75ea43fa358d5fb6",
        TITLE,
        "express.co.uk",
    )


def test_the_answering_sentence_may_be_inside_a_longer_passage(seed_index: SearchIndex) -> None:
    top = ask(seed_index, "What force did Soleimani head?").hits[0]
    assert top.passage.paragraph == 1
    assert len(top.passage.sentences) == 3
    assert top.sentence_text.startswith("Tensions between the Iran and the US")
    assert top.sentence_text.endswith("the head of Iran’s elite Quds force.")


def test_a_how_many_question_is_answered_by_the_sentence_with_the_number(
    seed_index: SearchIndex,
) -> None:
    top = ask(seed_index, "How many UK troops are in Iraq?").hits[0]
    assert "around 400 troops" in top.sentence_text


def test_hits_are_ranked_best_first_with_sentences_inside_passages(seed_index: SearchIndex) -> None:
    ans = ask(seed_index, "US troops in the region", k=5)
    assert [h.rank for h in ans.hits] == [1, 2, 3, 4, 5]
    scores = [h.score for h in ans.hits]
    assert scores == sorted(scores, reverse=True)
    assert len({h.passage.id for h in ans.hits}) == 5
    for h in ans.hits:
        assert h.sentence_text
        assert h.sentence_text in h.passage.text
        assert h.sentence in h.passage.sentences


def test_json_has_exactly_the_designed_shape(seed_index: SearchIndex) -> None:
    obj = ask(seed_index, "Who is Ali Shamkhani?").to_json()
    assert json.loads(json.dumps(obj, ensure_ascii=False)) == obj
    assert set(obj) == ANSWER_KEYS
    assert (obj["question"], obj["query"], obj["abstained"]) == (
        "Who is Ali Shamkhani?",
        "ali shamkhani",
        False,
    )
    assert len(obj["answers"]) == 3
    for rank, item in enumerate(obj["answers"], start=1):
        assert set(item) == HIT_KEYS
        assert set(item["article"]) == ARTICLE_KEYS
        assert item["rank"] == rank
        assert isinstance(item["score"], float)
        assert isinstance(item["paragraph"], int)
        assert item["sentence"] in item["passage"]
        assert item["passage_id"] == f"{item['article']['id']}:{item['paragraph']}"
        assert item["article"] == {
            "id": "000_75ea43fa358d5fb6",
            "title": TITLE,
            "source": "express.co.uk",
            "url": None,
        }


def test_a_typo_is_corrected_and_shown_in_the_query(seed_index: SearchIndex) -> None:
    ans = ask(seed_index, "Who is Solemani?")
    assert ans.query == "soleimani"
    assert ans.corrections == (("solemani", "soleimani"),)
    assert not ans.abstained
    assert "Soleimani" in ans.hits[0].sentence_text
    assert ans.to_json()["query"] == "soleimani"


def test_an_off_topic_question_abstains(seed_index: SearchIndex) -> None:
    ans = ask(seed_index, "What is the capital of Australia?")
    assert ans.abstained
    assert ans.to_json()["abstained"] is True


def test_an_abstention_still_lists_the_closest_passages(seed_index: SearchIndex) -> None:
    ans = ask(seed_index, "What do koalas eat in Baghdad?")
    assert ans.abstained
    assert [h.rank for h in ans.hits] == [1, 2, 3]
    assert "Baghdad" in ans.hits[0].passage.text


def test_an_abstention_without_any_known_word_still_lists_passages(seed_index: SearchIndex) -> None:
    ans = ask(seed_index, "What is the capital of Australia?")
    assert ans.abstained
    assert [h.rank for h in ans.hits] == [1, 2, 3]


def test_explained_contributions_add_up_to_the_shown_score(seed_index: SearchIndex) -> None:
    for question in ("How many UK troops are in Iraq?", "Who is Ali Shamkhani?"):
        for hit in ask(seed_index, question, k=5).hits:
            assert sum(s for _, s in hit.term_scores) == pytest.approx(hit.score, abs=1e-9)


def test_the_query_lists_words_in_question_order(seed_index: SearchIndex) -> None:
    assert ask(seed_index, "What is the capital of Iraq?").query == "capital iraq"


def test_a_follow_up_type_overrides_the_question_type(seed_index: SearchIndex) -> None:
    plain = ask(seed_index, "and the US?", k=1, kind=AnswerKind.ANY)
    numeric = ask(seed_index, "and the US?", k=1, kind=AnswerKind.NUMBER)
    assert any(ch.isdigit() for ch in numeric.hits[0].sentence_text)
    assert plain.query == numeric.query


@pytest.mark.parametrize("k", [1, 2, 17])
def test_k_passages_are_returned(seed_index: SearchIndex, k: int) -> None:
    assert len(ask(seed_index, "troops", k=k).hits) == k


def test_k_above_the_passage_count_returns_every_passage(seed_index: SearchIndex) -> None:
    assert len(ask(seed_index, "troops", k=MAX_K).hits) == seed_index.n_passages == 17


@pytest.mark.parametrize("k", [0, -1, MAX_K + 1])
def test_k_out_of_range_is_a_query_error(seed_index: SearchIndex, k: int) -> None:
    with pytest.raises(QueryError, match=f"k must be 1-{MAX_K}, got {k}"):
        ask(seed_index, "troops", k=k)


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_an_empty_question_is_a_query_error(seed_index: SearchIndex, question: str) -> None:
    with pytest.raises(QueryError, match="empty"):
        ask(seed_index, question)


def test_a_question_of_stopwords_abstains_without_hits(seed_index: SearchIndex) -> None:
    ans = ask(seed_index, "What is it?")
    assert ans.abstained
    assert ans.hits == ()


def test_article_restricts_the_hits(two_articles: SearchIndex) -> None:
    everywhere = ask(two_articles, "What do koalas eat?", k=5)
    assert everywhere.hits[0].article.id == "koalas"
    assert "eucalyptus" in everywhere.hits[0].sentence_text
    only_seed = ask(two_articles, "What do koalas eat?", k=5, article="000_75ea43fa358d5fb6")
    assert {h.article.id for h in only_seed.hits} == {"000_75ea43fa358d5fb6"}
    assert only_seed.abstained


def test_article_may_be_named_by_a_unique_title_prefix(two_articles: SearchIndex) -> None:
    ans = ask(two_articles, "troops", k=5, article="koala numbers")
    assert {h.article.id for h in ans.hits} == {"koalas"}
    assert len(ans.hits) == 2
    assert ans.hits[0].article.source == "example.com.au"


@pytest.mark.parametrize("article", ["no-such-article", "zzz"])
def test_an_unknown_article_is_a_query_error(two_articles: SearchIndex, article: str) -> None:
    with pytest.raises(QueryError, match="no article matches"):
        ask(two_articles, "troops", article=article)


def test_an_ambiguous_article_prefix_is_a_query_error(tmp_corpus: Callable[..., Path]) -> None:
    folder = tmp_corpus({"koalas.txt": KOALAS, "rescue.txt": "Koala rescue\n\nA koala was saved."})
    index = build_index(load_corpus(folder).articles)
    with pytest.raises(QueryError, match="2 articles match 'koala'"):
        ask(index, "koala", article="koala")


def test_the_same_question_gets_the_same_answer(seed_index: SearchIndex) -> None:
    first = ask(seed_index, "What did Mark Esper say?").to_json()
    assert ask(seed_index, "What did Mark Esper say?").to_json() == first


def test_a_how_many_question_without_a_number_in_the_answer_abstains(
    tmp_corpus: Callable[..., Path],
) -> None:
    index = _index_of(
        tmp_corpus,
        "Storm damage",
        "People died when the storm hit the coast, officials said.",
        "The coast road was closed for repairs.",
    )
    ans = ask(index, "How many people died when the storm hit the coast?")
    assert ans.abstained
    assert not any(ch.isdigit() for ch in ans.hits[0].sentence_text)


def test_a_how_many_question_with_a_number_in_the_answer_is_answered(
    seed_index: SearchIndex,
) -> None:
    ans = ask(seed_index, "How many troops does the UK have in Iraq?")
    assert not ans.abstained
    assert "400" in ans.hits[0].sentence_text


def test_a_how_many_question_prefers_a_number_of_what_it_counts(seed_index: SearchIndex) -> None:
    # "three main bases" has British forces in it too, but counts bases, not soldiers.
    ans = ask(seed_index, "How many British soldiers are stationed in Iraq?")
    assert not ans.abstained
    assert "around 400 troops" in ans.hits[0].sentence_text


def test_a_number_of_the_thing_counted_goes_before_a_better_scored_passage_with_any_number() -> (
    None
):
    """Both passages can answer "how many" (both have a number), but only one counts
    soldiers: it goes first although the other holds the question's words more often."""
    camps = Article(
        "camps",
        "Army news",
        "example.com",
        (
            "British soldiers camped in the north are at three bases: the British soldiers "
            "camped in the north patrol it.",
            "The army has around 400 British troops based in the north working with local forces.",
            "The weather was cold.",
        ),
    )
    ans = ask(build_index([camps]), "How many British soldiers are camped in the north?")
    assert ans.hits[0].passage.paragraph == 2
    assert ans.hits[0].score < ans.hits[1].score  # ranked by what it counts, not its score


@pytest.mark.parametrize(
    "question",
    [
        "How many French troops are in Iraq?",  # a count of other troops
        "How many Iranian troops are in Iraq?",
        "What is the name of the British defence secretary?",  # the article names the US one
        "On what date did the Iraqi parliament vote?",  # no date given
        "When did British troops first arrive in Iraq?",  # no time given
    ],
)
def test_a_question_the_best_sentence_cannot_answer_abstains(
    seed_index: SearchIndex, question: str
) -> None:
    assert ask(seed_index, question).abstained


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("what does boris johnson want", "de-escalation"),  # the article says "Mr Johnson"
        ("How many UK troops are in Iraq?", "400"),
        ("What is the name of the US defence secretary?", "Mark Esper"),
        ("What does KSF stand for?", "Kurdish Security Forces"),
    ],
)
def test_a_question_the_best_sentence_answers_is_answered(
    seed_index: SearchIndex, question: str, says: str
) -> None:
    ans = ask(seed_index, question)
    assert not ans.abstained
    assert says in ans.hits[0].sentence_text


def test_a_date_question_is_answered_from_a_sentence_with_a_date(
    tmp_corpus: Callable[..., Path],
) -> None:
    index = _index_of(
        tmp_corpus,
        "Parliament votes",
        "Parliament voted on 5 January to end the mission.",
        "The vote followed a long debate.",
    )
    ans = ask(index, "On what date did parliament vote?")
    assert not ans.abstained
    assert "5 January" in ans.hits[0].sentence_text
    assert ask(index, "In what year did the debate end?").abstained


def test_a_he_said_paragraph_is_read_with_the_paragraph_before(
    tmp_corpus: Callable[..., Path],
) -> None:
    index = _index_of(
        tmp_corpus,
        "Budget row",
        "Jane Doe, the mayor, spoke to reporters on Monday.",
        "She said: “The budget is gone and the library will close.”",
        "The council meets again in May to discuss the library budget.",
    )
    ans = ask(index, "What did Jane Doe say about the library budget?")
    assert not ans.abstained
    assert ans.hits[0].sentence_text.startswith("She said")
    assert dict(ans.hits[0].term_scores)["(paragraph before)"] > 0


def test_a_how_many_question_skips_a_better_match_without_a_number(
    seed_index: SearchIndex,
) -> None:
    # "British and American forces are under threat…" matches more words but has no number.
    ans = ask(seed_index, "how many american soldiers are there")
    assert not ans.abstained
    assert "5,200" in ans.hits[0].sentence_text


def test_a_question_about_downing_street_is_answered_by_the_prime_ministers_spokesman(
    seed_index: SearchIndex,
) -> None:
    ans = ask(seed_index, "How does Downing Street describe the safety of staff in Iraq?")
    assert not ans.abstained
    assert "“paramount”" in ans.hits[0].sentence_text
