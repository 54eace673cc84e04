"""The settings' two paths: without pydantic when nothing could set a setting, through
pydantic-settings otherwise; both give the same settings from the one definition."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.settings import FIELDS, PREFIX, Settings, checked, could_be_set, load_settings
from bot.settings_model import MODEL, read_settings
from index import SettingsError
from tests.clirun import cli_env

ALIASES = [f.metadata["alias"] for f in FIELDS.values() if f.metadata["alias"]]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer settings leak in: no variable that could set one, in any case; no .env."""
    names = {a.lower() for a in ALIASES}
    for name in list(os.environ):
        if name.lower().startswith(PREFIX.lower()) or name.lower() in names:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_the_fast_path_equals_pydantics_on_an_empty_environment_field_by_field() -> None:
    fast, slow = load_settings(env_file=None), read_settings(None, {})
    assert not could_be_set(None)
    for f in fields(Settings):
        mine, theirs = getattr(fast, f.name), getattr(slow, f.name)
        assert (f.name, mine, type(mine)) == (f.name, theirs, type(theirs))


def test_pydantics_model_has_each_field_with_its_default_and_variable() -> None:
    assert list(MODEL.model_fields) == list(FIELDS)
    for name, info in MODEL.model_fields.items():
        assert info.default == FIELDS[name].default
        assert info.validation_alias == FIELDS[name].metadata["alias"]


def test_nothing_could_set_a_setting_in_a_clean_environment() -> None:
    assert not could_be_set()


@pytest.mark.parametrize(
    "name",
    ["ARTICLEBOT_TOP_K", "articlebot_corpus", "ArticleBot_Nope", *ALIASES, "discord_token"],
)
def test_a_variable_pydantic_settings_would_read_could_set_one(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "1")
    assert could_be_set()


@pytest.mark.parametrize("name", ["ARTICLEBOT", "DISCORD", "DISCORD_TOKENS", "TOP_K"])
def test_other_variables_could_not(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "1")
    assert not could_be_set()


def test_an_env_file_could_set_one_where_pydantic_settings_looks(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# nothing yet\n", encoding="utf-8")
    assert could_be_set()
    assert not could_be_set(env_file=None)
    assert could_be_set(env_file=str(tmp_path / ".env"))
    assert not could_be_set(env_file=str(tmp_path / "other.env"))


def test_the_command_lines_values_need_no_pydantic() -> None:
    given = {"corpus": Path("news"), "index": Path("/tmp/x.idx"), "top_k": 5}
    fast = checked(given)
    assert fast is not None and fast == read_settings(None, given)


def test_a_value_pydantic_would_convert_is_left_to_pydantic() -> None:
    assert checked({"top_k": "5"}) is None
    assert checked({"bm25_k1": 2}) is None  # an int for a float
    assert checked({"no_such_setting": 1}) is None
    assert load_settings(env_file=None, top_k="5", bm25_k1=2).top_k == 5


def _values(default: Any) -> st.SearchStrategy[Any]:
    """Values of a field's own type, in and out of its range or choices."""
    if isinstance(default, bool):
        return st.booleans()
    if isinstance(default, int):
        return st.one_of(st.integers(-2, 25), st.integers(-(10**9), 10**9))
    if isinstance(default, float):
        return st.one_of(st.floats(-2, 12), st.floats(allow_nan=True, allow_infinity=True))
    if isinstance(default, Path):
        return st.builds(Path, st.text("ab/.-", min_size=1, max_size=8))
    known = ["auto", "16", "0-3", "1,2", "text", "JSON", "info", "okapi", "l", "plus", "12, 34"]
    return st.one_of(st.sampled_from(known), st.text(" ,-0123abcdeINFOautoxt", max_size=8))


OVERRIDES = st.fixed_dictionaries(
    {},
    optional={f.name: _values(f.default) for f in FIELDS.values() if f.default is not None},
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(overrides=OVERRIDES)
def test_the_checks_give_what_pydantic_gives_for_values_of_the_fields_types(
    overrides: dict[str, Any],
) -> None:
    fast = checked(overrides)
    try:
        slow = read_settings(None, overrides)
    except SettingsError:
        assert fast is None  # pydantic's path words the error
        return
    assert fast == slow


def _imports_pydantic(cwd: Path, env: dict[str, str]) -> tuple[str, bool]:
    code = "import sys; from bot.settings import load_settings; s = load_settings();"
    code += "print(s.top_k, 'pydantic' in sys.modules)"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    top_k, imported = run.stdout.split()
    return top_k, imported == "True"


def test_a_clean_process_reads_its_settings_without_importing_pydantic(tmp_path: Path) -> None:
    assert _imports_pydantic(tmp_path, cli_env()) == ("3", False)


@pytest.mark.parametrize("where", ["ARTICLEBOT_TOP_K", "articlebot_top_k", ".env"])
def test_a_single_variable_or_an_env_file_takes_pydantics_path(tmp_path: Path, where: str) -> None:
    env = cli_env()
    if where == ".env":
        (tmp_path / ".env").write_text("ARTICLEBOT_TOP_K=7\n", encoding="utf-8")
    else:
        env[where] = "7"
    assert _imports_pydantic(tmp_path, env) == ("7", True)


def test_a_discord_variable_alone_takes_pydantics_path(tmp_path: Path) -> None:
    assert _imports_pydantic(tmp_path, {**cli_env(), "DISCORD_TOKEN": "x.y.z"}) == ("3", True)


def test_a_bad_value_from_the_command_line_gets_pydantics_message() -> None:
    with pytest.raises(SettingsError, match="ARTICLEBOT_TOP_K must be 1-20, got 0"):
        load_settings(env_file=None, top_k=0)
