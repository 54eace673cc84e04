"""Scale: articlebot beside rank-bm25 and bm25s on synthetic corpora of 1k to 1M passages.

For each size (``bench/gen_corpus.py`` corpora: Zipf-like words, ~80-word passages, ~20 a
article), in one process and on the same tokens:

- build: articlebot's matrix from the token lists (vocabulary included), rank-bm25's
  ``BM25Plus`` and bm25s's index; and articlebot's whole build from the article files, as
  ``articlebot index`` does it (read, split, tokenise, score, save), in MB of text a second;
- the index file: size, load time (fresh process; warm and cold page cache, with and without
  the CRC-32 pass), resident memory once loaded and after the queries;
- top-10 query latency, p50 and p99: articlebot's ``top_k`` on the loaded (memory-mapped)
  index, bm25s's ``retrieve`` and rank-bm25's ``get_scores`` (alone, without even sorting);
- parity: for every query rank-bm25 answered, articlebot's top 10 against rank-bm25's (ties
  to 9 decimals broken by passage order) and the largest score difference, over the matrix
  the same tokens make without the English background an index's idf counts
  (``index.background``), which rank-bm25 has not;
- end to end: the cost of one question through ``articlebot chat --json`` (a fresh process
  answering ``--chat-questions`` questions, minus one answering one, over their difference;
  ``bench/chatrun.py``; wall and CPU time), beside rank-bm25's ``get_scores`` and bm25s's
  ``retrieve`` alone.

Parameters are the CLI's (``bot/settings.py``). Queries are 2-5 words of a random passage.

    python bench/scale.py                              # 1k, 10k, 100k passages (~4 minutes)
    python bench/scale.py --sizes 10k,100k             # the per-question figures of the docs
    python bench/scale.py --sizes 1m --workers 2       # 1M passages (~15 minutes, ~12 GB)
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from chatrun import chat_cost, questions_of
from common import (
    fmt,
    latencies_ms,
    load_average,
    parse_size,
    percentile,
    print_table,
    rss_mb,
    seconds,
    size_label,
)
from gen_corpus import generate, sample_queries, write_corpus

from index.background import corpus_background
from index.bm25 import Background, Bm25Matrix, build_matrix_flat
from index.bm25params import Bm25Params
from index.build import build_index, load_index, save_index
from index.corpus import CorpusReader, load_corpus
from index.scoring import TIE_DECIMALS, top_k

K = 10


@dataclass
class Row:
    """Everything measured for one corpus size."""

    passages: int
    figures: dict[str, Any] = field(default_factory=dict)


def cli_params() -> Bm25Params:
    """The BM25 parameters ``articlebot`` uses by default."""
    from bot.context import bm25_params
    from bot.settings import load_settings

    return bm25_params(load_settings(env_file=None))


def matrix_from_tokens(
    tokens: list[list[str]], params: Bm25Params, background: Background | None = None
) -> tuple[dict[str, int], Bm25Matrix]:
    """articlebot's build from token lists: vocabulary (ids by first use), then the matrix
    (idf counting the English ``background`` when given, as an index's does)."""
    vocab = {w: i for i, w in enumerate(dict.fromkeys(itertools.chain.from_iterable(tokens)))}
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    ids = np.fromiter(
        map(vocab.__getitem__, itertools.chain.from_iterable(tokens)),
        dtype=np.int32,
        count=int(lengths.sum()),
    )
    return vocab, build_matrix_flat(ids, lengths, len(vocab), params, background)


def reference_order(scores: np.ndarray, k: int) -> list[int]:
    """rank-bm25's top ``k`` under articlebot's documented tie rule."""
    rounded = np.round(scores, TIE_DECIMALS)
    pool = np.arange(rounded.size)
    if rounded.size > k:
        pool = np.flatnonzero(rounded >= np.partition(rounded, rounded.size - k)[rounded.size - k])
    return [int(i) for i in pool[np.lexsort((pool, -rounded[pool]))][:k]]


def evict(path: Path) -> None:
    """Drop the file's pages from the page cache (Linux; elsewhere a no-op)."""
    if hasattr(os, "posix_fadvise"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def probe(index_path: Path, queries: list[list[str]], verify: bool) -> dict[str, Any]:
    """In a fresh process: load time, resident memory, query and answer latency."""
    out = subprocess.run(
        [sys.executable, __file__, "--probe", str(index_path), "--verify", str(int(verify))],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def run_probe(index_path: Path, verify: bool) -> None:
    """The ``--probe`` side: measure, print one JSON object."""
    from index.answering import answer
    from index.query import parse_query

    queries = json.loads(sys.stdin.read())
    gc.collect()
    base = rss_mb()

    def grown() -> list[float]:
        now = rss_mb()
        return [now[0] - base[0], now[1] - base[1]]

    load_s, index = seconds(lambda: load_index(index_path, verify=verify))
    loaded = grown()
    ids = [[w if isinstance(w, int) else index.term_ids[w] for w in q] for q in queries]
    query_ms = latencies_ms(lambda q: top_k(index.matrix, q, K), ids)
    queried = grown()
    questions = [
        " ".join(str(index.terms[w]) if isinstance(w, int) else w for w in q) + "?"
        for q in queries[:201]
    ]
    first_s, _ = seconds(lambda: answer(index, parse_query(index, questions[0]), k=3))
    answer_ms = latencies_ms(lambda q: answer(index, parse_query(index, q), k=3), questions[1:])
    print(
        json.dumps(
            {
                "load_ms": load_s * 1e3,
                "loaded": loaded,
                "queried": queried,
                "answered": grown(),
                "query_p50": percentile(query_ms, 50),
                "query_p99": percentile(query_ms, 99),
                "first_answer_ms": first_s * 1e3,
                "answer_p50": percentile(answer_ms, 50),
                "answers": len(answer_ms) + 1,
            }
        )
    )


def measure(n: int, args: argparse.Namespace, params: Bm25Params) -> Row:
    """Every figure for a corpus of ``n`` passages."""
    row = Row(n)
    f = row.figures
    print(f"\n## {size_label(n)} passages ({load_average()})", flush=True)
    gen_s, gen = seconds(lambda: generate(n))
    queries = sample_queries(gen.tokens, args.queries)
    f["articles"] = len(gen.articles)
    f["tokens"] = sum(map(len, gen.tokens))
    print(f"generated {len(gen.articles):,} articles in {gen_s:.1f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="articlebot-scale-") as tmp:
        folder, path = Path(tmp) / "corpus", Path(tmp) / "index.idx"
        f["text_mb"] = write_corpus(gen, folder) / 1e6

        def whole_build() -> dict[str, Any]:
            corpus = load_corpus(folder)
            index = build_index(corpus.articles, params, corpus.fingerprint, workers=args.workers)
            save_index(index, path)
            return dict(index.manifest["counts"])

        f["text_s"], counts = seconds(whole_build)
        f["vocab"] = counts["terms"]
        f["file_mb"] = path.stat().st_size / 1e6
        print(f"whole build from text: {f['text_s']:.1f} s", flush=True)
        if args.chat_questions > 1:
            where = ["--corpus", str(folder), "--index", str(path)]
            asked = questions_of(queries[: args.chat_questions])
            f["chat"] = chat_cost(where, asked, runs=args.chat_runs)
            print(
                f"chat --json: {f['chat'].per_question_ms:.3f} ms a question "
                f"({f['chat'].per_question_cpu_ms:.3f} ms CPU)",
                flush=True,
            )
        gc.collect()
        for verify in (False, True):
            evict(path)
            f[f"cold_{verify}"] = probe(path, queries[:2], verify)["load_ms"]
        f["probe"] = probe(path, queries, verify=True)  # warm: the file was just read
        f["warm_False"] = probe(path, queries[:2], verify=False)["load_ms"]

        index = load_index(path)
        m = index.matrix
        bg = corpus_background(index.arrays["term_english"], m.doc_len)
        f["tok_s"], (_vocab, from_tokens) = seconds(
            lambda: matrix_from_tokens(gen.tokens, params, bg)
        )
        f["same_matrix"] = all(
            np.array_equal(getattr(from_tokens, a), getattr(m, a))
            for a in ("indptr", "indices", "data", "idf")
        )
        del from_tokens, _vocab
        print(f"articlebot from tokens: {f['tok_s']:.1f} s", flush=True)
        # rank-bm25 has no English background: parity is of the scoring, over the matrix
        # the same tokens make without it.
        _vocab, plain = matrix_from_tokens(gen.tokens, params)
        compare(f, gen.tokens, queries, index, plain, params, args)
        del index
    gc.collect()
    return row


def compare(
    f: dict[str, Any],
    tokens: list[list[str]],
    queries: list[list[str]],
    index: Any,
    plain: Bm25Matrix,
    params: Bm25Params,
    args: argparse.Namespace,
) -> None:
    """Build and query rank-bm25 and bm25s beside articlebot (its top-10 timed on ``index``),
    and check the parity of its scoring on ``plain``, the matrix without the background."""
    import bm25s
    from rank_bm25 import BM25Plus

    if params.variant != "plus":
        raise SystemExit("bench/scale.py compares BM25Plus; set ARTICLEBOT_BM25_VARIANT=plus")
    ids = [[w if isinstance(w, int) else index.term_ids[w] for w in q] for q in queries]
    ours = latencies_ms(lambda q: top_k(index.matrix, q, K), ids)
    f["ours"] = (percentile(ours, 50), percentile(ours, 99))

    f["bm25s_s"], ret = seconds(lambda: _bm25s_index(bm25s, tokens, params))
    print(f"bm25s index: {f['bm25s_s']:.1f} s", flush=True)
    theirs = latencies_ms(lambda q: ret.retrieve([q], k=K, show_progress=False), queries)
    f["bm25s"] = (percentile(theirs, 50), percentile(theirs, 99))
    ret = None  # free it before rank-bm25 is built
    gc.collect()

    f["rank_s"], ref = seconds(
        lambda: BM25Plus(tokens, k1=params.k1, b=params.b, delta=params.effective_delta)
    )
    print(f"rank-bm25 init: {f['rank_s']:.1f} s", flush=True)
    ref_ms: list[float] = []
    same = 0
    worst = 0.0
    spent = 0.0
    for q, qid in zip(queries, ids, strict=True):
        started = time.perf_counter()
        scores = ref.get_scores(q)
        took = time.perf_counter() - started
        ref_ms.append(took * 1e3)
        got = top_k(plain, qid, K)
        same += [p for p, _ in got] == reference_order(scores, K)
        worst = max(worst, max(abs(s - scores[p]) for p, s in got))
        spent += took
        if len(ref_ms) >= args.reference_queries or spent > args.reference_budget:
            break
    f["rank"] = (percentile(ref_ms, 50), percentile(ref_ms, 99), len(ref_ms))
    f["parity"] = (same, len(ref_ms), worst)
    print(f"rank-bm25 queried {len(ref_ms)} times", flush=True)
    del ref
    gc.collect()


def _bm25s_index(bm25s: Any, tokens: list[list[str]], params: Bm25Params) -> Any:
    retriever = bm25s.BM25(method="bm25+", k1=params.k1, b=params.b, delta=params.effective_delta)
    retriever.index(tokens, show_progress=False)
    return retriever


def report(rows: list[Row], args: argparse.Namespace) -> None:
    """The three tables."""
    print_table(
        "Build: from tokens (vocabulary included), and articlebot's whole build from text "
        f"(workers={args.workers})",
        [
            "passages",
            "articles",
            "tokens",
            "vocabulary",
            "articlebot s",
            "rank-bm25 s",
            "bm25s s",
            "text MB",
            "from text s",
            "MB/s",
        ],
        [
            [
                size_label(r.passages),
                f"{r.figures['articles']:,}",
                f"{r.figures['tokens']:,}",
                f"{r.figures['vocab']:,}",
                fmt(r.figures["tok_s"]),
                fmt(r.figures["rank_s"]),
                fmt(r.figures["bm25s_s"]),
                fmt(r.figures["text_mb"], 1),
                fmt(r.figures["text_s"], 1),
                fmt(r.figures["text_mb"] / r.figures["text_s"]),
            ]
            for r in rows
        ],
    )

    def mem(pair: list[float]) -> str:
        return f"{fmt(pair[0], 0)} + {fmt(pair[1], 0)}"

    print_table(
        "Index file: load in a fresh process (ms; +CRC: every array's checksum verified, the "
        "default); resident memory over the bare process, MB: anonymous + index file pages",
        [
            "passages",
            "file MB",
            "load warm+CRC",
            "warm",
            "cold+CRC",
            "cold",
            "loaded",
            f"after {args.queries} top-k",
            "after answers",
            "1st answer ms",
            "answer p50 ms",
        ],
        [
            [
                size_label(r.passages),
                fmt(r.figures["file_mb"], 1),
                fmt(r.figures["probe"]["load_ms"], 0),
                fmt(r.figures["warm_False"], 0),
                fmt(r.figures["cold_True"], 0),
                fmt(r.figures["cold_False"], 0),
                mem(r.figures["probe"]["loaded"]),
                mem(r.figures["probe"]["queried"]),
                mem(r.figures["probe"]["answered"]),
                fmt(r.figures["probe"]["first_answer_ms"], 0),
                fmt(r.figures["probe"]["answer_p50"], 2),
            ]
            for r in rows
        ],
    )
    print_table(
        f"Top-{K} queries (ms, same process, same tokens); parity against rank-bm25",
        [
            "passages",
            "articlebot p50",
            "p99",
            "bm25s p50",
            "p99",
            "rank-bm25 p50",
            "p99",
            "× bm25s",
            "× rank-bm25",
            f"top-{K} = rank-bm25",
            "max Δscore",
            "same matrix",
        ],
        [
            [
                size_label(r.passages),
                fmt(r.figures["ours"][0], 3),
                fmt(r.figures["ours"][1], 3),
                fmt(r.figures["bm25s"][0], 3),
                fmt(r.figures["bm25s"][1], 3),
                fmt(r.figures["rank"][0], 1),
                fmt(r.figures["rank"][1], 1),
                fmt(r.figures["bm25s"][0] / r.figures["ours"][0], 0),
                fmt(r.figures["rank"][0] / r.figures["ours"][0], 0),
                f"{r.figures['parity'][0]}/{r.figures['parity'][1]}",
                f"{r.figures['parity'][2]:.0e}",
                "yes" if r.figures["same_matrix"] else "NO",
            ]
            for r in rows
        ],
    )


def report_chat(rows: list[Row], args: argparse.Namespace) -> None:
    """The end-to-end table (when measured)."""
    rows = [r for r in rows if "chat" in r.figures]
    if not rows:
        return
    print_table(
        f"Per question end to end through `articlebot chat --json` ({args.chat_questions} "
        f"questions minus 1, medians of {args.chat_runs} runs), beside ranking alone (p50, ms)",
        [
            "passages",
            "chat ms/question",
            "CPU ms/question",
            "1-question run s",
            "rank-bm25 get_scores",
            "bm25s retrieve",
            "× rank-bm25",
            "× bm25s",
        ],
        [
            [
                size_label(r.passages),
                fmt(r.figures["chat"].per_question_ms, 3),
                fmt(r.figures["chat"].per_question_cpu_ms, 3),
                fmt(r.figures["chat"].one_s, 3),
                fmt(r.figures["rank"][0], 2),
                fmt(r.figures["bm25s"][0], 3),
                fmt(r.figures["rank"][0] / r.figures["chat"].per_question_ms, 0),
                fmt(r.figures["bm25s"][0] / r.figures["chat"].per_question_ms, 1),
            ]
            for r in rows
        ],
    )


def index_queries(index: Any, n: int, seed: int = 20240108) -> list[list[int]]:
    """``n`` queries of 2-5 distinct term ids of a random passage each, read from the index."""
    rng = np.random.default_rng(seed)
    a = index.arrays
    tok, sent_tok, sent = a["tok_flat"], a["sent_tok_offsets"], a["sent_offsets"]
    out: list[list[int]] = []
    while len(out) < n:
        p = int(rng.integers(index.matrix.n_docs))
        ids = list(dict.fromkeys(tok[sent_tok[sent[p]] : sent_tok[sent[p + 1]]].tolist()))
        if ids:
            picked = rng.choice(
                len(ids), size=min(len(ids), int(rng.integers(2, 6))), replace=False
            )
            out.append([int(ids[int(j)]) for j in picked])
    return out


def from_folder(folder: Path, index_path: Path, args: argparse.Namespace) -> None:
    """The build from text of a corpus folder already written (``gen_corpus.py --batch``, for
    sizes whose token lists would not fit beside it), then queries in a fresh process."""
    import resource

    print(f"## {folder} ({load_average()}), workers={args.workers}", flush=True)
    cpu0 = os.times()
    started = time.perf_counter()
    reader = CorpusReader(folder)  # read file by file as the build goes, as `index` does
    index = build_index(reader, cli_params(), workers=args.workers)
    save_index(index, index_path)
    wall = time.perf_counter() - started
    cpu = os.times()
    cpu_s = sum(cpu[i] - cpu0[i] for i in range(4))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    counts = index.manifest["counts"]
    mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    print(
        f"built {counts} from {mb:,.1f} MB of text in {wall:.1f} s (read as it goes; "
        f"{mb / wall:.2f} MB/s; CPU {cpu_s:.1f} s); peak RSS {peak:.2f} GB (builder; workers: "
        f"sample them with ps); file {index_path.stat().st_size / 1e9:.2f} GB",
        flush=True,
    )
    queries = index_queries(index, args.queries)
    del index, reader
    gc.collect()
    got = probe(index_path, queries, verify=True)  # type: ignore[arg-type]
    print(
        f"top-10 p50 {got['query_p50']:.3f} ms, p99 {got['query_p99']:.3f} ms; load "
        f"{got['load_ms']:.0f} ms; RSS after queries {got['queried'][0]:.0f} MB anonymous + "
        f"{got['queried'][1]:.0f} MB file pages; answer p50 {got['answer_p50']:.2f} ms",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the sizes asked for and print the tables."""
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--sizes",
        default="1k,10k,100k",
        help="passages per corpus, comma-separated (1k, 10k, 100k, 1m; default the first three)",
    )
    p.add_argument("--queries", type=int, default=1000, help="queries timed (default 1000)")
    p.add_argument(
        "--reference-queries",
        type=int,
        default=200,
        help="at most this many rank-bm25 queries (default 200)",
    )
    p.add_argument(
        "--reference-budget",
        type=float,
        default=40.0,
        help="seconds of rank-bm25 querying per size at most (default 40)",
    )
    p.add_argument(
        "--workers", type=int, default=1, help="processes for the whole build from text (default 1)"
    )
    p.add_argument(
        "--chat-questions",
        type=int,
        default=200,
        help="questions piped into `articlebot chat --json` per size (default 200; 0: skip)",
    )
    p.add_argument("--chat-runs", type=int, default=3, help="runs of each chat (default 3)")
    p.add_argument(
        "--folder", type=Path, help="build from this corpus folder instead, then query (10M)"
    )
    p.add_argument("--index-out", type=Path, help="where --folder's index goes (default: beside)")
    p.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--verify", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.probe:
        run_probe(args.probe, bool(args.verify))
        return 0
    if args.folder:
        from_folder(args.folder, args.index_out or args.folder.with_suffix(".idx"), args)
        return 0
    params = cli_params()
    print(
        f"BM25 {params.to_json()}; {load_average()}; Python {sys.version.split()[0]}, "
        f"numpy {np.__version__}",
        flush=True,
    )
    rows = [measure(parse_size(s), args, params) for s in args.sizes.split(",")]
    report(rows, args)
    report_chat(rows, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
