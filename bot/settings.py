"""Settings: environment variables and ``.env`` (environment wins), validated with named errors.

One :class:`Settings` is built in ``main()`` and passed down; tests construct it directly.
Every variable is documented in ``.env.example``. The Discord token is a ``SecretStr``: it
never appears in ``repr``, logs or error messages.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.defaults import CORPUS, ENV_FILE, INDEX, PREFIX
from bot.shards import MAX_SHARDS, parse_shard_ids
from index import DEFAULT_K, MAX_K, TUNED, VARIANTS, SettingsError

# Numeric settings: (low, high, low excluded, unit) for "must be low-high" messages.
_RANGES: dict[str, tuple[int, int, bool, str]] = {
    "top_k": (1, MAX_K, False, ""),
    "bm25_k1": (0, 10, True, ""),
    "bm25_b": (0, 1, False, ""),
    "user_cooldown_seconds": (0, 86_400, False, " seconds"),
    "conversation_ttl_seconds": (0, 86_400, True, " seconds"),
    "max_questions_per_second": (0, 10_000, True, ""),
    "max_conversations": (1, 1_000_000, False, ""),
    "health_port": (0, 65_535, False, ""),
}
DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY = "wss://gateway.discord.gg/"


class Settings(BaseSettings):
    """articlebot's configuration (prefix ``ARTICLEBOT_``; Discord's own names for Discord)."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    corpus: Path = Field(default=CORPUS, description="Folder of article files")
    index: Path = Field(default=INDEX, description="Index file")
    top_k: int = Field(default=DEFAULT_K, description="Passages per answer")
    bm25_variant: str = Field(default=TUNED.variant, description="okapi, l or plus")
    bm25_k1: float = TUNED.k1
    bm25_b: float = TUNED.b
    discord_token: SecretStr | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    guild_ids: str = Field(default="", description="Comma-separated guild ids for instant sync")
    discord_api_base_url: str = Field(
        default=DEFAULT_API_BASE, validation_alias="DISCORD_API_BASE_URL"
    )
    discord_gateway_url: str = Field(
        default=DEFAULT_GATEWAY, validation_alias="DISCORD_GATEWAY_URL"
    )
    user_cooldown_seconds: float = 3.0
    max_questions_per_second: float = 20.0
    conversation_ttl_seconds: float = 900.0
    max_conversations: int = 10_000
    log_level: str = "INFO"
    # Adding articles by link (bot/fetch.py, `articlebot add`, Discord's /article add).
    fetch_allow_private: bool = False
    fetch_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    fetch_max_bytes: int = Field(default=5_000_000, ge=1_000, le=100_000_000)
    article_manager_role: str = Field(default="", description="Role that may add articles")
    # Scaling out (docs/deployment.md): shards, health and metrics, log format.
    shard_count: str = Field(default="auto", description="auto (Discord's advice) or N")
    shard_ids: str = Field(default="", description="Shards this process runs: 0-3 or 0,2")
    health_port: int = Field(default=0, description="Port of /healthz and /metrics (0: off)")
    health_host: str = "127.0.0.1"
    log_format: str = Field(default="text", description="text or json (one object a line)")

    @field_validator("shard_count")
    @classmethod
    def _shard_count(cls, v: str) -> str:
        v = v.strip().lower() or "auto"
        if v != "auto" and not (v.isdigit() and 1 <= int(v) <= MAX_SHARDS):
            raise ValueError(f"must be auto or a number of shards 1-{MAX_SHARDS}, got {v!r}")
        return v

    @field_validator("shard_ids")
    @classmethod
    def _shard_ids(cls, v: str) -> str:
        parse_shard_ids(v)
        return v

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, v: str) -> str:
        if v.lower() not in ("text", "json"):
            raise ValueError(f"must be text or json, got {v!r}")
        return v.lower()

    # Feedback (what the Discord bot records about its answers; SECURITY.md, "Feedback data").
    feedback: bool = Field(default=True, description="Record answers and votes: on or off")
    db: Path | None = Field(default=None, description="Feedback database (default: beside index)")
    retention_days: int = Field(default=90, description="Days answers and votes are kept")
    feedback_secret: SecretStr | None = Field(
        default=None, description="Key for hashing user ids (default: generated, <db>.key)"
    )

    @field_validator("db", "feedback_secret", mode="before")
    @classmethod
    def _empty_is_unset(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("feedback", mode="before")
    @classmethod
    def _on_off(cls, v: Any) -> Any:
        words = ("on", "off", "true", "false", "yes", "no", "1", "0")
        if isinstance(v, str) and v.strip().lower() not in words:
            raise ValueError(f"must be on or off, got {v!r}")
        return v

    @field_validator("retention_days")
    @classmethod
    def _retention(cls, v: int) -> int:
        if not 1 <= v <= 3650:
            raise ValueError(f"must be 1-3650 days, got {v}")
        return v

    @property
    def feedback_db(self) -> Path:
        """Where feedback is recorded: ``db``, else ``feedback.db`` beside the index."""
        return self.db if self.db is not None else self.index.parent / "feedback.db"

    @field_validator(*_RANGES)
    @classmethod
    def _in_range(cls, v: float, info: ValidationInfo) -> float:
        lo, hi, above, unit = _RANGES[str(info.field_name)]
        if above and not lo < v <= hi:
            raise ValueError(f"must be above {lo} and at most {hi}{unit}, got {v}")
        if not above and not lo <= v <= hi:
            raise ValueError(f"must be {lo}-{hi}{unit}, got {v}")
        return v

    @field_validator("bm25_variant")
    @classmethod
    def _variant(cls, v: str) -> str:
        if v not in VARIANTS:
            raise ValueError(f"must be okapi, l or plus, got {v!r}")
        return v

    @field_validator("log_level")
    @classmethod
    def _level(cls, v: str) -> str:
        if v.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError(f"must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {v!r}")
        return v.upper()

    @field_validator("guild_ids")
    @classmethod
    def _guilds(cls, v: str) -> str:
        for part in filter(None, (p.strip() for p in v.split(","))):
            if not part.isdigit():
                raise ValueError(f"must be comma-separated numeric ids, got {part!r}")
        return v

    @property
    def shard_total(self) -> int | None:
        """``shard_count`` as a number (None for auto: Discord's advice)."""
        return int(self.shard_count) if self.shard_count.isdigit() else None

    @property
    def guild_id_list(self) -> list[int]:
        """``guild_ids`` as integers."""
        return [int(p) for p in (s.strip() for s in self.guild_ids.split(",")) if p]


def env_name(field: str) -> str:
    """The variable that sets ``field`` (``top_k`` → ``ARTICLEBOT_TOP_K``)."""
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info else None
    return alias if isinstance(alias, str) else f"{PREFIX}{field.upper()}"


# pydantic's error types → the project's wording ("must be …, got …").
_EXPECTED = {
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "int_type": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "string_type": "text",
    "path_type": "a path",
}


def _message(err: Any) -> str:
    """One validation error as "NAME must be …, got …", naming the variable."""
    field = str(err["loc"][0]) if err["loc"] else "setting"
    name = field if field.isupper() else env_name(field)
    expected = _EXPECTED.get(str(err["type"]))
    if expected is not None:
        value = repr(err["input"])
        got = "" if "TOKEN" in name else f", got {value[:40]}{'…' if len(value) > 40 else ''}"
        return f"{name} must be {expected}{got}"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{name} {msg}" if msg.startswith("must") else f"{name}: {msg}"


def load_settings(env_file: str | None = ENV_FILE, **overrides: Any) -> Settings:
    """Settings from the environment and ``env_file`` (skipped when absent); errors name the
    variable, in one line."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise SettingsError(_message(exc.errors()[0])) from None


def unknown_settings(env_file: str | None = ENV_FILE) -> list[str]:
    """A warning for each ``ARTICLEBOT_`` name (in the environment or ``env_file``) that is
    no setting, naming the closest one: a misspelt name is otherwise silently ignored."""
    known = sorted(env_name(field) for field in Settings.model_fields)
    names = {n for n in os.environ if n.startswith(PREFIX)}
    if env_file is not None and Path(env_file).is_file():
        names |= {n for n in dotenv_values(env_file, encoding="utf-8") if n.startswith(PREFIX)}
    warnings = []
    for name in sorted(names.difference(known)):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"{name} is not a setting, ignored{hint}")
    return warnings


__all__ = ["PREFIX", "Settings", "env_name", "load_settings", "unknown_settings"]
