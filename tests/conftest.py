"""Shared fixtures: the seed corpus, corpus builders, a built seed index and the CLI runner."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from index.build import build_index, load_index, save_index
from index.corpus import load_corpus
from index.models import Article
from index.searchindex import SearchIndex
from tests.clirun import ARTICLEBOT, invoke_cli

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "tests" / "data" / "corpus"  # a fixture copy: tests never read corpus/
SEED_ID = "000_75ea43fa358d5fb6"
# The installed console script, as users run it (not `python -m`): it proves the entry point.

CorpusBuilder = Callable[..., Path]
CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(autouse=True)
def _no_nltk_download(monkeypatch: pytest.MonkeyPatch) -> None:
    """The project must work without NLTK data: downloading any is a test failure."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"nltk.download{args} called: articlebot needs no NLTK data")

    monkeypatch.setattr("nltk.download", refuse)


@pytest.fixture(scope="session")
def seed_corpus() -> Path:
    """The folder holding the seed article (read-only: copy it before editing)."""
    return SEED_CORPUS


@pytest.fixture
def tmp_corpus(tmp_path: Path) -> CorpusBuilder:
    """Builder: ``tmp_corpus({"a.txt": "Headline\\n\\nBody."}, folder="corpus")`` → the folder.

    Values may be ``str`` (written as UTF-8) or ``bytes`` (written as they are); calling it
    again adds or replaces files in the same folder.
    """

    def build(files: Mapping[str, str | bytes], folder: str = "corpus") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            target = root / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="")
        return root

    return build


@pytest.fixture(scope="session")
def seed_article() -> Article:
    """The seed article, parsed."""
    return load_corpus(SEED_CORPUS).articles[0]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``tests/data``: question files and other test data."""
    return Path(__file__).resolve().parent / "data"


@pytest.fixture
def seed_copy(tmp_corpus: CorpusBuilder) -> Path:
    """A writable copy of the seed corpus at ``tmp_path/corpus`` (the CLI's default folder)."""
    return tmp_corpus({f"{SEED_ID}.txt": (SEED_CORPUS / f"{SEED_ID}.txt").read_bytes()})


@pytest.fixture(scope="session")
def seed_index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index file of the seed corpus, built once per test process. Do not modify it."""
    corpus = load_corpus(SEED_CORPUS)
    path = tmp_path_factory.mktemp("seed-index") / "seed.idx"
    save_index(build_index(corpus.articles, corpus_hash=corpus.fingerprint), path)
    return path


@pytest.fixture(scope="session")
def seed_index(seed_index_file: Path) -> SearchIndex:
    """The seed index, loaded from its file (memory-mapped, as front ends load it)."""
    return load_index(seed_index_file)


@pytest.fixture
def run_cli(tmp_path: Path) -> CliRunner:
    """``run_cli(*args, input=None)``: run the installed ``articlebot`` in ``tmp_path``.

    ``input`` is fed to standard input; without it standard input is empty (never the
    terminal pytest runs in), so a command that reads it sees end-of-file at once.
    """
    if not ARTICLEBOT.exists():
        pytest.fail(f"console script not installed at {ARTICLEBOT} (run `make venv`)")

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return invoke_cli(list(args), tmp_path, input)

    return run
