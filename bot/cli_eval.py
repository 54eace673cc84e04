"""``articlebot eval FILE``: measure answers against questions with known answers."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli_options import JSON, K, Subcommands, add_command
from bot.context import open_library
from index import QueryError

if TYPE_CHECKING:
    from index import Answer, Case, Library, Report, Scores

EVAL_K = 10

HELP = """Run a JSONL file of questions with known answers and report sentence@1, passage@1,
passage@3, MRR, false abstention and abstention precision/recall (follow-up turns apart).

Each line: {"question": "...", "answers": ["substring", ...]} (empty list: unanswerable)
or {"turns": [{"question": ..., "answers": [...]}, ...]} for a conversation.

examples:
  articlebot eval tests/data/seed_questions.jsonl
  articlebot eval tests/data/seed_conversations.jsonl --json
  articlebot eval tests/data/seed_questions.jsonl --failures
"""


def register(sub: Subcommands) -> None:
    """Add the command to the CLI."""
    options = [
        K.with_help(f"passages ranked per question (default {EVAL_K})"),
        JSON.with_help("print the report as JSON"),
    ]
    p = add_command(sub, "eval", "measure answers on a question file", HELP, options)
    p.add_argument("file", type=Path, help="JSONL file of questions and answers")
    p.add_argument("--failures", action="store_true", help="list the questions answered wrong")
    p.set_defaults(func=run)


def read_cases(path: Path) -> list[list[Case]]:
    """Conversations (lists of cases) from a JSONL file; errors name the line."""
    from index import parse_case

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    out: list[list[Case]] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(parse_case(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise QueryError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        except QueryError as exc:
            raise QueryError(f"{path}:{n}: {exc}") from exc
    if not out:
        raise QueryError(f"{path}: no questions")
    return out


def run_conversation(library: Library, cases: list[Case], k: int) -> list[Answer]:
    """Answer the turns of one conversation in order."""
    from index import Conversation

    conv = Conversation()
    return [library.ask(c.question, k=k, conversation=conv).answer for c in cases]


def _row(name: str, s: Scores) -> str:
    return (
        f"{name:<11}{s.questions:>5}{s.sentence_at_1:>10.3f}{s.passage_at_1:>10.3f}"
        f"{s.passage_at_3:>10.3f}{s.mrr:>8.3f}{s.false_abstention:>10.3f}"
        f"{s.abstention_precision:>10.3f}{s.abstention_recall:>9.3f}"
    )


def print_report(report: Report, failures: bool) -> None:
    """Print the report as a table."""
    print(
        f"{'':<11}{'n':>5}{'sent@1':>10}{'pass@1':>10}{'pass@3':>10}{'MRR':>8}"
        f"{'false-abs':>10}{'abs-prec':>10}{'abs-rec':>9}"
    )
    print(_row("all", report.overall))
    if report.follow_up.questions:
        print(_row("single", report.single))
        print(_row("follow-up", report.follow_up))
    o = report.overall
    print(f"unanswerable: {o.abstained_unanswerable} of {o.unanswerable} abstained")
    if failures:
        for out in report.outcomes:
            wrong = (out.case.answers and (not out.sentence_right or out.answer.abstained)) or (
                not out.case.answers and not out.answer.abstained
            )
            if wrong:
                top = out.answer.hits[0].sentence_text if out.answer.hits else "-"
                print(
                    f"✗ {out.case.question!r} [query: {out.answer.query}] "
                    f"abstained={out.answer.abstained} → {top[:100]!r}"
                )


def run(args: argparse.Namespace) -> int:
    """Evaluate the file and print the report."""
    from index import evaluate

    conversations = read_cases(args.file)
    k = EVAL_K if args.k is None else args.k
    library = open_library(args)
    report = evaluate(conversations, lambda cases: run_conversation(library, cases, k))
    if args.json:
        print(
            json.dumps(
                {
                    "overall": report.overall.to_json(),
                    "single": report.single.to_json(),
                    "follow_up": report.follow_up.to_json(),
                }
            )
        )
    else:
        print_report(report, args.failures)
    return 0
