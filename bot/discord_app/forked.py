"""Shard processes forked from one parent (``articlebot run --processes N``).

The parent imports everything a bot process needs, opens the index and warms the answering
code, moves what it holds out of the collector's reach (``gc.freeze``) and forks one child
per group of shards. The children share the parent's pages copy-on-write: the interpreter,
discord.py, aiohttp, pydantic, numpy, nltk and the index's metadata are in memory once, not
once a process (docs/deployment.md, "Memory with 100k passages"). The group lives and dies
together: SIGTERM or Ctrl-C to the parent stops every child; a child that ends stops the
others, and the parent exits with the first failing child's code, for a supervisor to
restart the group.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence

from index import ArticlebotError

_STOPS = (signal.SIGTERM, signal.SIGINT)


def shard_groups(ids: Sequence[int], processes: int) -> list[tuple[int, ...]]:
    """``ids`` split into ``processes`` runs of consecutive ids, sizes differing by one at
    most (``[0..7]`` in 3: ``(0, 1, 2), (3, 4, 5), (6, 7)``); ValueError if too few ids."""
    if processes < 1 or processes > len(ids):
        raise ValueError(f"{processes} process(es) cannot split {len(ids)} shard(s)")
    size, extra = divmod(len(ids), processes)
    groups, start = [], 0
    for n in range(processes):
        end = start + size + (n < extra)
        groups.append(tuple(ids[start:end]))
        start = end
    return groups


def exit_code(status: int) -> int:
    """A child's wait status as a shell would report it (128 + N when killed by signal N)."""
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code


@contextlib.contextmanager
def _stops_blocked() -> Iterator[None]:
    """SIGTERM and SIGINT held back meanwhile (a stop between two forks must reach every
    child, not kill the parent half-way)."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _child(work: Callable[[], int]) -> None:
    """Run ``work`` in a forked child and end the child with its code (never returns)."""
    code = 1
    try:
        # The parent's own handlers are installed after the forks: only the mask is inherited.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
        code = work()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def run_forked(
    groups: Sequence[tuple[int, ...]], work: Callable[[int, tuple[int, ...]], int]
) -> int:
    """Fork one child per group running ``work(number, group)`` (its exit code; it must map
    its own errors to a code and a line on stderr); wait for all, and return the first
    non-zero code (0 when every child stopped cleanly)."""
    gc.collect()
    gc.freeze()  # what the parent holds stays untouched by the children's collections
    sys.stdout.flush()
    sys.stderr.flush()
    children: dict[int, tuple[int, ...]] = {}
    stopped: set[int] = set()

    def stop_all(signum: int = signal.SIGTERM, frame: object = None) -> None:
        # One SIGTERM a child: a second could land after its handler is gone, mid-shutdown.
        for pid in set(children) - stopped:
            stopped.add(pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    with _stops_blocked():
        try:
            for number, group in enumerate(groups):
                with warnings.catch_warnings():
                    # Python 3.12+ warns of forking with threads: the only one is OpenBLAS's
                    # (numpy), whose pthread_atfork handler makes it whole in the child.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    pid = os.fork()
                if pid == 0:
                    _child(functools.partial(work, number, group))
                children[pid] = group
        except OSError as exc:  # no process left to fork: none of the group runs
            stop_all()
            for pid in children:
                os.waitpid(pid, 0)
            raise ArticlebotError(f"cannot start the shard processes: {exc}") from exc
        previous = {sig: signal.signal(sig, stop_all) for sig in _STOPS}
    code = 0
    try:
        while children:
            pid, status = os.wait()
            if children.pop(pid, None) is None:
                continue
            code = code or exit_code(status)
            stop_all()  # one child ended: the group ends
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code


__all__ = ["exit_code", "run_forked", "shard_groups"]
