"""A corpus read file by file as the build goes: the same articles, problems, fingerprint and
index as reading it whole first, and never much more of it held than is being tokenised."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index
from index.chunked import AHEAD_PER_WORKER, CHUNK_ARTICLES, PARALLEL_MIN_ARTICLES, tokenized
from index.corpus import CorpusReader, load_corpus
from index.errors import CorpusError
from index.models import Article

CorpusBuilder = Callable[..., Path]


def _story(i: int) -> str:
    return (
        f"Story {i} headline\n\nThe council of town {i} met on Monday. It voted {i} to {i + 1}.\n\n"
        f'"We will build {i} homes," said mayor Ann Lee{i}.\n\nsource: example.com\n'
    )


@pytest.fixture
def folder(tmp_corpus: CorpusBuilder) -> Path:
    files: dict[str, str | bytes] = {f"{i:03d}.txt": _story(i) for i in range(40)}
    files["015.txt"] = b"\xff\xfe not text"
    files["016.txt"] = "Only a headline\n"
    files["017.txt"] = _story(3)
    return tmp_corpus(files)


def test_the_reader_yields_what_loading_whole_gives_and_the_same_record(folder: Path) -> None:
    whole = load_corpus(folder)
    reader = CorpusReader(folder)
    assert len(reader) == 40  # files listed, not yet read
    assert tuple(reader) == whole.articles
    read = reader.corpus()
    assert read.articles == ()
    assert (read.problems, read.fingerprint, read.files) == (
        whole.problems,
        whole.fingerprint,
        whole.files,
    )
    assert len(read.problems) == 2  # not UTF-8, a headline only (017 is story 3 under its own id)


def test_the_record_is_only_there_once_the_corpus_is_read(folder: Path) -> None:
    reader = CorpusReader(folder)
    next(iter(reader))
    with pytest.raises(RuntimeError, match="not been read to its end"):
        reader.corpus()


def test_a_folder_of_only_bad_files_fails_at_the_end_of_the_reading(
    tmp_corpus: CorpusBuilder,
) -> None:
    reader = CorpusReader(tmp_corpus({"a.txt": "Headline only\n", "b.txt": b"\xff"}))
    with pytest.raises(CorpusError, match="no usable articles"):
        list(reader)


def test_an_empty_folder_fails_before_any_reading(tmp_corpus: CorpusBuilder) -> None:
    with pytest.raises(CorpusError, match=r"no articles \(\*\.txt\)"):
        CorpusReader(tmp_corpus({"notes.md": "x"}))


@pytest.mark.parametrize("workers", [1, 2])
def test_an_index_built_while_reading_equals_one_built_from_the_loaded_corpus(
    tmp_corpus: CorpusBuilder, workers: int
) -> None:
    files = {f"{i:04d}.txt": _story(i) for i in range(PARALLEL_MIN_ARTICLES + 40)}
    path = tmp_corpus(files)
    whole = load_corpus(path)
    before = build_index(whole.articles, corpus_hash=whole.fingerprint, workers=workers)
    streamed = build_index(CorpusReader(path), workers=workers)
    assert streamed.manifest["corpus_hash"] == before.manifest["corpus_hash"] != ""
    assert streamed.articles == before.articles
    assert streamed.arrays.keys() == before.arrays.keys()
    for name, array in before.arrays.items():
        assert np.array_equal(streamed.arrays[name], array), name


def test_parallel_tokenising_takes_articles_only_a_few_chunks_ahead() -> None:
    taken = 0

    def articles() -> Iterator[Article]:
        nonlocal taken
        for i in range(PARALLEL_MIN_ARTICLES * 4):
            taken += 1
            yield Article(f"a{i}", f"Headline {i}", "example.com", (f"Town {i} voted.",))

    chunks = tokenized(articles(), workers=2, total=PARALLEL_MIN_ARTICLES * 4)
    first, chunk_articles = next(chunks)
    assert [a.id for a in chunk_articles] == [f"a{i}" for i in range(CHUNK_ARTICLES)]
    assert len(first.articles) == CHUNK_ARTICLES
    assert taken <= (AHEAD_PER_WORKER * 2) * CHUNK_ARTICLES < PARALLEL_MIN_ARTICLES * 4
    rest = [a.id for _, got in chunks for a in got]
    assert rest == [f"a{i}" for i in range(CHUNK_ARTICLES, PARALLEL_MIN_ARTICLES * 4)]
