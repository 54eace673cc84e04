"""``articlebot add``, ``list`` and ``remove``: bring articles in by link, file or stdin.

Each source is read (a URL fetched under the safety policy of :mod:`bot.fetch`), turned into an
article, and every source that worked is written to the corpus with the index in one atomic
step (:func:`index.ingest.add_articles`). A source that fails is one line on stderr and writes
nothing; exit code 2 when a source is bad (refused, not an article), else 1 for a network
failure, else 0.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli_options import JSON, Subcommands, add_command
from bot.context import bm25_params, open_for, settings_from
from bot.jsonout import json_line
from index import Article, ArticlebotError, CorpusError

if TYPE_CHECKING:
    from bot.settings import Settings

ADD_HELP = """Add news articles to the corpus: by link, from a saved web page, from a text file
in the corpus format, or from standard input (-). The page's main text is kept (navigation,
adverts, cookie banners, comments and related links are dropped); title, outlet, date and
link come from its metadata. Adding the same link again updates the article. The index is
updated at once: ask right away.

Links to loopback, private and other non-public addresses are refused unless
ARTICLEBOT_FETCH_ALLOW_PRIVATE=true (tests, intranets).

examples:
  articlebot add https://www.bbc.co.uk/news/world-middle-east-51000000
  articlebot add saved-page.html story.txt
  curl -s https://example.com/story | articlebot add -
  articlebot add --json https://example.com/story
"""
LIST_HELP = """List the articles of the corpus: id, title, outlet, date and paragraphs.

examples:
  articlebot list
  articlebot list --json
"""
REMOVE_HELP = """Remove articles from the corpus and the index (by id, as `articlebot list` shows).

examples:
  articlebot remove harbour-bridge-reopens_1a2b3c4d5e
