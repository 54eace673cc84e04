"""The feedback report: questions per day, abstention per article, what went unanswered and
which answers were voted down, read from the feedback database in a few indexed queries.

Pure reading: :func:`build_report` takes an open connection (``store.open_read``) and returns
records; the CLI and ``/report`` format them.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.feedback.records import Reason

TOP = 10


@dataclass(frozen=True, slots=True)
class Day:
    """Questions asked on one day (UTC) and how many went unanswered."""

    day: str
    questions: int
    unanswered: int


@dataclass(frozen=True, slots=True)
class ArticleRate:
    """How often questions that led to one article went unanswered (``article_id`` None:
    questions that matched no passage at all)."""

    article_id: str | None
    questions: int
    unanswered: int

    @property
    def rate(self) -> float:
        """The share of its questions the bot abstained on."""
        return self.unanswered / self.questions if self.questions else 0.0


@dataclass(frozen=True, slots=True)
class Unanswered:
    """Unanswered questions that searched the same terms: how often, and how they were put."""

    terms: str
    count: int
    questions: tuple[str, ...]  # distinct wordings, most frequent (then latest) first
    article_id: str | None  # the article of the closest passage, most often
    last_asked: str

    @property
    def question(self) -> str:
        """The most frequent wording."""
        return self.questions[0]

    def to_case(self) -> dict[str, Any]:
        """A line of an ``eval`` question file: unlabelled (``answers`` empty) plus context."""
        return {
            "question": self.question,
            "answers": [],
            "searched": self.terms,
            "asked": self.count,
            "wordings": list(self.questions[1:]),
            "closest_article": self.article_id,
            "last_asked": self.last_asked,
        }


@dataclass(frozen=True, slots=True)
class Downvoted:
    """An answer people voted down: its question, passage, votes and the reasons given."""

    answer_id: int
    question: str
    article_id: str | None
    passage_id: str | None
    abstained: bool
    down: int
    up: int
    reasons: tuple[tuple[str, int], ...]  # (reason value, count), most given first


@dataclass(frozen=True, slots=True)
class FeedbackReport:
    """Everything ``articlebot report`` shows, for answers since ``since`` (unix seconds)."""

    since: float | None
    article: str | None
    questions: int
    unanswered: int
    up: int
    down: int
    days: tuple[Day, ...] = ()
    articles: tuple[ArticleRate, ...] = ()
    top_unanswered: tuple[Unanswered, ...] = ()
    downvoted: tuple[Downvoted, ...] = ()
    reasons: tuple[tuple[str, int], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The object ``report --json`` prints."""
        out = asdict(self)
        out["since"] = _iso(self.since) if self.since is not None else None
        out["articles"] = [{**asdict(a), "rate": round(a.rate, 4)} for a in self.articles]
        out["reasons"] = dict(self.reasons)
        for d, src in zip(out["downvoted"], self.downvoted, strict=True):
            d["reasons"] = dict(src.reasons)
        return out


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _where(
    since: float | None, article: str | None, alias: str = "", guild: int | None = None
) -> tuple[str, list[Any]]:
    a = f"{alias}." if alias else ""
    # No time bound at all for "since ever": a plain scan beats walking the ts index.
    clauses, args = ["1"], list[Any]()
    if since is not None:
        clauses.append(f"{a}ts >= ?")
        args.append(int(since))
    if article is not None:
        clauses.append(f"{a}article_id = ?")
        args.append(article)
    if guild is not None:
        clauses.append(f"{a}guild_id = ?")
        args.append(guild)
    return " AND ".join(clauses), args


def terms_key(query: str) -> str:
    """What groups unanswered questions: their searched words, each once, sorted."""
    return " ".join(sorted(set(query.casefold().split())))


def unanswered_groups(
    conn: sqlite3.Connection,
    since: float | None = None,
    article: str | None = None,
    limit: int | None = TOP,
    guild: int | None = None,
) -> list[Unanswered]:
    """Unanswered questions grouped by searched terms, the most frequent first."""
    where, args = _where(since, article, guild=guild)
    # SQLite folds exact repeats; the grouping by terms (any order, any case) is done here.
    rows = conn.execute(
        "SELECT query, question, article_id, count(*), max(ts) FROM answers "
        f"WHERE {where} AND abstained = 1 GROUP BY query, question, article_id",
        args,
    ).fetchall()
    groups: dict[str, _Group] = {}
    for query, question, article_id, n, ts in rows:
        key = terms_key(query)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group()
        group.add(" ".join(question.split()), article_id, n, ts)
    out = [g.unanswered(key) for key, g in groups.items()]
    out.sort(key=lambda u: u.terms)
    out.sort(key=lambda u: (u.count, u.last_asked), reverse=True)  # ties: most recent first
    return out[:limit] if limit is not None else out


