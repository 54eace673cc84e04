"""Hostile text through the Discord double: every way in is answered, no one is pinged and
nothing the bot sends breaks Discord's limits.

Each case goes in four ways: ``/ask question:``, ``/search query:``, ``/summary about:`` and
as a message mentioning the bot. The double rejects an over-limit payload with 400 (as Discord
does), so "no 4xx" means every reply was within the limits. The last tests ask about an
article whose own text is hostile (mentions, markdown, a masked link), so the bot echoes it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.discord_app import ArticleBot
from index.build import build_index, load_index, save_index
from index.corpus import load_corpus
from index.searchindex import SearchIndex
from tests.conftest import SEED_CORPUS, SEED_ID, CorpusBuilder
from tests.discord_double import DiscordDouble, RecordedRequest
from tests.discord_double.articlebot import (
    bot_on,
    carries_message,
    custom_ids,
    embed_of,
    pings_no_one,
)

pytest_plugins = ("tests.discord_double.fixtures",)

BOT = "{bot}"  # replaced by the bot's own mention, <@id>, at run time
ZWSP = "\u200b"
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*\]\(")  # [text]( not preceded by a backslash

CASES = {
    # -- mentions ---------------------------------------------------------------------------
    "everyone": "@everyone",
    "here": "@here",
    "everyone-in-question": "@everyone who is Ali Shamkhani?",
    "here-bold": "**@here** what did Mark Esper say?",
    "short-user": "<@123> who is Mark Esper?",
    "nick-user": "<@!123456789012345678> who is Mark Esper?",
    "role": "<@&456> how many troops are in Iraq?",
    "long-role": "<@&456789012345678901> troops Iraq",
    "channel": "<#789> where are the British bases?",
    "long-channel": "<#789012345678901234>",
    "mention-storm": "<@123456789012345678> " * 90,
    "everyone-storm": "@everyone @here " * 120,
    "only-the-bot": BOT,
    "bot-thrice": f"{BOT} {BOT} who is Mark Esper? {BOT}",
    "slash-mention": "</ask:123456789012345678> and <t:1700000000:R> Iraq",
    # -- markdown and block markup ----------------------------------------------------------
    "unbalanced-fence": "```python\nwho is Ali Shamkhani",
    "fences": "``` ``` ``` troops",
    "inline-code": "`who` ``is`` Shamkhani`",
    "bold": "**Shamkhani** said what?",
    "underline": "__Esper__ said what?",
    "strike": "~~troops~~ in Iraq",
    "spoiler": "||spoiler|| who is Shamkhani ||",
    "quote": "> who is Mark Esper?",
    "block-quote": ">>> block quote\ntroops\nIraq",
    "heading": "# heading about Iraq",
    "small-heading": "### where are the bases",
    "subtext": "-# subtext about the troops",
    "lists": "- one\n* two\n1. three troops",
    "nested-chaos": "**__~~||`@everyone`||~~__**",
    "already-escaped": "\\*\\*not bold\\*\\* \\@everyone",
    # -- links ------------------------------------------------------------------------------
    "masked-link": "[click](https://evil.example) who is Mark Esper?",
    "masked-everyone": "[**@everyone**](<https://evil.example/@here>)",
    "raw-url": "https://evil.example/?q=@everyone&x=<@123> troops",
    "angle-url": "<https://evil.example> Iraq",
    # -- characters -------------------------------------------------------------------------
    "emoji": "🇮🇷🔥💣 who is Shamkhani? 👍🏽👨‍👩‍👧",
    "custom-emoji": "<:pepe:123456789012345678> <a:dance:123456789012345678> troops",
    "zero-width": f"Sham{ZWSP}khani\u200d\u2060\ufeff",
    "only-zero-width": ZWSP * 3,
    "rtl": "\u202eynahkmahS si ohw\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "control": "\x00\x01\x1b[31m troops \x7f\x08",
    "zalgo": "T\u0337\u0321r\u0334\u0322o\u0336o\u0335p\u0338s" * 40,
    # -- sizes ------------------------------------------------------------------------------
    "stars-1990": "*" * 1990,
    "underscores-1990": "_" * 1990,
    "backslashes-1990": "\\" * 1990,
    "backticks-1990": "`" * 1990,
    "pipes-1990": "|" * 1990,
    "quotes-990": "> " * 995,
    "long-word": "Shamkhani" * 222,
    "a-2000": "a" * 2000,
    "newlines": "\n" * 500 + "who is Mark Esper?" + "\n" * 500,
    "newline-lines": "Shamkhani\n" * 199,
}


def _safe(double: DiscordDouble) -> None:
    """Every message the bot sent pings no one, and Discord accepted every request."""
    sent = [r for r in double.requests if carries_message(r)]
    assert sent, "the bot sent nothing"
    pinging = [
        (r.key, r.data.get("allowed_mentions"))
        for r in sent
        if not pings_no_one(r.data.get("allowed_mentions"))
    ]
    assert not pinging, pinging
    refused = [(r.key, r.status, r.response) for r in double.requests if 400 <= r.status < 500]
    assert not refused, refused


async def _answer(
    double: DiscordDouble, command: str, options: dict[str, str | int]
) -> RecordedRequest:
    """Run a slash command; the bot's first callback, which must have been accepted."""
    iid = await double.slash_command(command, options)
    prefix = f"/interactions/{iid}/"
    reply = await double.wait_for_request(lambda r: r.path.startswith(prefix))
    assert reply.ok, (reply.status, reply.response)
    return reply


