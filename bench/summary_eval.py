"""Summary quality on BBC News Summary (bbc_dev): articlebot beside Lead-N, sumy LexRank, TextRank.

For every article, each system picks N sentences (default 3) and is scored against the
reference extractive summary with ROUGE-1, ROUGE-2 and ROUGE-L F1 (rouge-score, Porter
stemming on); the mean length of the summaries in words is printed beside the figures,
because ROUGE F1 against these long references rewards longer sentences.

Every system sees the same sentences: our Punkt split (``index.sentences``). sumy's own
tokenizers need NLTK data, which this project never downloads, so its document model is built
here from our split, with a plain regular-expression word tokenizer, sumy's English Snowball
stemmer and its shipped English stopword list.

    python bench/summary_eval.py                          # all 1,021 articles, 3 sentences
    python bench/summary_eval.py --limit 200 --sentences 5
    python bench/summary_eval.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from rouge_score.rouge_scorer import RougeScorer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import require_data  # noqa: E402

from index.models import Article  # noqa: E402
from index.sentences import split_sentences  # noqa: E402
from index.summary import MAX_SENTENCES, summarize  # noqa: E402

METRICS = ("rouge1", "rouge2", "rougeL")
Split = list[list[str]]  # an article's sentences, by paragraph
System = Callable[[Article, Split, int], list[str]]


class WordTokenizer:
    """What sumy asks of a tokenizer, without NLTK data: words of a sentence."""

    _word = re.compile(r"\w+(?:['’]\w+)*")

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(self._word.findall(text))


def load(path: Path, limit: int | None) -> Iterator[tuple[Article, str]]:
    """(article, reference summary) pairs from bbc_dev.jsonl."""
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                return
            rec = json.loads(line)
            paragraphs = tuple(p.strip() for p in rec["text"].split("\n\n") if p.strip())
            yield Article(rec["id"], rec["title"], "bbc.co.uk", paragraphs), rec["summary"]


def split(article: Article) -> Split:
    return [[s.of(p) for s in split_sentences(p)] for p in article.paragraphs]


def lead(article: Article, sentences: Split, n: int) -> list[str]:
    return [s for para in sentences for s in para][:n]


def articlebot(article: Article, sentences: Split, n: int) -> list[str]:
    return [s.text for s in summarize(article, n).sentences]


def sumy_system(summarizer_class: type) -> System:
    """A sumy summarizer fed our sentence split."""
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = WordTokenizer()

    def run(article: Article, sentences: Split, n: int) -> list[str]:
        doc = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in para]) for para in sentences if para]
        )
        return [str(s) for s in summarizer(doc, n)]

    return run


def evaluate(
    pairs: list[tuple[Article, str]], systems: dict[str, System], n: int
) -> dict[str, dict[str, float]]:
    """Mean ROUGE F1 and summary length in words, per system."""
    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    totals = {name: dict.fromkeys((*METRICS, "words"), 0.0) for name in systems}
    for article, reference in pairs:
        sentences = split(article)
        for name, system in systems.items():
            summary = " ".join(system(article, sentences, n))
            scores = scorer.score(reference, summary)
            for metric in METRICS:
                totals[name][metric] += scores[metric].fmeasure
            totals[name]["words"] += len(summary.split())
    return {name: {k: v / len(pairs) for k, v in t.items()} for name, t in totals.items()}


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="folder holding bbc_dev.jsonl",
    )
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="first N articles only")
    ap.add_argument(
        "--sentences",
        type=int,
        default=3,
        metavar="N",
        help=f"sentences per summary, 1-{MAX_SENTENCES} (default 3)",
    )
    args = ap.parse_args()
    if not 1 <= args.sentences <= MAX_SENTENCES:
        ap.error(f"--sentences must be 1-{MAX_SENTENCES}")
    require_data(args.data, "bbc_dev.jsonl")
    pairs = list(load(args.data / "bbc_dev.jsonl", args.limit))
    if not pairs:
        ap.error("no articles to evaluate")
    n = args.sentences
    systems: dict[str, System] = {
        f"Lead-{n}": lead,
        "sumy LexRank": sumy_system(LexRankSummarizer),
        "sumy TextRank": sumy_system(TextRankSummarizer),
        "articlebot": articlebot,
    }
    started = time.perf_counter()
    results = evaluate(pairs, systems, n)
    ref_words = sum(len(ref.split()) for _, ref in pairs) / len(pairs)
    print(
        f"BBC News Summary (bbc_dev), {len(pairs)} articles, {n} sentences per summary; "
        f"references average {ref_words:.0f} words ({time.perf_counter() - started:.0f} s)\n"
    )
    print(
        f"| {'system':<14} | {'ROUGE-1 F1':>10} | {'ROUGE-2 F1':>10} | {'ROUGE-L F1':>10} "
        f"| {'words':>5} |"
    )
    print(f"|{'-' * 16}|{'-' * 12}|{'-' * 12}|{'-' * 12}|{'-' * 7}|")
    for name, r in results.items():
        print(
            f"| {name:<14} | {r['rouge1']:>10.3f} | {r['rouge2']:>10.3f} | {r['rougeL']:>10.3f} "
            f"| {r['words']:>5.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
