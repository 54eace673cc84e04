"""A live corpus: the running bot notices a changed index or corpus and answers from it.

``articlebot add`` and ``remove`` rewrite the index file (atomically, by rename) together with
the corpus; a hand-edited corpus changes the folder. The watcher looks at both every second
(two ``stat`` calls), opens the new index in a worker thread (loading it, or rebuilding it
when the corpus changed by hand) while questions go on being answered from the old one, and
then swaps it in on the event loop: handlers run there one at a time and read the engine's
index once per question, so no question ever sees half of one index and half of another.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from bot.discord_app.engine import Engine
from index import ArticlebotError, SearchIndex

log = logging.getLogger(__name__)

Signature = tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]
Opener = Callable[[], SearchIndex]


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class IndexWatcher:
    """Swaps ``engine``'s index for a fresh one when the index file or corpus folder changes.

    ``open_fresh`` returns the index for the corpus as it now is (``open_index``: loaded when
    fresh, rebuilt when not); it runs in a worker thread.
    """

    def __init__(
        self,
        engine: Engine,
        corpus: Path,
        index_path: Path,
        open_fresh: Opener,
        interval: float = 1.0,
    ) -> None:
        self.engine = engine
        self.corpus = corpus
        self.index_path = index_path
        self.open_fresh = open_fresh
        self.interval = interval
        self.seen = self.signature()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    def signature(self) -> Signature:
        """What changes when the index is rewritten or a file is added to or removed from
        the corpus folder."""
        return (_stat(self.index_path), _stat(self.corpus))

    def start(self) -> None:
        """Watch in the background (on the running loop) until :meth:`stop`."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        """Stop watching."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            if self.signature() != self.seen:
                await self.reload()

    async def reload(self) -> bool:
        """Open the index for the corpus as it is now and swap it in; False when it failed
        (the bot keeps answering from the index it has, and tries again on the next change)."""
        async with self._lock:
            seen = self.signature()
            try:
                index = await asyncio.to_thread(self.open_fresh)
            except (ArticlebotError, OSError) as exc:
                log.warning("the corpus changed but could not be loaded: %s", exc)
                self.seen = seen
                return False
            self.swap(index, seen)
            return True

    def swap(self, index: SearchIndex, seen: Signature | None = None) -> None:
        """Answer from ``index`` from the next question on (call on the event loop);
        ``seen`` is the signature it was opened at (default: the files as they are now)."""
        before = len(self.engine.articles)
        self.engine.swap(index)
        self.seen = self.signature() if seen is None else seen
        log.info("answering from %d article(s) (was %d)", len(index.articles), before)


__all__ = ["IndexWatcher"]