async def _ask_every_way(double: DiscordDouble, text: str) -> dict[str, RecordedRequest]:
    """``text`` as /ask, /search, /summary about: and a mention; the bot's reply to each."""
    replies = {
        "/ask": await _answer(double, "ask", {"question": text}),
        "/search": await _answer(double, "search", {"query": text}),
        "/summary": await _answer(double, "summary", {"about": text}),
    }
    message = await double.message(f"{double.bot.mention} {text}")
    replies["mention"] = await double.wait_for_request(
        lambda r: (
            r.replies_to(message)
            or (r.method == "POST" and r.path.endswith("/messages") and not r.ok)
        )
    )
    assert replies["mention"].ok, replies["mention"].response
    return replies


def _visible(reply: RecordedRequest) -> str:
    """The parts of a reply where Discord renders markdown and mentions: the content and each
    embed's title, description and fields (footers show text as it is, so they are left out)."""
    parts = [reply.data.get("content") or ""]
    for embed in reply.data.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f.get('name')}\n{f.get('value')}" for f in embed.get("fields") or []]
    return "\n".join(parts)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
async def test_hostile_text_is_answered_every_way_and_pings_no_one(
    double: DiscordDouble, bot: ArticleBot, text: str
) -> None:
    text = text.replace(BOT, double.bot.mention)
    replies = await _ask_every_way(double, text)
    assert set(replies) == {"/ask", "/search", "/summary", "mention"}
    for way, reply in replies.items():
        shown = _visible(reply)
        assert shown.strip(), f"{way}: an empty reply"
        # Echoed text is escaped: a mass mention never appears as one, even in an embed.
        assert "@everyone" not in shown and "@here" not in shown, (way, shown[:300])
        assert not MASKED_LINK.search(shown), (way, shown[:300])
    _safe(double)


# -- an article that is itself hostile --------------------------------------------------------

HOSTILE_ID = "hostile"
HOSTILE = """\
url: https://example.com/harbour)[Claim_your_prize](https://evil.example/login

**Harbour** council @everyone <@123> __news__ ||today||

**Breaking** @everyone: the harbour council of <@123> and <@&456> met in <#789> to discuss \
the ||secret|| ~~budget~~ plan for the harbour. ```unbalanced code fence

> The harbour budget plan was quoted here, @here and <@!123456789012345678> agreed.

# The harbour mayor spoke at length about the budget.

-# The harbour subtext said [click here](https://evil.example) for the budget plan.

The harbour mayor said: "@everyone come to the harbour and read the **budget** plan", and \
the treasurer replied that the __budget__ plan was *final* `today`.

source: example.com
"""


# Everything too big: a headline past every title limit and paragraphs that escaping doubles.
HUGE_ID = "huge"
HUGE = (
    f"url: https://example.com/{'z' * 3000}\n\n"
    + "**Zeppelin** @everyone " * 200
    + "\n\n"
    + "The zeppelin_hangar *is* ~~huge~~ @here. " * 400
    + "\n\n"
    + "Zeppelin `"
    + "_*" * 3000
    + "`\n\n"
    + "The zeppelin mayor said: "
    + "||zeppelin|| " * 700
    + "\n"
)


