"""Summary quality on BBC News Summary (bbc_dev): articlebot beside Lead-N, sumy LexRank, TextRank.

For every article, each system picks N sentences (default 3) and is scored against the
reference extractive summary with ROUGE-1, ROUGE-2 and ROUGE-L F1 (rouge-score, Porter
stemming on); the mean length of the summaries in words is printed beside the figures,
because ROUGE F1 against these long references rewards longer sentences.

Beside ROUGE, for every system: **lead kept**, the share of summaries holding the article's
lead (``index.lead``: the first sentence after any dateline lines; articles whose lead is a
question or a teaser are counted apart), and the first sentence of the article; **cut
quotes**, shown sentences that open a quotation their paragraph closes, or close one opened
before them, without showing it whole (a quotation shortened with an ellipsis and a closing
mark is counted as shortened, not cut). The same check runs over every sentence an answer
can highlight (each passage's sentences, all articles) and over the top answers to
``bench/data/news_questions.jsonl``. Records without a ``summary`` (unseen articles of other
sections, ``--file``) are measured for all but ROUGE.

Every system sees the same sentences: our Punkt split (``index.sentences``). sumy's own
tokenizers need NLTK data, which this project never downloads, so its document model is built
here from our split, with a plain regular-expression word tokenizer, sumy's English Snowball
stemmer and its shipped English stopword list.

    python bench/summary_eval.py                          # all 1,021 articles, 3 sentences
    python bench/summary_eval.py --limit 200 --sentences 5
    python bench/summary_eval.py --data ../shared/data
    python bench/summary_eval.py --file other_sections.jsonl    # id, title, text[, summary]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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

from index.answering import answer  # noqa: E402
from index.build import build_index  # noqa: E402
from index.lead import find_lead  # noqa: E402
from index.models import Article, Hit  # noqa: E402
from index.passages import split_passages  # noqa: E402
from index.query import parse_query  # noqa: E402
from index.sentences import ELLIPSIS, find_quotes, split_sentences  # noqa: E402
from index.summary import MAX_SENTENCES, summarize  # noqa: E402

METRICS = ("rouge1", "rouge2", "rougeL")
QUESTIONS = ROOT / "bench" / "data" / "news_questions.jsonl"
Split = list[list[str]]  # an article's sentences, by paragraph
System = Callable[[Article, Split, int], list[str]]
_SHORTENED_RE = re.compile(re.escape(ELLIPSIS) + "[\"'”’]+$")


class WordTokenizer:
    """What sumy asks of a tokenizer, without NLTK data: words of a sentence."""

    _word = re.compile(r"\w+(?:['’]\w+)*")

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(self._word.findall(text))


def load(path: Path, limit: int | None) -> Iterator[tuple[Article, str | None]]:
    """(article, reference summary or None) pairs from a bbc_dev-like JSONL file."""
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                return
            rec = json.loads(line)
            paragraphs = tuple(p.strip() for p in rec["text"].split("\n\n") if p.strip())
            yield Article(rec["id"], rec["title"], "bbc.co.uk", paragraphs), rec.get("summary")


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


def cuts_quote(paragraph: str, start: int, end: int) -> bool:
    """Whether ``paragraph[start:end]`` shows part of a quotation the paragraph closes."""
    return any(
        q.start < start < q.end or q.start < end < q.end for q in find_quotes(paragraph).closed
    )


def quote_state(article: Article, sentence: str) -> str:
    """ "cut", "shortened" (ellipsis and closing mark) or "whole" for a shown sentence."""
    if _SHORTENED_RE.search(sentence):
        return "shortened"
    for paragraph in article.paragraphs:
        at = paragraph.find(sentence)
        if at >= 0:
            return "cut" if cuts_quote(paragraph, at, at + len(sentence)) else "whole"
    return "whole"


@dataclass
class Tally:
    """One system's sums over the articles."""

    scores: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METRICS, 0.0))
    words: float = 0.0
    lead_kept: int = 0
    first_kept: int = 0
    sentences: int = 0
    cut: int = 0
    shortened: int = 0


