"""bot.defaults: the settings' defaults that the index commands read without pydantic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.defaults import CORPUS, INDEX, PREFIX, overridable
from bot.settings import load_settings
from index import DEFAULT_K, TUNED


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer settings leak in: no ARTICLEBOT_ variables in any case, no ./.env."""
    for name in list(os.environ):
        if name.casefold().startswith(PREFIX.casefold()):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_the_settings_default_to_what_the_index_commands_read_without_them() -> None:
    s = load_settings(env_file=None)
    assert (s.corpus, s.index, s.top_k) == (CORPUS, INDEX, DEFAULT_K)
    assert (s.bm25_variant, s.bm25_k1, s.bm25_b) == (TUNED.variant, TUNED.k1, TUNED.b)


def test_nothing_can_override_a_default_in_a_clean_environment() -> None:
    assert not overridable()


@pytest.mark.parametrize("name", ["ARTICLEBOT_TOP_K", "articlebot_corpus", "ARTICLEBOT_NOPE"])
def test_any_variable_with_the_prefix_in_any_case_can_override(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "1")
    assert overridable()


def test_an_env_file_can_override(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# nothing yet\n", encoding="utf-8")
    assert overridable()
    assert not overridable(env_file=None)
    assert overridable(env_file=str(tmp_path / ".env"))
