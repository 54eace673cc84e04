"""The test suite on every supported Python, and the lint checks: ``make test-all`` (``nox``).

    nox                    # tests on 3.11, 3.12 and 3.13, then lint
    nox -s tests-3.13      # one Python
    nox -s lint            # ruff, ruff format --check, mypy
    nox -s tests-3.12 -- tests/index -x   # arguments after -- go to pytest

Interpreters are found on PATH (``python3.11`` …) or, where pyenv installed them, in
``$PYENV_ROOT/versions`` even when they are not pyenv's active version. Nothing is downloaded:
a missing Python fails its session with a message naming it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nox

PYTHONS = ["3.11", "3.12", "3.13"]  # the README's supported Pythons (a test checks)

nox.options.sessions = [*(f"tests-{v}" for v in PYTHONS), "lint"]
nox.options.reuse_venv = "yes"  # each run still installs the project, so new deps arrive
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = True


def _pyenv_bin_dirs(versions: list[str]) -> list[str]:
    """The ``bin`` folder of the newest pyenv install of each version (``3.13`` → 3.13.x)."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    found: list[str] = []
    for version in versions:
        pattern = re.compile(rf"{re.escape(version)}\.\d+")
        installs = [p for p in root.glob(f"{version}.*") if pattern.fullmatch(p.name)]
        installs.sort(key=lambda p: int(p.name.rsplit(".", 1)[1]))
        if installs and (installs[-1] / "bin" / f"python{version}").exists():
            found.append(str(installs[-1] / "bin"))
    return found


# pyenv's shims answer `python3.13` only for its active versions: put the real ones first.
os.environ["PATH"] = os.pathsep.join([*_pyenv_bin_dirs(PYTHONS), os.environ.get("PATH", "")])


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite, as `make test` runs it, on one Python."""
    session.install("-e", ".[dev]")
    session.run("python", "-m", "pytest", "-q", "-n", "2", *session.posargs)


@nox.session(python=False)
def lint(session: nox.Session) -> None:
    """`make lint` itself (ruff, ruff format --check, mypy --strict), so the two never drift."""
    session.run("make", "lint", external=True)
