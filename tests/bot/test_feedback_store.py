"""The feedback database: WAL, migrations, keyed hashes, votes, purge, damaged files."""

from __future__ import annotations

import logging
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.feedback import Front, Reason, answer_record, schema, store
from bot.feedback.identity import key_path, load_secret, person_hash
from bot.feedback.records import scrub
from index.models import Answer
from tests.bot.feedback_helpers import DAY, NOW, answer, rows, vote, warnings_of

SECRET = b"k" * 64


def test_a_new_database_is_in_wal_mode_at_the_latest_schema_version(tmp_path: Path) -> None:
    conn = store.open_db(tmp_path / "sub" / "f.db")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert schema.schema_version(conn) == schema.SCHEMA_VERSION
    finally:
        conn.close()


def test_the_database_and_its_wal_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    conn = store.open_db(path)
    store.write(conn, [answer(1)], [], SECRET)
    for name in ("f.db", "f.db-wal", "f.db-shm"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    conn.close()


def test_an_older_file_is_migrated_forward_and_keeps_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.db"
    conn = store.open_db(path)
    store.write(conn, [answer(1)], [], SECRET)
    conn.close()
    added = "ALTER TABLE answers ADD COLUMN locale TEXT;"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, added))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    conn = store.open_db(path)
    try:
        assert schema.schema_version(conn) == schema.SCHEMA_VERSION
        assert conn.execute("SELECT id, locale FROM answers").fetchall() == [(1, None)]
    finally:
        conn.close()


def test_a_failed_migration_leaves_the_file_at_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.db"
    store.open_db(path).close()
    broken = "CREATE TABLE extra (x INTEGER); INSERT INTO no_such_table VALUES (1);"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(sqlite3.OperationalError):
        store.open_db(path)
    assert rows(path, "SELECT version FROM schema_version") == [(schema.SCHEMA_VERSION - 1,)]
    assert rows(path, "SELECT name FROM sqlite_master WHERE name = 'extra'") == []


def test_a_file_from_a_newer_articlebot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    store.open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(schema.NewerSchema, match="version 99"):
        store.open_db(path)


def test_a_file_that_is_not_a_database_is_set_aside_and_a_new_one_started(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "f.db"
    path.write_bytes(b"this is not an SQLite file\n" * 200)
    with caplog.at_level(logging.WARNING):
        conn = store.open_db(path)
    conn.close()
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not an SQLite file")
    assert rows(path, "SELECT count(*) FROM answers") == [(0,)]
    [line] = warnings_of(caplog)
    assert "set aside as" in line and aside[0].name in line


def test_a_changed_vote_replaces_the_earlier_one(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    conn = store.open_db(path)
    store.write(conn, [answer(1)], [vote(1, 7, 1)], SECRET)
    store.write(conn, [], [vote(1, 7, -1, reason=Reason.OUT_OF_DATE)], SECRET)
    conn.close()
    assert rows(path, "SELECT value, reason FROM votes") == [(-1, "out_of_date")]


def test_a_repeated_down_vote_without_a_reason_keeps_the_reason_given(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    conn = store.open_db(path)
    store.write(conn, [], [vote(1, 7, -1), vote(1, 7, -1, reason=Reason.WRONG_PASSAGE)], SECRET)
    store.write(conn, [], [vote(1, 7, -1)], SECRET)
    store.write(conn, [], [vote(1, 8, -1, reason=Reason.OTHER), vote(1, 8, 1)], SECRET)
    conn.close()
    got = rows(path, "SELECT value, reason FROM votes ORDER BY value")
    assert got == [(-1, "wrong_passage"), (1, None)]


def test_an_answer_recorded_twice_is_kept_once(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    conn = store.open_db(path)
    store.write(conn, [answer(5), answer(5, question="again")], [], SECRET)
    conn.close()
    assert rows(path, "SELECT id, question FROM answers") == [(5, "Who is Ali Shamkhani?")]


def test_purge_deletes_only_rows_older_than_the_cutoff(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    conn = store.open_db(path)
    old, new = NOW - 100 * DAY, NOW - 10 * DAY
    store.write(conn, [answer(1, at=old), answer(2, at=new)], [vote(1, 7, -1, at=old)], SECRET)
    assert store.purge(conn, NOW - 90 * DAY) == 2
    conn.close()
    assert rows(path, "SELECT id FROM answers") == [(2,)]
    assert rows(path, "SELECT count(*) FROM votes") == [(0,)]


def test_the_generated_key_is_private_and_the_same_on_every_load(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    first = load_secret(db)
    assert stat.S_IMODE(key_path(db).stat().st_mode) == 0o600
    assert load_secret(db) == first
    assert person_hash(first, 42) == person_hash(load_secret(db), 42)
    assert person_hash(first, 42) != person_hash(first, 43)


def test_a_configured_secret_is_used_and_no_key_file_is_written(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    assert load_secret(db, "from-the-settings") == b"from-the-settings"
    assert not key_path(db).exists()
    assert person_hash(b"one", 42) != person_hash(b"two", 42)


def test_the_file_holds_no_raw_user_id(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    user = 318_273_645_091_827_364
    conn = store.open_db(path)
    store.write(conn, [answer(1)], [vote(1, user, -1, reason=Reason.OTHER)], SECRET)
    conn.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for form in (str(user).encode(), user.to_bytes(8, "big"), user.to_bytes(8, "little")):
        assert form not in raw
    assert rows(path, "SELECT voter FROM votes") == [(person_hash(SECRET, user),)]


def test_mentions_in_a_question_are_replaced_before_storing() -> None:
    text = "Did <@123456789012345678> or <@!98765432109876543> tell <@&555> in <#777> why?"
    assert scrub(text) == "Did @user or @user tell @role in #channel why?"


def test_the_ids_of_people_mentioned_are_left_out_of_the_searched_words() -> None:
    question = "Did <@123456789012345678> meet <@&42>?"
    ans = Answer(question, "123456789012345678 meet 42 esper", False, ())
    rec = answer_record(9, ans, front=Front.SLASH, at=NOW)
    assert rec.query == "meet esper"
    assert rec.question == "Did @user meet @role?"


def test_a_dm_answer_keeps_no_guild_or_channel() -> None:
    ans = Answer("Who is he?", "he", True, ())
    rec = answer_record(9, ans, front=Front.DM, at=NOW, guild_id=None, channel_id=12345)
    assert (rec.guild_id, rec.channel_id, rec.article_id, rec.abstained) == (None, None, None, True)
    rec = answer_record(9, ans, front=Front.MENTION, at=NOW, guild_id=1, channel_id=2)
    assert (rec.guild_id, rec.channel_id) == (1, 2)
