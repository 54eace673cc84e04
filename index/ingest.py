"""Adding and removing articles: corpus files and the index changed together, atomically.

One operation writes the article files and the index that holds them, so a question asked
right after an add is answered from the new article without a rebuild. The index is updated
incrementally (:mod:`index.splice`), not rebuilt.

Crash safety (``kill -9`` at any moment): every file is written to a temporary name, synced,
then renamed. The index is renamed first, recording the fingerprint the corpus will have;
the article files follow. A crash before the index's rename changes nothing; between the
two renames the index names a corpus that does not exist, so the next open sees it as stale
and rebuilds it from the unchanged corpus. Leftover temporary files are hidden from the corpus
(they do not end in ``.txt``) and swept by the next add or remove. Writers take a lock next
to the index file, so two adds never interleave.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from index.bm25params import TUNED, Bm25Params
from index.build import build_index, load_index, open_index, save_index
from index.errors import CorpusError, IndexFileError, QueryError
from index.freshness import Fingerprint, corpus_fingerprint, fingerprint_after, table_path
from index.htmlarticle import render_article
from index.identity import identity_of, wanted_identity
from index.models import Article
from index.searchindex import SearchIndex
from index.splice import splice_index
from index.store import read_manifest

_TMP_SUFFIX = ".tmp"


@dataclass(frozen=True, slots=True)
class Change:
    """What an add or a remove did: the articles written or deleted and the new index."""

    added: tuple[Article, ...]
    replaced: tuple[str, ...]
    removed: tuple[str, ...]
    index: SearchIndex | None
    seconds: float


@contextmanager
def _locked(index_path: Path) -> Iterator[None]:
    lock = index_path.with_name(index_path.name + ".lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise CorpusError(f"cannot lock {lock}: {exc.strerror or exc}", str(lock)) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _sweep(folder: Path) -> None:
    """Remove temporary article files a crashed writer left (the lock is held)."""
    for leftover in folder.glob(".*.txt.*" + _TMP_SUFFIX):
        with suppress(OSError):
            leftover.unlink()


def _staged(folder: Path, name: str, data: bytes) -> Path:
    """``data`` written and synced to a temporary file beside ``folder/name``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=_TMP_SUFFIX, dir=folder)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _sync_dir(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _current(
    corpus: Path, index_path: Path, params: Bm25Params | None
) -> tuple[SearchIndex | None, Fingerprint]:
    """The fresh index of the corpus as it is (None when it has no usable article), and the
    corpus's files and fingerprint.

    The corpus is not read: the digests come from the stat table of :mod:`index.freshness`
    (only new or changed files are hashed), as every open of the index takes them.
    """
    table = table_path(index_path)
    try:
        seen = corpus_fingerprint(corpus, table)
        # open_index's own test, without listing the folder a second time.
        have = identity_of(read_manifest(index_path))
        if not have.stale_reason(wanted_identity(seen.value, params or TUNED)):
            return load_index(index_path), seen
    except (IndexFileError, CorpusError):
        pass
    try:
        index: SearchIndex | None = open_index(corpus, index_path, params).index
    except CorpusError:  # no usable article (or no folder): the new index starts afresh
        index = None
    try:
        # open_index has hashed whatever the table did not vouch for: it is current now.
        seen = corpus_fingerprint(corpus, table)
    except CorpusError:
        seen = Fingerprint("", 0, {})
    return index, seen


def _commit(
    corpus: Path,
    index_path: Path,
    writes: dict[str, bytes],
    deletes: Iterable[str],
    index: SearchIndex | None,
) -> None:
    """Stage the article files, save ``index`` (made for the corpus-to-be; None: no index),
    then rename the files in and delete ``deletes``."""
    staged: dict[str, Path] = {}
    try:
        for name, data in writes.items():
            staged[name] = _staged(corpus, name, data)
        if index is None:
            index_path.unlink(missing_ok=True)
        else:
            save_index(index, index_path)
        for name, tmp in staged.items():
            os.replace(tmp, corpus / name)
        staged.clear()
        for name in deletes:
            (corpus / name).unlink(missing_ok=True)
        _sync_dir(corpus)
    except OSError as exc:
        raise CorpusError(f"cannot write to {corpus}: {exc.strerror or exc}", str(corpus)) from exc
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


def _file_names(files: Iterable[str]) -> dict[str, str]:
    """Article id → the name of its file in the folder ("X.TXT" is article X's file too, so
    adding X again replaces it rather than writing a second file of the same id)."""
    return {Path(name).stem: name for name in files}


def add_articles(
    corpus: Path | str,
    index_path: Path | str,
    articles: Sequence[Article],
    params: Bm25Params | None = None,
) -> Change:
    """Write ``articles`` into the corpus folder (one ``ID.txt`` each, replacing an article of
    the same id) and update the index, atomically; the folder is created when missing."""
    started = time.perf_counter()
    corpus, index_path = Path(corpus), Path(index_path)
    unique = list({a.id: a for a in articles}.values())
    try:
        corpus.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(f"cannot create {corpus}: {exc.strerror or exc}", str(corpus)) from exc
    with _locked(index_path):
        _sweep(corpus)
        old, seen = _current(corpus, index_path, params)
        names = _file_names(seen.files)
        writes = {names.get(a.id, f"{a.id}.txt"): render_article(a).encode("utf-8") for a in unique}
        after = fingerprint_after(seen, dict(writes))
        replaced = tuple(a.id for a in unique if a.id in names)
        if old is not None:
            index = splice_index(old, unique, (), after, params)
        else:
            index = build_index(sorted(unique, key=lambda a: f"{a.id}.txt"), params, after)
        _commit(corpus, index_path, writes, (), index)
    return Change(tuple(unique), replaced, (), index, time.perf_counter() - started)


def remove_articles(
    corpus: Path | str,
    index_path: Path | str,
    ids: Sequence[str],
    params: Bm25Params | None = None,
) -> Change:
    """Delete the articles ``ids`` (exact ids, or unique id or title prefixes) from the corpus
    folder and the index, atomically; :class:`QueryError` names one that is not there."""
    started = time.perf_counter()
    corpus, index_path = Path(corpus), Path(index_path)
    with _locked(index_path):
        _sweep(corpus)
        old, seen = _current(corpus, index_path, params)
        if old is None:
            raise QueryError(f"no articles in {corpus}")
        found = list(dict.fromkeys(old.find_article(key).id for key in ids))
        names = _file_names(seen.files)
        deletes = [names.get(i, f"{i}.txt") for i in found]
        after = fingerprint_after(seen, dict.fromkeys(deletes))
        left = len(old.articles) - len(found)
        index = splice_index(old, (), found, after, params) if left else None
        _commit(corpus, index_path, {}, deletes, index)
    return Change((), (), tuple(found), index, time.perf_counter() - started)


__all__ = ["Change", "add_articles", "remove_articles"]
