"""The index file: round trip, atomic writes, and every defect a clear IndexFileError."""

from __future__ import annotations

import json
import os
import shutil
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index.build import load_index, save_index
from index.errors import IndexFileError
from index.searchindex import SearchIndex
from index.store import FORMAT_VERSION, read_index_file, read_manifest, write_index_file
from tests.asking import ask

QUESTION = "Who is Ali Shamkhani?"


@pytest.fixture
def index_copy(seed_index_file: Path, tmp_path: Path) -> Path:
    """A writable copy of the seed index file, for tests that damage it."""
    return Path(shutil.copyfile(seed_index_file, tmp_path / "copy.idx"))


def rewrite_manifest(path: Path, **changes: Any) -> None:
    """Rewrite ``path`` with manifest keys changed, arrays as they are (a valid file)."""
    f = read_index_file(path)
    manifest = {k: v for k, v in f.manifest.items() if k != "arrays"}
    write_index_file(path, {**manifest, **changes}, {k: np.array(v) for k, v in f.arrays.items()})


def test_save_then_load_gives_the_same_index(
    seed_index_file: Path, tmp_path: Path, seed_index: SearchIndex
) -> None:
    path = tmp_path / "again.idx"
    save_index(seed_index, path)
    loaded = load_index(path)
    assert loaded.manifest == seed_index.manifest
    assert loaded.arrays.keys() == seed_index.arrays.keys()
    for name, arr in seed_index.arrays.items():
        np.testing.assert_array_equal(loaded.arrays[name], arr, err_msg=name)
    assert [loaded.passage(i) for i in range(loaded.n_passages)] == [
        seed_index.passage(i) for i in range(seed_index.n_passages)
    ]
    assert loaded.articles == seed_index.articles
    assert ask(loaded, QUESTION).to_json() == ask(seed_index, QUESTION).to_json()


def test_raw_file_round_trips_every_dtype_and_shape(tmp_path: Path) -> None:
    arrays = {
        "f64": np.array([1.5, -2.25, np.pi]),
        "i32": np.arange(12, dtype=np.int32).reshape(3, 4),
        "u8": np.frombuffer("naïve “text”".encode(), dtype=np.uint8),
        "empty": np.zeros(0, dtype=np.int64),
        "i16": np.array([-7], dtype=np.int16),
    }
    path = tmp_path / "raw.idx"
    write_index_file(path, {"title": "Iran’s “plans”"}, arrays)
    f = read_index_file(path)
    assert f.manifest["title"] == "Iran’s “plans”"
    for name, arr in arrays.items():
        np.testing.assert_array_equal(f.arrays[name], arr)
        assert f.arrays[name].dtype == arr.dtype
        assert not f.arrays[name].flags.writeable


def test_arrays_of_unsupported_dtype_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dtype"):
        write_index_file(tmp_path / "x.idx", {}, {"objects": np.array([object()])})


def test_saving_leaves_no_temporary_file(seed_index: SearchIndex, tmp_path: Path) -> None:
    save_index(seed_index, tmp_path / "sub" / "a.idx")
    save_index(seed_index, tmp_path / "sub" / "a.idx")
    assert os.listdir(tmp_path / "sub") == ["a.idx"]


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), RuntimeError("x")])
def test_a_failure_mid_write_leaves_the_old_file_intact(
    index_copy: Path, seed_index: SearchIndex, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    before = index_copy.read_bytes()

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr("index.store.os.fsync", fail)
    expected = IndexFileError if isinstance(failure, OSError) else RuntimeError
    with pytest.raises(expected):
        save_index(seed_index, index_copy)
    assert index_copy.read_bytes() == before
    assert os.listdir(index_copy.parent) == [index_copy.name]


def test_writing_over_a_folder_is_an_index_file_error(
    seed_index: SearchIndex, tmp_path: Path
) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(IndexFileError, match="cannot write index file"):
        save_index(seed_index, tmp_path / "taken")
    assert os.listdir(tmp_path) == ["taken"]


# Bytes kept: header cut, manifest cut, arrays cut (the last 64 bytes can be mere padding).
@pytest.mark.parametrize("keep", [0, 5, 12, 30, 300, 0.5, -70])
def test_a_truncated_file_is_an_index_file_error(index_copy: Path, keep: float) -> None:
    data = index_copy.read_bytes()
    size = int(len(data) * keep) if isinstance(keep, float) else keep % len(data)
    index_copy.write_bytes(data[:size])
    with pytest.raises(IndexFileError, match=r"truncated|empty"):
        load_index(index_copy)


def test_a_flipped_array_byte_fails_its_checksum(index_copy: Path) -> None:
    data = bytearray(index_copy.read_bytes())
    data[-100] ^= 0xFF  # inside the last arrays, past every header and manifest byte
    index_copy.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match="checksum"):
        load_index(index_copy)


