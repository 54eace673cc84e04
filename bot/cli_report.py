"""``articlebot report``: what the Discord bot could not answer and where it answered wrong.

Reads the feedback database the bot records (``ARTICLEBOT_DB``, default beside the index);
never writes to it and never rebuilds the index.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli_options import ARTICLE, JSON, Subcommands, add_command
from bot.context import settings_from
from bot.jsonout import json_line
from index import ArticlebotError, QueryError

if TYPE_CHECKING:
    import sqlite3


HELP = """Summarise what people asked the Discord bot: questions per day, the abstention rate
per article, the most frequent unanswered questions (grouped by the words searched) and the
most down-voted answers with their passages and reasons. The bot records answers and votes
in ARTICLEBOT_DB (default: feedback.db beside the index) unless ARTICLEBOT_FEEDBACK=off.

--since takes 7d, 12h, 2w, a date (2026-11-30) or "all" (default 7d).
--export-unanswered writes the unanswered questions as an `eval` question file: one line
per group, {"question": ..., "answers": []} plus context; fill in "answers" (or leave it
empty for a question the articles should not answer) and add the lines to an eval file.

examples:
  articlebot report
  articlebot report --since 30d --article 000_75ea43fa358d5fb6
  articlebot report --since all --json
  articlebot report --csv > feedback.csv
  articlebot report --export-unanswered unanswered.jsonl
"""
log = logging.getLogger(__name__)
_SPAN = re.compile(r"(\d+)([hdw])")
_UNIT = {"h": 3600, "d": 86_400, "w": 7 * 86_400}


def parse_since(text: str, now: float | None = None) -> float | None:
    """Unix seconds for ``7d``/``12h``/``2w``, a date (``YYYY-MM-DD``, UTC) or None for
    ``all``; raise :class:`QueryError` otherwise."""
    text = text.strip().lower()
    now = time.time() if now is None else now
    if text == "all":
        return None
    span = _SPAN.fullmatch(text)
    if span:
        return now - int(span.group(1)) * _UNIT[span.group(2)]
    import calendar  # only here: it imports datetime and locale, which no other run needs

    try:
        return float(calendar.timegm(time.strptime(text, "%Y-%m-%d")))
    except ValueError:
        raise QueryError(
            f"--since takes 7d, 12h, 2w, a date such as 2026-11-30, or all; got {text!r}"
        ) from None


def register(sub: Subcommands) -> None:
    """Add the command to the CLI."""
    options = [
        JSON.with_help("print the report as one JSON object"),
        ARTICLE.with_help("only answers from this article (its id)"),
    ]
    p = add_command(sub, "report", "what went unanswered or was voted down", HELP, options)
    add_report_options(p)
    p.set_defaults(func=run)


def add_report_options(p: argparse.ArgumentParser) -> None:
    """The options of ``report`` beyond the shared ``--json`` and ``--article``."""
    p.add_argument("--since", default="7d", metavar="WHEN", help="7d, 12h, 2w, a date, or all")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="rows per list (10)")
    p.add_argument("--db", type=Path, metavar="PATH", help="feedback database (ARTICLEBOT_DB)")
    p.add_argument("--csv", action="store_true", help="print the report as CSV rows")
    p.add_argument(
        "--export-unanswered",
        type=Path,
        metavar="FILE",
        help="write unanswered questions as an eval JSONL file",
    )


def run(args: argparse.Namespace) -> int:
    """Print the report (and export the unanswered questions when asked)."""
    from bot.feedback.report import build_report
    from bot.feedback.store import NoDatabase, open_read
    from bot.report_view import print_report, write_csv

    settings = settings_from(args)
    if args.json and args.csv:
        raise QueryError("--json and --csv print the report two ways: pick one")
    if args.limit < 1:
        raise QueryError(f"--limit must be at least 1, got {args.limit}")
    since = parse_since(args.since)
    path = args.db or settings.feedback_db
    try:
        conn = open_read(path)
    except NoDatabase as exc:
        raise ArticlebotError(
            f"{exc} (the Discord bot records there while ARTICLEBOT_FEEDBACK is on)"
        ) from exc
    except Exception as exc:  # sqlite3.Error: a damaged or unreadable file
        raise ArticlebotError(f"cannot read the feedback database {path}: {exc}") from exc
    try:
        report = build_report(conn, since=since, article=args.article, limit=args.limit)
        if args.export_unanswered:
            _export(conn, args.export_unanswered, since, args.article)
    finally:
        conn.close()
    passages = passage_texts(settings.index, [d.passage_id for d in report.downvoted])
    if args.json:
        out = report.to_json()
        for item in out["downvoted"]:
            item["passage"] = passages.get(item["passage_id"])
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif args.csv:
        write_csv(report)
    else:
        from bot.terminal import console

        print_report(console(), report, str(path), passages)
    return 0


def _export(conn: sqlite3.Connection, path: Path, since: float | None, article: str | None) -> None:
    from bot.feedback.report import unanswered_groups

    groups = unanswered_groups(conn, since, article, limit=None)
    lines = "".join(json_line(g.to_case()) + "\n" for g in groups)
    try:
        path.write_text(lines, encoding="utf-8")
    except OSError as exc:
        raise ArticlebotError(f"cannot write {path}: {exc.strerror or exc}") from exc
    print(f"articlebot: {len(groups)} unanswered question(s) written to {path}", file=sys.stderr)


def passage_texts(index_path: Path, ids: list[str | None]) -> dict[str, str]:
    """The text of each passage id, read from the index file when it opens as it is (never
    rebuilt here); ids it does not hold, or every id when it cannot be read, are left out."""
    wanted = {i for i in ids if i}
    if not wanted or not index_path.is_file():
        return {}
    from index import load_index, passage_id

    try:
        index = load_index(index_path)
    except (ArticlebotError, OSError, ValueError) as exc:
        log.debug("passages not shown: %s", exc)
        return {}
    out: dict[str, str] = {}
    by_article: dict[str, set[str]] = {}
    for pid in wanted:
        by_article.setdefault(pid.rpartition(":")[0], set()).add(pid)
    for article, pids in by_article.items():
        try:
            lo, hi = index.passage_range(article)
        except ArticlebotError:
            continue  # an article since removed from the corpus
        headline = passage_id(article, 0)  # an answer the headline gave (index.headline)
        if headline in pids:
            out[headline] = index.find_article(article).title
        for i in range(lo, hi):
            passage = index.passage(i)
            if passage.id in pids:
                out[passage.id] = passage.text
    return out


__all__ = ["parse_since", "passage_texts", "register", "run"]
