"""Settings: each one's name, type, default, description and check, defined once, read from
the environment and ``.env`` (environment wins), validated with named errors.

:class:`Settings` is a frozen dataclass, built in ``main()`` and passed down; tests construct
it directly. pydantic-settings reads the environment and env files into it
(:mod:`bot.settings_model` builds its model from these fields), but only when something
could set a setting: with no ``ARTICLEBOT_`` or Discord variable (in any case, as
pydantic-settings matches names) and no env file, :func:`load_settings` runs the same checks
on the defaults and the given values itself and imports no pydantic (a third of a cold
``articlebot ask``). Every variable is documented in ``.env.example``. The Discord token is
a ``SecretStr``: it never appears in ``repr``, logs or error messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.shards import MAX_SHARDS, parse_shard_ids
from index import DEFAULT_K, MAX_K, TUNED, VARIANTS

if TYPE_CHECKING:  # only pydantic's path makes one (bot.settings_model resolves the name)
    from pydantic import SecretStr

PREFIX = "ARTICLEBOT_"
ENV_FILE = ".env"
DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY = "wss://gateway.discord.gg/"

Check = Callable[[Any], Any]


# Checks: a value in, the value to keep out, or ValueError("must be …") (one line naming the
# variable, by bot.settings_model). "before" checks see the raw value, as pydantic's
# mode="before" validators do; the others see it converted to the field's type.
def _in_range(lo: int, hi: int, above: bool = False, unit: str = "") -> Check:
    def check(v: float) -> float:
        if above and not lo < v <= hi:
            raise ValueError(f"must be above {lo} and at most {hi}{unit}, got {v}")
        if not above and not lo <= v <= hi:
            raise ValueError(f"must be {lo}-{hi}{unit}, got {v}")
        return v

    return check


def _variant(v: str) -> str:
    if v not in VARIANTS:
        raise ValueError(f"must be okapi, l or plus, got {v!r}")
    return v


def _guilds(v: str) -> str:
    for part in filter(None, (p.strip() for p in v.split(","))):
        if not part.isdigit():
            raise ValueError(f"must be comma-separated numeric ids, got {part!r}")
    return v


def _level(v: str) -> str:
    if v.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(f"must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {v!r}")
    return v.upper()


def _shard_count(v: str) -> str:
    v = v.strip().lower() or "auto"
    if v != "auto" and not (v.isdigit() and 1 <= int(v) <= MAX_SHARDS):
        raise ValueError(f"must be auto or a number of shards 1-{MAX_SHARDS}, got {v!r}")
    return v


def _shard_ids(v: str) -> str:
    parse_shard_ids(v)
    return v


def _log_format(v: str) -> str:
    if v.lower() not in ("text", "json"):
        raise ValueError(f"must be text or json, got {v!r}")
    return v.lower()


def _empty_is_unset(v: Any) -> Any:  # before: an empty variable means the default (None)
    return None if isinstance(v, str) and not v.strip() else v


def _on_off(v: Any) -> Any:  # before: pydantic alone would take "t", "y" or "n" too
    words = ("on", "off", "true", "false", "yes", "no", "1", "0")
    if isinstance(v, str) and v.strip().lower() not in words:
        raise ValueError(f"must be on or off, got {v!r}")
    return v


def _spec(
    description: str = "",
    *,
    alias: str | None = None,
    check: Check | None = None,
    before: Check | None = None,
) -> dict[str, Any]:
    """A field's metadata: ``alias`` is its variable when not ``ARTICLEBOT_NAME``."""
    return {"description": description, "alias": alias, "check": check, "before": before}


