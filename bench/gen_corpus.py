"""Synthetic news corpora for the scale benchmarks: fixed seed, realistic sizes.

Content words follow a Zipf-Mandelbrot law over a large made-up vocabulary (the most common
word is in about a third of the passages, as "said" is in news; the tail grows with the corpus
as Heaps' law says). Passages are 40-120 words, about 45% of them function words, in sentences
of 6-24 words (cut short where a passage ends); an article has 14-26 passages, one a paragraph.

Every content word is its own Snowball stem and no stopword, so articlebot's tokenizer turns
the text back into exactly the generated tokens: the text-built index and the token lists that
rank-bm25 and bm25s receive describe the same passages with the same terms.

    python bench/gen_corpus.py 10000 /tmp/corpus10k     # write article files
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.models import Article  # noqa: E402

SEED = 20240107
VOCAB_SIZE = 600_000
ZIPF_S = 1.1
ZIPF_Q = 20.0
PASSAGES_PER_ARTICLE = (14, 26)
PASSAGE_WORDS = (40, 120)
SENTENCE_WORDS = (6, 24)
CONTENT_SHARE = 0.55
SOURCE = "bench.example"
FUNCTION_WORDS = (
    "the of and to in a is that for on was with as by at from it be has have are "
    "were this his her they an not but who will after had which their its been "
    "would more"
).split()

_CONSONANTS = "bcdfghklmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
# A word ends vowel + one of these, which no Snowball (English) suffix rule removes.
_FINALS = "kpb"


def word(rank: int) -> str:
    """The made-up content word of a vocabulary rank (0 = most common); unique per rank."""
    n_syl, n_fin = len(_SYLLABLES), len(_FINALS)
    two = n_syl * n_syl * n_fin
    r, syllables = (rank, 2) if rank < two else (rank - two, 3)
    r, fin = divmod(r, n_fin)
    parts = []
    for _ in range(syllables):
        r, s = divmod(r, n_syl)
        parts.append(_SYLLABLES[s])
    if r:
        raise ValueError(f"rank {rank} is beyond the vocabulary this generator can spell")
    return "".join(parts) + _FINALS[fin]


@dataclass(frozen=True, slots=True)
class Generated:
    """A synthetic corpus: the articles, and each passage's content tokens in article order."""

    articles: tuple[Article, ...]
    tokens: list[list[str]]
    text_bytes: int

    @property
    def n_passages(self) -> int:
        """Number of passages (one paragraph each)."""
        return len(self.tokens)


def _zipf_cdf(size: int) -> np.ndarray:
    p = (np.arange(1, size + 1, dtype=np.float64) + ZIPF_Q) ** -ZIPF_S
    return np.cumsum(p / p.sum())


