"""The shipped English list: symspellpy's words and counts, mapped rather than parsed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.english import SOURCE, English, english, english_count, english_tables, is_english

REGENERATE = (
    '.venv/bin/python -c "import symspellpy, pathlib; from index.english import '
    "write_english_tables as w; w(pathlib.Path(symspellpy.__file__).parent / '"
    + SOURCE
    + "', pathlib.Path('index/data'))\""
)


def test_the_shipped_arrays_are_symspellpys_list() -> None:
    symspellpy = pytest.importorskip("symspellpy")
    words, counts = english_tables((Path(symspellpy.__file__).parent / SOURCE).read_bytes())
    shipped = english()
    assert np.array_equal(shipped._words, words), f"symspellpy's list changed: {REGENERATE}"
    assert np.array_equal(shipped._counts, counts), f"symspellpy's list changed: {REGENERATE}"


def test_the_shipped_list_is_mapped_not_read_into_the_process() -> None:
    shipped = english()
    assert isinstance(shipped._words, np.memmap) and isinstance(shipped._counts, np.memmap)
    assert len(shipped) > 80_000


def test_words_are_found_with_their_counts_and_typos_are_not() -> None:
    assert is_english("receive") and not is_english("recieve")
    assert english_count("the") > english_count("receive") > 0
    assert english().having(["east", "eat", "mnay", "many", "ünïcode"]) == {"east", "eat", "many"}


def test_tables_of_a_list_sort_the_words_and_keep_each_count() -> None:
    words, counts = english_tables(b"the 30\nzebra 2\napple 7\n")
    table = English(words, counts)
    assert words.tolist() == [b"apple", b"the", b"zebra"] and counts.tolist() == [7, 30, 2]
    assert table.count("zebra") == 2 and table.count("zeb") == 0
