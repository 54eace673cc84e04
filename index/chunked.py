"""Tokenising a corpus: articles → passages → term tokens, in chunks, in parallel when it pays.

Each chunk of articles is cut into passages and sentences and tokenised with term ids local to
the chunk (:class:`Chunk`); ``index.build`` merges the chunks into one index, with the same
term ids as if one process had read every article in order. Large corpora are tokenised by
worker processes, which send chunks back as flat arrays that are cheap to pickle.
"""

from __future__ import annotations

import os
import threading
import time
import unicodedata
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from itertools import islice

from index.models import Article
from index.passages import MAX_WORDS, split_passages
from index.tokenizer import stem, term_forms

# Articles a task tokenises; corpora from this many articles are tokenised in parallel.
CHUNK_ARTICLES = 32
PARALLEL_MIN_ARTICLES = 256
# Chunks handed to the workers ahead of the one being merged, per worker.
AHEAD_PER_WORKER = 4
# How often a worker checks that the process that started it is still alive (seconds).
PARENT_CHECK_SECONDS = 0.2
# Each distinct form is stemmed once per process: a corpus's forms, unlike a bot's, are finite.
_STEMS: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Chunk:
    """Some articles cut into passages and tokenised, with term ids local to the chunk.

    What a worker process sends back: flat arrays and one bytes object, cheap to pickle.
    """

    forms: list[str]  # local term id → word form, in order of first use
    stems: list[str]  # each form's stem
    tokens: array[int]  # local term ids of every sentence, end to end
    sentences: array[int]  # per sentence: token count, start, end
    text: bytes  # passage texts (UTF-8), end to end
    passages: array[int]  # per passage: text bytes, sentence count, paragraph, part
    articles: array[int]  # per article: passage count


def _tokenize(articles: Sequence[Article]) -> Chunk:
    """Passages and terms of ``articles`` (runs in worker processes for large corpora)."""
    local: dict[str, int] = {}
    tokens, sentences, passages, counts = array("i"), array("i"), array("i"), array("i")
    text: list[bytes] = []
    for article in articles:
        cut = split_passages(article, MAX_WORDS)
        per_paragraph: dict[int, int] = {}
        for p in cut:
            per_paragraph[p.paragraph] = per_paragraph.get(p.paragraph, 0) + 1
        seen: dict[int, int] = {}
        for p in cut:
            for span in p.sentences:
                forms = term_forms(unicodedata.normalize("NFKC", span.of(p.text)))
                tokens.extend([local.setdefault(f, len(local)) for f in forms])
                sentences.extend((len(forms), span.start, span.end))
            encoded = p.text.encode("utf-8")
            text.append(encoded)
            seen[p.paragraph] = seen.get(p.paragraph, 0) + 1
            part = seen[p.paragraph] if per_paragraph[p.paragraph] > 1 else 0
            passages.extend((len(encoded), len(p.sentences), p.paragraph, part))
        counts.append(len(cut))
    forms = list(local)
    stems = [_STEMS.get(f) or _STEMS.setdefault(f, stem(f)) for f in forms]
    return Chunk(forms, stems, tokens, sentences, b"".join(text), passages, counts)


def _exit_when_orphaned(parent: int) -> None:
    """End this process as soon as its parent is gone (the parent was killed, even by SIGKILL).

    Without it, workers of a killed build wait forever for work: their task queue stays open
    because each of them holds its write end.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _start_worker(parent: int) -> None:
    """Worker initializer: watch the parent from a daemon thread while the worker tokenises."""
    threading.Thread(
        target=_exit_when_orphaned, args=(parent,), name="parent-watch", daemon=True
    ).start()


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """``articles`` in lists of ``size`` (the last shorter), taken as they come."""
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def tokenized(
    articles: Iterable[Article], workers: int, total: int | None = None
) -> Iterator[tuple[Chunk, list[Article]]]:
    """Chunks of ``articles`` tokenised in order, each with its articles, by ``workers``
    processes when it pays (``total``: how many there are, when ``articles`` cannot say).
    Articles are taken only a few chunks ahead of the one being merged, so a corpus read
    file by file is never held whole."""
    if total is None:
        total = len(articles) if isinstance(articles, Sized) else 0
    chunks = _chunks(articles, CHUNK_ARTICLES)
    if workers > 1 and total >= PARALLEL_MIN_ARTICLES:
        # Imported here: multiprocessing costs every `articlebot ask` ~7 ms for nothing.
        import multiprocessing
        from concurrent.futures import Future, ProcessPoolExecutor

        try:
            # spawn, not fork: forking a process that runs threads can deadlock the child.
            pool = ProcessPoolExecutor(
                min(workers, -(-total // CHUNK_ARTICLES)),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        except (OSError, NotImplementedError, ValueError):
            pool = None  # no process support here: tokenise in this process
        if pool is not None:
            ahead: deque[tuple[Future[Chunk], list[Article]]] = deque()
            try:
                for chunk in chunks:
                    ahead.append((pool.submit(_tokenize, chunk), chunk))
                    if len(ahead) >= AHEAD_PER_WORKER * workers:
                        done, taken = ahead.popleft()
                        yield done.result(), taken
                while ahead:
                    done, taken = ahead.popleft()
                    yield done.result(), taken
            finally:
                pool.shutdown(cancel_futures=True)
            return
    for chunk in chunks:
        yield _tokenize(chunk), chunk


def default_workers() -> int:
    """How many processes are worth giving :func:`build_index`: the CPUs usable, at most 8."""
    return max(
        1,
        min(
            8,
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1,
        ),
    )


__all__ = ["CHUNK_ARTICLES", "PARALLEL_MIN_ARTICLES", "Chunk", "default_workers", "tokenized"]