def evaluate(
    pairs: list[tuple[Article, str | None]], systems: dict[str, System], n: int
) -> tuple[dict[str, Tally], int]:
    """Each system's tally, and how many articles have an informative lead."""
    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    tallies = {name: Tally() for name in systems}
    with_lead = 0
    for article, reference in pairs:
        sentences = split(article)
        flat = [s for para in sentences for s in para]
        at = find_lead(flat)
        with_lead += at is not None
        for name, system in systems.items():
            picked = system(article, sentences, n)
            summary = " ".join(picked)
            t = tallies[name]
            if reference is not None:
                scores = scorer.score(reference, summary)
                for metric in METRICS:
                    t.scores[metric] += scores[metric].fmeasure
            t.words += len(summary.split())
            t.lead_kept += at is not None and flat[at] in picked
            t.first_kept += bool(flat) and flat[0] in picked
            states = [quote_state(article, s) for s in picked]
            t.sentences += len(states)
            t.cut += states.count("cut")
            t.shortened += states.count("shortened")
    return tallies, with_lead


def hit_state(hit: Hit) -> str:
    """ "cut", "shortened" (shown with an ellipsis and the quotation mark) or "whole"."""
    paragraph = hit.article.paragraphs[hit.passage.paragraph - 1]
    at = paragraph.find(hit.passage.text) + hit.sentence.start
    if not cuts_quote(paragraph, at, at + len(hit.sentence.of(hit.passage.text))):
        return "whole"
    return "cut" if hit.sentence_text == hit.sentence.of(hit.passage.text) else "shortened"


def answer_cuts(articles: list[Article]) -> tuple[int, int, int, int, int]:
    """Over ``articles``: passage sentences (what an answer can highlight), those a passage
    boundary cuts inside a quotation (an answer shows them marked); the top-3 answers to the
    news questions whose articles are present, those cut, those shown marked."""
    shown = cut = 0
    by_id = {a.id: a for a in articles}
    for article in articles:
        for p in split_passages(article):
            paragraph = article.paragraphs[p.paragraph - 1]
            offset = paragraph.find(p.text)
            for s in p.sentences:
                shown += 1
                cut += cuts_quote(paragraph, offset + s.start, offset + s.end)
    questions = [json.loads(line) for line in QUESTIONS.open(encoding="utf-8") if line.strip()]
    questions = [q for q in questions if q["article"] in by_id]
    states: list[str] = []
    if questions:
        index = build_index(sorted({by_id[q["article"]] for q in questions}, key=lambda a: a.id))
        for q in questions:
            states += [
                hit_state(hit) for hit in answer(index, parse_query(index, q["question"]), k=3).hits
            ]
    return shown, cut, len(states), states.count("cut"), states.count("shortened")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


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
    ap.add_argument("--file", type=Path, help="another JSONL file of articles (overrides --data)")
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
    if args.file is None:
        require_data(args.data, "bbc_dev.jsonl")
    path = args.file or args.data / "bbc_dev.jsonl"
    pairs = list(load(path, args.limit))
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
    tallies, with_lead = evaluate(pairs, systems, n)
    refs = [ref for _, ref in pairs if ref is not None]
    ref_words = sum(len(ref.split()) for ref in refs) / len(refs) if refs else 0.0
    print(
        f"{path.name}, {len(pairs)} articles ({len(refs)} with a reference), {n} sentences "
        f"per summary; references average {ref_words:.0f} words; {with_lead} articles have an "
        f"informative lead ({time.perf_counter() - started:.0f} s)\n"
    )
    print(
        f"| {'system':<14} | {'ROUGE-1 F1':>10} | {'ROUGE-2 F1':>10} | {'ROUGE-L F1':>10} "
        f"| {'words':>5} | {'lead kept':>9} | {'1st kept':>8} | {'cut quotes':>10} "
        f"| {'shortened':>9} |"
    )
    print(
        f"|{'-' * 16}|{'-' * 12}|{'-' * 12}|{'-' * 12}|{'-' * 7}|{'-' * 11}|{'-' * 10}"
        f"|{'-' * 12}|{'-' * 11}|"
    )
    count = len(pairs)
    for name, t in tallies.items():
        rouge = [f"{t.scores[m] / len(refs):>10.3f}" if refs else f"{'—':>10}" for m in METRICS]
        print(
            f"| {name:<14} | {' | '.join(rouge)} | {t.words / count:>5.1f} "
            f"| {_pct(t.lead_kept, with_lead):>9} | {_pct(t.first_kept, count):>8} "
            f"| {f'{t.cut} of {t.sentences}':>10} | {t.shortened:>9} |"
        )
    shown, cut, asked, answered_cut, marked = answer_cuts([a for a, _ in pairs])
    print(
        f"\nAnswers: {cut} of {shown:,} passage sentences (what an answer can highlight) "
        f"end or start inside a quotation at a passage boundary, shown with an ellipsis and "
        f"the quotation mark; top-3 answers to the news questions: {answered_cut} of {asked} "
        f"cut, {marked} shown so"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
