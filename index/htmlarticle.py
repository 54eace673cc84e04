"""Turning a web page or a text into an :class:`Article`: main text and metadata.

HTML goes through trafilatura (no hand-written parsing): it keeps the article's body and drops
navigation, adverts, cookie banners, comments and related links; title, site name, date and
canonical URL come from the page's metadata. Plain text is read in the corpus format
(:func:`index.corpus.parse_article`). Everything here is pure: no network, no files.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from index.corpus import parse_article
from index.errors import CorpusError
from index.models import Article

# Fewer words than this in the whole body is a page without an article (a login wall,
# an index page, an error page).
MIN_ARTICLE_WORDS = 20
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_HTML_HINT_RE = re.compile(
    r"^\s*(?:<!doctype html|<html|<head|<body|<\?xml|<!--|<meta|<p[\s>])", re.IGNORECASE
)
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
_DEFAULT_PORTS = {("http", 80), ("https", 443)}
# trafilatura's options (bench/extract_eval.py measures them against the alternatives).
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "with_metadata": True,
}


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document rather than plain text."""
    return _HTML_HINT_RE.match(text[:2048].lstrip("\ufeff")) is not None


def normalize_url(url: str) -> str:
    """``url`` without fragment, default port, tracking parameters, case of scheme and host."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port and (parts.scheme, parts.port) not in _DEFAULT_PORTS else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    query = "&".join(q for q in parts.query.split("&") if q and not q.lower().startswith(_TRACKING))
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def _slug(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


def article_id(url: str | None, title: str) -> str:
    """A stable, readable corpus id: a slug and a hash of the canonical URL (else the title).

    The same link always gives the same id, so adding it again replaces the article.
    """
    if url:
        key = normalize_url(url)
        path = urlsplit(key).path.rstrip("/")
        last = path.rsplit("/", 1)[-1]
        last = re.sub(r"\.(?:s?html?|php|aspx?)$", "", last, flags=re.I)
        slug = _slug(last) or _slug(urlsplit(key).hostname or "") or "article"
    else:
        key = "title:" + " ".join(title.split()).casefold()
        slug = _slug(title) or "article"
    return f"{slug}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.`` (an outlet when the page names none)."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


_TITLE_PARTS = re.compile(r"(\s+[|\-–—»·:]{1,2}\s+)")
_DATE_PART = re.compile(r"[\d\s./\-]+")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def clean_title(title: str, *sites: str | None) -> str:
    """``title`` without the trailing parts pages add to it: the site's name ("… | The
    Guardian", "… - CNET.de") and dates ("… | DW | 10.06.2013"). ``sites`` are names the
    site goes by (its metadata's site name, its host)."""
    names = {_squash(site) for site in sites if site}
    names |= {_squash(site.removeprefix("www.").split(".")[0]) for site in sites if site}
    names.discard("")
    parts = _TITLE_PARTS.split(title)  # text, separator, text, …
    while len(parts) >= 3:
        last = parts[-1].strip()
        squashed = _squash(last)
        # The part is the site's name, or names it ("The Mercury News", "Reuters.com").
        is_site = any(squashed == n or (len(n) >= 4 and n in squashed) for n in names)
        if not (is_site or _DATE_PART.fullmatch(last)):
            break
        del parts[-2:]
    return "".join(parts).strip() or title


# Where a page repeats its headline in the body: among its first few lines.
_HEADLINE_LINES = 3
_WORD_RE = re.compile(r"\w+")
_LABEL_WORDS = 4


def _paragraphs(text: str, title: str) -> list[str]:
    """The extracted text's lines as paragraphs, the headline dropped where the page repeats
    it near the top (the headline is searched on its own: a copy in the body wins questions
    it cannot answer)."""
    paras = [_one_line(line) for line in text.split("\n")]
    paras = [p for p in paras if p]
    head = [i for i, p in enumerate(paras[:_HEADLINE_LINES]) if _repeats_headline(p, title)]
    if not head:
        return paras
    # A label above the repeated headline ("Tech", "#GameTechie") is the page's, not the text's.
    kicker = {i for i in range(head[-1]) if _is_label(paras[i])}
    return [p for i, p in enumerate(paras) if i not in head and i not in kicker]


def _is_label(line: str) -> bool:
    """Whether ``line`` is a short label, not a sentence: a few words, no closing stop."""
    return len(_WORD_RE.findall(line)) <= _LABEL_WORDS and not line.rstrip().endswith(
        (".", "!", "?", '"', "”")
    )


def _repeats_headline(line: str, title: str) -> bool:
    """Whether ``line`` is the headline again, give or take a word or two ("Meta Outage Hits
    Facebook" → "… Worldwide", "Abrechnung: …" → "Abrechnung : …", a year or a site name
    added or left out)."""
    said = _WORD_RE.findall(line.casefold())
    headline = _WORD_RE.findall(title.casefold())
    if not said or not headline or len(said) > len(headline) + 2:
        return False
    extra, missing = set(said) - set(headline), set(headline) - set(said)
    return len(extra) <= 2 and len(missing) <= max(1, len(set(headline)) // 5)


def article_from_html(html: str | bytes, url: str | None = None) -> Article:
    """The article of a web page; :class:`CorpusError` when it holds no article text.

    trafilatura runs in its balanced mode with tables kept: on the pages of its own real-world
    test set (110 sites) that keeps 185 of the 201 body sentences its tests expect (the others
    are reader comments, dropped here on purpose) and drops all 207 pieces of furniture they
    name, where ``favor_precision`` keeps 172 and drops 205 (``bench/extract_eval.py``).

    ``url`` is where the page came from; the page's canonical URL, when it names one, wins.
    Bytes are decoded by trafilatura (declared or detected encoding).
    """
    import trafilatura  # imported here: ~0.3 s that only adding an article needs

    try:
        doc = trafilatura.bare_extraction(html, url=url, **EXTRACT_OPTIONS)
    except ValueError as exc:  # trafilatura's documented extraction failure
        raise CorpusError(f"cannot read the page: {exc}") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        raise CorpusError("no article text found on the page")
    canonical = _one_line(getattr(doc, "url", None)) or url
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = url
    site = _one_line(getattr(doc, "sitename", None))
    host = host_of(canonical) or host_of(url)
    title = clean_title(_one_line(getattr(doc, "title", None)), site, host)
    paragraphs = _paragraphs(text, title)
    if not title and paragraphs:
        title = paragraphs.pop(0)
    source = site or host or "unknown"
    return make_article(
        title, source, paragraphs, canonical, _one_line(getattr(doc, "date", None)) or None
    )


def article_from_text(text: str, url: str | None = None, fallback_id: str | None = None) -> Article:
    """The article of a text in the corpus format (headline first, blank-line paragraphs).

    Its id comes from its ``url:`` header (else ``url``), else ``fallback_id``, else its title.
    """
    parsed = parse_article(text, fallback_id or "article")
    link = parsed.url or url
    if link and urlsplit(link).scheme not in ("http", "https"):
        link = None
    source = parsed.source if parsed.source != "unknown" else (host_of(link) or "unknown")
    art = make_article(parsed.title, source, list(parsed.paragraphs), link, parsed.published)
    if fallback_id and not parsed.url:
        return render_roundtrip(art, _slug(fallback_id, 80) or art.id)
    return art


def make_article(
    title: str,
    source: str,
    paragraphs: list[str],
    url: str | None,
    published: str | None,
) -> Article:
    """An article with its id derived from ``url`` (else the title), checked to have a body."""
    title = _one_line(title)
    if not title:
        raise CorpusError("no headline found")
    paras = [p for p in (_one_line(p) for p in paragraphs) if p]
    if sum(len(p.split()) for p in paras) < MIN_ARTICLE_WORDS:
        raise CorpusError("no article text found (fewer than 20 words of body text)")
    art = Article(
        id=article_id(url, title),
        title=title,
        source=_one_line(source) or "unknown",
        paragraphs=tuple(paras),
        url=url,
        published=published,
    )
    return render_roundtrip(art, art.id)


def render_article(article: Article) -> str:
    """The corpus file text of ``article``: header block, blank line, one paragraph a block."""
    head = [f"title: {article.title}", f"source: {article.source}"]
    if article.url:
        head.append(f"url: {article.url}")
    if article.published:
        head.append(f"published: {article.published}")
    return "\n".join(head) + "\n\n" + "\n\n".join(article.paragraphs) + "\n"


def render_roundtrip(article: Article, article_id: str) -> Article:
    """``article`` as the corpus parser will read its file back (so counts shown are true)."""
    back = parse_article(render_article(article), article_id)
    if not back.paragraphs:
        raise CorpusError("no article text found")
    return back


__all__ = [
    "EXTRACT_OPTIONS",
    "MIN_ARTICLE_WORDS",
    "article_from_html",
    "article_from_text",
    "article_id",
    "clean_title",
    "host_of",
    "looks_like_html",
    "make_article",
    "normalize_url",
    "render_article",
]
