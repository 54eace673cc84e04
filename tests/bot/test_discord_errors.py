"""Failures become a short private reply and a log entry, never silence or a leaked token."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from bot.discord_app import ArticleBot
from bot.discord_app.errors import UNEXPECTED, Throttled, describe
from bot.discord_app.runner import RedactToken, check_token, check_urls
from index.errors import QueryError, SettingsError
from tests.discord_double import DiscordDouble
from tests.discord_double.articlebot import TOKEN, command, embed_of, is_ephemeral

pytest_plugins = ("tests.discord_double.fixtures",)


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError(f"engine exploded near {TOKEN}")


async def test_an_unexpected_error_in_a_command_is_an_apology_and_a_logged_traceback(
    double: DiscordDouble,
    bot: ArticleBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(bot.engine, "ask", _broken)
    with caplog.at_level(logging.ERROR, logger="bot.discord_app.errors"):
        _, reply = await command(double, "ask", {"question": "Who is Mark Esper?"})
    assert is_ephemeral(reply) and reply.data["content"] == UNEXPECTED
    (record,) = caplog.records
    assert record.getMessage() == "/ask failed" and record.exc_info is not None


async def test_an_unexpected_error_answering_a_mention_is_an_apology(
    double: DiscordDouble, bot: ArticleBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.engine, "ask", _broken)
    question = await double.message(f"{double.bot.mention} Who is Mark Esper?")
    reply = await double.wait_for_reply(question)
    assert reply.data["content"] == UNEXPECTED


async def test_an_unexpected_error_in_a_button_is_an_apology(
    double: DiscordDouble, bot: ArticleBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid, reply = await command(double, "ask", {"question": "Who is Mark Esper?"})
    more = reply.data["components"][0]["components"][0]["custom_id"]
    message_id = double.interaction(iid).original_id
    assert message_id is not None
    monkeypatch.setattr(bot.engine, "hits", _broken)
    click = await double.wait_for_response(await double.click(more, message_id))
    assert is_ephemeral(click) and click.data["content"] == UNEXPECTED


async def test_a_rate_limited_reply_is_retried_and_delivered_once(
    double: DiscordDouble, bot: ArticleBot
) -> None:
    double.fail_next("POST /interactions/*/callback", 429, retry_after=0.05)
    iid = await double.slash_command("ask", {"question": "Who is Ali Shamkhani?"})
    reply = await double.wait_for_response(iid)
    assert "Shamkhani" in embed_of(reply)["description"]
    statuses = [r.status for r in double.interaction_responses(iid)]
    assert statuses == [429, 200]


def test_describe_maps_each_expected_error_to_a_short_reply() -> None:
    assert describe(Throttled(2.2)) == (
        "You're asking faster than I can keep up — please try again in 3 s.",
        True,
    )
    text, expected = describe(QueryError("no article matches '@everyone'"))
    assert expected and text == "No article matches '@\u200beveryone'"
    assert describe(KeyError("x")) == (UNEXPECTED, False)


def test_the_token_is_redacted_from_log_messages_arguments_and_tracebacks() -> None:
    try:
        raise RuntimeError(f"boom {TOKEN}")
    except RuntimeError as exc:
        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "token %s and %s",
            (TOKEN, 1),
            (type(exc), exc, exc.__traceback__),
        )
    assert RedactToken(TOKEN).filter(record)
    assert record.getMessage() == "token [token] and 1"
    assert record.exc_text is not None and TOKEN not in record.exc_text
    assert "boom [token]" in record.exc_text


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        (None, "is not set"),
        ("   ", "is not set"),
        (f"Bot {TOKEN}", "without the 'Bot ' prefix"),
        ("abc.def", "is malformed"),
        ("a.b.c", "is malformed"),
        (TOKEN + ".x", "is malformed"),
        ("abc.d=f.ghi", "is malformed"),
    ],
)
def test_token_problems_are_settings_errors_that_never_show_it(
    token: str | None, problem: str
) -> None:
    from pydantic import SecretStr

    with pytest.raises(SettingsError, match=problem) as caught:
        check_token(None if token is None else SecretStr(token))
    if token and token.strip():
        assert token.strip() not in str(caught.value)


def test_a_well_formed_token_passes_and_urls_are_checked() -> None:
    from pydantic import SecretStr

    assert check_token(SecretStr(f" {TOKEN}\n")) == TOKEN
    check_urls("https://discord.com/api/v10", "wss://gateway.discord.gg/")
    with pytest.raises(SettingsError, match="DISCORD_API_BASE_URL"):
        check_urls("discord.com/api", "wss://gateway.discord.gg/")


def _unobserved(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Failures nobody handled: asyncio's "never retrieved", discord.py's "Ignoring exception"."""
    gc.collect()  # a failed task nobody awaited is reported when it is collected
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "asyncio" or r.getMessage().startswith("Ignoring exception")
    ]


async def test_a_disconnect_while_apologising_for_a_command_is_logged_once(
    double: DiscordDouble,
    bot: ArticleBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(bot.engine, "ask", _broken)
    double.disconnect_next("POST /interactions/*/callback")
    with caplog.at_level(logging.WARNING):
        iid = await double.slash_command("ask", {"question": "Who is Mark Esper?"})
        await double.wait_for_request(lambda r: r.path.startswith(f"/interactions/{iid}/"))
        await asyncio.sleep(0.2)
        monkeypatch.undo()
        _, reply = await command(double, "ask", {"question": "Who is Mark Esper?"})
    assert "Esper" in embed_of(reply)["description"]  # still answering
    lost = [r for r in caplog.records if "could not report an error" in r.getMessage()]
    assert len(lost) == 1 and "ServerDisconnectedError" in lost[0].getMessage()
    assert _unobserved(caplog) == []


async def test_a_disconnect_while_apologising_for_a_mention_is_logged_once(
    double: DiscordDouble,
    bot: ArticleBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(bot.engine, "ask", _broken)
    double.disconnect_next("POST /channels/*/messages")
    with caplog.at_level(logging.WARNING):
        message = await double.message(f"{double.bot.mention} Who is Mark Esper?")
        await double.wait_for_request(lambda r: r.path.endswith("/messages"))
        await asyncio.sleep(0.2)
        monkeypatch.undo()
        again = await double.message(f"{double.bot.mention} Who is Mark Esper?")
        reply = await double.wait_for_reply(again)
    assert "Esper" in embed_of(reply)["description"]
    assert not any(r.replies_to(message) and r.ok for r in double.requests)
    lost = [r for r in caplog.records if "could not reply" in r.getMessage()]
    assert len(lost) == 1 and "ServerDisconnectedError" in lost[0].getMessage()
    assert _unobserved(caplog) == []