"""
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
STDIN_MAX_BYTES = 5_000_000
EXIT_BAD_SOURCE, EXIT_NETWORK = 2, 1


def register(sub: Subcommands) -> None:
    """Add the commands to the CLI."""
    add = add_command(
        sub,
        "add",
        "add articles by link, file or stdin",
        ADD_HELP,
        [JSON.with_help("one JSON object per source")],
    )
    add.add_argument("sources", nargs="+", metavar="SOURCE", help="URL, .html, .txt or -")
    add.set_defaults(func=run_add)
    lst = add_command(sub, "list", "list the articles of the corpus", LIST_HELP, [JSON])
    lst.set_defaults(func=run_list)
    rm = add_command(sub, "remove", "remove articles from the corpus", REMOVE_HELP, [JSON])
    rm.add_argument("ids", nargs="+", metavar="ID", help="article id")
    rm.set_defaults(func=run_remove)


@dataclass(frozen=True, slots=True)
class Failure:
    """A source that could not be added, and the exit code it calls for."""

    source: str
    message: str
    code: int


def _read_stdin() -> str:
    raw = sys.stdin.buffer.read(STDIN_MAX_BYTES + 1)
    if len(raw) > STDIN_MAX_BYTES:
        raise CorpusError(f"standard input is larger than {STDIN_MAX_BYTES:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"standard input is not UTF-8 text (byte {exc.start})") from exc


def _from_text(text: str, url: str | None = None, name: str | None = None) -> Article:
    from index import article_from_html, article_from_text, looks_like_html

    if looks_like_html(text):
        return article_from_html(text, url)
    return article_from_text(text, url=url, fallback_id=name)


def _from_file(path: Path) -> Article:
    from index import article_from_html

    if not path.is_file():
        raise CorpusError(f"{path}: no such file (and not an http or https link)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(raw) > STDIN_MAX_BYTES:
        raise CorpusError(f"{path}: larger than {STDIN_MAX_BYTES:,} bytes")
    if path.suffix.lower() in HTML_SUFFIXES:
        return article_from_html(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    return _from_text(text, name=path.stem)


def _from_url(url: str, settings: Settings) -> Article:
    from bot.fetch import FetchPolicy, fetch_page_sync
    from index import article_from_html, article_from_text

    policy = FetchPolicy(
        allow_private=settings.fetch_allow_private,
        timeout_seconds=settings.fetch_timeout_seconds,
        max_bytes=settings.fetch_max_bytes,
    )
    page = fetch_page_sync(url, policy)
    if page.is_html:
        return article_from_html(page.text() if page.charset else page.body, page.url)
    return article_from_text(page.text(), url=page.url)


def read_source(source: str, settings: Settings) -> Article:
    """The article of one SOURCE argument; an :class:`ArticlebotError` says why not."""
    if source == "-":
        return _from_text(_read_stdin())
    if source.lower().startswith(("http://", "https://")):
        return _from_url(source, settings)
    if "://" in source:
        from bot.fetch import FetchRefused

        raise FetchRefused(f"only http and https links can be added: {source!r}")
    return _from_file(Path(source))


def _failure(source: str, exc: ArticlebotError) -> Failure:
    from bot.fetch import FetchFailed

    code = EXIT_NETWORK if isinstance(exc, FetchFailed) else EXIT_BAD_SOURCE
    message = str(exc)
    if source not in message:
        message = f"{source}: {message}"
    return Failure(source, message, code)


def article_json(article: Article, **extra: object) -> dict[str, object]:
    """What ``add --json`` prints for an added article."""
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "paragraphs": len(article.paragraphs),
        **extra,
    }


def run_add(args: argparse.Namespace) -> int:
    """Read every source, add the articles that worked, report each."""
    from index import add_articles

    settings = settings_from(args)
    read: list[tuple[str, Article]] = []
    failures: list[Failure] = []
    for source in args.sources:
        try:
            read.append((source, read_source(source, settings)))
        except ArticlebotError as exc:
            failures.append(_failure(source, exc))
    change = (
        add_articles(settings.corpus, settings.index, [a for _, a in read], bm25_params(settings))
        if read
        else None
    )
    replaced = set(change.replaced) if change else set()
    for source, art in read:
        if args.json:
            obj = article_json(art, input=source, replaced=art.id in replaced)
            print(json_line(obj))
        else:
            verb = "updated" if art.id in replaced else "added"
            date = art.published or "date unknown"
            n = len(art.paragraphs)
            print(f"{verb} {art.id}: {art.title} — {art.source}, {date}, {n} paragraphs")
    for f in failures:
        if args.json:
            print(json_line({"input": f.source, "error": f.message}))
        print(f"articlebot: {f.message}", file=sys.stderr)
    return max((f.code for f in failures), default=0)


def run_list(args: argparse.Namespace) -> int:
    """Print the corpus's articles (none for an empty or missing corpus folder)."""
    settings = settings_from(args)
    folder = Path(settings.corpus)
    empty = not folder.exists() or (folder.is_dir() and not any(folder.glob("*.txt")))
    articles = () if empty else open_for(settings).index.articles
    if args.json:
        items = [
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "url": a.url,
                "published": a.published,
                "paragraphs": a.paragraph_count,
            }
            for a in articles
        ]
        print(json_line({"articles": items}))
        return 0
    from rich.table import Table

    from bot.terminal import console

    table = Table("id", "title", "outlet", "date", "¶", box=None, header_style="bold")
    if not articles:
        print(f"no articles in {folder} (add some: articlebot add URL)")
        return 0
    for a in articles:
        table.add_row(a.id, a.title, a.source, a.published or "", str(a.paragraph_count))
    console().print(table)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove articles by id."""
    from index import remove_articles

    settings = settings_from(args)
    change = remove_articles(settings.corpus, settings.index, args.ids, bm25_params(settings))
    if args.json:
        print(json_line({"removed": list(change.removed)}))
    else:
        for article_id in change.removed:
            print(f"removed {article_id}")
    return 0
