"""Building and opening the index: a changed corpus is never answered from a stale file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from index.bm25params import Bm25Params
from index.build import build_index, open_index
from index.corpus import load_corpus
from index.errors import CorpusError
from index.models import Article
from index.searchindex import SearchIndex
from tests.asking import ask

CAT = "The embassy cat in Baghdad is called Larry Whiskers."


def with_cat(folder: Path) -> None:
    """Append a paragraph the seed article does not have."""
    path = next(folder.glob("*.txt"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("\n\nsource:", f"\n\n{CAT}\n\nsource:"),
        encoding="utf-8",
    )


def test_seed_index_counts(seed_index: SearchIndex, seed_corpus: Path) -> None:
    counts = seed_index.manifest["counts"]
    assert (counts["articles"], counts["passages"]) == (1, 17)
    assert counts["terms"] == len(seed_index.terms) > 100
    assert seed_index.manifest["corpus_hash"] == load_corpus(seed_corpus).fingerprint


def test_articles_are_rebuilt_from_their_passages(
    seed_index: SearchIndex, seed_article: Article
) -> None:
    assert seed_index.article(0) == seed_article
    assert seed_index.article(seed_article.id) is seed_index.article(0)


def test_each_article_owns_a_contiguous_passage_range(tmp_corpus: Callable[..., Path]) -> None:
    folder = tmp_corpus(
        {
            "a.txt": "Alpha\n\nOne.\n\nTwo.",
            "b.txt": "Beta\n\nThree.",
            "c.txt": "Gamma\n\nFour.\n\nFive.\n\nSix.",
        }
    )
    index = build_index(load_corpus(folder).articles)
    assert [(m.id, m.first_passage, m.passage_count) for m in index.articles] == [
        ("a", 0, 2),
        ("b", 2, 1),
        ("c", 3, 3),
    ]
    assert index.passage_range("c") == (3, 6)
    assert index.passage_range(None) == (0, 6)
    assert [index.article_of(i).id for i in range(6)] == ["a", "a", "b", "c", "c", "c"]
    assert index.passage(4).id == "c:2"


def test_progress_is_reported_per_article(tmp_corpus: Callable[..., Path]) -> None:
    calls: list[tuple[int, int]] = []
    folder = tmp_corpus({"a.txt": "A\n\nOne.", "b.txt": "B\n\nTwo."})
    build_index(
        load_corpus(folder).articles, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(1, 2), (2, 2)]


def test_open_index_builds_then_loads(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    first = open_index(seed_copy, path)
    assert (first.rebuilt, first.reason) == (True, "no index file")
    second = open_index(seed_copy, path)
    assert (second.rebuilt, second.reason) == (False, "")
    assert second.index.manifest == first.index.manifest


def test_open_index_rebuilds_when_the_corpus_is_edited(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    open_index(seed_copy, path)
    with_cat(seed_copy)
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (True, "corpus changed")
    assert ask(opened.index, "What is the embassy cat called?").hits[0].sentence_text == CAT
    assert not open_index(seed_copy, path).rebuilt


def test_open_index_rebuilds_when_a_file_is_added(
    seed_copy: Path, tmp_path: Path, tmp_corpus: Callable[..., Path]
) -> None:
    path = tmp_path / "i.idx"
    open_index(seed_copy, path)
    tmp_corpus({"zzz.txt": "Second article\n\nAbout something else."})
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (True, "corpus changed")
    assert opened.index.manifest["counts"]["articles"] == 2


def test_open_index_rebuilds_when_bm25_parameters_change(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    open_index(seed_copy, path)
    opened = open_index(seed_copy, path, Bm25Params(variant="okapi"))
    assert (opened.rebuilt, opened.reason) == (True, "BM25 parameters changed")
    assert opened.index.params.variant == "okapi"


def test_open_index_rebuilds_when_the_tokenizer_changes(
    seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "i.idx"
    open_index(seed_copy, path)
    monkeypatch.setattr("index.build.TOKENIZER_VERSION", "terms-next")
    monkeypatch.setattr("index.identity.TOKENIZER_VERSION", "terms-next")
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (True, "tokenizer changed")
    assert opened.index.manifest["tokenizer_version"] == "terms-next"


def test_open_index_rebuilds_when_the_indexing_code_changes(
    seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "i.idx"
    first = open_index(seed_copy, path).index.manifest["builder"]
    monkeypatch.setattr("index.identity.builder_fingerprint", lambda: "0123456789abcdef")
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (True, "indexing code changed")
    assert opened.index.manifest["builder"] == "0123456789abcdef" != first
    assert not open_index(seed_copy, path).rebuilt


@pytest.mark.parametrize("garbage", [b"", b"garbage", b"ARTBOTIX\x02"])
def test_open_index_rebuilds_a_garbage_file_saying_why(
    seed_copy: Path, tmp_path: Path, garbage: bytes
) -> None:
    path = tmp_path / "i.idx"
    path.write_bytes(garbage)
    opened = open_index(seed_copy, path)
    assert opened.rebuilt
    assert str(path) in opened.reason
    assert not open_index(seed_copy, path).rebuilt


def test_open_index_rebuilds_a_file_with_a_damaged_array(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    open_index(seed_copy, path)
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    opened = open_index(seed_copy, path)
    assert opened.rebuilt
    assert "checksum" in opened.reason


def test_open_index_reports_skipped_files(
    seed_copy: Path, tmp_path: Path, tmp_corpus: Callable[..., Path]
) -> None:
    tmp_corpus({"broken.txt": b"\xff\xfe\x00bad"})
    opened = open_index(seed_copy, tmp_path / "i.idx")
    assert [Path(p.path).name for p in opened.problems] == ["broken.txt"]
    assert opened.index.manifest["counts"]["articles"] == 1


def test_open_index_needs_the_corpus_even_with_a_good_file(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    open_index(seed_copy, path)
    shutil.rmtree(seed_copy)
    with pytest.raises(CorpusError, match="not found"):
        open_index(seed_copy, path)


def test_the_reader_reads_only_arrays_the_layout_names() -> None:
    import re

    import index.searchindex
    from index.layout import ARRAYS

    source = Path(index.searchindex.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r'(?:\ba|arrays)\["(\w+)"\]', source))
    assert read and read <= set(ARRAYS)
