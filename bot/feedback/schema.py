"""The feedback database's tables and the migrations that build them, one version at a time.

``schema_version`` holds one row: the version the file is at. Opening a file applies every
newer migration in order, each in its own transaction, so an older file is brought up to
date and a fresh one is built from nothing. A file from a newer articlebot is refused
(:class:`NewerSchema`) rather than written in a shape it does not know.
"""

from __future__ import annotations

import sqlite3

# Each migration is one SQL script; its position (1-based) is the version it leads to.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE answers (
        id          INTEGER PRIMARY KEY,  -- the Discord id of the question
        ts          INTEGER NOT NULL,     -- unix seconds
        front       TEXT    NOT NULL,     -- slash, mention, reply or dm
        guild_id    INTEGER,
        channel_id  INTEGER,
        question    TEXT    NOT NULL,
        query       TEXT    NOT NULL,     -- the words searched
        abstained   INTEGER NOT NULL,
        article_id  TEXT,
        passage_id  TEXT,
        score       REAL
    );
    CREATE INDEX answers_ts ON answers (ts);
    CREATE TABLE votes (
        answer_id   INTEGER NOT NULL,
        voter       BLOB    NOT NULL,     -- keyed hash of the Discord user id
        value       INTEGER NOT NULL CHECK (value IN (-1, 1)),
        reason      TEXT,
        ts          INTEGER NOT NULL,
        PRIMARY KEY (answer_id, voter)
    ) WITHOUT ROWID;
    CREATE INDEX votes_ts ON votes (ts);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchema(sqlite3.DatabaseError):
    """The file was written by a newer articlebot (its schema version is above ours)."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The version ``conn``'s file is at (0 for a new file)."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring ``conn``'s file to :data:`SCHEMA_VERSION`; return the version it was at."""
    found = schema_version(conn)
    if found > SCHEMA_VERSION:
        raise NewerSchema(
            f"the feedback database is at schema version {found}, newer than this "
            f"articlebot's {SCHEMA_VERSION}: upgrade articlebot or point ARTICLEBOT_DB elsewhere"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        # executescript commits first; the BEGIN makes the migration and its version one unit.
        try:
            conn.executescript(
                f"BEGIN; {MIGRATIONS[version - 1]}\n"
                f"DELETE FROM schema_version; INSERT INTO schema_version VALUES ({version});"
                " COMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            raise
    return found


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "NewerSchema", "migrate", "schema_version"]
