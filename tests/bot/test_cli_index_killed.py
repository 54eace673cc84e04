"""A killed ``articlebot index`` leaves no process behind: its tokenising workers die with it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.clirun import ARTICLEBOT, cli_env
from tests.conftest import CorpusBuilder

ARTICLES = 2000  # enough to be tokenised in parallel, and to take a few seconds doing it


def _articles(count: int) -> dict[str, str]:
    return {
        f"a{i:05d}.txt": f"Council meeting {i} on topic{i % 97}\n\n"
        f"The council of town{i} met on Monday to discuss budget item{i % 13}. "
        f"Officials said {i} residents attended.\n\n"
        f"A second paragraph mentions river{i % 31} and bridge{i % 7} repairs costing "
        f"{i * 10} pounds.\n\nThe mayor said the plan would be reviewed next year.\n"
        for i in range(count)
    }


def _workers(parent: psutil.Process) -> list[psutil.Process]:
    """The parent's descendants started by multiprocessing (workers, resource tracker)."""
    found = []
    for child in parent.children(recursive=True):
        try:
            if "multiprocessing" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


@pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2, reason="one CPU: the index is tokenised in one process"
)
def test_workers_die_with_a_sigkilled_index_build(
    tmp_path: Path, tmp_corpus: CorpusBuilder
) -> None:
    corpus = tmp_corpus(_articles(ARTICLES))
    proc = subprocess.Popen(
        [str(ARTICLEBOT), "index", "--corpus", str(corpus), "--index", "x.idx"],
        cwd=tmp_path,
        env=cli_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[psutil.Process] = []
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _workers(parent)
            if len(workers) >= 2:
                break
            time.sleep(0.01)
        assert len(workers) >= 2, "the build never started its worker processes"
        time.sleep(0.5)  # let them get to work
        assert proc.poll() is None, "the build ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        _, alive = psutil.wait_procs(workers, timeout=10)
        assert alive == [], f"worker processes outlived the killed build: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for worker in workers:
            with contextlib.suppress(psutil.NoSuchProcess):
                worker.kill()
