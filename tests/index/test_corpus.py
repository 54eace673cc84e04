"""Corpus: article files parsed into headline, attribution and body paragraphs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from index.corpus import corpus_files, fingerprint, load_corpus, parse_article
from index.errors import CorpusError
from index.models import Article

CorpusBuilder = Callable[..., Path]
SHORT = "Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n\nsource: example.com\n"


def test_seed_article_has_title_source_and_17_paragraphs(seed_article: Article) -> None:
    assert seed_article.title == (
        "Iran crisis: British troops prepare for Iraq evacuation as tensions erupt"
    )
    assert seed_article.source == "express.co.uk"
    assert len(seed_article.paragraphs) == 17
    assert seed_article.paragraphs[0].startswith("The Ministry of Defence (MoD) deployed")
    assert seed_article.paragraphs[-1].startswith("The Prime Minister added")
    assert seed_article.url is None
    assert seed_article.published is None


def test_seed_promo_and_source_trailer_are_not_content(seed_article: Article) -> None:
    body = "\n".join(seed_article.paragraphs)
    assert "READ MORE" not in body
    assert "source:" not in body
    assert "express.co.uk" not in body


def test_a_multi_line_paragraph_is_joined_with_spaces() -> None:
    article = parse_article("Headline\n\nOne line\nand the next.\n\nTwo.", "a")
    assert article.paragraphs == ("One line and the next.", "Two.")


def test_lines_after_the_headline_in_its_block_are_paragraph_one() -> None:
    article = parse_article("Headline\nFirst paragraph.\n\nSecond.", "a")
    assert article.title == "Headline"
    assert article.paragraphs == ("First paragraph.", "Second.")


@pytest.mark.parametrize(
    "variant",
    [
        SHORT.replace("\n", "\r\n"),
        "\ufeff" + SHORT,
        SHORT.replace("\n", "  \n"),
        SHORT.replace("\n", "\r"),
        "\n\n" + SHORT + "\n\n\n",
    ],
    ids=["crlf", "bom", "trailing-spaces", "cr", "blank-lines-around"],
)
def test_line_endings_bom_and_spaces_do_not_change_the_article(variant: str) -> None:
    assert parse_article(variant, "a") == parse_article(SHORT, "a")


def test_metadata_header_overrides_headline_and_trailer() -> None:
    text = (
        "url: https://example.com/a\npublished: 2020-01-06\ntitle: Better title\n"
        "source: bbc.co.uk\n\nFirst paragraph.\n\nsource: other.com\n"
    )
    article = parse_article(text, "a")
    assert article == Article(
        id="a",
        title="Better title",
        source="bbc.co.uk",
        paragraphs=("First paragraph.",),
        url="https://example.com/a",
        published="2020-01-06",
    )


def test_header_without_title_keeps_the_headline_line() -> None:
    article = parse_article("URL: https://x.test/1\nHeadline\n\nBody.", "a")
    assert (article.title, article.url, article.paragraphs) == (
        "Headline",
        "https://x.test/1",
        ("Body.",),
    )


def test_article_without_source_is_attributed_to_unknown() -> None:
    assert parse_article("Headline\n\nBody.", "a").source == "unknown"


def test_promo_and_trailer_lines_are_dropped_without_blank_lines_around_them() -> None:
    text = (
        "Headline\n\nFirst part.\nREAD MORE: Something else\nsecond part.\n\n"
        "Last paragraph.\nsource: example.com"
    )
    article = parse_article(text, "a")
    assert article.paragraphs == ("First part. second part.", "Last paragraph.")
    assert article.source == "example.com"


@pytest.mark.parametrize(
    "promo",
    [
        "READ MORE: Iran alert",
        "Read more - the full story",
        "WATCH: video",
        "See also: x",
        "SIGN UP: newsletter",
        "Related – other news",
    ],
)
def test_promotional_lines_are_not_content(promo: str) -> None:
    article = parse_article(f"Headline\n\nBody.\n\n{promo}\n\nMore body.", "a")
    assert article.paragraphs == ("Body.", "More body.")


@pytest.mark.parametrize(
    "paragraph",
    [
        "Watch-list countries were named.",
        "Related-party deals rose.",
        "More than 10 people died.",
        "Read more books, she said.",
    ],
)
def test_paragraphs_that_merely_start_like_a_promo_are_content(paragraph: str) -> None:
    assert parse_article(f"Headline\n\n{paragraph}", "a").paragraphs == (paragraph,)


@pytest.mark.parametrize("text", ["", "\n\n", "source: x.com\n"])
def test_article_without_headline_is_an_error(text: str) -> None:
    with pytest.raises(CorpusError):
        parse_article(text, "a")


def test_undecodable_and_empty_files_are_problems_naming_the_file(
    tmp_corpus: CorpusBuilder,
) -> None:
    folder = tmp_corpus(
        {
            "a_good.txt": SHORT,
            "b_latin1.txt": "Caf\xe9\n\nBody.".encode("latin-1"),
            "c_empty.txt": "",
            "d_blank.txt": "  \n\n \n",
            "e_nul.txt": b"A\0B",
        }
    )
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["a_good"]
    problems = {Path(p.path).name: p.message for p in corpus.problems}
    assert set(problems) == {"b_latin1.txt", "c_empty.txt", "d_blank.txt", "e_nul.txt"}
    for name, message in problems.items():
        assert name in message
    assert "UTF-8" in problems["b_latin1.txt"]
    assert "empty" in problems["c_empty.txt"]


def test_files_load_in_name_order_and_other_extensions_are_ignored(
    tmp_corpus: CorpusBuilder,
) -> None:
    folder = tmp_corpus({"b.txt": SHORT, "a.txt": SHORT, "notes.md": "# not an article"})
    assert [a.id for a in load_corpus(folder).articles] == ["a", "b"]


def test_upper_case_txt_files_are_articles_too(tmp_corpus: CorpusBuilder) -> None:
    folder = tmp_corpus({"b.TXT": SHORT, "a.txt": SHORT, "c.Txt": SHORT, "d.txt.bak": SHORT})
    assert [a.id for a in load_corpus(folder).articles] == ["a", "b", "c"]
    assert [p.name for p in corpus_files(folder)] == ["a.txt", "b.TXT", "c.Txt"]


@pytest.mark.parametrize("name", ["only.txt", "README.md"])
def test_a_file_given_as_the_corpus_is_a_corpus_error(tmp_corpus: CorpusBuilder, name: str) -> None:
    folder = tmp_corpus({name: SHORT})
    with pytest.raises(CorpusError, match="is a file, not a folder") as info:
        load_corpus(folder / name)
    assert info.value.path == str(folder / name)


def test_a_headline_only_file_is_skipped_not_indexed(tmp_corpus: CorpusBuilder) -> None:
    folder = tmp_corpus({"a.txt": SHORT, "b.txt": "Only a headline\n\nsource: example.com\n"})
    corpus = load_corpus(folder)
    assert [a.id for a in corpus.articles] == ["a"]
    assert [(Path(p.path).name, "no body paragraphs" in p.message) for p in corpus.problems] == [
        ("b.txt", True)
    ]


def test_missing_folder_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found") as info:
        load_corpus(tmp_path / "nope")
    assert info.value.path == str(tmp_path / "nope")


def test_folder_without_articles_is_a_corpus_error(tmp_corpus: CorpusBuilder) -> None:
    with pytest.raises(CorpusError, match="no articles"):
        load_corpus(tmp_corpus({"readme.md": "x"}))


def test_folder_of_only_bad_files_is_a_corpus_error_naming_one(tmp_corpus: CorpusBuilder) -> None:
    with pytest.raises(CorpusError, match=r"empty\.txt"):
        load_corpus(tmp_corpus({"empty.txt": ""}))


def test_fingerprint_changes_exactly_when_content_changes(tmp_corpus: CorpusBuilder) -> None:
    folder = tmp_corpus({"a.txt": SHORT})
    first = load_corpus(folder).fingerprint
    assert load_corpus(folder).fingerprint == first
    tmp_corpus({"a.txt": SHORT + "\nOne more paragraph.\n"})
    assert load_corpus(folder).fingerprint != first


def test_the_loaded_fingerprint_equals_the_one_freshness_checks_use(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.fingerprint == fingerprint(corpus_files(tmp_path))
    assert len(corpus.problems) == 2
