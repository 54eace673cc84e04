"""The core's face: Library answers, follows up, continues rankings, restores queries,
summarizes and names its index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from index import (
    MAX_K,
    AnswerKind,
    Conversation,
    Library,
    QueryError,
    SearchIndex,
    answer,
    check_question,
    identity_of,
    parse_query,
)

KOALAS = "Koala numbers fall\n\nRangers said koalas eat eucalyptus leaves.\n\nsource: example.org\n"


def test_ask_carries_the_query_it_read_and_its_kind(seed_index: SearchIndex) -> None:
    asked = Library(seed_index).ask("  How many UK troops are in Iraq? ")
    assert asked.query == parse_query(seed_index, "How many UK troops are in Iraq?")
    assert asked.kind is AnswerKind.NUMBER and asked.k == 3 and asked.article is None
    assert asked.answer == answer(seed_index, asked.query, 3)


def test_a_follow_up_carries_terms_and_inherits_what_was_asked(seed_index: SearchIndex) -> None:
    library, talk = Library(seed_index), Conversation()
    library.ask("How many troops does the UK have in Iraq?", conversation=talk)
    asked = library.ask("and the US?", conversation=talk)
    assert asked.query.carried_terms and asked.kind is AnswerKind.NUMBER
    assert parse_query(seed_index, "and the US?").kind is AnswerKind.ANY


def test_more_continues_the_ranking_without_the_shown_passages(seed_index: SearchIndex) -> None:
    library = Library(seed_index)
    asked = library.ask("Where are the British troops based?")
    shown = {h.passage.id for h in asked.answer.hits}
    first = library.more(asked.query, shown=shown, count=4)
    second = library.more(asked.query, shown=shown, start=4, count=4)
    deep = [h.passage.id for h in answer(seed_index, asked.query, MAX_K).hits]
    assert [h.passage.id for h in first.hits + second.hits] == [
        pid for pid in deep if pid not in shown
    ][:8]
    assert [h.rank for h in first.hits + second.hits] == list(range(4, 12))
    assert first.total == len(deep)


def test_restore_rebuilds_a_stored_follow_up_query(seed_index: SearchIndex) -> None:
    library, talk = Library(seed_index), Conversation()
    library.ask("Who is Mark Esper?", conversation=talk)
    query = library.ask("What did he say?", conversation=talk).query
    restored = library.restore(
        query.text,
        kind=query.kind,
        explicit_date=query.explicit_date,
        asks_when=query.asks_when,
        carried=[(t.term_id, t.weight) for t in query.carried_terms],
    )
    assert answer(seed_index, restored, MAX_K).hits == answer(seed_index, query, MAX_K).hits
    with pytest.raises(QueryError, match="vocabulary"):
        library.restore(
            "troops",
            kind=AnswerKind.ANY,
            explicit_date=False,
            asks_when=False,
            carried=[(10**6, 0.5)],
        )


def test_summarize_chooses_the_article_about_the_topic(
    seed_copy: Path, tmp_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    tmp_corpus({"koalas.txt": KOALAS})
    library = Library.open(seed_copy, tmp_path / "i.idx")
    assert library.opened is not None and library.opened.rebuilt
    assert library.summarize(1, about="eucalyptus").article.id == "koalas"
    with pytest.raises(QueryError, match="2 articles"):
        library.summarize(1)
    assert library.summarize(1, article="koalas").article.title == "Koala numbers fall"


def test_find_names_one_article_or_none(seed_index: SearchIndex) -> None:
    library = Library(seed_index)
    assert library.find("  ") is None
    assert library.find("Iran crisis") == seed_index.articles[0]
    with pytest.raises(QueryError):
        library.find("no such article")


def test_the_identity_names_what_the_index_was_built_from(
    seed_index: SearchIndex, tmp_path: Path, tmp_corpus: Callable[..., Path]
) -> None:
    identity = Library(seed_index).identity
    assert identity == identity_of(seed_index.manifest) and len(identity.short) == 6
    other = Library.open(tmp_corpus({"koalas.txt": KOALAS}, "other"), tmp_path / "o.idx")
    assert other.identity.short != identity.short
    assert other.identity.stale_reason(identity) == "corpus changed"
    assert identity.stale_reason(replace(identity)) == ""


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_overlong_question_is_refused(seed_index: SearchIndex, text: str) -> None:
    with pytest.raises(QueryError, match=r"question is (empty|too long)"):
        Library(seed_index).ask(text)
    with pytest.raises(QueryError):
        check_question(text)
