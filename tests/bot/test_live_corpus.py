"""A live corpus: the engine swaps to a changed index between questions, conversations survive
the swap, and one whose article disappeared is told so."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.discord_app.engine import Engine
from bot.discord_app.live import IndexWatcher
from index.build import open_index
from index.htmlarticle import make_article
from index.ingest import add_articles, remove_articles
from index.models import Article
from tests.conftest import CorpusBuilder

STORM = (
    "Storm closes the airport\n\nFlights were cancelled at Westport airport as winds reached "
    "90 mph on Tuesday.\n\nThe airport manager, Ruth Okafor, said the runway would reopen on "
    "Thursday.\n"
)
BRIDGE = (
    "The Harbour Bridge reopened on Friday after a two-year repair programme.",
    "Engineers replaced all 212 steel cables, the chief engineer Tom Baker said.",
    "About 30,000 vehicles are expected to cross the bridge every day.",
)


def _setup(tmp_corpus: CorpusBuilder, tmp_path: Path) -> tuple[Path, Path, Engine, IndexWatcher]:
    folder, idx = tmp_corpus({"storm.txt": STORM}), tmp_path / "i.idx"
    engine = Engine(open_index(folder, idx).index)
    watcher = IndexWatcher(engine, folder, idx, lambda: open_index(folder, idx).index, 0.05)
    return folder, idx, engine, watcher


def _bridge() -> Article:
    return make_article(
        "Harbour bridge reopens", "Gazette", list(BRIDGE), "https://g.example/b", None
    )


async def test_an_added_article_is_answered_without_a_restart(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx, engine, watcher = _setup(tmp_corpus, tmp_path)
    watcher.start()
    try:
        before = engine.ask(1, 1, "How many steel cables were replaced?")
        assert before.answer.abstained
        await asyncio.to_thread(add_articles, folder, idx, [_bridge()])
        for _ in range(100):
            if len(engine.articles) == 2:
                break
            await asyncio.sleep(0.05)
        after = engine.ask(1, 2, "How many steel cables were replaced?")
        assert not after.answer.abstained
        assert "212 steel cables" in after.answer.hits[0].sentence_text
    finally:
        await watcher.stop()


async def test_a_follow_up_survives_a_swap(tmp_corpus: CorpusBuilder, tmp_path: Path) -> None:
    folder, idx, engine, watcher = _setup(tmp_corpus, tmp_path)
    first = engine.ask(1, 1, "Who is Ruth Okafor?")
    assert "Okafor" in first.answer.hits[0].sentence_text
    change = add_articles(folder, idx, [_bridge()])
    watcher.swap(change.index)
    follow = engine.ask(1, 1, "When did she say the runway would reopen?")
    assert engine.pop_notice(1, 1) == ""
    assert "Thursday" in follow.answer.hits[0].sentence_text


async def test_a_conversation_whose_article_disappeared_is_told_so(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx, engine, watcher = _setup(tmp_corpus, tmp_path)
    change = add_articles(folder, idx, [_bridge()])
    watcher.swap(change.index)
    engine.ask(1, 1, "How many steel cables were replaced?")
    removed = remove_articles(folder, idx, [change.added[0].id])
    watcher.swap(removed.index)
    engine.ask(1, 1, "Who said that?")
    notice = engine.pop_notice(1, 1)
    assert "Harbour bridge reopens" in notice and "removed" in notice
    engine.ask(1, 2, "Who is Ruth Okafor?")
    assert engine.pop_notice(1, 2) == ""


async def test_a_channel_default_article_limits_questions_until_it_is_removed(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx, engine, watcher = _setup(tmp_corpus, tmp_path)
    change = add_articles(folder, idx, [_bridge()])
    watcher.swap(change.index)
    engine.defaults[7] = change.added[0].id
    limited = engine.ask(7, 1, "Who said the runway would reopen?")
    assert {h.article.id for h in limited.answer.hits} == {change.added[0].id}
    watcher.swap(remove_articles(folder, idx, [change.added[0].id]).index)
    freed = engine.ask(7, 1, "Who said the runway would reopen?")
    assert "Okafor" in freed.answer.hits[0].sentence_text
    assert "channel's article has been removed" in engine.pop_notice(7, 1)
    assert 7 not in engine.defaults


async def test_a_broken_corpus_keeps_the_old_index(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, _, engine, watcher = _setup(tmp_corpus, tmp_path)
    (folder / "storm.txt").unlink()
    assert await watcher.reload() is False
    assert [a.title for a in engine.articles] == ["Storm closes the airport"]