class _Group:
    """Counts for one group of unanswered questions while they are gathered."""

    __slots__ = ("articles", "count", "last", "wordings")

    def __init__(self) -> None:
        self.count = 0
        self.last = 0
        self.wordings: dict[str, tuple[int, int]] = {}  # wording: (times, last asked)
        self.articles: dict[str | None, int] = {}

    def add(self, wording: str, article_id: str | None, n: int, ts: int) -> None:
        self.count += n
        self.last = max(self.last, ts)
        times, last = self.wordings.get(wording, (0, 0))
        self.wordings[wording] = (times + n, max(last, ts))
        self.articles[article_id] = self.articles.get(article_id, 0) + n

    def unanswered(self, key: str) -> Unanswered:
        # The most frequent wordings first; of equally frequent ones, the latest.
        wordings = sorted(self.wordings, key=lambda w: self.wordings[w], reverse=True)[:5]
        article = max(self.articles, key=lambda a: self.articles[a])
        return Unanswered(key, self.count, tuple(wordings), article, _iso(self.last))


def _downvoted(
    conn: sqlite3.Connection,
    since: float | None,
    article: str | None,
    limit: int,
    guild: int | None = None,
) -> list[Downvoted]:
    where, args = _where(since, article, "a", guild)
    # Votes are few beside answers and kept in answer order: count them first, then join.
    rows = conn.execute(
        "WITH counted AS (SELECT answer_id, sum(value < 0) AS down, sum(value > 0) AS up "
        "FROM votes GROUP BY answer_id HAVING down > 0) "
        "SELECT a.id, a.question, a.article_id, a.passage_id, a.abstained, c.down, c.up "
        f"FROM counted c JOIN answers a ON a.id = c.answer_id WHERE {where} "
        "ORDER BY c.down DESC, c.up ASC, a.ts DESC LIMIT ?",
        [*args, limit],
    ).fetchall()
    ids = [r[0] for r in rows]
    reasons: dict[int, list[tuple[str, int]]] = {i: [] for i in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        for answer_id, reason, n in conn.execute(
            "SELECT answer_id, coalesce(reason, 'none given'), count(*) FROM votes "
            f"WHERE value < 0 AND answer_id IN ({marks}) "
            "GROUP BY answer_id, reason ORDER BY count(*) DESC",
            ids,
        ):
            reasons[answer_id].append((reason, n))
    return [
        Downvoted(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], tuple(reasons[r[0]]))
        for r in rows
    ]


def build_report(
    conn: sqlite3.Connection,
    *,
    since: float | None = None,
    article: str | None = None,
    limit: int = TOP,
    guild: int | None = None,
) -> FeedbackReport:
    """The report over answers recorded since ``since`` (all when None), optionally about
    one article (by id) or one Discord server; ``limit`` rows in each ranked list."""
    where, args = _where(since, article, guild=guild)
    days = [
        Day(day, n, int(u or 0))
        for day, n, u in conn.execute(
            "SELECT date(ts, 'unixepoch') AS day, count(*), sum(abstained) FROM answers "
            f"WHERE {where} GROUP BY day ORDER BY day",
            args,
        )
    ]
    articles = [
        ArticleRate(a, n, int(u or 0))
        for a, n, u in conn.execute(
            "SELECT article_id, count(*) AS n, sum(abstained) AS u FROM answers "
            f"WHERE {where} GROUP BY article_id ORDER BY 1.0 * u / n DESC, n DESC",
            args,
        )
    ]
    vwhere, vargs = _where(since, article, "a", guild)
    up, down = conn.execute(
        "SELECT coalesce(sum(v.value > 0), 0), coalesce(sum(v.value < 0), 0) "
        f"FROM votes v JOIN answers a ON a.id = v.answer_id WHERE {vwhere}",
        vargs,
    ).fetchone()
    reasons = conn.execute(
        "SELECT coalesce(v.reason, 'none given'), count(*) FROM votes v "
        f"JOIN answers a ON a.id = v.answer_id WHERE {vwhere} AND v.value < 0 "
        "GROUP BY v.reason ORDER BY count(*) DESC",
        vargs,
    ).fetchall()
    return FeedbackReport(
        since=since,
        article=article,
        questions=sum(d.questions for d in days),
        unanswered=sum(d.unanswered for d in days),
        up=int(up),
        down=int(down),
        days=tuple(days),
        articles=tuple(articles),
        top_unanswered=tuple(unanswered_groups(conn, since, article, limit, guild)),
        downvoted=tuple(_downvoted(conn, since, article, limit, guild)),
        reasons=tuple((str(r), int(n)) for r, n in reasons),
    )


def reason_label(value: str) -> str:
    """How a stored reason reads ("wrong_passage" → "Wrong passage")."""
    try:
        return Reason(value).label
    except ValueError:
        return value


__all__ = [
    "ArticleRate",
    "Day",
    "Downvoted",
    "FeedbackReport",
    "Unanswered",
    "build_report",
    "reason_label",
    "terms_key",
    "unanswered_groups",
]
