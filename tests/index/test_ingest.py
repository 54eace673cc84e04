"""Adding and removing articles: corpus files and index change together, or not at all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index.build import build_index, load_index, open_index
from index.corpus import load_corpus, parse_article
from index.errors import QueryError
from index.htmlarticle import make_article
from index.ingest import add_articles, remove_articles
from index.models import Article
from tests.conftest import REPO, CorpusBuilder
from tests.newspages import BODY

OLD = {
    "a.txt": "Storm closes the airport\n\nFlights were cancelled as winds reached 90 mph.\n\n"
    "Passengers slept in the terminal overnight.",
    "m.txt": "Museum buys a painting\n\nThe museum paid 2 million pounds for the portrait.",
}


def _bridge(title: str = "Harbour bridge reopens") -> Article:
    return make_article(title, "The Coastal Gazette", list(BODY), "https://g.example/bridge", None)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _assert_index_matches_corpus(folder: Path, index_path: Path) -> None:
    """The index (loaded without a rebuild) holds exactly what a full build of the corpus does."""
    opened = open_index(folder, index_path)
    full = build_index(load_corpus(folder).articles)
    got = opened.index
    assert [m.to_json() for m in got.articles] == [m.to_json() for m in full.articles]
    assert [got.passage(i) for i in range(got.n_passages)] == [
        full.passage(i) for i in range(full.n_passages)
    ]


def test_an_article_in_an_upper_case_txt_file_is_replaced_and_removed_in_that_file(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx = tmp_corpus({**OLD, "x.TXT": "Old headline\n\nOld body of x."}), tmp_path / "i.idx"
    open_index(folder, idx)
    new_x = parse_article("New headline\n\nA new body for x.", "x")
    change = add_articles(folder, idx, [new_x])
    assert change.replaced == ("x",)
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "a.txt",
        "m.txt",
        "x.TXT",
    ]
    assert load_corpus(folder).problems == ()
    assert open_index(folder, idx).index.find_article("x").title == "New headline"
    _assert_index_matches_corpus(folder, idx)
    remove_articles(folder, idx, ["x"])
    assert not (folder / "x.TXT").exists() and not (folder / "x.txt").exists()
    _assert_index_matches_corpus(folder, idx)


def test_an_added_article_is_written_and_indexed_without_a_rebuild(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx = tmp_corpus(OLD), tmp_path / "i.idx"
    open_index(folder, idx)
    change = add_articles(folder, idx, [_bridge()])
    assert change.added[0].id in {p.stem for p in folder.glob("*.txt")}
    assert open_index(folder, idx).rebuilt is False
    _assert_index_matches_corpus(folder, idx)


def test_adding_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    folder, idx = tmp_path / "new" / "corpus", tmp_path / ".index" / "i.idx"
    add_articles(folder, idx, [_bridge()])
    assert open_index(folder, idx).rebuilt is False
    assert [m.title for m in load_index(idx).articles] == ["Harbour bridge reopens"]


def test_adding_the_same_link_again_updates_instead_of_duplicating(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx = tmp_corpus(OLD), tmp_path / "i.idx"
    first = add_articles(folder, idx, [_bridge()])
    again = add_articles(folder, idx, [_bridge("Harbour bridge reopens at last")])
    assert again.replaced == (first.added[0].id,)
    titles = [m.title for m in load_index(idx).articles]
    assert titles.count("Harbour bridge reopens at last") == 1
    assert "Harbour bridge reopens" not in titles
    assert len(list(folder.glob("*.txt"))) == 3
    _assert_index_matches_corpus(folder, idx)


def test_removing_an_article_deletes_its_file_and_its_passages(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx = tmp_corpus(OLD), tmp_path / "i.idx"
    change = remove_articles(folder, idx, ["m"])
    assert change.removed == ("m",)
    assert not (folder / "m.txt").exists()
    assert [m.id for m in load_index(idx).articles] == ["a"]
    _assert_index_matches_corpus(folder, idx)


def test_removing_an_unknown_id_changes_nothing(tmp_corpus: CorpusBuilder, tmp_path: Path) -> None:
    folder, idx = tmp_corpus(OLD), tmp_path / "i.idx"
    before = _snapshot(folder)
    with pytest.raises(QueryError, match="no article matches"):
        remove_articles(folder, idx, ["a", "nope"])
    assert _snapshot(folder) == before


def test_removing_the_last_article_leaves_an_empty_corpus(
    tmp_corpus: CorpusBuilder, tmp_path: Path
) -> None:
    folder, idx = tmp_corpus({"a.txt": OLD["a.txt"]}), tmp_path / "i.idx"
    remove_articles(folder, idx, ["a"])
    assert list(folder.glob("*.txt")) == []
    assert not idx.exists()


# The child adds an article and is killed with SIGKILL at the k-th file rename, just before
# or just after it (every commit point of the operation).
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from index.htmlarticle import make_article
    from index.ingest import add_articles
    folder, idx, when, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    real, calls = os.replace, [0]
    def replace(src, dst):
        calls[0] += 1
        if calls[0] == k and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst)
        if calls[0] == k and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
    paras = ["Paragraph %d says the harbour bridge carries 30,000 vehicles." % i for i in range(9)]
    arts = [make_article("Bridge %d" % n, "x", paras, "https://g.example/%d" % n, None)
            for n in (1, 2)]
    add_articles(folder, idx, arts)
    """
)


