"""How ``articlebot report`` shows a feedback report: rich tables on a terminal, or CSV."""

from __future__ import annotations

import csv
import sys
import time
from typing import TYPE_CHECKING

from bot.feedback.report import FeedbackReport, reason_label

PASSAGE_CHARS = 200  # of a down-voted answer's passage shown in the table

if TYPE_CHECKING:
    from rich.console import Console


CSV_FIELDS = (
    "section",
    "key",
    "question",
    "article",
    "passage",
    "count",
    "unanswered",
    "rate",
    "up",
    "down",
    "reasons",
)


def write_csv(report: FeedbackReport) -> None:
    out = csv.DictWriter(sys.stdout, CSV_FIELDS, lineterminator="\n")
    out.writeheader()
    for d in report.days:
        out.writerow(
            {"section": "day", "key": d.day, "count": d.questions, "unanswered": d.unanswered}
        )
    for a in report.articles:
        out.writerow(
            {
                "section": "article",
                "key": a.article_id or "",
                "article": a.article_id,
                "count": a.questions,
                "unanswered": a.unanswered,
                "rate": f"{a.rate:.4f}",
            }
        )
    for u in report.top_unanswered:
        out.writerow(
            {
                "section": "unanswered",
                "key": u.terms,
                "question": u.question,
                "article": u.article_id,
                "count": u.count,
            }
        )
    for v in report.downvoted:
        reasons = "; ".join(f"{reason_label(r)}: {n}" for r, n in v.reasons)
        out.writerow(
            {
                "section": "downvoted",
                "key": v.answer_id,
                "question": v.question,
                "article": v.article_id,
                "passage": v.passage_id,
                "up": v.up,
                "down": v.down,
                "reasons": reasons,
            }
        )


def print_report(
    out: Console, report: FeedbackReport, path: str, passages: dict[str, str] | None = None
) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    window = "all time" if report.since is None else f"since {_day(report.since)}"
    scope = f", article {report.article}" if report.article else ""
    rate = report.unanswered / report.questions if report.questions else 0.0
    out.print(
        f"[bold]Feedback[/bold] {window}{escape(scope)} ({escape(path)}): "
        f"{report.questions} questions, "
        f"{report.unanswered} unanswered ({rate:.0%}), 👍 {report.up} · 👎 {report.down}"
    )
    if not report.questions:
        out.print("No answers recorded in this period.")
        return
    days = Table("day", "questions", "unanswered", title="Questions per day", title_justify="left")
    for d in report.days:
        days.add_row(d.day, str(d.questions), str(d.unanswered))
    out.print(days)
    arts = Table(
        "article",
        "questions",
        "unanswered",
        "rate",
        title="Abstention by article",
        title_justify="left",
    )
    for a in report.articles:
        arts.add_row(
            Text(a.article_id or "(no passage)"),
            str(a.questions),
            str(a.unanswered),
            f"{a.rate:.0%}",
        )
    out.print(arts)
    if report.top_unanswered:
        un = Table(
            "times",
            "question",
            "searched",
            title="Most frequent unanswered questions",
            title_justify="left",
        )
        for u in report.top_unanswered:
            un.add_row(str(u.count), Text(u.question), Text(u.terms or "(nothing searchable)"))
        out.print(un)
    if report.downvoted:
        dv = Table(
            "👎",
            "👍",
            "question",
            "passage",
            "reasons",
            title="Most down-voted answers",
            title_justify="left",
        )
        for v in report.downvoted:
            reasons = ", ".join(f"{reason_label(r)} ×{n}" for r, n in v.reasons)
            shown = v.passage_id or "-"
            text = (passages or {}).get(v.passage_id or "")
            if text:
                shown += "\n" + clip(text, PASSAGE_CHARS)
            dv.add_row(str(v.down), str(v.up), Text(v.question), Text(shown), reasons)
        out.print(dv)


def clip(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _day(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(ts))


__all__ = ["CSV_FIELDS", "clip", "print_report", "write_csv"]