def generate(
    n_passages: int, seed: int = SEED, vocab_size: int = VOCAB_SIZE, first_article: int = 0
) -> Generated:
    """A corpus of ``n_passages`` passages (the last article may be shorter); its articles
    are numbered from ``first_article`` (a corpus written in batches)."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(PASSAGE_WORDS[0], PASSAGE_WORDS[1] + 1, size=n_passages)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    total = int(ends[-1]) if n_passages else 0
    is_content = rng.random(total) < CONTENT_SHARE
    if n_passages:
        none = np.add.reduceat(is_content, starts) == 0
        is_content[starts[none]] = True  # every passage has at least one content word
    ranks = np.minimum(
        np.searchsorted(_zipf_cdf(vocab_size), rng.random(int(is_content.sum()))), vocab_size - 1
    )
    used, local = np.unique(ranks, return_inverse=True)
    content = np.array([word(int(r)) for r in used], dtype=object)[local]
    func_p = 1.0 / np.arange(1, len(FUNCTION_WORDS) + 1)
    words = np.empty(total, dtype=object)
    words[is_content] = content
    words[~is_content] = np.array(FUNCTION_WORDS, dtype=object)[
        rng.choice(len(FUNCTION_WORDS), size=total - len(content), p=func_p / func_p.sum())
    ]
    # Sentences of 6-24 words run on across passages, and every passage ends one.
    sentence_ends = np.cumsum(
        rng.integers(SENTENCE_WORDS[0], SENTENCE_WORDS[1] + 1, size=total // SENTENCE_WORDS[0] + 1)
    )
    last = np.zeros(total, dtype=bool)
    last[sentence_ends[sentence_ends <= total] - 1] = True
    last[ends - 1] = True
    first = np.roll(last, 1)
    words[first] = [w.capitalize() for w in words[first]]
    words[last] = [w + "." for w in words[last]]
    per_passage = np.add.reduceat(is_content, starts) if n_passages else np.zeros(0, dtype=int)
    content_list = content.tolist()
    per_article = rng.integers(
        PASSAGES_PER_ARTICLE[0],
        PASSAGES_PER_ARTICLE[1] + 1,
        size=n_passages // PASSAGES_PER_ARTICLE[0] + 1,
    )
    tokens: list[list[str]] = []
    articles: list[Article] = []
    text_bytes = 0
    done = used_tokens = 0
    for number, count in enumerate(per_article.tolist()):
        if done >= n_passages:
            break
        stop = min(done + count, n_passages)
        paragraphs = tuple(" ".join(words[starts[i] : ends[i]].tolist()) for i in range(done, stop))
        for i in range(done, stop):
            tokens.append(content_list[used_tokens : used_tokens + per_passage[i]])
            used_tokens += int(per_passage[i])
        title = " ".join(tokens[done][:6]).capitalize()
        article = Article(f"{first_article + number:07d}_synthetic", title, SOURCE, paragraphs)
        text_bytes += len(article_text(article).encode("utf-8"))
        articles.append(article)
        done = stop
    return Generated(tuple(articles), tokens, text_bytes)


def sample_queries(tokens: list[list[str]], n: int, seed: int = SEED) -> list[list[str]]:
    """``n`` questions' terms: 2-5 distinct words of one random passage each, as a user
    asking about that passage would use them (so common words are common in queries too)."""
    rng = np.random.default_rng(seed + 1)
    out: list[list[str]] = []
    while len(out) < n:
        toks = tokens[int(rng.integers(len(tokens)))]
        distinct = list(dict.fromkeys(toks))
        if not distinct:
            continue
        size = min(len(distinct), int(rng.integers(2, 6)))
        picked = rng.choice(len(distinct), size=size, replace=False)
        out.append([distinct[int(j)] for j in picked])
    return out


def article_text(article: Article) -> str:
    """The article in the corpus file format (headline, paragraphs, source trailer)."""
    return "\n\n".join((article.title, *article.paragraphs, f"source: {article.source}")) + "\n"


def write_corpus(gen: Generated, folder: Path) -> int:
    """Write one ``.txt`` file per article into ``folder``; return the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for article in gen.articles:
        data = article_text(article).encode("utf-8")
        (folder / f"{article.id}.txt").write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic corpus folder."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("passages", type=int, help="number of passages (about 20 an article)")
    p.add_argument("folder", type=Path, help="where to write the article files")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument(
        "--batch",
        type=int,
        default=1_000_000,
        help="passages generated at a time, each batch with its own seed (memory: ~4 GB a "
        "million); a corpus up to one batch is the same as before",
    )
    args = p.parse_args(argv)
    started = time.perf_counter()
    size = articles = done = 0
    for number, at in enumerate(range(0, args.passages, args.batch)):
        n = min(args.batch, args.passages - at)
        gen = generate(n, args.seed + number, first_article=articles)
        size += write_corpus(gen, args.folder)
        articles += len(gen.articles)
        done += gen.n_passages
        del gen
    print(
        f"{articles} articles, {done} passages, {size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s → {args.folder}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
