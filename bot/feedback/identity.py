"""People as keyed hashes: the store never holds a Discord user id.

A vote is kept under ``HMAC-SHA256(secret, user id)`` cut to 16 bytes: the same person gets
the same hash (one vote per person per answer, changeable), and without the secret a hash
cannot be matched to an id by hashing every id. The secret comes from
``ARTICLEBOT_FEEDBACK_SECRET`` or, when that is unset, from a file beside the database
(``<db>.key``, mode 0600) created on first use. Losing the key only means that earlier
voters can vote again on earlier answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

HASH_BYTES = 16
KEY_BYTES = 32


def key_path(db: Path) -> Path:
    """Where the generated secret of database ``db`` is kept."""
    return db.with_name(db.name + ".key")


def load_secret(db: Path, configured: str | None = None) -> bytes:
    """The hashing secret: ``configured`` if given, else the key file beside ``db``
    (created, readable by its owner only, when absent). Raises OSError if it cannot be."""
    if configured:
        return configured.encode()
    path = key_path(db)
    with contextlib.suppress(FileNotFoundError):
        return _read_key(path)
    key = secrets.token_hex(KEY_BYTES)
    # Written whole under a private name, then linked into place: a reader never sees a
    # half-written key, and of two processes starting together the first link wins.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key + "\n")
        os.link(tmp, path)
    except FileExistsError:
        return _read_key(path)
    finally:
        tmp.unlink(missing_ok=True)
    return key.encode()


def _read_key(path: Path) -> bytes:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < KEY_BYTES:
        raise OSError(f"{path} holds no usable key (delete it to make a new one)")
    return key.encode()


def person_hash(secret: bytes, user_id: int) -> bytes:
    """The keyed hash that stands for ``user_id``."""
    return hmac.new(secret, str(user_id).encode(), hashlib.sha256).digest()[:HASH_BYTES]


__all__ = ["HASH_BYTES", "key_path", "load_secret", "person_hash"]
