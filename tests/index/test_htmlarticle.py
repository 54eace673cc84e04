"""From a web page or a text to an article: the body kept, the page furniture dropped."""

from __future__ import annotations

import pytest

from index.corpus import parse_article
from index.errors import CorpusError
from index.htmlarticle import (
    article_from_html,
    article_from_text,
    article_id,
    clean_title,
    looks_like_html,
    normalize_url,
    render_article,
)
from tests.newspages import BODY, FURNITURE, news_page


def test_a_news_page_keeps_every_body_paragraph_in_order() -> None:
    art = article_from_html(news_page(), "http://127.0.0.1:8000/story")
    assert art.paragraphs == BODY


HEADLINE = "Harbour bridge reopens after two years of repairs"


@pytest.mark.parametrize(
    "top",
    [
        (HEADLINE,),
        ("News", f"{HEADLINE} on Friday"),  # a label, then the headline with a word added
        ("#Transport", HEADLINE.replace("after", "after nearly")),
        (HEADLINE.replace("two ", ""),),  # a word left out
    ],
)
def test_the_headline_repeated_at_the_top_of_the_body_is_dropped(top: tuple[str, ...]) -> None:
    art = article_from_html(news_page(HEADLINE, (*top, *BODY)), "http://127.0.0.1:8000/story")
    assert art.paragraphs == BODY


@pytest.mark.parametrize(
    "first",
    [
        "Harbour bridge reopens after two years of repairs costing the council 48 million pounds.",
        "News",  # a label above no repeated headline is left alone
    ],
)
def test_a_first_paragraph_that_says_more_than_the_headline_is_kept(first: str) -> None:
    art = article_from_html(news_page(HEADLINE, (first, *BODY)), "http://127.0.0.1:8000/story")
    assert art.paragraphs == (first, *BODY)


@pytest.mark.parametrize("kind", sorted(FURNITURE))
def test_page_furniture_is_dropped(kind: str) -> None:
    art = article_from_html(news_page(), "http://127.0.0.1:8000/story")
    text = "\n".join((art.title, *art.paragraphs))
    assert FURNITURE[kind] not in text


def test_title_outlet_date_and_canonical_link_come_from_the_metadata() -> None:
    art = article_from_html(news_page(), "http://127.0.0.1:8000/story")
    assert art.title == "Harbour bridge reopens after two years of repairs"
    assert art.source == "The Coastal Gazette"
    assert art.published == "2024-03-15"
    assert art.url == "https://gazette.example.com/news/harbour-bridge-reopens"


def test_the_id_follows_the_canonical_link_not_where_the_page_was_fetched() -> None:
    a = article_from_html(news_page(), "http://127.0.0.1:8000/story")
    b = article_from_html(news_page(), "http://mirror.example.org/copy?x=1")
    assert a.id == b.id == article_id("https://gazette.example.com/news/harbour-bridge-reopens", "")
    assert a.id.startswith("harbour-bridge-reopens_")


def test_without_a_canonical_link_the_fetched_url_names_the_article() -> None:
    art = article_from_html(news_page(canonical=None), "https://news.example.net/a/b/story-1.html")
    assert art.url == "https://news.example.net/a/b/story-1.html"
    assert art.id.startswith("story-1_")


def test_equivalent_links_give_one_id() -> None:
    same = [
        "https://Example.com/news/story?utm_source=x#comments",
        "https://example.com:443/news/story",
        "https://example.com/news/story",
    ]
    assert len({article_id(u, "t") for u in same}) == 1
    assert article_id("https://example.com/news/other", "t") != article_id(same[0], "t")
    assert normalize_url("HTTP://EXAMPLE.com:80") == "http://example.com/"


def test_the_written_file_reads_back_as_the_same_article() -> None:
    art = article_from_html(news_page(), "http://127.0.0.1:8000/story")
    assert parse_article(render_article(art), art.id) == art


def test_a_page_without_article_text_is_refused() -> None:
    page = "<html><head><title>Log in</title></head><body><nav><a href='/'>Home</a></nav></body>"
    with pytest.raises(CorpusError, match="no article text"):
        article_from_html(page, "https://example.com/login")


def test_bytes_are_decoded_by_their_declared_encoding() -> None:
    page = news_page(
        paragraphs=(*BODY[:2], "Le maire a déclaré que la réouverture était très attendue.")
    )
    art = article_from_html(page.encode("utf-8"), None)
    assert art.paragraphs[-1].startswith("Le maire a déclaré")


def test_a_text_in_the_corpus_format_keeps_its_header_and_paragraphs() -> None:
    text = "url: https://example.com/n/flood-warning\nsource: example.com\n\n" + (
        "Flood warning issued for the river valley\n\n" + "\n\n".join(BODY)
    )
    art = article_from_text(text)
    assert art.title == "Flood warning issued for the river valley"
    assert art.paragraphs == BODY
    assert art.id == article_id("https://example.com/n/flood-warning", "")


def test_a_text_file_without_a_link_keeps_its_file_name_as_id() -> None:
    art = article_from_text("A headline\n\n" + "\n\n".join(BODY), fallback_id="My Story")
    assert art.id == "my-story"
    assert art.source == "unknown"


def test_html_is_told_from_plain_text() -> None:
    assert looks_like_html("<!DOCTYPE html><html>…")
    assert looks_like_html("\n  <html lang='en'>")
    assert not looks_like_html("Headline\n\nA paragraph with <b>a tag</b> inside.")


@pytest.mark.parametrize(
    ("title", "site", "host", "clean"),
    [
        ("Uncork the mystery | DW | 10.06.2013", "DW.COM", "dw.com", "Uncork the mystery"),
        (
            "Brexit: what happens next? - BBC News",
            "BBC News",
            "bbc.co.uk",
            "Brexit: what happens next?",
        ),
        (
            "Academics treated badly | The Guardian",
            None,
            "www.theguardian.com",
            "Academics treated badly",
        ),
        (
            "Hating Millennials - the prejudice | Boing Boing",
            "Boing Boing",
            None,
            "Hating Millennials - the prejudice",
        ),
        (
            "Manchester United - Liverpool",
            "Liverpool Echo",
            "liverpoolecho.co.uk",
            "Manchester United - Liverpool",
        ),
        (
            "Letters: Crime | Roads | Taxes",
            "The Mercury News",
            "mercurynews.com",
            "Letters: Crime | Roads | Taxes",
        ),
        ("2024 - the year in review", "Gazette", None, "2024 - the year in review"),
    ],
)
def test_the_site_name_and_date_pages_append_to_titles_are_dropped(
    title: str, site: str | None, host: str | None, clean: str
) -> None:
    assert clean_title(title, site, host) == clean


def test_a_page_title_with_the_outlet_appended_gives_the_headline() -> None:
    page = news_page().replace(
        '<meta property="og:title" content="Harbour bridge reopens after two years of repairs">',
        '<meta property="og:title" content="Harbour bridge reopens after two years of repairs'
        ' | The Coastal Gazette">',
    )
    assert "| The Coastal Gazette" in page
    art = article_from_html(page, "http://127.0.0.1:8000/story")
    assert art.title == "Harbour bridge reopens after two years of repairs"