@dataclass(frozen=True, slots=True)
class Settings:
    """articlebot's configuration (prefix ``ARTICLEBOT_``; Discord's own names for Discord)."""

    corpus: Path = field(default=Path("corpus"), metadata=_spec("Folder of article files"))
    index: Path = field(default=Path(".index/articlebot.idx"), metadata=_spec("Index file"))
    top_k: int = field(
        default=DEFAULT_K, metadata=_spec("Passages per answer", check=_in_range(1, MAX_K))
    )
    bm25_variant: str = field(
        default=TUNED.variant, metadata=_spec("okapi, l or plus", check=_variant)
    )
    bm25_k1: float = field(default=TUNED.k1, metadata=_spec(check=_in_range(0, 10, above=True)))
    bm25_b: float = field(default=TUNED.b, metadata=_spec(check=_in_range(0, 1)))
    discord_token: SecretStr | None = field(default=None, metadata=_spec(alias="DISCORD_TOKEN"))
    guild_ids: str = field(
        default="", metadata=_spec("Comma-separated guild ids for instant sync", check=_guilds)
    )
    discord_api_base_url: str = field(
        default=DEFAULT_API_BASE, metadata=_spec(alias="DISCORD_API_BASE_URL")
    )
    discord_gateway_url: str = field(
        default=DEFAULT_GATEWAY, metadata=_spec(alias="DISCORD_GATEWAY_URL")
    )
    user_cooldown_seconds: float = field(
        default=3.0, metadata=_spec(check=_in_range(0, 86_400, unit=" seconds"))
    )
    max_questions_per_second: float = field(
        default=20.0, metadata=_spec(check=_in_range(0, 10_000, above=True))
    )
    conversation_ttl_seconds: float = field(
        default=900.0, metadata=_spec(check=_in_range(0, 86_400, above=True, unit=" seconds"))
    )
    max_conversations: int = field(default=10_000, metadata=_spec(check=_in_range(1, 1_000_000)))
    log_level: str = field(default="INFO", metadata=_spec(check=_level))
    # Adding articles by link (bot/fetch.py, `articlebot add`, Discord's /article add).
    fetch_allow_private: bool = field(default=False, metadata=_spec())
    fetch_timeout_seconds: float = field(
        default=10.0, metadata=_spec(check=_in_range(0, 300, above=True, unit=" seconds"))
    )
    fetch_max_bytes: int = field(
        default=5_000_000, metadata=_spec(check=_in_range(1_000, 100_000_000, unit=" bytes"))
    )
    article_manager_role: str = field(default="", metadata=_spec("Role that may add articles"))
    # Scaling out (docs/deployment.md): shards, health and metrics, log format.
    shard_count: str = field(
        default="auto", metadata=_spec("auto (Discord's advice) or N", check=_shard_count)
    )
    shard_ids: str = field(
        default="", metadata=_spec("Shards this process runs: 0-3 or 0,2", check=_shard_ids)
    )
    health_port: int = field(
        default=0,
        metadata=_spec("Port of /healthz and /metrics (0: off)", check=_in_range(0, 65_535)),
    )
    health_host: str = field(default="127.0.0.1", metadata=_spec())
    log_format: str = field(
        default="text", metadata=_spec("text or json (one object a line)", check=_log_format)
    )
    # Feedback (what the Discord bot records about its answers; SECURITY.md, "Feedback data").
    feedback: bool = field(
        default=True, metadata=_spec("Record answers and votes: on or off", before=_on_off)
    )
    db: Path | None = field(
        default=None,
        metadata=_spec("Feedback database (default: beside index)", before=_empty_is_unset),
    )
    retention_days: int = field(
        default=90,
        metadata=_spec("Days answers and votes are kept", check=_in_range(1, 3650, unit=" days")),
    )
    feedback_secret: SecretStr | None = field(
        default=None,
        metadata=_spec(
            "Key for hashing user ids (default: generated, <db>.key)", before=_empty_is_unset
        ),
    )

    @property
    def feedback_db(self) -> Path:
        """Where feedback is recorded: ``db``, else ``feedback.db`` beside the index."""
        return self.db if self.db is not None else self.index.parent / "feedback.db"

    @property
    def shard_total(self) -> int | None:
        """``shard_count`` as a number (None for auto: Discord's advice)."""
        return int(self.shard_count) if self.shard_count.isdigit() else None

    @property
    def guild_id_list(self) -> list[int]:
        """``guild_ids`` as integers."""
        return [int(p) for p in (s.strip() for s in self.guild_ids.split(",")) if p]


FIELDS = {f.name: f for f in fields(Settings)}


def env_name(name: str) -> str:
    """The variable that sets field ``name`` (``top_k`` → ``ARTICLEBOT_TOP_K``)."""
    alias = FIELDS[name].metadata["alias"] if name in FIELDS else None
    return alias if isinstance(alias, str) else f"{PREFIX}{name.upper()}"


def could_be_set(env_file: str | None = ENV_FILE) -> bool:
    """Whether the environment or ``env_file`` could set a setting, as pydantic-settings reads
    them: a file (of any kind) at ``env_file``, or a variable whose lower-cased name starts
    with the prefix or is a Discord name."""
    if env_file is not None and os.path.lexists(os.path.expanduser(env_file)):
        return True
    prefix = PREFIX.lower()
    aliases = {f.metadata["alias"].lower() for f in FIELDS.values() if f.metadata["alias"]}
    return any(n.lower().startswith(prefix) or n.lower() in aliases for n in os.environ)


def checked(overrides: Mapping[str, Any]) -> Settings | None:
    """The defaults with ``overrides`` on top, each through its field's checks as pydantic
    runs them on a value of the field's type; None when pydantic must decide: an unknown
    name, a value of another type (pydantic would convert it) or a failed check (pydantic
    words the error)."""
    if not overrides.keys() <= FIELDS.keys():
        return None
    values = {}
    for name, f in FIELDS.items():
        value = overrides.get(name, f.default)
        if type(value) is not type(f.default):
            return None
        for check in (f.metadata["before"], f.metadata["check"]):
            if check is not None:
                try:
                    value = check(value)
                except ValueError:
                    return None
        values[name] = value
    return Settings(**values)


def load_settings(env_file: str | None = ENV_FILE, **overrides: Any) -> Settings:
    """Settings from the environment and ``env_file`` (skipped when absent), ``overrides`` on
    top; an error (:class:`index.SettingsError`) names the variable, in one line."""
    if not could_be_set(env_file):
        settings = checked(overrides)
        if settings is not None:
            return settings
    from bot.settings_model import read_settings

    return read_settings(env_file, overrides)


def unknown_settings(env_file: str | None = ENV_FILE) -> list[str]:
    """A warning for each ``ARTICLEBOT_`` name (in the environment or ``env_file``) that is
    no setting, naming the closest one: a misspelt name is otherwise silently ignored."""
    known = sorted(env_name(name) for name in FIELDS)
    names = {n for n in os.environ if n.startswith(PREFIX)}
    if env_file is not None and Path(env_file).is_file():
        from dotenv import dotenv_values

        names |= {n for n in dotenv_values(env_file, encoding="utf-8") if n.startswith(PREFIX)}
    unknown = sorted(names.difference(known))
    if not unknown:
        return []
    import difflib

    warnings = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"{name} is not a setting, ignored{hint}")
    return warnings


__all__ = [
    "ENV_FILE",
    "FIELDS",
    "PREFIX",
    "Settings",
    "checked",
    "could_be_set",
    "env_name",
    "load_settings",
    "unknown_settings",
]