def test_a_flipped_manifest_byte_fails_the_manifest_checksum(index_copy: Path) -> None:
    data = bytearray(index_copy.read_bytes())
    at = data.index(b'"express.co.uk"') + 1
    data[at] ^= 0x20  # still valid JSON, only the attribution changes: must not load
    index_copy.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match="checksum of the manifest"):
        load_index(index_copy)


def test_no_flipped_byte_ever_gives_a_wrong_answer(
    index_copy: Path, seed_index: SearchIndex
) -> None:
    expected = ask(seed_index, QUESTION).to_json()
    original = index_copy.read_bytes()
    for at in range(0, len(original), 53):
        data = bytearray(original)
        data[at] ^= 0x41
        index_copy.write_bytes(bytes(data))
        try:
            got = ask(load_index(index_copy), QUESTION).to_json()
        except IndexFileError:
            continue
        assert got == expected, f"byte {at} flipped gave a different answer"


def test_another_files_magic_is_not_an_index(index_copy: Path) -> None:
    index_copy.write_bytes(b"PK\x03\x04" + index_copy.read_bytes()[4:])
    with pytest.raises(IndexFileError, match="not an articlebot index file"):
        load_index(index_copy)


def test_another_format_version_names_both_versions(index_copy: Path) -> None:
    data = bytearray(index_copy.read_bytes())
    struct.pack_into("<I", data, 8, FORMAT_VERSION + 97)
    index_copy.write_bytes(bytes(data))
    with pytest.raises(
        IndexFileError,
        match=f"format version {FORMAT_VERSION + 97}, this articlebot reads {FORMAT_VERSION}",
    ):
        load_index(index_copy)


def test_another_tokenizer_version_asks_for_a_rebuild(index_copy: Path) -> None:
    rewrite_manifest(index_copy, tokenizer_version="terms-0")
    with pytest.raises(IndexFileError, match=r"tokenizer 'terms-0'.*rebuild"):
        load_index(index_copy)


def test_a_missing_array_fails_on_load_not_mid_answer(index_copy: Path) -> None:
    f = read_index_file(index_copy)
    manifest = {k: v for k, v in f.manifest.items() if k != "arrays"}
    arrays = {k: np.array(v) for k, v in f.arrays.items() if k != "text_blob"}
    write_index_file(index_copy, manifest, arrays)
    with pytest.raises(IndexFileError, match="missing text_blob"):
        load_index(index_copy)


def test_a_corrupt_bm25_variant_is_an_index_file_error(index_copy: Path) -> None:
    manifest = read_manifest(index_copy)
    rewrite_manifest(index_copy, bm25={**manifest["bm25"], "variant": "bm99"})
    with pytest.raises(IndexFileError, match="corrupt"):
        load_index(index_copy)


def test_a_missing_file_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexFileError, match=r"not found.*articlebot index") as info:
        load_index(tmp_path / "none.idx")
    assert info.value.path == str(tmp_path / "none.idx")


def test_the_manifest_is_readable_without_the_arrays(seed_index_file: Path) -> None:
    manifest = read_manifest(seed_index_file)
    assert manifest["counts"] == {
        "articles": 1,
        "passages": 17,
        "terms": manifest["counts"]["terms"],
        "tokens": manifest["counts"]["tokens"],
    }
    assert json.dumps(manifest)  # plain JSON: no pickle anywhere


def test_an_index_file_is_readable_by_other_users(tmp_path: Path) -> None:
    path = tmp_path / "perm.idx"
    write_index_file(path, {"k": 1}, {"a": np.arange(3, dtype=np.int32)})
    assert path.stat().st_mode & 0o777 == 0o644


def test_two_swapped_words_of_an_array_are_a_checksum_error(index_copy: Path) -> None:
    f = read_index_file(index_copy)
    spec = f.manifest["arrays"]["bm25_data"]
    start = index_copy.stat().st_size - sum(
        s["nbytes"] + (-s["nbytes"]) % 64 for s in f.manifest["arrays"].values()
    )
    lo = start + spec["offset"]
    data = bytearray(index_copy.read_bytes())
    first, second = bytes(data[lo : lo + 8]), bytes(data[lo + 8 : lo + 16])
    assert first != second
    data[lo : lo + 8], data[lo + 8 : lo + 16] = second, first
    index_copy.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match="checksum of bm25_data"):
        load_index(index_copy)
