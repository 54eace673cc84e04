"""The feedback database: an SQLite file in WAL mode, opened, checked, written and purged.

Synchronous, for the writer thread (:mod:`bot.feedback.writer`) and the report; nothing here
runs on the event loop. A file SQLite calls corrupt (or not a database at all) is set aside
under a dated name and a new one started: feedback is worth less than answering.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from bot.feedback.identity import person_hash
from bot.feedback.records import AnswerRecord, VoteRecord
from bot.feedback.schema import migrate

log = logging.getLogger(__name__)

BUSY_SECONDS = 1.0
READ_MMAP_BYTES = 256 * 2**20
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_VOTE_HEAD = "INSERT INTO votes (answer_id, voter, value, reason, ts)"
_VOTE_TAIL = """
    ON CONFLICT (answer_id, voter) DO UPDATE SET
        -- a repeated vote without a reason keeps the reason given before
        reason = CASE WHEN excluded.value = votes.value AND excluded.reason IS NULL
                      THEN votes.reason ELSE excluded.reason END,
        value = excluded.value,
        ts = excluded.ts
"""


class NoDatabase(FileNotFoundError):
    """There is no feedback database to read yet."""


def is_corrupt(exc: BaseException) -> bool:
    """Whether ``exc`` says the file is damaged or not an SQLite database."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(_CORRUPT):
        return True
    text = str(exc)
    return "malformed" in text or "not a database" in text


def set_aside(path: Path) -> Path:
    """Rename ``path`` (and its WAL and shared-memory files) to ``<name>.corrupt-<time>``."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            part.rename(f"{target}{suffix}")
    return target


def _create_private(path: Path) -> None:
    """Create ``path`` empty, readable by its owner only, unless it exists: it holds people's
    questions, and SQLite gives its WAL and shared-memory files the same mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _connect(path: Path, max_pages: int | None) -> sqlite3.Connection:
    # Autocommit (isolation_level None): transactions are the explicit BEGIN … COMMIT below.
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        if max_pages is not None:
            conn.execute(f"PRAGMA max_page_count={int(max_pages)}")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def open_db(path: Path, *, max_pages: int | None = None) -> sqlite3.Connection:
    """A connection to the database at ``path``, created and migrated as needed; a corrupt
    file is set aside (with a log line saying where) and a new one started.

    ``max_pages`` caps the file's size in pages: writes past it fail as on a full disk.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _create_private(path)
    try:
        return _connect(path, max_pages)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) or not is_corrupt(exc):
            raise
        aside = set_aside(path)
        _create_private(path)
        log.warning(
            "feedback database %s is damaged (%s): set aside as %s; starting a new one",
            path,
            exc,
            aside.name,
        )
        return _connect(path, max_pages)


def open_read(path: Path) -> sqlite3.Connection:
    """A read-only connection for reports; :class:`NoDatabase` when there is no file."""
    if not path.is_file():
        raise NoDatabase(f"no feedback recorded yet: {path} does not exist")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
    try:
        # A report reads much of the file once: map it rather than page through a small cache.
        conn.execute(f"PRAGMA mmap_size={READ_MMAP_BYTES}")
        has_answers = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'answers'"
        ).fetchone()[0]
    except BaseException:
        conn.close()
        raise
    if not has_answers:
        conn.close()
        raise NoDatabase(f"no feedback recorded yet: {path} has no answers table")
    return conn


def _insert_rows(
    conn: sqlite3.Connection, head: str, rows: list[tuple[object, ...]], tail: str = ""
) -> None:
    """``head VALUES (…), (…), … tail`` for ``rows``, as few statements as SQLite allows.

    One statement for many rows rather than ``executemany``: each statement step releases
    and retakes the GIL, and every retake can make the event loop's thread wait for its
    turn; a batch of hundreds of rows costs the loop a handful of switches, not hundreds.
    """
    if not rows:
        return
    width = len(rows[0])
    per = max(1, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
    one = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        values = ", ".join([one] * len(chunk))
        conn.execute(f"{head} VALUES {values} {tail}", [v for row in chunk for v in row])


def write(
    conn: sqlite3.Connection,
    answers: Iterable[AnswerRecord],
    votes: Iterable[VoteRecord],
    secret: bytes,
) -> None:
    """Store ``answers`` (a repeated id is ignored) and ``votes`` (one per person per answer,
    the latest wins) in one transaction."""
    answer_rows: list[tuple[object, ...]] = [
        (
            a.answer_id,
            int(a.at),
            a.front.value,
            a.guild_id,
            a.channel_id,
            a.question,
            a.query,
            int(a.abstained),
            a.article_id,
            a.passage_id,
            a.score,
        )
        for a in answers
    ]
    vote_rows: list[tuple[object, ...]] = [
        (
            v.answer_id,
            person_hash(secret, v.user_id),
            v.value,
            v.reason.value if v.reason else None,
            int(v.at),
        )
        for v in votes
    ]
    conn.execute("BEGIN IMMEDIATE")
    try:
        _insert_rows(
            conn,
            "INSERT OR IGNORE INTO answers (id, ts, front, guild_id, channel_id, question, "
            "query, abstained, article_id, passage_id, score)",
            answer_rows,
        )
        _insert_rows(conn, _VOTE_HEAD, vote_rows, _VOTE_TAIL)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def purge(conn: sqlite3.Connection, before: float) -> int:
    """Delete answers and votes older than ``before`` (unix seconds); how many rows went."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        gone = conn.execute("DELETE FROM answers WHERE ts < ?", (int(before),)).rowcount
        gone += conn.execute("DELETE FROM votes WHERE ts < ?", (int(before),)).rowcount
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    return gone


__all__ = ["NoDatabase", "is_corrupt", "open_db", "open_read", "purge", "set_aside", "write"]
