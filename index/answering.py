"""Answers: ranked passages, the sentence in each that answers, and the decision to abstain.

The passage ranking is BM25 (rank-bm25's scores). Inside a passage the answering sentence is
the one whose terms cover most of the query's idf weight, with a bonus when it fits the
question type (``index.answertype``). The best ``RERANK_DEPTH`` passages are reordered by
that fit and by the features of ``index.rerank`` (question words together, in the form asked,
the paragraph a "He said" continues); for "how many…?" and "what year…?" a passage that can
answer goes before one that cannot.

The engine abstains when the top passage covers less than ``ABSTAIN_BELOW`` of the question's
words (a word the corpus never uses counts ``UNKNOWN_WEIGHT`` times, unless it is the first
name of someone the passage names), or when its best sentence cannot be the answer whatever
words match: "how many" without a number, "how much … cost" without a sum, "what year"
without a year, "when did" without a time, a passage missing a capitalised word that narrows
what is counted or named ("how many *French* troops") or the thing asked about ("who is
Ireland's *captain*"), or a pronoun with no earlier turn ("What did he say?"). Calibrated on
the news development set (``bench/news_eval.py --dev``; docs/quality.md, "Answers on unseen
news (round 3)"), checked on ``bench/squad_eval.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from index.answertype import AnswerKind, counts, mentions_time, type_fit
from index.choice import choose_article
from index.errors import QueryError
from index.limits import MAX_K, check_k
from index.models import Answer, Hit, Span
from index.query import Query
from index.rerank import (
    context,
    exact_forms,
    in_headline,
    neighbours,
    proximity,
    terms_in_context,
)
from index.scoring import term_contribution, term_occurs, top_k
from index.searchindex import SearchIndex
from index.tokenizer import words

ABSTAIN_BELOW = 0.25
UNKNOWN_WEIGHT = 2.0
SENTENCE_TYPE_BONUS = 0.15
PASSAGE_TYPE_BONUS = 0.1
RERANK_DEPTH = 5
FIT_SCALE = (0.0, 1.0, 3.0)
PROXIMITY_BONUS = 0.3
EXACT_BONUS = 0.2
# Words that name the type of answer asked ("what *year*", "what *price*"): a passage with an
# answer of that type has them, in effect.
_TYPE_WORDS = frozenset("year years date day month time age price cost score".split())
# Pronouns that point back at an earlier turn: asked with nothing else, there is no knowing
# whom they mean.
_POINTS_BACK: WeakKeyDictionary[SearchIndex, dict[int, bool]] = WeakKeyDictionary()
_POINTS_BACK_KEPT = 4096
_POINTING = frozenset("he him his she her hers it its they them their".split())


def name_parts(query: Query, passage_text: str) -> int:
    """How many unknown question words are other parts of a name the passage uses: a word
    the corpus lacks next to a question word the passage writes capitalised ("*boris*
    johnson" where the article says "Mr Johnson"). They are not evidence of another topic."""
    if not query.maybe_names:
        return 0
    named = {
        t.slot
        for t in query.terms
        if not t.related and not t.carried and _capitalised(t.form).search(passage_text) is not None
    }
    return sum(1 for s in query.maybe_names if s + 1 in named)


@lru_cache(maxsize=4096)
def _capitalised(form: str) -> re.Pattern[str]:
    """The pattern of ``form`` written capitalised as a whole word (compiled once a form)."""
    return re.compile(rf"\b{re.escape(form[:1].upper() + form[1:])}\b")


def coverage(index: SearchIndex, passage: int, query: Query) -> float:
    """How much of the question ``passage`` covers: the share of the question's own words it
    contains (a word counts when the passage has its term or a related one), where each word
    the corpus never uses counts ``UNKNOWN_WEIGHT`` times.

    A first name next to a name the passage uses is not counted (:func:`name_parts`), and a
    passage that opens "He said" has the words of the one before it too. A word that names
    the type asked ("what *year*") is found when the passage has an answer of that type
    (``query.kind``). Terms carried over by a follow-up count at their weight: they are what "it"
    and "she" stand for, and a passage that says "she" may have them in the one before; but
    none count when no word of the question's own is found. A word of the article's headline
    is found in every paragraph (the headline is their context).
    Calibrated against cross-article questions in ``bench/squad_eval.py --sweep`` and the
    news development set.
    """
    slots = {t.slot for t in query.terms if not t.carried}
    carried = [t for t in query.terms if t.carried]
    if not slots and not query.unknown and not carried:
        return 1.0 if query.terms else 0.0
    present = terms_in_context(index, passage, headline=True)
    found = {t.slot for t in query.terms if not t.carried and t.term_id in present}
    text = index.passage(passage).text
    if type_fit(query.kind, text):
        found |= {t.slot for t in query.terms if not t.carried and t.form in _TYPE_WORDS}
    article = index.article_of(passage).number
    titled = sum(1 for u in query.unknown if in_headline(index, article, u))
    unknown = len(query.unknown) - titled - name_parts(query, text)
    pointing = _points_back(index, passage)  # "She first got it in 1984."
    if carried and pointing and passage > index.article_of(passage).first_passage:
        present = present | set(index.passage_term_ids(passage - 1))
    held = sum(t.weight for t in carried if t.term_id in present)
    if (slots or query.unknown) and not found and not titled:
        held = 0.0  # carried words support what was asked; they cannot stand in for it
    asked = len(slots) + UNKNOWN_WEIGHT * unknown + sum(t.weight for t in carried)
    return (len(found) + titled + held) / max(1.0, asked + titled)


def _points_back(index: SearchIndex, passage: int) -> bool:
    """Whether ``passage`` uses a pronoun pointing back ("she", "it"…): read once a passage,
    kept per index (answers look at the same passages again and again)."""
    seen = _POINTS_BACK.setdefault(index, {})
    if passage not in seen:
        if len(seen) >= _POINTS_BACK_KEPT:
            seen.clear()
        seen[passage] = any(w.form in _POINTING for w in words(index.passage(passage).text))
    return seen[passage]


def dangling(query: Query) -> bool:
    """Whether the question points back at an earlier turn it does not have: a pronoun and at
    most one word of its own ("What did he say?" asked first), nothing carried over."""
    if any(t.carried for t in query.terms):
        return False
    own = {t.slot for t in query.terms} | set(query.unknown_slots)
    return len(own) <= 1 and any(w.form in _POINTING for w in words(query.text))


def _found_slots(index: SearchIndex, passage: int, query: Query) -> set[int]:
    """The question words (slots) whose term or a related one is in ``passage``."""
    present = terms_in_context(index, passage)
    return {t.slot for t in query.terms if not t.carried and t.term_id in present}


def best_sentence(
    index: SearchIndex, passage: int, query: Query, kind: AnswerKind
) -> tuple[int, int]:
    """The sentence of ``passage`` that best answers ``query`` (its number in the passage),
    and how well it fits the question type: 0 not at all, 1 (a number for "how many", …),
    2 (a number of the very thing counted: "how many *soldiers*" → "400 troops"). When only
    an answer of the kind asked can answer (``Query.strict``), a sentence of that kind goes
    before any that is not ("How old is Sarah Claxton?" → "The 25-year-old…", not "…said
    Claxton")."""
    idf = index.matrix.idf
    weights: dict[int, float] = {}
    for t in query.terms:
        weights[t.term_id] = max(weights.get(t.term_id, 0.0), float(idf[t.term_id]) * t.weight)
    heads = _heads(query) if kind is AnswerKind.NUMBER else set()
    texts = index.passage(passage).sentence_texts()
    fit_bonus = SENTENCE_TYPE_BONUS * max(weights.values(), default=0.0)
    must_fit = query.strict and kind is query.kind
    best, best_key, best_fit = 0, (False, -1.0, 0), 0
    for i, sent_terms in enumerate(index.sentence_term_ids(passage)):
        present = set(sent_terms)
        covered = sum(w for t, w in weights.items() if t in present)
        fit = int(type_fit(kind, texts[i]))
        if fit and heads and counts(index, texts[i], heads):
            fit = 2
        key = (must_fit and fit > 0, covered + fit_bonus * fit, -len(sent_terms))
        if key > best_key:
            best, best_key, best_fit = i, key, fit
    return best, best_fit


def _heads(query: Query) -> set[int]:
    """Terms of the counted word of a "how many" question (its last word and related words)."""
    if not query.counted:
        return set()
    return {t.term_id for t in query.terms if t.slot == query.counted[-1]}


def _mistyped(index: SearchIndex, query: Query, passage: int, sentence: int) -> bool:
    """Whether the best sentence cannot be the answer, however many words match: "how many"
    answered without a number, "what year" without a year, "when" without any time, or a
    passage that lacks a capitalised word narrowing what is counted or named ("how many
    *French* troops", "the name of the *British* defence secretary": it is about others) or
    the very thing asked about ("who is Ireland's *captain*": ``Query.focus``)."""
    found = _found_slots(index, passage, query)
    if not found.issuperset(query.proper):
        return True
    if not found.issuperset(query.focus):
        return True
    text = index.passage(passage).sentence_texts()[sentence]
    if query.strict:
        return not type_fit(query.kind, text)
    if query.kind is AnswerKind.DATE and query.asks_when:
        return not mentions_time(text)
    return False


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A ranked passage, its answering sentence and the bonuses added to its BM25 score."""

    typed: bool
    score: float
    order: int
    passage: int
    sentence: int
    bonuses: tuple[tuple[str, float], ...]

    def key(self) -> tuple[bool, float, int]:
        return (self.typed, self.score, -self.order)


def _plain(index: SearchIndex, query: Query, ranked: list[tuple[int, float]]) -> list[_Candidate]:
    """Candidates in BM25 order, no bonuses (no question word is in the corpus)."""
    return [
        _Candidate(False, score, order, p, best_sentence(index, p, query, AnswerKind.ANY)[0], ())
        for order, (p, score) in enumerate(ranked)
    ]


def _rerank(index: SearchIndex, query: Query, ranked: list[tuple[int, float]]) -> list[_Candidate]:
    """The BM25 top passages reordered: the best ``RERANK_DEPTH`` get bonuses (in shares of
    the top score) for an answering sentence of the asked type, for question words that
    are neighbours in the passage too, and for what a leading "He said" refers back to.
    For "how many…?" and "what year…?" a passage that can answer (a number, a date, enough
    of the question) goes before one that cannot. (Putting first a passage that has the
    thing asked about, ``Query.focus``, cost 1.4 points of SQuAD passage@1 and gained
    nothing on the news development set: not done.)"""
    top = ranked[0][1] if ranked else 0.0
    pairs = neighbours(query)
    strict = query.strict
    out = []
    for order, (p, score) in enumerate(ranked):
        sentence, fit = best_sentence(index, p, query, query.kind)
        bonuses: tuple[tuple[str, float], ...] = (
            ("(answer type)", PASSAGE_TYPE_BONUS * top * FIT_SCALE[fit]),
        )
        typed = False
        if order < RERANK_DEPTH:
            bonuses += (
                ("(words together)", PROXIMITY_BONUS * top * proximity(index, p, pairs)),
                ("(paragraph before)", context(index, p, query)),
                ("(same word forms)", EXACT_BONUS * top * exact_forms(index, p, query)),
            )
            typed = strict and fit > 0 and coverage(index, p, query) >= ABSTAIN_BELOW
        total = score + sum(value for _, value in bonuses)
        out.append(_Candidate(typed, total, order, p, sentence, bonuses))
    return sorted(out, key=_Candidate.key, reverse=True)


def _explain(index: SearchIndex, q: Query, passage: int) -> tuple[tuple[str, float], ...]:
    """Each query word's contribution to ``passage``; the words it lacks (which BM25Plus
    still scores a floor for) summed in one "(floor for …)" entry, so the parts add up."""
    held, floor, lacked = [], 0.0, []
    for t in q.terms:
        value = term_contribution(index.matrix, t.term_id, passage) * t.weight
        if term_occurs(index.matrix, t.term_id, passage):
            held.append((t.form, value))
        elif value:
            floor += value
            lacked.append(t.form)
    if lacked:
        held.append((f"(floor for {' '.join(lacked)})", floor))
    return tuple(held)


def answer(
    index: SearchIndex,
    query: Query,
    k: int = 3,
    article: str | None = None,
    choose: bool = True,
) -> Answer:
    """Answer ``query`` (from :func:`~index.query.parse_query`, or a conversation's, which
    carries terms and may inherit the kind asked) with the top ``k`` passages (of one article
    when given).

    Passages are ranked by BM25; the best ``RERANK_DEPTH`` get a bonus when their answering
    sentence fits the question type, which reorders near-ties ("how old…" prefers the
    passage with an age in it). Each hit's ``score`` is the score it was ranked by.
    Raise :class:`QueryError` for an empty question or a bad ``k``/``article``. When no
    question word is in the corpus
    the engine abstains and lists the first passages (all score alike) as the closest there
    are; a question of stopwords only gets no passages. Asked of several articles, the
    answer comes from the one that clearly wins the question (``index.choice``; ``choose``
    False lets every passage compete); ``Answer.chosen_article`` names it.
    """
    if not query.text.strip():
        raise QueryError("the question is empty")
    check_k(k)
    lo, hi = index.passage_range(article)
    q = query
    chosen = index.find_article(article).number if article is not None else None
    if article is None and choose:
        chosen = choose_article(index, q)
        if chosen is not None:
            meta = index.articles[chosen]
            lo, hi = meta.first_passage, meta.first_passage + meta.passage_count
    ids = [t.term_id for t in q.terms]
    weights = [t.weight for t in q.terms]
    asked = bool(ids or q.unknown)  # a question of stopwords only asks nothing
    ranked = top_k(index.matrix, ids, max(k, RERANK_DEPTH), lo, hi, weights) if asked else []
    candidates = _rerank(index, q, ranked) if ids else _plain(index, q, ranked)
    hits: list[Hit] = []
    for rank, c in enumerate(candidates[:k], start=1):
        passage = index.passage(c.passage)
        explain = _explain(index, q, c.passage) + tuple(
            (label, value) for label, value in c.bonuses if value
        )
        hits.append(
            Hit(
                rank,
                c.score,
                passage,
                index.article(index.article_of(c.passage).number),
                passage.sentences[c.sentence] if passage.sentences else Span(0, 0),
                explain,
            )
        )
    first = candidates[0] if candidates else None
    covered = coverage(index, first.passage, q) if first and ids else 0.0
    mistyped = first is not None and _mistyped(index, q, first.passage, first.sentence)
    abstained = not hits or covered < ABSTAIN_BELOW or mistyped or dangling(q)
    return Answer(
        q.text,
        q.display,
        abstained,
        tuple(hits),
        q.corrections,
        tuple(t.form for t in q.terms if t.carried),
        covered,
        index.article(chosen) if chosen is not None else None,
        searched=q,
    )


__all__ = [
    "ABSTAIN_BELOW",
    "MAX_K",
    "answer",
    "best_sentence",
    "coverage",
    "dangling",
    "name_parts",
]
