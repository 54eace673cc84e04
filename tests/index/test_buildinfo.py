"""The builder fingerprint: any change to the code or data that decide an index's contents."""

from __future__ import annotations

from pathlib import Path

from index.buildinfo import SOURCES, builder_fingerprint, fingerprint_of


def test_the_fingerprint_covers_sources_that_exist() -> None:
    root = Path(__file__).resolve().parents[2] / "index"
    assert all((root / name).is_file() for name in SOURCES)
    assert builder_fingerprint() == fingerprint_of(root / name for name in SOURCES)
    assert len(builder_fingerprint()) == 16


def test_editing_a_source_changes_the_fingerprint(tmp_path: Path) -> None:
    files = [tmp_path / "text.py", tmp_path / "stopwords.txt"]
    files[0].write_text("A = 1\n")
    files[1].write_text("the\n")
    before = fingerprint_of(files)
    files[1].write_text("the\nof\n")
    assert fingerprint_of(files) != before
    assert fingerprint_of(files) == fingerprint_of(files)


def test_an_unreadable_source_gives_unknown_rather_than_failing(tmp_path: Path) -> None:
    assert fingerprint_of([tmp_path / "missing.py"]) == "unknown"
