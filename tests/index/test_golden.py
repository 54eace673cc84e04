"""Regression: the engine gives the answers written down in ``tests/golden`` (seed questions,
seed conversations turn by turn, SQuAD dev13). After a deliberate change of answers,
regenerate with ``.venv/bin/python -m tests.golden.snapshot`` and say so in the commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden import snapshot

REGENERATE = "answers changed: if on purpose, run `.venv/bin/python -m tests.golden.snapshot`"


def test_seed_questions_and_conversations_answer_as_the_snapshot(tmp_path: Path) -> None:
    expected = json.loads(snapshot.SEED_FILE.read_text(encoding="utf-8"))
    got = snapshot.seed_answers(snapshot.seed_index(tmp_path))
    for want, have in zip(expected["questions"], got["questions"], strict=True):
        assert have == want, REGENERATE
    for want_turns, have_turns in zip(expected["conversations"], got["conversations"], strict=True):
        assert have_turns == want_turns, REGENERATE


@pytest.mark.skipif(not snapshot.SQUAD.is_dir(), reason=f"{snapshot.SQUAD} is absent")
def test_squad_dev13_questions_answer_as_the_snapshot() -> None:
    expected = snapshot.SQUAD_FILE.read_text(encoding="utf-8").splitlines()
    got = snapshot.squad_lines()
    changed = [f"{w}  ->  {h}" for w, h in zip(expected, got, strict=True) if w != h]
    assert not changed, f"{len(changed)} answers changed, e.g. {changed[:3]}; {REGENERATE}"
