"""The speed benchmarks run end to end on tiny inputs (their figures are for bench/, not here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index
from index.passages import split_passages
from index.tokenizer import content_forms

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from gen_corpus import generate  # noqa: E402


def run_bench(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_generated_text_tokenizes_back_to_the_generated_tokens() -> None:
    gen = generate(300, seed=3)
    passages = [p for a in gen.articles for p in split_passages(a)]
    assert len(passages) == gen.n_passages == 300
    assert [content_forms(p.text) for p in passages] == gen.tokens


def test_generated_corpora_are_the_same_for_the_same_seed() -> None:
    assert generate(120, seed=5) == generate(120, seed=5)


def test_scale_prints_its_tables_and_full_parity_with_rank_bm25() -> None:
    out = run_bench(
        "scale.py",
        *("--sizes", "300", "--queries", "40", "--reference-queries", "15"),
        *("--chat-questions", "4", "--chat-runs", "1"),
    )
    for table in ("Build:", "Index file:", "Top-10 queries", "Per question end to end"):
        assert table in out
    parity = next(line for line in out.splitlines() if line.startswith("| 300 ") and "/" in line)
    assert "15/15" in parity
    assert parity.rstrip(" |").endswith("yes")  # text-built and token-built matrices agree


def test_startup_times_ask_beside_the_import_baseline(seed_corpus: Path) -> None:
    out = run_bench(
        "startup.py",
        *("--runs", "1", "--warmup", "0", "--corpus", str(seed_corpus), "--passages", "300"),
    )
    assert 'python -c "import rank_bm25"' in out
    assert "articlebot ask" in out
    assert "One-question `articlebot chat --json` on 300 passages" in out


def test_workers_build_the_same_index_as_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("index.chunked.PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr("index.chunked.CHUNK_ARTICLES", 3)
    articles = generate(200, seed=11).articles
    one, two = build_index(articles, workers=1), build_index(articles, workers=2)
    assert {k: v for k, v in one.manifest.items() if k != "build_seconds"} == {
        k: v for k, v in two.manifest.items() if k != "build_seconds"
    }
    assert list(one.arrays) == list(two.arrays)
    for name, arr in one.arrays.items():
        np.testing.assert_array_equal(two.arrays[name], arr, err_msg=name)


def _news_questions() -> list[dict[str, object]]:
    lines = (BENCH / "data" / "news_questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_the_news_questions_store_only_short_answer_spans() -> None:
    questions = _news_questions()
    kinds = {q["kind"] for q in questions}
    assert kinds <= {"fact", "paraphrase", "typo", "chat", "unanswerable"}
    assert sum(1 for q in questions if not q["answers"]) >= 6
    for q in questions:
        assert isinstance(q["question"], str) and q["question"].strip()
        assert all(len(str(a).split()) <= 6 for a in q["answers"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("dev", [False, True])
def test_news_eval_prints_articlebot_beside_the_baselines(tmp_path: Path, dev: bool) -> None:
    # Stand-in articles (the BBC ones are not shipped): one sentence per answer span.
    name = "news_dev.jsonl" if dev else "news_questions.jsonl"
    lines = (BENCH / "data" / name).read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    texts: dict[str, list[str]] = {}
    for q in questions:
        texts.setdefault(str(q["article"]), [f"{q['question']} Nobody knows."])
        for a in q["answers"]:
            texts[str(q["article"])].append(f"{q['question']} It was {a}.")
    with (tmp_path / "bbc_dev.jsonl").open("w", encoding="utf-8") as out:
        for i, (article, paragraphs) in enumerate(sorted(texts.items())):
            doc = {"id": article, "title": f"Story {i}", "text": "\n\n".join(paragraphs)}
            out.write(json.dumps(doc) + "\n")
    stdout = run_bench("news_eval.py", "--data", str(tmp_path), *(["--dev"] if dev else []))
    assert ("development set" if dev else "held out set") in stdout
    for measure in (
        "| paragraph@1 ",
        "| sentence@1 and not abstained ",
        "| unanswerable declined ",
        "| accuracy with abstention ",
        "| accuracy always answering ",
        "| follow-up turns: sentence@1 ",
        "| follow-ups that leave their article ",
    ):
        assert measure in stdout
    assert "rank-bm25" in stdout and "bm25s" in stdout


def _stand_in_pages(folder: Path) -> None:
    """Stand-in web pages (trafilatura's are not shipped): one paragraph per answer span."""
    texts: dict[str, list[str]] = {}
    for name in ("web_dev", "web_dev_conversations"):
        for line in (BENCH / "data" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                for q in doc.get("turns", [doc]):
                    texts.setdefault(str(doc["article"]), ["Nobody knows what happened next."])
                    answer = (q.get("answers") or ["so"])[0]
                    texts[str(doc["article"])].append(
                        f"{q['question']} It was {answer}, they said."
                    )
    for page, paragraphs in texts.items():
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        html = (
            f"<html><head><title>{page}</title></head><body><article>{body}</article></body></html>"
        )
        (folder / f"{page}.html").write_text(html, encoding="utf-8")


def test_web_eval_prints_each_setting_beside_the_baselines(tmp_path: Path) -> None:
    _stand_in_pages(tmp_path)
    stdout = run_bench("web_eval.py", "--data", str(tmp_path))
    assert "Web pages of other outlets, development set: 9 pages" in stdout
    for measure in ("| paragraph@1 ", "| unanswerable declined ", "| follow-up turns: sentence@1 "):
        assert measure in stdout
    assert "own page" in stdout and "page alone" in stdout and "all pages" in stdout


def test_web_eval_without_its_pages_says_how_to_get_them_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "web_eval.py"), "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("web_eval.py: missing knowtechie.com.rally.html, ")


def _stand_in_articles(folder: Path) -> None:
    """Stand-in articles for both development sets, from their questions and conversations."""
    texts: dict[str, list[str]] = {}
    for name in ("news_dev", "news_dev2"):
        for suffix in ("", "_conversations"):
            path = BENCH / "data" / f"{name}{suffix}.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    doc = json.loads(line)
                    for q in doc.get("turns", [doc]):
                        texts.setdefault(str(doc["article"]), ["Nobody knows."]).append(
                            f"{q['question']} It was {(q.get('answers') or ['so'])[0]}."
                        )
    with (folder / "bbc_dev.jsonl").open("w", encoding="utf-8") as out:
        for i, (article, paragraphs) in enumerate(sorted(texts.items())):
            doc = {"id": article, "title": f"Story {i}", "text": "\n\n".join(paragraphs)}
            out.write(json.dumps(doc) + "\n")


def test_chat_noise_prints_each_pleasantry_beside_the_plain_question(tmp_path: Path) -> None:
    _stand_in_articles(tmp_path)
    stdout = run_bench("chat_noise.py", "--data", str(tmp_path), "--dev")
    assert "development set: 251 questions" in stdout
    rows = [line for line in stdout.splitlines() if line.startswith('| "')]
    assert len(rows) == 14 and '| "… lol" |' in stdout and '| "can you tell me …" |' in stdout
    plain = next(line for line in stdout.splitlines() if line.startswith("| as written |"))
    assert all(row.split("|")[2:] == plain.split("|")[2:] for row in rows)
    capitals = next(line for line in stdout.splitlines() if line.startswith("| ALL IN CAPITALS |"))
    lower = next(line for line in stdout.splitlines() if line.startswith("| all in lowercase |"))
    assert capitals.split("|")[2:] == lower.split("|")[2:]  # shouting reads as lowercase


def test_rerank_sweep_prints_each_value_beside_today(tmp_path: Path) -> None:
    _stand_in_articles(tmp_path)
    stdout = run_bench(
        "rerank_sweep.py", "--data", str(tmp_path), "--only", "answering.RERANK_DEPTH=3,5"
    )
    assert "today: dev (" in stdout
    assert "answering.RERANK_DEPTH=3.0: dev (" in stdout
    assert "RERANK_DEPTH=5" not in stdout  # today's value is not measured twice


def test_rerank_sweep_measures_other_outlets_too_when_given_their_pages(tmp_path: Path) -> None:
    _stand_in_articles(tmp_path)
    pages = tmp_path / "pages"
    pages.mkdir()
    _stand_in_pages(pages)
    stdout = run_bench(
        "rerank_sweep.py",
        *("--data", str(tmp_path), "--web", str(pages)),
        *("--only", "answering.RERANK_DEPTH=3"),
    )
    assert "today: dev (" in stdout and "  web (" in stdout
    assert "answering.RERANK_DEPTH=3.0: dev (" in stdout


def test_background_sweep_prints_a_row_a_size_with_todays_marked(tmp_path: Path) -> None:
    _stand_in_articles(tmp_path)
    stdout = run_bench(
        "background_sweep.py", "--data", str(tmp_path), "--sizes", "0,100", "--no-squad"
    )
    rows = [line for line in stdout.splitlines() if line.startswith("| 0 ") or "(now)" in line]
    assert len(rows) == 2 and rows[1].startswith("| 100 (now)")
    assert rows[0].count(" / ") == 4 * 3  # four settings, four figures each


@pytest.mark.parametrize(
    ("script", "missing"),
    [
        ("squad_eval.py", "squad11_dev13.docs.jsonl, squad11_dev13.questions.jsonl"),
        ("news_eval.py", "bbc_dev.jsonl"),
        ("summary_eval.py", "bbc_dev.jsonl"),
        ("rerank_sweep.py", "bbc_dev.jsonl"),
        ("background_sweep.py", "bbc_dev.jsonl"),
    ],
)
def test_a_benchmark_without_its_data_says_what_is_missing_in_one_line(
    tmp_path: Path, script: str, missing: str
) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--data", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{script}: missing {missing} in {tmp_path / 'nope'} "
        "(pass --data FOLDER; the data sets are described in docs/quality.md)"
    ]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_bench_without_its_data_says_what_is_missing_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(  # -n: print the recipe, run nothing (the data check still runs)
        ["make", "-n", "-C", str(BENCH.parent), "bench", f"BENCH_DATA={tmp_path}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"make bench: {tmp_path}/squad11_dev13.docs.jsonl is missing" in lines[0]
