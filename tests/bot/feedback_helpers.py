"""Builders for the feedback tests: answer and vote records, reading a database back, and a
file that even root cannot write to."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.feedback import AnswerRecord, Front, Reason, VoteRecord

NOW = 1_796_000_000.0  # a fixed "now" (2026-11-30 UTC) for tests that control the clock
DAY = 86_400.0


def answer(
    answer_id: int,
    *,
    at: float = NOW,
    question: str = "Who is Ali Shamkhani?",
    query: str = "ali shamkhani",
    abstained: bool = False,
    article: str | None = "art-a",
    passage: str | None = None,
    front: Front = Front.SLASH,
    guild: int | None = 111,
    channel: int | None = 222,
) -> AnswerRecord:
    """An answer record with plausible defaults."""
    return AnswerRecord(
        answer_id=answer_id,
        at=at,
        front=front,
        guild_id=guild,
        channel_id=channel,
        question=question,
        query=query,
        abstained=abstained,
        article_id=article,
        passage_id=passage or (f"{article}:1" if article else None),
        score=None if article is None else 4.2,
    )


def vote(
    answer_id: int, user: int, value: int, *, at: float = NOW, reason: Reason | None = None
) -> VoteRecord:
    """A vote record."""
    return VoteRecord(answer_id, user, value, at, reason)


def rows(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """The rows ``sql`` selects from the database at ``path`` (a connection of its own)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The warning (and worse) lines logged so far."""
    return [r.getMessage() for r in caplog.records if r.levelno >= 30]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable for this process; skip the test where that is impossible.

    A mode change does not stop root, so as root the file is made immutable (``chattr +i``).
    """
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], check=False).returncode:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    try:
        try:
            with path.open("ab"):
                pass
        except PermissionError:
            pass
        else:
            pytest.skip("chattr +i did not make the file read-only")
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=False)


def wait_until(check: Any, timeout: float = 5.0) -> None:
    """Poll ``check()`` until it is true (or fail after ``timeout`` seconds)."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)
