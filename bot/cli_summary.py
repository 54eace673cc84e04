"""``articlebot summary``: the gist of an article, or what it says about one topic."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from bot.cli_options import ARTICLE, JSON, Subcommands, add_command, int_range
from bot.context import open_library
from index import MAX_SENTENCES, MIN_SENTENCES

if TYPE_CHECKING:
    from rich.console import Console

    from index import Library, Summary

HELP = f"""Summarize an article: its most central sentences, lead first as news is written,
near-duplicates dropped, in article order with their paragraph (¶) numbers. With --about,
only sentences about that topic; when the article does not mention it, says so (exit 0).

With several articles in the corpus, pick one with --article (id or title prefix), or
give --about and the article that says most about the topic is chosen; --list shows them.

examples:
  articlebot summary
  articlebot summary --sentences 5
  articlebot summary --about "the Iraqi parliament vote"
  articlebot summary --article 000_75ea --json
  articlebot summary --list

--sentences takes {MIN_SENTENCES}-{MAX_SENTENCES}; a summary holds fewer when the article (or the
part about the topic) is shorter.
"""


def register(sub: Subcommands) -> None:
    """Add the command to the CLI."""
    options = [ARTICLE.with_help("which article (id or title prefix)"), JSON]
    p = add_command(sub, "summary", "summarize an article", HELP, options)
    p.add_argument(
        "--sentences",
        type=int_range("--sentences", MIN_SENTENCES, MAX_SENTENCES),
        default=3,
        metavar="N",
        help="how many sentences (default 3)",
    )
    p.add_argument("--about", metavar="TEXT", help="only what the article says about this topic")
    p.add_argument("--list", action="store_true", help="list the articles of the corpus")
    p.set_defaults(func=run)


def _one_to_choose(library: Library) -> bool:
    """True when there is one article; else list them on stderr (the user must choose)."""
    if len(library.articles) == 1:
        return True
    print(
        f"articlebot: the corpus has {len(library.articles)} articles; "
        "choose one with --article ID:",
        file=sys.stderr,
    )
    for meta in library.articles:
        print(f"  {meta.id}  {meta.title}", file=sys.stderr)
    return False


def _print_list(library: Library, as_json: bool) -> None:
    if as_json:
        items = [
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "url": a.url,
                "paragraphs": a.paragraph_count,
            }
            for a in library.articles
        ]
        print(json.dumps({"articles": items}, ensure_ascii=False))
        return
    from rich.table import Table

    from bot.terminal import console

    table = Table("id", "title", "source", "¶", box=None, header_style="bold")
    for a in library.articles:
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
    from index import MAX_TOPIC_CHARS, check_question

    if args.about is not None:  # checked before the index is opened (or built)
        args.about = check_question(args.about, "topic", MAX_TOPIC_CHARS)
    library = open_library(args)
    if args.list:
        _print_list(library, args.json)
        return 0
    if args.article is None and args.about is None and not _one_to_choose(library):
        return 2
    summary = library.summarize(args.sentences, about=args.about, article=args.article)
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        from bot.terminal import console

        print_summary(console(), summary)
    return 0


__all__ = ["HELP", "print_summary", "register", "run"]
