"""What the core accepts: question and topic lengths, passages per answer, summary sentences,
and the one check of a question's text that both fronts use.

Light on purpose (no numpy, no nltk): fronts read these while building their command lines.
"""

from __future__ import annotations

from index.errors import QueryError

MAX_QUESTION_CHARS = 2000
MAX_TOPIC_CHARS = 500
DEFAULT_K = 3
MAX_K = 20
MIN_SENTENCES = 1
MAX_SENTENCES = 10


def check_question(text: str, what: str = "question", limit: int = MAX_QUESTION_CHARS) -> str:
    """``text`` stripped; raise :class:`QueryError` when it is empty or longer than ``limit``
    (``what`` names it in the message: "question", "search", "topic")."""
    stripped = text.strip()
    if not stripped:
        raise QueryError(f"the {what} is empty")
    if len(stripped) > limit:
        raise QueryError(
            f"the {what} is too long ({len(stripped):,} characters; at most {limit:,}): "
            "please shorten it"
        )
    return stripped


def check_k(k: int) -> int:
    """``k`` when it is a number of passages an answer may hold; else :class:`QueryError`."""
    if not 1 <= k <= MAX_K:
        raise QueryError(f"k must be 1-{MAX_K}, got {k}")
    return k


__all__ = [
    "DEFAULT_K",
    "MAX_K",
    "MAX_QUESTION_CHARS",
    "MAX_SENTENCES",
    "MAX_TOPIC_CHARS",
    "MIN_SENTENCES",
    "check_k",
    "check_question",
]
