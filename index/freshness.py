"""The corpus fingerprint without reading the corpus: a stat check, hashing only what changed.

Deciding whether an index is fresh needs the corpus fingerprint (:mod:`index.corpus`: a hash
over every file's name and the SHA-256 of its bytes). Reading 18,000 files for it cost 1.5 s
per start, so the digests are cached in a table beside the index file (``INDEX.files``, JSON):
file name → size, ``mtime_ns`` and digest. A check lists the folder (one ``stat`` per file),
takes a file's digest from the table when its size and ``mtime_ns`` are unchanged, and reads
and hashes only the files that are new or changed.

The trade-off, decided: **a file whose size and mtime_ns are both unchanged is trusted**, as
``make`` and ``git`` do. An edit that keeps both (a same-size edit whose mtime is then set back
with ``touch -d`` or ``os.utime``) is not seen until ``articlebot index --rebuild`` (or
:func:`corpus_fingerprint` with ``verify=True``) hashes every file. Two guards keep ordinary
edits from slipping through:

- *racy files* (git's term): a file modified less than ``RACY_NS`` before the check that
  cached it could still change within the same timestamp tick without its ``mtime_ns`` moving,
  so its digest is not trusted from the table (it is hashed again next time);
- the table records the folder it describes and its own version; any mismatch, or an unreadable
  or malformed table, means every file is hashed (the old cost, never a wrong answer).

The table is a cache, not part of the index: deleting it costs one full read. Writing it is
best effort (a read-only folder only loses the speed-up). An add or a remove
(:mod:`index.ingest`) reads the table too, and derives the fingerprint of the corpus it makes
with :func:`fingerprint_after` from the table's digests and the new files' bytes; the index
it saves records that fingerprint, and the new files, not in the table yet, are hashed once
by the next check: neither the add nor the question after it reads the whole corpus.
A build (``index.build.save_index`` given its corpus) saves the stats each file had when it
was read, taken before its read, so the first check after ``articlebot index`` reads nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from index.corpus import ARTICLE_SUFFIX, UNREADABLE, Corpus, _Hasher, file_digest
from index.errors import CorpusError

TABLE_VERSION = 1
# A file modified this recently before a check is hashed again at the next one: covers coarse
# file-system clocks (a kernel tick, FAT's 2 s) where an edit may keep the same mtime_ns.
RACY_NS = 3_000_000_000


@dataclass(frozen=True, slots=True)
class FileStat:
    """One corpus file as a check saw it: size, modification time and content digest."""

    size: int
    mtime_ns: int
    digest: str


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The corpus fingerprint, how many files had to be read for it, and the files' stats."""

    value: str
    hashed: int
    files: dict[str, FileStat]


def table_path(index_path: Path) -> Path:
    """Where the digest table of an index file lives."""
    return index_path.with_name(index_path.name + ".files")


def _suffix(name: str) -> str:
    """``Path(name).suffix``, without making a Path for every file of the folder."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def scan(folder: Path) -> dict[str, os.stat_result]:
    """The article files of ``folder`` (as :func:`index.corpus.corpus_files` selects them) and
    their stats, by name; one ``stat`` each, no file is opened."""
    if folder.is_file():
        raise CorpusError(f"corpus is a file, not a folder of articles: {folder}", str(folder))
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}", str(folder))
    found: dict[str, os.stat_result] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if _suffix(entry.name).lower() != ARTICLE_SUFFIX:
                    continue
                with suppress(OSError):  # vanished or a broken link: not an article file
                    if entry.is_file():
                        found[entry.name] = entry.stat()
    except OSError as exc:
        raise CorpusError(f"cannot list {folder}: {exc.strerror or exc}", str(folder)) from exc
    return found


def _read_table(path: Path, folder: Path) -> dict[str, FileStat]:
    """The cached stats of ``folder``'s files; empty when the table is missing or unusable."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != TABLE_VERSION or data.get("folder") != str(folder.resolve()):
            return {}
        return {name: FileStat(int(s), int(m), str(d)) for name, (s, m, d) in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def write_table(path: Path, folder: Path, files: dict[str, FileStat], checked_ns: int) -> None:
    """Save the stats of a check (best effort, atomic); a racy file is left out of it."""
    keep = {
        name: [f.size, f.mtime_ns, f.digest]
        for name, f in files.items()
        if f.digest != UNREADABLE and f.mtime_ns < checked_ns - RACY_NS
    }
    body = json.dumps({"version": TABLE_VERSION, "folder": str(folder.resolve()), "files": keep})
    with suppress(OSError):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(body)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)


def remember(table: Path, corpus: Corpus) -> None:
    """Save the stats ``corpus`` was loaded with as the table (an index was just built from
    it), so the next check reads no file; nothing when it was not loaded from a folder."""
    if corpus.folder is not None:
        files = {f.name: FileStat(f.size, f.mtime_ns, f.digest) for f in corpus.files}
        write_table(table, corpus.folder, files, corpus.loaded_ns)


def fingerprint_after(seen: Fingerprint, changes: Mapping[str, bytes | None]) -> str:
    """The fingerprint the folder ``seen`` describes will have once each file named in
    ``changes`` holds its bytes (``None``: is deleted); only the changed bytes are hashed."""
    digests = {name: f.digest for name, f in seen.files.items()}
    for name, raw in changes.items():
        if raw is None:
            digests.pop(name, None)
        else:
            digests[name] = file_digest(raw)
    hasher = _Hasher()
    for name in sorted(digests):
        hasher.add_digest(name, digests[name])
    return hasher.hexdigest()


def corpus_fingerprint(folder: Path, table: Path, verify: bool = False) -> Fingerprint:
    """The corpus fingerprint of ``folder``, reading only files whose size or mtime_ns differ
    from ``table`` (every file with ``verify``); the table is updated when a file was read."""
    checked_ns = time.time_ns()
    stats = scan(folder)
    cached = {} if verify else _read_table(table, folder)
    hasher = _Hasher()
    files: dict[str, FileStat] = {}
    hashed = 0
    for name in sorted(stats):
        st = stats[name]
        known = cached.get(name)
        if known is not None and (known.size, known.mtime_ns) == (st.st_size, st.st_mtime_ns):
            digest = known.digest
        else:
            hashed += 1
            try:
                digest = file_digest((folder / name).read_bytes())
            except OSError:
                digest = UNREADABLE
        hasher.add_digest(name, digest)
        files[name] = FileStat(st.st_size, st.st_mtime_ns, digest)
    if hashed or len(cached) != len(files):
        write_table(table, folder, files, checked_ns)
    return Fingerprint(hasher.hexdigest(), hashed, files)


__all__ = [
    "FileStat",
    "Fingerprint",
    "corpus_fingerprint",
    "fingerprint_after",
    "remember",
    "scan",
    "table_path",
    "write_table",
]