@pytest.fixture
def hostile_index(tmp_corpus: CorpusBuilder, tmp_path: Path) -> SearchIndex:
    """The seed article, the hostile one and the huge one, indexed."""
    seed = (SEED_CORPUS / f"{SEED_ID}.txt").read_bytes()
    folder = tmp_corpus(
        {f"{HOSTILE_ID}.txt": HOSTILE, f"{HUGE_ID}.txt": HUGE, f"{SEED_ID}.txt": seed}
    )
    corpus = load_corpus(folder)
    path = tmp_path / "hostile.idx"
    save_index(build_index(corpus.articles, corpus_hash=corpus.fingerprint), path)
    return load_index(path)


@pytest_asyncio.fixture
async def hostile_bot(
    double: DiscordDouble, hostile_index: SearchIndex
) -> AsyncIterator[ArticleBot]:
    """An ArticleBot over the hostile corpus, three passages an answer."""
    async with bot_on(double, hostile_index, top_k=3) as client:
        yield client


async def test_an_article_full_of_mentions_and_markdown_is_echoed_harmlessly(
    double: DiscordDouble, hostile_bot: ArticleBot
) -> None:
    replies = {
        "ask": await _answer(double, "ask", {"question": "What did the harbour mayor say?"}),
        "search": await _answer(double, "search", {"query": "harbour budget plan"}),
        "summary": await _answer(double, "summary", {"article": HOSTILE_ID, "sentences": 10}),
        "summary about": await _answer(double, "summary", {"about": "budget plan"}),
        "source": await _answer(double, "source", {}),
    }
    message = await double.message(f"{double.bot.mention} who agreed about the harbour plan?")
    replies["mention"] = await double.wait_for_reply(message)
    ask_message = double.messages[int(replies["ask"].response["resource"]["message"]["id"])]
    for custom_id in custom_ids(ask_message):  # More passages, Show paragraph in full
        click = await double.click(custom_id, int(ask_message["id"]))
        replies[custom_id[:7]] = await double.wait_for_response(click)
    assert len(replies) == 8
    for way, reply in replies.items():
        shown = _visible(reply)
        if way != "source":
            assert "harbour" in shown.casefold(), (way, shown[:300])  # the article is echoed
        for raw in ("@everyone", "@here", "<@!123456789012345678>"):
            assert raw not in shown, (way, raw, shown[:300])
    text = "\n".join(_visible(r) for r in replies.values())
    assert f"@{ZWSP}everyone" in text  # shown as written, not as a mention
    assert "\\[click here](https://evil.example)" in text  # shown, but not a working link
    for way, reply in replies.items():
        links = MASKED_LINK.findall(_visible(reply))
        # The one masked link is the bot's own, to the article's declared url, in /source.
        assert links == (["[link]("] if way == "source" else []), (way, links)
    # The url cannot smuggle in a masked link of its own: what would end the link is encoded.
    assert (
        "[link](https://example.com/harbour%29%5BClaim_your_prize%5D%28https://evil.example/login)"
    ) in _visible(replies["source"])
    assert "\\*\\*budget\\*\\*" in text and "\\|\\|secret\\|\\|" in text
    _safe(double)


async def test_a_hostile_headline_is_shown_as_written_in_the_footer_only(
    double: DiscordDouble, hostile_bot: ArticleBot
) -> None:
    reply = await _answer(double, "ask", {"question": "What did the treasurer reply?"})
    embed = embed_of(reply)
    assert embed["footer"]["text"].startswith("**Harbour** council")  # footers render nothing
    assert embed["title"] == "“What did the treasurer reply?”"
    _safe(double)


async def test_an_article_too_big_for_every_limit_is_clipped_into_them(
    double: DiscordDouble, hostile_bot: ArticleBot
) -> None:
    replies = [
        await _answer(
            double, "ask", {"question": "What did the zeppelin mayor say?", "passages": 5}
        ),
        await _answer(double, "search", {"query": "zeppelin hangar"}),
        await _answer(double, "summary", {"article": HUGE_ID, "sentences": 10}),
        await _answer(double, "summary", {"article": HUGE_ID, "about": "zeppelin"}),
        await _answer(double, "source", {}),
    ]
    ask_message = double.messages[int(replies[0].response["resource"]["message"]["id"])]
    for custom_id in custom_ids(ask_message):
        click = await double.click(custom_id, int(ask_message["id"]))
        replies.append(await double.wait_for_response(click))
    assert len(replies) == 7
    for reply in replies:
        assert "@everyone" not in _visible(reply) and "@here" not in _visible(reply)
    assert "zeppelin" in _visible(replies[0]).casefold()
    _safe(double)  # the double enforces every limit: nothing was refused
