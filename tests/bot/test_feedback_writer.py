"""Recording through the writer thread: nothing lost, nothing raised, one line per trouble."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.feedback import FeedbackWriter, NoFeedback, open_recorder, store
from bot.settings import Settings
from tests.bot.feedback_helpers import DAY, NOW, answer, read_only, rows, vote, warnings_of


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "fb" / "feedback.db"


def test_answers_and_votes_reach_the_file(db: Path) -> None:
    writer = FeedbackWriter(db)
    writer.record(answer(1))
    writer.vote(vote(1, 7, 1))
    assert writer.flush()
    writer.close()
    assert rows(db, "SELECT id FROM answers") == [(1,)]
    assert rows(db, "SELECT value FROM votes") == [(1,)]


def test_200_votes_at_once_from_200_threads_lose_none(db: Path) -> None:
    writer = FeedbackWriter(db)
    writer.record(answer(1))
    start = threading.Barrier(200)

    def click(user: int) -> None:
        start.wait()
        writer.vote(vote(1, user, 1 if user % 3 else -1))

    threads = [threading.Thread(target=click, args=(u,)) for u in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert writer.flush()
    writer.close()
    assert rows(db, "SELECT count(*), count(DISTINCT voter) FROM votes") == [(200, 200)]


async def test_200_votes_from_the_event_loop_lose_none_and_do_not_wait(db: Path) -> None:
    writer = FeedbackWriter(db)

    async def click(user: int) -> float:
        await asyncio.sleep(0)
        t0 = time.thread_time()  # CPU time: a busy host's preemptions are not the code's cost
        writer.vote(vote(user % 20, user, -1))
        return time.thread_time() - t0

    costs = await asyncio.gather(*(click(u) for u in range(200)))
    assert await asyncio.to_thread(writer.flush)
    writer.close()
    assert rows(db, "SELECT count(*) FROM votes") == [(200,)]
    assert max(costs) < 0.005  # a queue put: microseconds (the bound leaves room for a GC pass)


def test_a_locked_database_is_logged_once_and_written_when_released(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    writer = FeedbackWriter(db, retry_seconds=0.2)
    assert writer.flush()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with caplog.at_level(logging.WARNING):
        for i in range(5):
            writer.record(answer(i))
        assert not writer.flush()
        writer.record(answer(5))
        assert not writer.flush()
        holder.execute("COMMIT")
        holder.close()
        assert writer.flush()
    writer.close()
    assert rows(db, "SELECT count(*) FROM answers") == [(6,)]
    lines = warnings_of(caplog)
    assert len(lines) == 2, lines
    assert "locked" in lines[0] and "answers go on" in lines[0]
    assert "writable again" in lines[1]


def test_a_full_database_never_raises_and_says_so_once(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    writer = FeedbackWriter(db, max_pages=12)  # ~48 KB: a disk that is full
    with caplog.at_level(logging.WARNING):
        for i in range(400):
            writer.record(answer(i, question="why? " * 80))
            if i % 50 == 0:
                writer.flush()
        assert not writer.flush()
    writer.close()
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "full" in lines[0], lines


def test_a_read_only_database_never_raises_and_says_so_once(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = FeedbackWriter(db)
    first.record(answer(1))
    assert first.flush()
    first.close()
    with read_only(db), caplog.at_level(logging.WARNING):
        writer = FeedbackWriter(db)
        for i in range(2, 12):
            writer.record(answer(i))
        assert not writer.flush()
        assert not writer.flush()
        writer.close()
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "readonly" in lines[0].replace("-", ""), lines
    assert rows(db, "SELECT count(*) FROM answers") == [(1,)]


def test_a_folder_that_cannot_be_created_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        writer = FeedbackWriter(tmp_path / "a-file" / "feedback.db")
        writer.record(answer(1))
        writer.vote(vote(1, 2, 1))
        assert not writer.flush()
        writer.close()
    assert len(warnings_of(caplog)) == 1


def test_a_file_damaged_while_running_is_set_aside_and_recording_goes_on(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    writer = FeedbackWriter(db)
    writer.record(answer(1))
    assert writer.flush()
    other = sqlite3.connect(db)
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the rows now live in the main file
    other.close()
    with db.open("r+b") as f:  # what a bad disk or a stray copy would do
        f.write(b"\x00garbage" * 4096)
    with caplog.at_level(logging.WARNING):
        writer.record(answer(2))
        assert writer.flush()
        writer.close()
    aside = [
        p
        for p in db.parent.iterdir()
        if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))
    ]
    assert aside, list(db.parent.iterdir())
    assert rows(db, "SELECT id FROM answers") == [(2,)]
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "set aside as" in lines[0], lines


def test_rows_past_retention_are_purged_when_the_writer_starts(db: Path) -> None:
    writer = FeedbackWriter(db, clock=lambda: NOW)
    writer.record(answer(1, at=NOW - 91 * DAY))
    writer.record(answer(2, at=NOW - 89 * DAY))
    writer.vote(vote(1, 5, -1, at=NOW - 91 * DAY))
    writer.close()
    assert rows(db, "SELECT count(*) FROM answers") == [(2,)]  # the first start had none to purge
    FeedbackWriter(db, clock=lambda: NOW, retention_days=90).close()
    assert rows(db, "SELECT id FROM answers") == [(2,)]
    assert rows(db, "SELECT count(*) FROM votes") == [(0,)]


def test_a_short_retention_purges_more(db: Path) -> None:
    writer = FeedbackWriter(db, clock=lambda: NOW)
    writer.record(answer(1, at=NOW - 8 * DAY))
    writer.record(answer(2, at=NOW - 6 * DAY))
    writer.close()
    FeedbackWriter(db, clock=lambda: NOW, retention_days=7).close()
    assert rows(db, "SELECT id FROM answers") == [(2,)]


def test_feedback_off_records_nothing_and_creates_no_file(tmp_path: Path) -> None:
    settings = Settings(index=tmp_path / "ix" / "a.idx", feedback=False)
    recorder = open_recorder(settings)
    assert isinstance(recorder, NoFeedback)
    recorder.record(answer(1))
    recorder.vote(vote(1, 2, 1))
    assert recorder.flush()
    recorder.close()
    assert list(tmp_path.iterdir()) == []


def test_feedback_on_records_beside_the_index_by_default(tmp_path: Path) -> None:
    settings = Settings(index=tmp_path / "ix" / "a.idx")
    recorder = open_recorder(settings)
    recorder.record(answer(1))
    assert recorder.flush()
    recorder.close()
    assert rows(tmp_path / "ix" / "feedback.db", "SELECT id FROM answers") == [(1,)]
    assert (tmp_path / "ix" / "feedback.db.key").exists()


def test_records_after_close_are_ignored_without_error(db: Path) -> None:
    writer = FeedbackWriter(db)
    writer.close()
    writer.record(answer(1))
    writer.vote(vote(1, 2, 1))
    writer.close()
    assert rows(db, "SELECT count(*) FROM answers") == [(0,)]


def test_an_unexpected_error_drops_the_batch_and_the_writer_goes_on(
    db: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = FeedbackWriter(db)
    assert writer.flush()
    real = store.write
    monkeypatch.setattr(store, "write", lambda *a: 1 / 0)
    with caplog.at_level(logging.ERROR):
        writer.record(answer(1))
        assert writer.flush()  # nothing left pending: the batch was dropped, not kept
    monkeypatch.setattr(store, "write", real)
    writer.record(answer(2))
    assert writer.flush()
    writer.close()
    assert rows(db, "SELECT id FROM answers") == [(2,)]
    assert any("1 records dropped" in r.getMessage() for r in caplog.records)
