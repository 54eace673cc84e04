"""Settings: environment over ``.env``, named range errors, and a token that never shows."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, fields
from pathlib import Path

import pytest

from bot.settings import Settings, env_name, load_settings, unknown_settings
from index.errors import SettingsError

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-token-value"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer settings leak in: no ARTICLEBOT_/DISCORD_ variables, no ./.env."""
    for name in list(os.environ):
        if name.startswith(("ARTICLEBOT_", "DISCORD_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def env_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "test.env"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_without_env_file() -> None:
    s = load_settings(env_file=None)
    assert (s.corpus, s.index, s.top_k, s.bm25_variant) == (
        Path("corpus"),
        Path(".index/articlebot.idx"),
        3,
        "plus",
    )
    assert s.discord_token is None


def test_env_file_is_read(tmp_path: Path) -> None:
    s = load_settings(env_file=env_file(tmp_path, "ARTICLEBOT_TOP_K=5\nARTICLEBOT_CORPUS=news\n"))
    assert (s.top_k, s.corpus) == (5, Path("news"))


def test_environment_overrides_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = env_file(tmp_path, "ARTICLEBOT_TOP_K=5\nARTICLEBOT_BM25_VARIANT=okapi\n")
    monkeypatch.setenv("ARTICLEBOT_TOP_K", "7")
    s = load_settings(env_file=path)
    assert (s.top_k, s.bm25_variant) == (7, "okapi")


def test_command_line_overrides_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLEBOT_TOP_K", "7")
    assert load_settings(env_file=None, top_k=2).top_k == 2


def test_dot_env_in_the_working_folder_is_the_default(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ARTICLEBOT_TOP_K=4\n", encoding="utf-8")
    assert load_settings().top_k == 4


def test_top_k_zero_names_the_variable_and_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLEBOT_TOP_K", "0")
    with pytest.raises(SettingsError) as info:
        load_settings(env_file=None)
    assert "ARTICLEBOT_TOP_K must be 1-20, got 0" in str(info.value)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ARTICLEBOT_TOP_K", "21", "ARTICLEBOT_TOP_K must be 1-20, got 21"),
        ("ARTICLEBOT_TOP_K", "many", "ARTICLEBOT_TOP_K"),
        ("ARTICLEBOT_BM25_VARIANT", "bm25f", "ARTICLEBOT_BM25_VARIANT must be okapi, l or plus"),
        ("ARTICLEBOT_BM25_K1", "11", "ARTICLEBOT_BM25_K1 must be above 0 and at most 10, got 11.0"),
        ("ARTICLEBOT_BM25_K1", "0", "ARTICLEBOT_BM25_K1 must be above 0 and at most 10, got 0.0"),
        ("ARTICLEBOT_BM25_B", "2", "ARTICLEBOT_BM25_B must be 0-1, got 2.0"),
        ("ARTICLEBOT_GUILD_IDS", "12,abc", "ARTICLEBOT_GUILD_IDS must be comma-separated"),
        ("ARTICLEBOT_LOG_LEVEL", "LOUD", "ARTICLEBOT_LOG_LEVEL must be DEBUG"),
        ("ARTICLEBOT_MAX_QUESTIONS_PER_SECOND", "0", "ARTICLEBOT_MAX_QUESTIONS_PER_SECOND"),
        ("ARTICLEBOT_USER_COOLDOWN_SECONDS", "-1", "ARTICLEBOT_USER_COOLDOWN_SECONDS"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(env_file=None)


def test_log_level_is_upper_cased_and_guild_ids_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLEBOT_LOG_LEVEL", "debug")
    monkeypatch.setenv("ARTICLEBOT_GUILD_IDS", " 123 , 456,")
    s = load_settings(env_file=None)
    assert (s.log_level, s.guild_id_list) == ("DEBUG", [123, 456])


def test_discord_token_never_appears_in_repr_or_str(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    s = load_settings(env_file=None)
    assert s.discord_token is not None
    assert s.discord_token.get_secret_value() == TOKEN
    for text in (repr(s), str(s), json.dumps(asdict(s), default=str), repr(asdict(s))):
        assert TOKEN not in text


def test_discord_token_from_env_file_is_secret_too(tmp_path: Path) -> None:
    s = load_settings(env_file=env_file(tmp_path, f"DISCORD_TOKEN={TOKEN}\n"))
    assert s.discord_token is not None and s.discord_token.get_secret_value() == TOKEN
    assert TOKEN not in repr(s)


def test_a_settings_error_does_not_echo_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("ARTICLEBOT_TOP_K", "0")
    with pytest.raises(SettingsError) as info:
        load_settings(env_file=None)
    assert TOKEN not in str(info.value)


def test_env_example_documents_every_setting() -> None:
    documented = set(
        re.findall(r"^([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert {env_name(f.name) for f in fields(Settings)} - documented == set()


def test_env_example_values_are_valid_settings() -> None:
    load_settings(env_file=str(ENV_EXAMPLE))


def test_a_zero_conversation_ttl_is_refused_by_name() -> None:
    from bot.settings import load_settings
    from index.errors import SettingsError

    with pytest.raises(SettingsError, match="ARTICLEBOT_CONVERSATION_TTL_SECONDS must be above 0"):
        load_settings(env_file=None, conversation_ttl_seconds=0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ARTICLEBOT_TOP_K", "abc", "ARTICLEBOT_TOP_K must be a whole number, got 'abc'"),
        ("ARTICLEBOT_TOP_K", "2.5", "ARTICLEBOT_TOP_K must be a whole number, got '2.5'"),
        ("ARTICLEBOT_BM25_B", "half", "ARTICLEBOT_BM25_B must be a number, got 'half'"),
    ],
)
def test_a_value_of_the_wrong_kind_gets_the_one_line_form(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings(env_file=None)
    assert str(info.value) == message


def test_a_long_wrong_value_is_cut_in_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLEBOT_TOP_K", "x" * 5000)
    with pytest.raises(SettingsError) as info:
        load_settings(env_file=None)
    assert len(str(info.value)) < 100


def test_a_misspelt_setting_is_warned_about_naming_the_closest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ARTICLEBOT_TOPK", "5")
    path = env_file(tmp_path, "ARTICLEBOT_BM25_VARIENT=okapi\nARTICLEBOT_FROBNICATE=1\nOTHER=1\n")
    assert unknown_settings(path) == [
        "ARTICLEBOT_BM25_VARIENT is not a setting, ignored (did you mean ARTICLEBOT_BM25_VARIANT?)",
        "ARTICLEBOT_FROBNICATE is not a setting, ignored",
        "ARTICLEBOT_TOPK is not a setting, ignored (did you mean ARTICLEBOT_TOP_K?)",
    ]


def test_known_settings_raise_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARTICLEBOT_TOP_K", "5")
    assert unknown_settings(str(ENV_EXAMPLE)) == []
