"""Corpus: a folder of ``*.txt`` (or ``*.TXT``) news articles parsed into :class:`Article` records.

Article format (DESIGN.md): an optional block of ``key: value`` lines at the very top
(``title``, ``source``, ``url``, ``published``), then the headline line, then paragraphs
separated by blank lines. A trailing ``source: DOMAIN`` line is attribution, and promotional
lines (``READ MORE: …``) are not content. UTF-8 with or without BOM, CRLF, trailing spaces: all
fine. A bad file is reported as a :class:`CorpusProblem` and the rest of the folder still loads.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from index.errors import CorpusError
from index.models import Article

_HEADER_RE = re.compile(r"^(title|source|url|published)\s*:\s*(.*)$", re.IGNORECASE)
_SOURCE_TRAILER_RE = re.compile(r"^source\s*:\s*(\S.*)$", re.IGNORECASE)
# A promo label ends in a colon or a spaced dash ("READ MORE: …", "WATCH – …"); a hyphenated
# word ("Watch-list countries…", "Related-party deals…") is content.
_PROMO_RE = re.compile(
    r"^\s*(read more|read next|see also|related|more|watch|listen|sign up|subscribe)\b"
    r"(?:\s*:|\s+[-–—](?:\s|$))",
    re.IGNORECASE,
)
MAX_ARTICLE_BYTES = 5_000_000
ARTICLE_SUFFIX = ".txt"  # compared case-insensitively: "a.TXT" is an article too


@dataclass(frozen=True, slots=True)
class CorpusProblem:
    """A file of the corpus folder that was skipped or only partly usable, and why."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class FileSeen:
    """A corpus file as loading read it: its size and mtime before the read, its bytes' digest."""

    name: str
    size: int
    mtime_ns: int
    digest: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """The articles of a corpus folder, in file-name order, and the files that were skipped;
    ``files`` and ``loaded_ns`` (when loading began) let the stat table of
    :mod:`index.freshness` be written without reading the corpus again."""

    articles: tuple[Article, ...]
    problems: tuple[CorpusProblem, ...]
    fingerprint: str
    folder: Path | None = None
    files: tuple[FileSeen, ...] = ()
    loaded_ns: int = 0


def _is_promo(line: str) -> bool:
    return _PROMO_RE.match(line) is not None


def parse_article(text: str, article_id: str) -> Article:
    """Parse one article's text; raise :class:`CorpusError` when it has no headline.

    The ``source:`` trailer and promo lines are recognised line by line, so they are dropped
    even when no blank line separates them from a paragraph.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER_RE.match(lines[i])):
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    body = lines[i:]
    while body and not body[-1]:
        body.pop()
    if body and (m := _SOURCE_TRAILER_RE.match(body[-1])):
        meta.setdefault("source", m.group(1).strip())
        body.pop()
    if "title" not in meta:
        while body and not body[0]:
            body.pop(0)
        if not body:
            raise CorpusError(f"{article_id}: the article is empty")
        # The headline is the first line; the further lines of its block are paragraph 1.
        meta["title"] = body.pop(0)
    if not meta["title"]:
        raise CorpusError(f"{article_id}: the article has no headline")
    blocks: list[list[str]] = [[]]
    for line in body:
        if not line:
            if blocks[-1]:
                blocks.append([])
        elif not _is_promo(line):
            blocks[-1].append(line)
    return Article(
        id=article_id,
        title=meta["title"],
        source=meta.get("source") or "unknown",
        paragraphs=tuple(" ".join(b) for b in blocks if b),
        url=meta.get("url") or None,
        published=meta.get("published") or None,
    )


def _read(path: Path) -> tuple[os.stat_result, bytes]:
    """A file's stat, taken before its read (an edit after it moves the mtime the stat table
    keeps), and its bytes; :class:`CorpusError` when either fails."""
    try:
        return path.stat(), path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc})", str(path)) from exc


def _article_from_bytes(path: Path, raw: bytes) -> Article:
    """Decode and parse one article file's bytes; every failure names the file."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise CorpusError(f"{path}: larger than {MAX_ARTICLE_BYTES:,} bytes", str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded)", str(path)
        ) from exc
    if "\x00" in text:
        raise CorpusError(f"{path}: binary file (contains NUL bytes)", str(path))
    if not text.strip():
        raise CorpusError(f"{path}: the file is empty", str(path))
    try:
        return parse_article(text, path.stem)
    except CorpusError as exc:
        raise CorpusError(f"{path}: {exc}", str(path)) from exc


