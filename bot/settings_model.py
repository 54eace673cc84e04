"""pydantic-settings' model of :class:`bot.settings.Settings`, built from its fields: it reads
the environment and env files, converts and checks the values, and names the variable in a
one-line error. Imported only when something could set a setting (see
:func:`bot.settings.load_settings`).
"""

from __future__ import annotations

from typing import Any, get_type_hints

from pydantic import Field, SecretStr, ValidationError, create_model, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.settings import ENV_FILE, FIELDS, PREFIX, Settings, env_name
from index import SettingsError


class _Base(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )


def _model() -> type[BaseSettings]:
    """The model: each field's type, default, description and variable; its checks as
    validators of the same mode."""
    types = get_type_hints(Settings, localns={"SecretStr": SecretStr})
    definitions: dict[str, Any] = {}
    validators: dict[str, Any] = {}
    for name, f in FIELDS.items():
        meta = f.metadata
        definitions[name] = (
            types[name],
            Field(
                default=f.default,
                description=meta["description"] or None,
                validation_alias=meta["alias"],
            ),
        )
        if meta["before"] is not None:
            validators[f"before_{name}"] = field_validator(name, mode="before")(meta["before"])
        if meta["check"] is not None:
            validators[f"check_{name}"] = field_validator(name)(meta["check"])
    model: type[BaseSettings] = create_model(
        "Settings", __base__=_Base, __validators__=validators, **definitions
    )
    return model


MODEL = _model()

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


def read_settings(env_file: str | None, overrides: dict[str, Any]) -> Settings:
    """Settings from the environment and ``env_file`` (skipped when absent), ``overrides`` on
    top, validated by pydantic; an error is a :class:`SettingsError` naming the variable."""
    try:
        model = MODEL(_env_file=env_file, **overrides)
    except ValidationError as exc:
        raise SettingsError(_message(exc.errors()[0])) from None
    return Settings(**{name: getattr(model, name) for name in FIELDS})


__all__ = ["MODEL", "read_settings"]
