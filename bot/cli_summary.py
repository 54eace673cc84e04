"""``articlebot summary``: the gist of an article, or what it says about one topic."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.cli import add_command
from bot.context import open_for, settings_from
from index import MAX_SENTENCES, MIN_SENTENCES, QueryError, Summary

if TYPE_CHECKING:
    from rich.console import Console

    from index import ArticleMeta, SearchIndex

HELP = f"""Summarize an article: its most central sentences, lead first as news is written,
near-duplicates dropped, in article order with their paragraph (¶) numbers. With --about,
only sentences about that topic; when the article does not mention it, says so (exit 0).

With several articles in the corpus, pick one with --article (id or title prefix);
--list shows them.

examples:
  articlebot summary
  articlebot summary --sentences 5
  articlebot summary --about "the Iraqi parliament vote"
  articlebot summary --article 000_75ea --json
  articlebot summary --list

--sentences takes {MIN_SENTENCES}-{MAX_SENTENCES}; a summary holds fewer when the article (or the
part about the topic) is shorter.
"""


def _sentences_type(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--sentences must be a whole number, got {text!r}"
        ) from None
    if not MIN_SENTENCES <= n <= MAX_SENTENCES:
        raise argparse.ArgumentTypeError(
            f"--sentences must be {MIN_SENTENCES}-{MAX_SENTENCES}, got {n}"
        )
    return n


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the command to the CLI."""
    p = add_command(sub, common, "summary", "summarize an article", HELP)
    p.add_argument(
        "--sentences",
        type=_sentences_type,
        default=3,
        metavar="N",
        help="how many sentences (default 3)",
    )
    p.add_argument("--about", metavar="TEXT", help="only what the article says about this topic")
    p.add_argument("--article", metavar="ID", help="which article (id or title prefix)")
    p.add_argument("--json", action="store_true", help="print JSON (DESIGN.md contract)")
    p.add_argument("--list", action="store_true", help="list the articles of the corpus")
    p.set_defaults(func=run)


def _choose(index: SearchIndex, key: str | None) -> ArticleMeta | None:
    """The article to summarize; None (after listing the choices on stderr) when ambiguous."""
    if key is not None:
        return index.find_article(key)
    if len(index.articles) == 1:
        return index.articles[0]
    print(
        f"articlebot: the corpus has {len(index.articles)} articles; choose one with --article ID:",
        file=sys.stderr,
    )
    for meta in index.articles:
        print(f"  {meta.id}  {meta.title}", file=sys.stderr)
    return None


def _print_list(index: SearchIndex, as_json: bool) -> None:
    if as_json:
        items = [
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "url": a.url,
                "paragraphs": a.paragraph_count,
            }
            for a in index.articles
        ]
        print(json.dumps({"articles": items}, ensure_ascii=False))
        return
    from rich.table import Table

    from bot.terminal import console

    table = Table("id", "title", "source", "¶", box=None, header_style="bold")
    for a in index.articles:
        table.add_row(a.id, a.title, a.source, str(a.paragraph_count))
    console().print(table)


def print_summary(out: Console, summary: Summary) -> None:
    """A panel titled with the headline: numbered sentences, each with its ¶ number."""
    from rich.panel import Panel
    from rich.text import Text

    article = summary.article
    if not summary.found:
        topic = (summary.about or "").rstrip(".!?")
        out.print(Text(f"The article doesn't mention {topic}.", style="bold red"))
        return
    body = Text()
    for n, sentence in enumerate(summary.sentences, start=1):
        if n > 1:
            body.append("\n")
        body.append(f"{n}. ", style="bold")
        body.append(sentence.text)
        body.append(f"  ¶{sentence.paragraph}", style="dim")
    if not summary.sentences:
        body.append("(the article has no text)", style="dim")
    subtitle = article.source + (f" · about: {summary.about}" if summary.about else "")
    out.print(
        Panel(
            body,
            title=Text(article.title, style="bold"),
            title_align="left",
            subtitle=Text(subtitle),
            subtitle_align="right",
            border_style="green",
        )
    )


def run(args: argparse.Namespace) -> int:
    """Summarize the chosen article (or list the articles)."""
    if args.about is not None and not args.about.strip():
        raise QueryError("--about is empty; give a topic, or leave --about out")
    index = open_for(settings_from(args)).index
    if args.list:
        _print_list(index, args.json)
        return 0
    meta = _choose(index, args.article)
    if meta is None:
        return 2
    from index import summarize  # loads numpy: only once a command runs

    summary = summarize(index.article(meta.number), args.sentences, args.about)
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        from bot.terminal import console

        print_summary(console(), summary)
    return 0


__all__ = ["HELP", "print_summary", "register", "run"]
