"""The golden answers: what the engine answers to the seed questions, the seed conversations
(turn by turn) and the SQuAD dev13 questions, written down so a refactor can prove it changed
no answer.

Regenerate (after a deliberate change of answers, and say so in the commit message):

    .venv/bin/python -m tests.golden.snapshot

``seed.json`` holds ``ask --json``-shaped answers (scores rounded, passage text left out).
``squad.txt`` holds, per SQuAD question (the data is not shipped: only answers are kept), one
line: ``qid abstained top-passages cross-abstained``, where a top passage is
``paragraph:sentence-start-end`` and cross-abstained is the verdict for the same question asked
of the next article. The SQuAD part is skipped when ``/work/shared/data`` is absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index import (
    Answer,
    Article,
    Conversation,
    Library,
    SearchIndex,
    build_index,
    load_corpus,
    load_index,
    save_index,
)

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
SEED_CORPUS = DATA / "corpus"
SQUAD = Path("/work/shared/data")
SEED_FILE = HERE / "seed.json"
SQUAD_FILE = HERE / "squad.txt"
K = 3


def answer_json(ans: Answer) -> dict[str, Any]:
    """An answer as ``ask --json`` prints it, scores rounded, passage text left out."""
    return {
        "question": ans.question,
        "query": ans.query,
        "abstained": ans.abstained,
        "answers": [
            {
                "rank": h.rank,
                "score": round(h.score, 3),
                "passage_id": h.passage.id,
                "sentence": h.sentence_text,
            }
            for h in ans.hits
        ],
    }


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def seed_index(folder: Path) -> SearchIndex:
    """The seed corpus (the fixture copy), built and loaded from a file in ``folder``."""
    corpus = load_corpus(SEED_CORPUS)
    path = folder / "golden-seed.idx"
    save_index(build_index(corpus.articles, corpus_hash=corpus.fingerprint), path)
    return load_index(path)


def seed_answers(index: SearchIndex) -> dict[str, Any]:
    """The seed questions' answers, and each seed conversation's, turn by turn."""
    library = Library(index)
    questions = [
        answer_json(library.ask(q["question"], k=K).answer)
        for q in _jsonl(DATA / "seed_questions.jsonl")
    ]
    conversations = []
    for conv in _jsonl(DATA / "seed_conversations.jsonl"):
        talk = Conversation()
        conversations.append(
            [
                answer_json(library.ask(t["question"], k=K, conversation=talk).answer)
                for t in conv["turns"]
            ]
        )
    return {"questions": questions, "conversations": conversations}


def _brief(ans: Answer) -> str:
    return ",".join(f"{h.passage.paragraph}:{h.sentence.start}-{h.sentence.end}" for h in ans.hits)


def squad_lines() -> list[str]:
    """One line per SQuAD dev13 question (see the module docstring)."""
    docs = list(_jsonl(SQUAD / "squad11_dev13.docs.jsonl"))
    libraries = [
        Library(
            build_index([Article(d["doc_id"], d["title"], "wikipedia", tuple(d["paragraphs"]))])
        )
        for d in docs
    ]
    number = {d["doc_id"]: i for i, d in enumerate(docs)}
    lines = []
    for q in _jsonl(SQUAD / "squad11_dev13.questions.jsonl"):
        i = number[q["doc_id"]]
        own = libraries[i].ask(q["question"], k=K).answer
        cross = libraries[(i + 1) % len(docs)].ask(q["question"], k=1).answer
        lines.append(f"{q['qid']} {int(own.abstained)} {_brief(own) or '-'} {int(cross.abstained)}")
    return lines


def dump_seed(seed: dict[str, Any]) -> str:
    """``seed.json``'s text: one answer a line, so a diff shows which answers changed."""

    def line(obj: object) -> str:
        return json.dumps(obj, ensure_ascii=False)

    questions = ",\n".join(f"  {line(a)}" for a in seed["questions"])
    conversations = ",\n".join(
        "  [\n" + ",\n".join(f"   {line(a)}" for a in turns) + "\n  ]"
        for turns in seed["conversations"]
    )
    return f'{{\n "questions": [\n{questions}\n ],\n "conversations": [\n{conversations}\n ]\n}}\n'


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        seed = seed_answers(seed_index(Path(tmp)))
    SEED_FILE.write_text(dump_seed(seed), encoding="utf-8")
    print(f"wrote {SEED_FILE}")
    if SQUAD.is_dir():
        SQUAD_FILE.write_text("\n".join(squad_lines()) + "\n", encoding="utf-8")
        print(f"wrote {SQUAD_FILE}")
    else:
        print(f"{SQUAD} is absent: {SQUAD_FILE} left as it is")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
