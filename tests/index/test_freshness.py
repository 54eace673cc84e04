"""Staleness by stat: only files whose size or mtime changed are read, and the trade-off holds.

The decided trade-off (index/freshness.py): a file whose size and mtime_ns are both unchanged
since a check older than the racy window is trusted; an edit that keeps both is only seen by
hashing (``verify=True``, or a rebuild).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from index.build import build_index, open_index, save_index
from index.corpus import corpus_files, load_corpus
from index.freshness import corpus_fingerprint, scan, table_path

HOUR_NS = 3600 * 1_000_000_000


def _age(folder: Path) -> None:
    """Date every file an hour back, so a check may trust it (outside the racy window)."""
    old = time.time_ns() - HOUR_NS
    for f in folder.iterdir():
        os.utime(f, ns=(old, old))


def _same_size_edit(path: Path, old: bytes, new: bytes, keep_mtime: bool) -> None:
    """Replace ``old`` by ``new`` (same length) in ``path``; optionally restore its times."""
    assert len(old) == len(new)
    st = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    if keep_mtime:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_the_stat_fingerprint_equals_the_content_fingerprint(
    seed_copy: Path, tmp_path: Path
) -> None:
    table = tmp_path / "i.idx.files"
    _age(seed_copy)
    first = corpus_fingerprint(seed_copy, table)
    second = corpus_fingerprint(seed_copy, table)
    assert first.value == second.value == load_corpus(seed_copy).fingerprint
    assert (first.hashed, second.hashed) == (1, 0)


def test_only_new_or_changed_files_are_read(
    seed_copy: Path, tmp_path: Path, tmp_corpus: Callable[..., Path]
) -> None:
    table = tmp_path / "i.idx.files"
    tmp_corpus({f"b{i}.txt": f"Headline {i}\n\nBody {i}." for i in range(5)})
    _age(seed_copy)
    assert corpus_fingerprint(seed_copy, table).hashed == 6
    tmp_corpus({"b9.txt": "Another\n\nNew body."})
    (seed_copy / "b0.txt").write_text("Headline 0\n\nA longer body now.", encoding="utf-8")
    seen = corpus_fingerprint(seed_copy, table)
    assert seen.hashed == 2
    assert seen.value == load_corpus(seed_copy).fingerprint


def test_a_same_size_edit_within_the_racy_window_is_detected(
    seed_copy: Path, tmp_path: Path
) -> None:
    path = tmp_path / "i.idx"
    open_index(seed_copy, path)  # files written just now: all racy, none trusted
    article = next(seed_copy.glob("*.txt"))
    _same_size_edit(article, b"Iraq", b"Irak", keep_mtime=True)
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (True, "corpus changed")


def test_a_same_size_edit_that_keeps_the_mtime_is_trusted_until_verified(
    seed_copy: Path, tmp_path: Path
) -> None:
    path = tmp_path / "i.idx"
    _age(seed_copy)
    open_index(seed_copy, path)
    assert not open_index(seed_copy, path).rebuilt  # the table now trusts the aged file
    article = next(seed_copy.glob("*.txt"))
    _same_size_edit(article, b"Iraq", b"Irak", keep_mtime=True)
    assert not open_index(seed_copy, path).rebuilt  # the decided trade-off: not seen by stat
    verified = corpus_fingerprint(seed_copy, table_path(path), verify=True)
    assert verified.value == load_corpus(seed_copy).fingerprint
    opened = open_index(seed_copy, path)  # the verified table now holds the new digest
    assert (opened.rebuilt, opened.reason) == (True, "corpus changed")
    assert not open_index(seed_copy, path).rebuilt


def test_an_outdated_table_costs_a_full_read_not_a_rebuild(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    _age(seed_copy)
    open_index(seed_copy, path)
    article = next(seed_copy.glob("*.txt"))
    _same_size_edit(article, b"Iraq", b"Irak", keep_mtime=True)
    # The index is rebuilt from the content (as `articlebot index` does), the table is not.
    path.unlink()
    assert open_index(seed_copy, path).rebuilt
    _age(seed_copy)
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (False, "")
    assert corpus_fingerprint(seed_copy, table_path(path)).hashed == 0


def test_a_table_of_another_folder_is_not_used(
    seed_copy: Path, tmp_path: Path, tmp_corpus: Callable[..., Path]
) -> None:
    table = tmp_path / "shared.files"
    _age(seed_copy)
    corpus_fingerprint(seed_copy, table)
    other = tmp_corpus({p.name: p.read_bytes() for p in seed_copy.iterdir()}, folder="other")
    _age(other)
    assert corpus_fingerprint(other, table).hashed == 1


def test_an_unwritable_table_still_gives_the_right_answer(seed_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    table_path(path).mkdir()  # a folder where the table should be: cannot be written or read
    open_index(seed_copy, path)
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (False, "")


def test_an_index_saved_before_its_new_files_are_written_is_fresh(
    seed_copy: Path, tmp_path: Path
) -> None:
    """As ``index.ingest`` adds an article: the index (made for the corpus-to-be, its
    fingerprint computed from the new bytes) is saved first, the file renamed in after."""
    path = tmp_path / "i.idx"
    _age(seed_copy)
    open_index(seed_copy, path)
    new = b"Added headline\n\nAn added article about the embassy cat.\n"
    staged = tmp_path / "staged.txt"
    staged.write_bytes(new)
    ahead = tmp_path / "ahead"
    ahead.mkdir()
    for f in seed_copy.iterdir():
        (ahead / f.name).write_bytes(f.read_bytes())
    (ahead / "zzz.txt").write_bytes(new)
    corpus = load_corpus(ahead)  # the corpus-to-be, as the adder computes it
    save_index(build_index(corpus.articles, corpus_hash=corpus.fingerprint), path)
    staged.replace(seed_copy / "zzz.txt")
    opened = open_index(seed_copy, path)
    assert (opened.rebuilt, opened.reason) == (False, "")


def test_the_check_sees_the_same_files_as_the_corpus_loader(
    tmp_corpus: Callable[..., Path],
) -> None:
    names = ["a.txt", "B.TXT", "..txt", ".txt", "c.txt.tmp", "d.", "e.md", "f.b.txt"]
    folder = tmp_corpus({n: "Headline\n\nBody." for n in names})
    (folder / "g.txt").mkdir()  # a folder named like an article is not one
    assert sorted(scan(folder)) == [p.name for p in corpus_files(folder)]


def test_a_built_index_leaves_the_stat_table_so_the_next_check_reads_no_file(
    seed_copy: Path, tmp_path: Path
) -> None:
    path = tmp_path / "i.idx"
    _age(seed_copy)
    assert open_index(seed_copy, path).rebuilt
    seen = corpus_fingerprint(seed_copy, table_path(path))
    assert (seen.hashed, seen.value) == (0, load_corpus(seed_copy).fingerprint)


def test_files_written_just_before_a_build_are_read_again_by_the_next_check(
    seed_copy: Path, tmp_path: Path, tmp_corpus: Callable[..., Path]
) -> None:
    path = tmp_path / "i.idx"
    _age(seed_copy)
    tmp_corpus({"late.txt": "Late news\n\nWritten a moment ago."})  # racy: its tick may recur
    save_index(build_index(load_corpus(seed_copy).articles), path, load_corpus(seed_copy))
    assert corpus_fingerprint(seed_copy, table_path(path)).hashed == 1
