"""What the feedback store records: one row per answer, one vote per person per answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from index import Answer

# Mentions in a question name other people (or roles, channels) by id: never stored.
_MENTIONS = (
    (re.compile(r"<@!?\d+>"), "@user"),
    (re.compile(r"<@&\d+>"), "@role"),
    (re.compile(r"<#\d+>"), "#channel"),
    (re.compile(r"</([^\s<>:]+(?: [^\s<>:]+){0,2}):\d+>"), r"/\1"),
)
_MENTION_IDS = re.compile(r"<(?:@[!&]?|#|/[^<>]*:)(\d+)>")
MAX_QUESTION = 2000


class Front(Enum):
    """How a question reached the bot."""

    SLASH = "slash"
    MENTION = "mention"
    REPLY = "reply"
    DM = "dm"


class Reason(Enum):
    """Why an answer was voted down (the choices offered after a 👎)."""

    WRONG_PASSAGE = "wrong_passage"
    NOT_IN_ARTICLE = "not_in_article"
    OUT_OF_DATE = "out_of_date"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How the reason reads to people."""
        return _LABELS[self]


_LABELS = {
    Reason.WRONG_PASSAGE: "Wrong passage",
    Reason.NOT_IN_ARTICLE: "Not in the article",
    Reason.OUT_OF_DATE: "Out of date",
    Reason.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer the bot gave. ``answer_id`` is the Discord id of the question (interaction
    or message): unique, known before the reply is sent, and what the vote buttons carry.
    ``passage_id``/``article_id`` are the top passage's, the closest one when abstained."""

    answer_id: int
    at: float
    front: Front
    guild_id: int | None
    channel_id: int | None
    question: str
    query: str
    abstained: bool
    article_id: str | None = None
    passage_id: str | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """A person's vote on an answer (+1 or -1), with a reason for a -1 once they give one.
    ``user_id`` stays in memory: the store keeps only its keyed hash."""

    answer_id: int
    user_id: int
    value: int
    at: float
    reason: Reason | None = None


def scrub(question: str) -> str:
    """``question`` as stored: mentions of people, roles and channels replaced by a word."""
    for pattern, word in _MENTIONS:
        question = pattern.sub(word, question)
    return question[:MAX_QUESTION]


def scrub_query(query: str, question: str) -> str:
    """``query`` as stored: without the ids of anyone the question mentioned (a mention
    reaches the search as its number)."""
    ids = set(_MENTION_IDS.findall(question))
    if not ids:
        return query
    return " ".join(word for word in query.split() if word not in ids)


def answer_record(
    answer_id: int,
    answer: Answer,
    *,
    front: Front,
    at: float,
    guild_id: int | None = None,
    channel_id: int | None = None,
) -> AnswerRecord:
    """The record of ``answer``. A DM keeps no place: its channel names the asker."""
    top = answer.hits[0] if answer.hits else None
    private = front is Front.DM
    return AnswerRecord(
        answer_id=answer_id,
        at=at,
        front=front,
        guild_id=None if private else guild_id,
        channel_id=None if private else channel_id,
        question=scrub(answer.question),
        query=scrub_query(answer.query, answer.question),
        abstained=answer.abstained,
        article_id=top.article.id if top else None,
        passage_id=top.passage.id if top else None,
        score=round(top.score, 4) if top else None,
    )


__all__ = [
    "AnswerRecord",
    "Front",
    "Reason",
    "VoteRecord",
    "answer_record",
    "scrub",
    "scrub_query",
]