def corpus_files(path: Path) -> list[Path]:
    """The article files of a corpus folder, sorted by name: ``*.txt`` in any case (``.TXT``).

    The corpus is a folder: a file given in its place is a :class:`CorpusError`.
    """
    if path.is_file():
        raise CorpusError(f"corpus is a file, not a folder of articles: {path}", str(path))
    if not path.is_dir():
        raise CorpusError(f"corpus folder not found: {path}", str(path))
    # Sorted by name, not by Path: the same order for files of one folder, 5x faster.
    files = (p for p in path.iterdir() if p.suffix.lower() == ARTICLE_SUFFIX and p.is_file())
    return sorted(files, key=lambda p: p.name)


UNREADABLE = "unreadable"  # the digest of a file that cannot be read (never equal to a hash)


def file_digest(raw: bytes) -> str:
    """The SHA-256 of one file's bytes (hex): the corpus fingerprint is made of these."""
    return hashlib.sha256(raw).hexdigest()


class _Hasher:
    """The corpus fingerprint: SHA-256 over every file's name and the SHA-256 of its bytes, in
    file order. Per-file digests let a check re-hash only the files that changed
    (:mod:`index.freshness`); the result is equal exactly when names and contents are equal."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def add(self, path: Path, raw: bytes | None) -> None:
        self.add_digest(path.name, UNREADABLE if raw is None else file_digest(raw))

    def add_digest(self, name: str, digest: str) -> None:
        """Add a file by the digest of its bytes (:func:`file_digest`, or ``UNREADABLE``)."""
        self._h.update(name.encode("utf-8", "surrogateescape") + b"\0" + digest.encode() + b"\0")

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def fingerprint(files: list[Path]) -> str:
    """The corpus fingerprint of ``files``, reading every one (:mod:`index.freshness` reads only
    the files changed since the last check): equal exactly when the content is equal."""
    h = _Hasher()
    for p in files:
        try:
            h.add(p, p.read_bytes())
        except OSError:
            h.add(p, None)
    return h.hexdigest()


class CorpusReader:
    """A corpus folder read one file at a time: iterating yields its usable articles in
    file-name order (a build holds no more of the corpus than it is working on), and
    :meth:`corpus` then gives the problems, fingerprint and stat table of that reading.

    The files are listed when the reader is made (:class:`CorpusError` when there are none);
    the iteration raises :class:`CorpusError` at its end when no file gave an article.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.files = corpus_files(self.path)
        if not self.files:
            raise CorpusError(f"no articles (*.txt) in {self.path}", str(self.path))
        self._done: Corpus | None = None

    def __len__(self) -> int:
        """How many files there are to read (an upper bound on the articles)."""
        return len(self.files)

    def __iter__(self) -> Iterator[Article]:
        problems: list[CorpusProblem] = []
        seen: set[str] = set()
        hasher = _Hasher()  # each file is read once: for its fingerprint and its article
        loaded_ns = time.time_ns()
        seen_files: list[FileSeen] = []
        for f in self.files:
            try:
                st, raw = _read(f)
            except CorpusError as exc:
                hasher.add(f, None)
                problems.append(CorpusProblem(str(f), str(exc)))
                continue
            digest = file_digest(raw)
            hasher.add_digest(f.name, digest)
            seen_files.append(FileSeen(f.name, st.st_size, st.st_mtime_ns, digest))
            try:
                article = _article_from_bytes(f, raw)
            except CorpusError as exc:
                problems.append(CorpusProblem(str(f), str(exc)))
                continue
            if article.id in seen:
                problems.append(CorpusProblem(str(f), f"{f}: duplicate article id {article.id!r}"))
                continue
            if not article.paragraphs:
                problems.append(
                    CorpusProblem(str(f), f"{f}: no body paragraphs after the headline")
                )
                continue
            seen.add(article.id)
            yield article
        if not seen:
            detail = problems[0].message if problems else ""
            raise CorpusError(f"no usable articles in {self.path}: {detail}", str(self.path))
        self._done = Corpus(
            (), tuple(problems), hasher.hexdigest(), self.path, tuple(seen_files), loaded_ns
        )

    def corpus(self) -> Corpus:
        """What the finished reading found, its articles aside (they were handed out)."""
        if self._done is None:
            raise RuntimeError("the corpus has not been read to its end")
        return self._done


def load_corpus(path: Path | str) -> Corpus:
    """Load every article under ``path``; raise :class:`CorpusError` if none can be used."""
    reader = CorpusReader(path)
    articles = tuple(reader)
    return replace(reader.corpus(), articles=articles)


__all__ = [
    "Corpus",
    "CorpusProblem",
    "CorpusReader",
    "FileSeen",
    "load_corpus",
    "parse_article",
]
