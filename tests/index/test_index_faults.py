"""Index file faults: a damaged, stale or vanished file is a clear error or a rebuild.

Each fault is injected into a real index file of the seed corpus. ``load_index`` must raise
:class:`IndexFileError` saying what is wrong, and ``open_index`` must rebuild: never a wrong
answer, so after the rebuild every answer equals the one of a clean in-memory build.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from index.build import build_index, load_index, open_index, save_index
from index.corpus import load_corpus
from index.errors import IndexFileError
from index.searchindex import SearchIndex
from index.store import FORMAT_VERSION
from tests.asking import ask

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "corpus" / "000_75ea43fa358d5fb6.txt"
HEAD = struct.Struct("<8sIIQ")  # magic, format version, manifest CRC-32, manifest length
QUESTIONS = (
    "Who is Ali Shamkhani?",
    "How many US troops are in the region?",
    "What did Solemani command?",
    "Is the bill legally binding?",
)

Fault = Callable[[bytes], bytes]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    return folder


@pytest.fixture
def index_file(corpus: Path, tmp_path: Path) -> Path:
    """A good index file of the seed corpus, written by ``open_index``."""
    path = tmp_path / "x.idx"
    assert open_index(corpus, path).rebuilt
    return path


@pytest.fixture(scope="module")
def clean_answers() -> list[dict[str, object]]:
    """The answers of a clean build, made in memory (no file involved)."""
    corpus = load_corpus(SEED.parent)
    index = build_index(corpus.articles, corpus_hash=corpus.fingerprint)
    return [ask(index, q).to_json() for q in QUESTIONS]


def answers_of(index: SearchIndex) -> list[dict[str, object]]:
    return [ask(index, q).to_json() for q in QUESTIONS]


def _layout(data: bytes) -> tuple[int, int, dict[str, dict[str, int]]]:
    """Where the manifest starts, where the arrays start, and the array table."""
    _, _, _, length = HEAD.unpack(data[: HEAD.size])
    manifest = json.loads(data[HEAD.size : HEAD.size + length])
    arrays_at = HEAD.size + length
    arrays_at += (-arrays_at) % 64
    return HEAD.size, arrays_at, manifest["arrays"]


def _data_end(data: bytes) -> int:
    """The end of the last array's bytes (what follows is alignment padding)."""
    _, arrays_at, table = _layout(data)
    return arrays_at + max(spec["offset"] + spec["nbytes"] for spec in table.values())


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :]


def truncate_to(fraction: float) -> Fault:
    return lambda data: data[: int(len(data) * fraction)]


def truncate_at(size: int) -> Fault:
    return lambda data: data[:size]


