""" "More passages" continues the very ranking of the answer it sits under, follow-ups included."""

from __future__ import annotations

import json
from pathlib import Path

from bot.discord_app import Engine
from bot.discord_app.customids import HitsRef, shown_key
from index import MAX_K, Asked, Hit, SearchIndex, answer


def _clicked(ref: HitsRef) -> HitsRef:
    """What a click on a button carrying ``ref`` reads back from its custom_id."""
    return HitsRef.decode("more", ref.encode().split(":", 2)[2])


def _more_pages(engine: Engine, asked: Asked) -> list[Hit]:
    """Every passage "More passages" shows under ``asked``, clicking it until it is gone."""
    shown = tuple(shown_key(engine.library, h) for h in asked.answer.hits)
    ref = HitsRef.of_query("more", engine.library, asked.query, shown=shown, count=3)
    hits: list[Hit] = []
    while True:
        page = engine.hits(_clicked(ref))
        hits += page.hits
        if not page.hits or len(shown) + ref.start + ref.count >= page.total:
            return hits
        ref = ref.at(ref.start + ref.count)


def test_more_passages_continues_each_seed_conversations_own_ranking(
    seed_index: SearchIndex, data_dir: Path
) -> None:
    engine = Engine(seed_index)
    lines = (data_dir / "seed_conversations.jsonl").read_text(encoding="utf-8").splitlines()
    checked = 0
    for person, line in enumerate(lines):
        for turn in json.loads(line)["turns"]:
            asked = engine.ask(1, person, turn["question"], 3)
            if not asked.query.terms:
                continue
            shown = {h.passage.id for h in asked.answer.hits}
            own = [
                h for h in answer(seed_index, asked.query, MAX_K).hits if h.passage.id not in shown
            ]
            more = _more_pages(engine, asked)
            assert [h.passage.id for h in more] == [h.passage.id for h in own], turn["question"]
            assert [h.score for h in more] == [h.score for h in own], turn["question"]
            checked += 1
    assert checked >= 30
