"""``articlebot eval FILE``: measure answers against questions with known answers."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli import add_command
from bot.context import open_for, settings_from
from index import Answer, Case, QueryError, Report, Scores, check_k, evaluate, parse_case

if TYPE_CHECKING:
    from index import SearchIndex

HELP = """Run a JSONL file of questions with known answers and report sentence@1, passage@1,
passage@3, MRR, false abstention and abstention precision/recall (follow-up turns apart).

Each line: {"question": "...", "answers": ["substring", ...]} (empty list: unanswerable)
or {"turns": [{"question": ..., "answers": [...]}, ...]} for a conversation.

examples:
  articlebot eval tests/data/seed_questions.jsonl
  articlebot eval tests/data/seed_conversations.jsonl --json
  articlebot eval tests/data/seed_questions.jsonl --failures
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the command to the CLI."""
    p = add_command(sub, common, "eval", "measure answers on a question file", HELP)
    p.add_argument("file", type=Path, help="JSONL file of questions and answers")
    p.add_argument("--k", type=int, default=10, metavar="N", help="passages ranked (default 10)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--failures", action="store_true", help="list the questions answered wrong")
    p.set_defaults(func=run)


def read_cases(path: Path) -> list[list[Case]]:
    """Conversations (lists of cases) from a JSONL file; errors name the line."""
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


def run_conversation(index: SearchIndex, cases: list[Case], k: int) -> list[Answer]:
    """Answer the turns of one conversation in order."""
    from index import Conversation  # loads numpy: only once a command runs

    conv = Conversation()
    return [conv.ask(index, c.question, k=k) for c in cases]


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
    conversations = read_cases(args.file)
    check_k(args.k)
    settings = settings_from(args)
    index = open_for(settings).index
    report = evaluate(conversations, lambda cases: run_conversation(index, cases, args.k))
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