def flip_in_array(name: str) -> Fault:
    def fault(data: bytes) -> bytes:
        _, arrays_at, table = _layout(data)
        spec = table[name]
        return _flip(data, arrays_at + spec["offset"] + spec["nbytes"] // 2)

    return fault


def flip_in_manifest(data: bytes) -> bytes:
    start, arrays_at, _ = _layout(data)
    return _flip(data, (start + arrays_at) // 2)


def flip_in_magic(data: bytes) -> bytes:
    return _flip(data, 3)


def older_format(data: bytes) -> bytes:
    magic, _, crc, length = HEAD.unpack(data[: HEAD.size])
    return HEAD.pack(magic, FORMAT_VERSION - 1, crc, length) + data[HEAD.size :]


def other_tokenizer(data: bytes) -> bytes:
    """A well-formed file (valid checksums) whose manifest names another tokenizer version."""
    magic, version, _, length = HEAD.unpack(data[: HEAD.size])
    manifest = json.loads(data[HEAD.size : HEAD.size + length])
    old = manifest["tokenizer_version"]
    manifest["tokenizer_version"] = old[:-1] + ("0" if old[-1] != "0" else "9")
    body = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    assert len(body) == length  # same length: the arrays stay where they were
    return HEAD.pack(magic, version, zlib.crc32(body), length) + body + data[HEAD.size + length :]


FAULTS: dict[str, tuple[Fault, str]] = {
    "empty": (truncate_at(0), "empty"),
    "cut in the magic": (truncate_at(5), "not an articlebot index"),
    "cut in the header": (truncate_at(HEAD.size - 3), "truncated"),
    "cut in the manifest": (truncate_at(HEAD.size + 40), "truncated"),
    "cut at 50%": (truncate_to(0.5), "truncated"),
    "cut at 90%": (truncate_to(0.9), "truncated"),
    "last data byte missing": (lambda data: data[: _data_end(data) - 1], "truncated"),
    "flipped byte in the passage text": (flip_in_array("text_blob"), "checksum of text_blob"),
    "flipped byte in the BM25 scores": (flip_in_array("bm25_data"), "checksum of bm25_data"),
    "flipped byte in the manifest": (flip_in_manifest, "checksum of the manifest"),
    "flipped byte in the magic": (flip_in_magic, "not an articlebot index"),
    "older format version": (older_format, f"format version {FORMAT_VERSION - 1}"),
    "another tokenizer version": (other_tokenizer, "tokenizer"),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_damaged_index_is_a_clear_error_then_a_rebuild_with_the_same_answers(
    name: str, corpus: Path, index_file: Path, clean_answers: list[dict[str, object]]
) -> None:
    fault, expected = FAULTS[name]
    data = index_file.read_bytes()
    damaged = fault(data)
    assert damaged != data
    index_file.write_bytes(damaged)

    with pytest.raises(IndexFileError) as caught:
        load_index(index_file)
    message = str(caught.value)
    assert expected in message, message
    assert str(index_file) in message
    assert "\n" not in message
    assert caught.value.path == str(index_file)

    opened = open_index(corpus, index_file)
    assert opened.rebuilt
    assert opened.reason
    assert answers_of(opened.index) == clean_answers
    assert answers_of(load_index(index_file)) == clean_answers
    assert not open_index(corpus, index_file).rebuilt


def test_a_deleted_index_keeps_answering_and_the_next_open_rebuilds(
    corpus: Path, index_file: Path, clean_answers: list[dict[str, object]]
) -> None:
    loaded = load_index(index_file)  # memory-mapped
    index_file.unlink()
    assert answers_of(loaded) == clean_answers
    opened = open_index(corpus, index_file)
    assert opened.rebuilt and opened.reason == "no index file"
    assert answers_of(opened.index) == clean_answers
    assert answers_of(loaded) == clean_answers  # the old map is unaffected by the new file


def test_a_replaced_index_does_not_disturb_one_already_loaded(
    corpus: Path, index_file: Path, clean_answers: list[dict[str, object]]
) -> None:
    loaded = load_index(index_file)
    save_index(build_index(load_corpus(corpus).articles), index_file)  # atomic replace
    assert answers_of(loaded) == clean_answers


def test_a_stray_temp_file_from_a_crashed_build_is_harmless(
    corpus: Path, index_file: Path, clean_answers: list[dict[str, object]]
) -> None:
    stray = index_file.parent / f".{index_file.name}.abc123.tmp"
    stray.write_bytes(index_file.read_bytes()[:1000])
    opened = open_index(corpus, index_file)
    assert not opened.rebuilt
    assert answers_of(opened.index) == clean_answers
    index_file.unlink()
    assert answers_of(open_index(corpus, index_file).index) == clean_answers


def test_garbage_in_place_of_an_index_is_rebuilt(
    corpus: Path, index_file: Path, clean_answers: list[dict[str, object]]
) -> None:
    index_file.write_bytes(b"\x80\x04\x95garbage that looks like a pickle" * 10)
    with pytest.raises(IndexFileError, match="not an articlebot index"):
        load_index(index_file)
    opened = open_index(corpus, index_file)
    assert opened.rebuilt
    assert answers_of(opened.index) == clean_answers
