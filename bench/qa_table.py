"""The question-answering benches' table: a measure a row, a setting a column, the follow-up
rows, and the questions answered wrong (``news_eval.py``, ``web_eval.py``, ``chat_noise.py``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.evaluation import Outcome


def follow_up_rates(outs: list[Outcome]) -> tuple[float, float]:
    """Of the answerable turns: the share whose top sentence is right, and the share whose top
    sentence is right and was not withheld."""
    answerable = [o for o in outs if o.case.answers]
    n = max(len(answerable), 1)
    right = sum(o.sentence_right for o in answerable)
    return right / n, sum(o.sentence_right and not o.answer.abstained for o in answerable) / n


def follow_up_rows(
    later: list[Outcome],
    later_whole: list[Outcome] | None,
    left: int,
    moved: int,
    place: str = "article",
) -> list[tuple[str, float | str | None, ...]]:
    """The table's follow-up rows: right (and not abstained) in the own-article column and,
    given ``later_whole``, the all-articles one; how many left their ``place``."""
    right, answered = follow_up_rates(later)
    whole = follow_up_rates(later_whole) if later_whole is not None else (None, None)
    n = len(later)
    return [
        ("follow-up turns: sentence@1", None, None, right, None, whole[0]),
        ("follow-ups: sentence@1, not abstained", None, None, answered, None, whole[1]),
        (f"follow-ups that leave their {place}", None, None, None, None, f"{left} of {n}"),
        ("follow-ups leaving the turn before's", None, None, None, None, f"{moved} of {n}"),
    ]


def cell(value: float | str | None) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else f"{value:.3f}"


def print_table(head: Sequence[str], rows: Sequence[Sequence[float | str | None]]) -> None:
    """A Markdown table: a measure a row (its label first), a column a setting."""
    print(f"| {'measure':<38} | " + " | ".join(head) + " |")
    print(f"|{'-' * 40}|" + "|".join("-" * (len(h) + 1) + ":" for h in head) + "|")
    for label, *values in rows:
        cells = " | ".join(cell(v).rjust(len(h)) for v, h in zip(values, head, strict=True))
        print(f"| {label:<38} | {cells} |")


def print_failures(outs: Sequence[Outcome], kinds: Sequence[str]) -> None:
    """Each question answered wrong: a wrong or withheld answer, or an unanswerable one answered."""
    for o, k in zip(outs, kinds, strict=True):
        if (o.sentence_right and not o.answer.abstained) or (
            not o.case.answers and o.answer.abstained
        ):
            continue
        top = o.answer.hits[0].sentence_text[:90] if o.answer.hits else None
        said = f"abstained={o.answer.abstained} → {top!r}"
        print(f"✗ [{k}] {o.case.question!r} [{o.answer.query}] {said}")


__all__ = ["cell", "follow_up_rates", "follow_up_rows", "print_failures", "print_table"]