@pytest.mark.parametrize(
    ("when", "k"),
    [("before", 1), ("after", 1), ("before", 2), ("after", 2), ("before", 3), ("after", 3)],
)
def test_a_kill_during_add_leaves_corpus_and_index_consistent(
    tmp_corpus: CorpusBuilder, tmp_path: Path, when: str, k: int
) -> None:
    folder, idx = tmp_corpus(OLD), tmp_path / "i.idx"
    open_index(folder, idx)
    before = _snapshot(folder)
    run = subprocess.run(
        [sys.executable, "-c", CHILD.format(repo=str(REPO)), str(folder), str(idx), when, str(k)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    articles = {p.name for p in folder.glob("*.txt")}
    # Renames: 1 the index, 2 and 3 the two article files. Until the first article file is
    # renamed in, the corpus is exactly as it was.
    if (k, when) in {(1, "before"), (1, "after"), (2, "before")}:
        assert {n: b for n, b in _snapshot(folder).items() if n.endswith(".txt")} == {
            n: b for n, b in before.items() if n.endswith(".txt")
        }
    for name in articles:
        path = folder / name  # never a half-written file
        parse_article(path.read_text(encoding="utf-8"), path.stem)
    _assert_index_matches_corpus(folder, idx)
    add_articles(folder, idx, [_bridge()])  # the next add sweeps what the crash left
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# The child adds (or removes) an article, then opens the index as the next `ask` would, and
# prints every article file of the folder that Python opened during each step (audit hooks
# see every open, whoever makes it).
READER = textwrap.dedent(
    """
    import json, os, sys
    sys.path.insert(0, {repo!r})
    from index.build import open_index
    from index.htmlarticle import make_article
    from index.ingest import add_articles, remove_articles
    folder, idx, verb = sys.argv[1], sys.argv[2], sys.argv[3]
    opened = []
    def hook(event, args):
        if event == "open" and isinstance(args[0], str) and args[0].startswith(folder):
            if os.path.basename(args[0]).endswith(".txt"):
                opened.append(os.path.basename(args[0]))
    sys.addaudithook(hook)
    if verb == "add":
        paras = ["The harbour bridge carries 30,000 vehicles a day, the council said."] * 3
        add_articles(folder, idx, [make_article("Bridge", "x", paras, "https://g.example/b", None)])
    else:
        remove_articles(folder, idx, ["a"])
    during = sorted(opened)
    opened.clear()
    reopened = open_index(folder, idx)
    print(json.dumps({{"during": during, "after": sorted(opened), "rebuilt": reopened.rebuilt}}))
    """
)


def _aged_corpus(tmp_corpus: CorpusBuilder, n: int) -> Path:
    """A corpus of ``n`` articles dated an hour back (outside the stat table's racy window)."""
    folder = tmp_corpus(
        {f"s{i:03}.txt": f"Story {i}\n\nCouncil story number {i} about roads." for i in range(n)}
        | OLD
    )
    old = time.time_ns() - 3600 * 1_000_000_000
    for f in folder.iterdir():
        os.utime(f, ns=(old, old))
    return folder


@pytest.mark.parametrize("verb", ["add", "remove"])
def test_an_add_or_remove_and_the_next_open_read_no_other_article(
    tmp_corpus: CorpusBuilder, tmp_path: Path, verb: str
) -> None:
    folder, idx = _aged_corpus(tmp_corpus, 20), tmp_path / "i.idx"
    open_index(folder, idx)  # builds the index
    open_index(folder, idx)  # the check writes the stat table: it vouches for every file
    run = subprocess.run(
        [sys.executable, "-c", READER.format(repo=str(REPO)), str(folder), str(idx), verb],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    seen = json.loads(run.stdout)
    assert seen["rebuilt"] is False
    if verb == "add":
        (new,) = set(p.name for p in folder.glob("*.txt")) - {
            *OLD,
            *(f"s{i:03}.txt" for i in range(20)),
        }
        # The add writes the new file (under a temporary name) and reads none; the open hashes
        # only the new file, which the table cannot vouch for yet.
        assert not [n for n in seen["during"] if n.endswith(".txt") and n != new]
        assert seen["after"] == [new]
    else:
        assert seen["during"] == [] and seen["after"] == []
    _assert_index_matches_corpus(folder, idx)
