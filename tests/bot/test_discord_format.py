"""Formatting for Discord: escaping, bold sentences, and Discord's limits on any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord_app import limits as L
from bot.discord_app.format import (
    NOTHING_ASKED,
    abstain_embed,
    answer_embed,
    more_embed,
    paragraph_embed,
    search_embed,
    search_title,
    share,
)
from bot.discord_app.format_info import help_embed, sources_embed, summary_embed
from bot.discord_app.markdown import bold_passage, echo, escape, fit
from index.models import Answer, Article, Hit, Passage, Span, Summary, SummarySentence
from index.searchindex import ArticleMeta, SearchIndex
from tests.asking import ask

LONG = "Word " * 3000
NASTY = "@everyone **bold** _it_ <@123456789012345678> <@&123456789012345678> `x` \\* # h"


def _article(title: str = "Title", source: str = "example.com", url: str | None = None) -> Article:
    return Article("a1", title, source, ("First paragraph.", "Second one here."), url)


def _hit(text: str, sentence: Span, rank: int = 1, article: Article | None = None) -> Hit:
    passage = Passage(f"a1:{rank}", "a1", (rank,), text, (sentence,))
    return Hit(rank, 1.0, passage, article or _article(), sentence)


def _answer(
    question: str,
    hits: list[Hit],
    abstained: bool = False,
    corrections: tuple[tuple[str, str], ...] = (),
) -> Answer:
    return Answer(question, "searched words", abstained, tuple(hits), corrections)


def _unescaped_mention(text: str) -> bool:
    return bool(re.search(r"@(everyone|here)|<@[!&]?\d", text))


# -- escaping and clipping ---------------------------------------------------------------------


def test_escape_neutralises_markdown_and_every_kind_of_mention() -> None:
    out = escape(NASTY)
    assert not _unescaped_mention(out)
    assert "\\*\\*bold\\*\\*" in out and "\\_it\\_" in out and "\\`x\\`" in out
    assert "\\\\\\*" in out  # a typed backslash stays a backslash, the star stays a star


def test_escape_neutralises_block_markup_at_line_starts() -> None:
    assert escape("# Heading\n> quote\n-# small\n- item\n1. first") == (
        "\\# Heading\n\\> quote\n\\-# small\n\\- item\n\\1. first"
    )


def test_echo_is_one_line_and_within_its_limit() -> None:
    out = echo("line one\n\n  line two " + LONG, 100)
    assert "\n" not in out and len(out) <= 100 and out.endswith(L.ELLIPSIS)
    assert out.startswith("line one line two Word")


@given(
    st.text(alphabet="ab *_~`|>#@\\<&!0123456789\n", max_size=400),
    st.integers(min_value=0, max_value=300),
)
@settings(max_examples=300, deadline=None)
def test_fit_never_exceeds_its_limit_nor_leaves_a_mention(text: str, limit: int) -> None:
    for keep_end in (False, True):
        out = fit(text, limit, keep_end=keep_end)
        assert len(out) <= limit
        assert "@everyone" not in out and "@here" not in out
        assert not out.endswith("\\") or out.endswith("\\\\")


def test_fit_cuts_at_a_word_and_marks_the_cut() -> None:
    assert fit("alpha beta gamma delta", 13) == "alpha beta…"
    assert fit("alpha beta gamma delta", 13, keep_end=True) == "…gamma delta"


def test_bold_passage_bolds_exactly_the_answering_sentence() -> None:
    text = "First sentence. The *answer* is here. Last one."
    out = bold_passage(text, Span(16, 37), 4096)
    assert out == "First sentence. **The \\*answer\\* is here.** Last one."


def test_bold_passage_keeps_the_sentence_when_the_context_must_go() -> None:
    before, sentence, after = "x " * 1500, "The answer sentence.", " y" * 1500
    text = before + sentence + after
    out = bold_passage(text, Span(len(before), len(before) + len(sentence)), 1024)
    assert len(out) <= 1024
    assert "**The answer sentence.**" in out
    assert out.startswith(L.ELLIPSIS) and out.endswith(L.ELLIPSIS)


def test_bold_passage_clips_a_giant_sentence_but_keeps_it_bold() -> None:
    out = bold_passage(LONG, Span(0, len(LONG)), 1024)
    assert len(out) <= 1024 and out.startswith("**Word") and out.rstrip().endswith("…**")


def test_share_gives_small_pieces_all_they_need() -> None:
    assert share([10, 500, 500], [1024] * 3, 610) == [10, 300, 300]
    assert share([10, 20], [1024, 1024], 1000) == [10, 20]
    assert share([2000, 2000], [4096, 1024], 6000) == [2000, 1024]


# -- embeds ------------------------------------------------------------------------------------


def test_answer_embed_bolds_the_sentence_and_attributes_the_paragraph() -> None:
    hit = _hit("Intro. The answer. Outro.", Span(7, 18), rank=1)
    embed = answer_embed(_answer("Who?", [hit]))
    assert embed.description == "Intro. **The answer.** Outro."
    assert embed.footer.text == "Title · example.com · ¶1"
    assert embed.title == "“Who?”"
    assert not embed.fields


@pytest.mark.parametrize("aside", ["thanks!", "lol", "hi"])
def test_a_question_that_asks_nothing_gets_an_invitation_not_a_passage(
    seed_index: SearchIndex, aside: str
) -> None:
    embed = answer_embed(ask(seed_index, aside))
    assert embed.description == NOTHING_ASKED and not embed.fields and embed.title is None


def test_answer_embed_shows_corrections_as_searched_words() -> None:
    hit = _hit("The answer.", Span(0, 11))
    embed = answer_embed(_answer("Solemani?", [hit], corrections=(("solemani", "soleimani"),)))
    (field,) = embed.fields
    assert field.name == "Searched for"
    assert field.value == "searched words (corrected: solemani → soleimani)"


def test_answer_embed_links_only_to_web_urls() -> None:
    good = _hit("A.", Span(0, 2), article=_article(url="https://example.com/a"))
    bad = _hit("A.", Span(0, 2), article=_article(url="javascript:alert(1)"))
    assert answer_embed(_answer("Q?", [good])).url == "https://example.com/a"
    assert answer_embed(_answer("Q?", [bad])).url is None


def test_abstention_without_any_passage_says_no_word_appears() -> None:
    embed = abstain_embed(_answer("Quantum chromodynamics?", [], abstained=True))
    assert embed.description is not None and "none of its words appear" in embed.description


def test_abstention_quotes_the_closest_passage_without_bold() -> None:
    hit = _hit("Close but no. Not it.", Span(0, 13))
    embed = abstain_embed(_answer("Why?", [hit], abstained=True))
    assert embed.title == "Sorry — the article doesn't say"
    assert embed.description is not None and embed.description.endswith("> Close but no. Not it.")
    assert "**" not in embed.description


@pytest.mark.parametrize("n_hits", [1, 5, 25])
def test_embeds_of_huge_inputs_stay_within_every_limit(n_hits: int) -> None:
    article = _article(title=NASTY + LONG, source=LONG, url="https://x.test/" + "a" * 3000)
    hits = [_hit(NASTY + LONG, Span(0, 4000), rank=i + 1, article=article) for i in range(n_hits)]
    question = NASTY + LONG
    embeds = [
        answer_embed(_answer(question, hits, corrections=((LONG, LONG),))),
        abstain_embed(_answer(question, hits, abstained=True)),
        more_embed(hits, 2),
        search_embed(hits, 0, 9, 99, title=search_title(question)),
        paragraph_embed(Article("a", LONG, LONG, (LONG,), None), 1),
    ]
    for embed in embeds:
        assert L.embed_problems(embed) == [], embed.title
        assert not _unescaped_mention(embed.description or "")
        assert all(not _unescaped_mention(f.value or "") for f in embed.fields)
        assert not _unescaped_mention(embed.title or "")


def test_summary_embed_within_limits_and_escaped() -> None:
    article = Article("a1", LONG, LONG, ("p",), "https://x.test/a", LONG)
    sentences = tuple(SummarySentence(NASTY + LONG, i + 1) for i in range(10))
    embed = summary_embed(Summary(article, sentences, about=NASTY + LONG))
    assert L.embed_problems(embed) == []
    assert embed.description is not None and not _unescaped_mention(embed.description)
    lines = embed.description.split("\n")
    assert lines[0].startswith("About “@\u200beveryone")
    assert [line[:2] for line in lines[1:]] == ["• "] * 10


def test_summary_embed_says_when_the_topic_is_absent() -> None:
    embed = summary_embed(Summary(_article(), (), about="@everyone football", found=False))
    assert embed.description is not None
    assert "doesn't mention “@\u200beveryone football”" in embed.description


def test_sources_embed_lists_ten_a_page_within_limits() -> None:
    metas = [
        ArticleMeta(
            i,
            f"id{i}",
            "T" * 400,
            "S" * 300,
            "https://x.test/" + "u" * 200,
            "2020-01-0" + str(i % 9 + 1),
            0,
            3,
            3,
        )
        for i in range(23)
    ]
    first, last = sources_embed(metas, 0), sources_embed(metas, 2)
    assert len(first.fields) == 10 and len(last.fields) == 3
    assert first.footer.text == "page 1 of 3"
    assert L.embed_problems(first) == [] and L.embed_problems(last) == []
    assert "[link](https://x.test/" in (first.fields[0].value or "")


def test_help_embed_fits() -> None:
    assert L.embed_problems(help_embed()) == []


def test_summary_embed_opens_with_the_gist_in_bold_and_does_not_repeat_it() -> None:
    lead = "The council has approved a new bridge over the river after ten years of debate."
    article = Article("a1", "Bridge", "example.com", (lead, "Work starts in May. It costs £2m."))
    sentences = (SummarySentence(lead, 1), SummarySentence("Work starts in May.", 2))
    embed = summary_embed(Summary(article, sentences, gist=lead))
    assert embed.description is not None
    assert embed.description.split("\n") == [f"**{lead}**", "• Work starts in May. (¶2)"]
    assert L.embed_problems(embed) == []


def test_help_explains_every_slash_command_the_bot_registers() -> None:
    from discord import app_commands

    from bot.discord_app.articles import group as article_commands
    from bot.discord_app.commands import COMMANDS

    text = help_embed().description or ""
    named = [f"/{c.name}" for c in COMMANDS if c.name != "help"]
    named += [f"/article {c.name}" for c in article_commands.commands]
    assert isinstance(article_commands, app_commands.Group)
    assert [n for n in named if f"`{n}" not in text] == []
