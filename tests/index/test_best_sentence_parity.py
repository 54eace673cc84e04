"""The answering sentence: ``best_sentence`` looks for a sentence's fit to the type asked only
where it could still win, and must choose exactly what looking at every sentence chooses."""

from __future__ import annotations

import random
from dataclasses import replace

from index.answertype import AnswerKind
from index.bm25params import Bm25Params
from index.build import build_index
from index.fit import SENTENCE_TYPE_BONUS, Asked, best_sentence, sentence_fit, sentence_weights
from index.models import Article
from index.query import Query, parse_query
from index.searchindex import SearchIndex

WORDS = (
    "troops soldiers minister said Paris London goal scored 400 1984 2003 March Monday "
    "years old 25-year-old price cost £5m $300 won lost match final Smith Jones the a of "
    "in was were than more fewer three seven yesterday week report bank rates rose fell"
).split()


def _every_sentence(
    index: SearchIndex, passage: int, query: Query, kind: AnswerKind
) -> tuple[int, int]:
    """The choice made by looking at every sentence in order (the plain definition)."""
    weights = sentence_weights(index, query)
    heads = (
        {t.term_id for t in query.terms if t.slot == query.counted[-1]}
        if kind is AnswerKind.NUMBER and query.counted
        else set()
    )
    texts = index.passage(passage).sentence_texts()
    fit_bonus = SENTENCE_TYPE_BONUS * max(weights.values(), default=0.0)
    must_fit = query.strict and kind is query.kind
    best, best_key, best_fit = 0, (False, -1.0, 0), 0
    sentences = index.sentence_term_ids(passage)
    held: set[int] = set()
    for i, sent_terms in enumerate(sentences):
        if i + 1 < len(sentences) and texts[i].rstrip().endswith("?"):
            held = set(sent_terms)  # a question the article asks itself: the next answers
            continue
        present = set(sent_terms) | held
        held = set()
        covered = sum(w for t, w in weights.items() if t in present)
        fit = sentence_fit(index, Asked.of(query, kind, heads), texts[i])
        key = (must_fit and fit > 0, covered + fit_bonus * fit, -len(sent_terms))
        if key > best_key:
            best, best_key, best_fit = i, key, fit
    return best, best_fit


def _sentence(rng: random.Random, words: list[str]) -> str:
    end = "?" if rng.random() < 0.2 else "."
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 9))).capitalize() + end


def _corpus(rng: random.Random, words: list[str]) -> list[Article]:
    return [
        Article(
            f"a{n}",
            " ".join(rng.choice(words) for _ in range(3)).title(),
            "example.com",
            tuple(
                " ".join(_sentence(rng, words) for _ in range(rng.randint(1, 6)))
                for _ in range(rng.randint(1, 4))
            ),
        )
        for n in range(rng.randint(1, 4))
    ]


QUESTIONS = (
    "How many {} {}?",
    "What year did {} {}?",
    "When did {} {} {}?",
    "Who {} {}?",
    "How much did the {} cost?",
    "How old is {}?",
    "What {} {} {}?",
    "Which day did {} {}?",
)


def test_the_sentence_chosen_is_the_one_every_sentence_looked_at_gives() -> None:
    rng = random.Random(17)
    checked = 0
    for variant in ("plus", "okapi", "l"):  # Okapi: negative idf on tiny corpora
        for _ in range(40):
            # A few words only, now and then: every word in most passages, so Okapi's idf
            # (and with it every weight and the type bonus) can be negative.
            words = rng.sample(WORDS, 5) if rng.random() < 0.3 else WORDS
            ix = build_index(_corpus(rng, words), Bm25Params(variant=variant))
            for _ in range(6):
                template = rng.choice(QUESTIONS)
                text = template.format(*(rng.choice(words) for _ in range(template.count("{}"))))
                query = parse_query(ix, text)
                for kind in AnswerKind:
                    for q in (query, replace(query, kind=kind)):
                        for p in range(ix.n_passages):
                            assert best_sentence(ix, p, q, kind) == _every_sentence(ix, p, q, kind)
                            checked += 1
    assert checked > 10_000
