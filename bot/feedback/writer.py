"""Recording from the event loop without waiting: a queue, and a thread that writes batches.

:meth:`FeedbackWriter.record` and :meth:`FeedbackWriter.vote` only put a record on a queue
(microseconds); one thread wakes every :data:`BATCH_SECONDS` (or at once for a flush) and
writes everything that has arrived in one transaction. Waking on a timer rather than per
record keeps the thread from taking the GIL from the event loop after every answer.

Feedback is best effort: a locked, full or read-only database is logged once and the batch
kept (up to :data:`MAX_PENDING` records) for the next try; a corrupt file is set aside and a
new one started. Nothing here ever raises into a handler.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bot.feedback import store
from bot.feedback.identity import load_secret
from bot.feedback.records import AnswerRecord, VoteRecord
from bot.feedback.schema import NewerSchema

log = logging.getLogger(__name__)

BATCH_MAX = 2_000
BATCH_SECONDS = 2.0
MAX_PENDING = 50_000
RETRY_SECONDS = 2.0
PURGE_EVERY_SECONDS = 3_600.0
DAY = 86_400


class Recorder(Protocol):
    """What the Discord front records through (a writer, or nothing when feedback is off)."""

    def record(self, answer: AnswerRecord) -> None:
        """Queue one answer."""

    def vote(self, vote: VoteRecord) -> None:
        """Queue one vote."""

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until what is queued is written; whether it all was."""

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued and stop."""


class NoFeedback:
    """The recorder when ``ARTICLEBOT_FEEDBACK=off``: records nothing, creates no file."""

    path: Path | None = None

    def record(self, answer: AnswerRecord) -> None:
        """Nothing is recorded."""

    def vote(self, vote: VoteRecord) -> None:
        """Nothing is recorded."""

    def flush(self, timeout: float = 10.0) -> bool:
        """Nothing to write."""
        return True

    def close(self, timeout: float = 10.0) -> None:
        """Nothing to stop."""


@dataclass(eq=False)
class _Flush:
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False


_STOP = object()


class FeedbackWriter:
    """Writes answers and votes to the database at ``path`` from its own thread."""

    def __init__(
        self,
        path: Path,
        *,
        secret: str | None = None,
        retention_days: int = 90,
        max_pages: int | None = None,
        clock: Callable[[], float] = time.time,
        retry_seconds: float = RETRY_SECONDS,
        batch_seconds: float = BATCH_SECONDS,
    ) -> None:
        self.path = path
        self._secret_setting = secret
        self._retention = retention_days * DAY
        self._max_pages = max_pages
        self._clock = clock
        self._retry = retry_seconds
        self._batch = batch_seconds
        self._wake = threading.Event()
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._answers: list[AnswerRecord] = []
        self._votes: list[VoteRecord] = []
        self._conn: sqlite3.Connection | None = None
        self._secret = b""
        self._failing = False
        self._disabled = False
        self._dropped = 0
        self._purged_at = float("-inf")
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="articlebot-feedback", daemon=True)
        self._thread.start()

    # -- the event loop's side: never blocks, never raises ---------------------------------

    def record(self, answer: AnswerRecord) -> None:
        """Queue one answer for writing."""
        if not self._closed:
            self._queue.put(answer)

    def vote(self, vote: VoteRecord) -> None:
        """Queue one vote for writing."""
        if not self._closed:
            self._queue.put(vote)

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until everything queued before the call has been tried; whether it was all
        written. From async code: ``await asyncio.to_thread(writer.flush)``."""
        if not self._thread.is_alive():
            return not (self._answers or self._votes)
        marker = _Flush()
        self._queue.put(marker)
        self._wake.set()
        return marker.done.wait(timeout) and marker.ok

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued (one last try) and stop the thread."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._wake.set()
        self._thread.join(timeout)

    # -- the writer thread -----------------------------------------------------------------

    def _run(self) -> None:
        self._try_write()  # open (and purge) at start: a damaged file is dealt with at once
        stopping = False
        while not stopping:
            # The thread wakes on a timer (or for a flush), not for each record: a record
            # costs the event loop a queue append, never a thread switch. Idle, it still
            # wakes, so the retention purge also runs on a quiet bot.
            if self._queue.empty():
                self._wake.wait(self._retry if self._answers or self._votes else self._batch)
            self._wake.clear()
            items: list[object] = []
            while len(items) < BATCH_MAX:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            flushes: list[_Flush] = []
            for item in items:
                if isinstance(item, AnswerRecord):
                    self._answers.append(item)
                elif isinstance(item, VoteRecord):
                    self._votes.append(item)
                elif isinstance(item, _Flush):
                    flushes.append(item)
                elif item is _STOP:
                    stopping = True
            self._bound()
            self._try_write()
            for marker in flushes:
                marker.ok = not (self._answers or self._votes)
                marker.done.set()
        if self._conn is not None:
            self._conn.close()

    def _bound(self) -> None:
        excess = len(self._answers) + len(self._votes) - MAX_PENDING
        if excess > 0:
            dropped_answers = min(excess, len(self._answers))
            del self._answers[:dropped_answers]
            del self._votes[: excess - dropped_answers]
            if not self._dropped:
                log.warning("feedback: %d unsaved records dropped (the queue is full)", excess)
            self._dropped += excess

    def _try_write(self) -> None:
        if self._disabled:
            self._answers.clear()
            self._votes.clear()
            return
        for attempt in (1, 2):  # a second go only after a damaged file was set aside
            try:
                self._write()
            except NewerSchema as exc:
                log.error("feedback is off: %s", exc)
                self._disabled = True
                self._answers.clear()
                self._votes.clear()
            except sqlite3.DatabaseError as exc:
                if store.is_corrupt(exc) and not isinstance(exc, sqlite3.OperationalError):
                    self._set_aside(exc)
                    if attempt == 1:
                        continue
                self._failed(exc)
            except (sqlite3.Error, OSError) as exc:
                self._failed(exc)
            except Exception:  # a bug of ours: drop the batch, keep the thread (and the bot)
                log.exception("feedback: %d records dropped", len(self._answers) + len(self._votes))
                self._answers.clear()
                self._votes.clear()
            return

    def _write(self) -> None:
        if self._conn is None:
            conn = store.open_db(self.path, max_pages=self._max_pages)
            try:
                self._secret = load_secret(self.path, self._secret_setting)
            except OSError:
                conn.close()
                raise
            self._conn = conn
        now = self._clock()
        if now - self._purged_at >= PURGE_EVERY_SECONDS:
            gone = store.purge(self._conn, now - self._retention)
            self._purged_at = now
            if gone:
                log.info("feedback: %d rows older than the retention period deleted", gone)
        if self._answers or self._votes:
            store.write(self._conn, self._answers, self._votes, self._secret)
            written = len(self._answers) + len(self._votes)
            self._answers.clear()
            self._votes.clear()
            if self._failing:
                log.warning("feedback: the database is writable again (%d records saved)", written)
        self._failing = False

    def _failed(self, exc: BaseException) -> None:
        if not self._failing:
            log.warning(
                "feedback not saved to %s (%s); answers go on, saving is retried", self.path, exc
            )
        self._failing = True
        if self._conn is not None and not isinstance(exc, sqlite3.OperationalError):
            self._conn.close()
            self._conn = None

    def _set_aside(self, exc: BaseException) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        try:
            aside = store.set_aside(self.path)
        except OSError as move_exc:
            log.warning(
                "feedback database %s is damaged (%s) and cannot be moved: %s",
                self.path,
                exc,
                move_exc,
            )
            return
        log.warning(
            "feedback database %s is damaged (%s): set aside as %s; starting a new one",
            self.path,
            exc,
            aside.name,
        )


__all__ = ["FeedbackWriter", "NoFeedback", "Recorder"]
