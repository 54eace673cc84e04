"""Feedback: what the Discord bot answered, how people voted, and reports to act on.

records   what is recorded (answers, votes, fronts, reasons)
schema    the tables and their migrations
identity  user ids as keyed hashes
store     the SQLite file: open, write, purge, set aside when damaged
writer    a thread that writes batches, so the event loop never waits
report    the summary ``articlebot report`` and ``/report`` show

The core never opens the database; only the Discord front records (the CLI records nothing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.feedback.records import AnswerRecord, Front, Reason, VoteRecord, answer_record
from bot.feedback.writer import FeedbackWriter, NoFeedback, Recorder

if TYPE_CHECKING:  # only for types: `articlebot --help` must not load pydantic
    from bot.settings import Settings


def open_recorder(settings: Settings) -> Recorder:
    """The recorder ``settings`` ask for: a writer to ``settings.feedback_db``, or nothing."""
    if not settings.feedback:
        return NoFeedback()
    secret = settings.feedback_secret
    return FeedbackWriter(
        settings.feedback_db,
        secret=secret.get_secret_value() if secret is not None else None,
        retention_days=settings.retention_days,
    )


__all__ = [
    "AnswerRecord",
    "FeedbackWriter",
    "Front",
    "NoFeedback",
    "Reason",
    "Recorder",
    "VoteRecord",
    "answer_record",
    "open_recorder",
]
