"""How well a passage, and each sentence in it, fits a question: the share of the question it
covers (the abstention measure), the sentence that answers, and whether that sentence can be
an answer of the kind asked at all (see ``index.answering``, which ranks and decides)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from index.answertype import (
    NUMERIC,
    AnswerKind,
    adds_name,
    adds_number,
    asked_words,
    counts,
    mentions_time,
    numbers_in,
    type_fit,
)
from index.query import Query
from index.reading import question_words
from index.rerank import has_word, in_headline, terms_in_context
from index.searchindex import SearchIndex
from index.tokenizer import unify_punctuation, words

UNKNOWN_WEIGHT = 2.0
SENTENCE_TYPE_BONUS = 0.15
# The thing asked about counts twice in choosing the sentence (1.5-3 alike on the news
# development sets; docs/quality.md).
FOCUS_WEIGHT = 2.0
# Words that name the type of answer asked ("what *year*", "what *price*"): a passage with an
# answer of that type has them, in effect.
_TYPE_WORDS = frozenset("year years date day month time age price cost score".split())
# Pronouns that point back at an earlier turn: asked with nothing else, there is no knowing
# whom they mean.
_POINTS_BACK: WeakKeyDictionary[SearchIndex, dict[int, bool]] = WeakKeyDictionary()
_POINTS_BACK_KEPT = 4096
_POINTING = frozenset("he him his she her hers it its they them their".split())
# index.tokenizer's word pattern as it reads ASCII text (its letters are [A-Za-z] there).
_ASCII_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:'[A-Za-z]+)*(?:\.(?:[A-Za-z]\.)+)?")


def name_parts(query: Query, passage_text: str) -> int:
    """How many unknown question words are other parts of a name the passage uses: a word
    the corpus lacks next to a question word the passage writes capitalised ("*boris*
    johnson" where the article says "Mr Johnson"). They are not evidence of another topic."""
    if not query.maybe_names:
        return 0
    named = {
        t.slot
        for t in query.terms
        if not t.related and not t.carried and has_word(passage_text, _capitalised(t.form), True)
    }
    return sum(1 for s in query.maybe_names if s + 1 in named)


def _capitalised(form: str) -> str:
    """``form`` written capitalised."""
    return form[:1].upper() + form[1:]


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
    typed = {t.slot for t in query.terms if not t.carried and t.form in _TYPE_WORDS}
    if typed and type_fit(query.kind, text):  # searched only when a word names a type
        found |= typed
    meta = index.article_of(passage)
    titled = sum(1 for u in query.unknown if in_headline(index, meta.number, u))
    unknown = len(query.unknown) - titled - name_parts(query, text)
    # "She first got it in 1984.": the passage before says who (read only for carried terms).
    if carried and passage > meta.first_passage and _points_back(index, passage):
        present = present | index.passage_terms(passage - 1)
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
        seen[passage] = points_back(index.passage(passage).text)
    return seen[passage]


def points_back(text: str) -> bool:
    """Whether ``text`` has a pronoun pointing back, as :func:`~index.tokenizer.words` reads
    its words. Most text is ASCII once quotes and dashes are unified, and then its words are
    those of ``_ASCII_WORD_RE`` (the tokenizer's pattern over ASCII) without the cost of
    building each one; other text goes through the tokenizer itself."""
    unified = unify_punctuation(text)
    if not unified.isascii():
        return any(w.form in _POINTING for w in words(text))
    for raw in set(_ASCII_WORD_RE.findall(unified)):
        form = raw.lower().replace(".", "")
        if form.endswith("'s"):
            form = form[:-2]
        if form in _POINTING:
            return True
    return False


def dangling(query: Query) -> bool:
    """Whether the question points back at an earlier turn it does not have: a pronoun and at
    most one word of its own ("What did he say?" asked first), nothing carried over."""
    if any(t.carried for t in query.terms):
        return False
    own = {t.slot for t in query.terms} | set(query.unknown_slots)
    return len(own) <= 1 and any(w.form in _POINTING for w in question_words(query.text))


def _found_slots(index: SearchIndex, passage: int, query: Query) -> set[int]:
    """The question words (slots) whose term or a related one is in ``passage``."""
    present = terms_in_context(index, passage)
    return {t.slot for t in query.terms if not t.carried and t.term_id in present}


def sentence_weights(index: SearchIndex, query: Query) -> dict[int, float]:
    """What each query term is worth in a sentence: its idf at the weight it is searched
    with, and ``FOCUS_WEIGHT`` times that for the thing a "who is X's *spokesman*?" asks
    about (``Query.focus``), which the answer must mention ("Spokesman Alan Jones said…",
    not "It was a similar story at Bluewater")."""
    idf = index.matrix.idf
    weights: dict[int, float] = {}
    for t in query.terms:
        w = float(idf[t.term_id]) * t.weight
        if t.slot in query.focus and not t.carried:
            w *= FOCUS_WEIGHT
        weights[t.term_id] = max(weights.get(t.term_id, 0.0), w)
    return weights


def best_sentence(
    index: SearchIndex, passage: int, query: Query, kind: AnswerKind
) -> tuple[int, int]:
    """The sentence of ``passage`` that best answers ``query`` (its number in the passage),
    and how well it fits the question type: 0 not at all, 1 (a number for "how many", …),
    2 (a number of the very thing counted: "how many *soldiers*" → "400 troops"). When only
    an answer of the kind asked can answer (``Query.strict``), a sentence of that kind goes
    before any that is not ("How old is Sarah Claxton?" → "The 25-year-old…", not "…said
    Claxton"). A number the question gives itself fits no numeric kind ("what was his time
    in the 400m?" → "…in 46.45", not "…an impressive 400m victory"), nor do names it gives
    fit "who" ("who scored for Livingston?" → "…Craig Easton headed in…")."""
    weights = sentence_weights(index, query)
    heads = _heads(query) if kind is AnswerKind.NUMBER else set()
    fit_bonus = SENTENCE_TYPE_BONUS * max(weights.values(), default=0.0)
    must_fit = query.strict and kind is query.kind
    items = list(weights.items())
    sentences = index.sentence_term_ids(passage)
    asking = _asked_itself(index, passage, len(sentences))
    scored = []
    held: set[int] = set()  # "What happened in 1986? Whitewashed.": the next answers
    for i, terms in enumerate(sentences):
        present = set(terms) | held
        held = set(terms) if i in asking else set()
        scored.append((sum(w for t, w in items if t in present), -len(terms)))
    # The winner is the first sentence with the highest key (and none at all unless one beats
    # the starting key).
    answer = 0
    if kind is AnswerKind.ANY:  # no sentence fits ANY (fit 0)
        start = (False, -1.0, 0)
        for i, (covered, size) in enumerate(scored):
            if i not in asking and (plain := (False, covered + fit_bonus * 0, size)) > start:
                answer, start = i, plain
        return answer, 0
    # A sentence's fit to the type asked (a pattern search) is only looked for where the best
    # key it could give may still win: sentences go in order of that bound (fit_bonus times
    # the best fit when positive), and the search stops when none left can.
    top = (2 if heads else 1) if fit_bonus >= 0 else 0
    bounds = [
        ((must_fit, covered + fit_bonus * top, size), -i)
        for i, (covered, size) in enumerate(scored)
        if i not in asking
    ]
    texts = index.passage(passage).sentence_texts() if bounds else []
    asked = Asked.of(query, kind, heads)
    best, best_fit = ((False, -1.0, 0), 1), 0  # the starting key, before every sentence
    for bound, order in sorted(bounds, reverse=True):
        if (bound, order) < best:
            break
        i = -order
        fit = sentence_fit(index, asked, texts[i])
        covered, size = scored[i]
        key = ((must_fit and fit > 0, covered + fit_bonus * fit, size), order)
        if key > best:
            answer, best, best_fit = i, key, fit
    return answer, best_fit


@dataclass(frozen=True, slots=True)
class Asked:
    """What a sentence must have to fit the kind asked: the counted word's terms (``heads``),
    and the numbers and words the question gives itself, which are no answer to it ("in
    the *400m*": the time is asked; "who scored for *Livingston*?": someone else is)."""

    kind: AnswerKind
    heads: frozenset[int]
    given: frozenset[str]
    named: frozenset[str]

    @classmethod
    def of(cls, query: Query, kind: AnswerKind, heads: set[int]) -> Asked:
        given = numbers_in(query.text) if kind in NUMERIC else frozenset()
        named = asked_words(query.text) if kind is AnswerKind.PERSON else frozenset()
        return cls(kind, frozenset(heads), given, named)


def sentence_fit(index: SearchIndex, asked: Asked, text: str) -> int:
    """How well a sentence fits the kind asked: 0 not at all, 1, or 2 for a number of the
    very thing counted ("how many *soldiers*" → "400 troops")."""
    if not (
        type_fit(asked.kind, text)
        and (not asked.given or adds_number(text, asked.given))
        and (not asked.named or adds_name(text, asked.named))
    ):
        return 0
    return 2 if asked.heads and counts(index, text, asked.heads) else 1


def _asked_itself(index: SearchIndex, passage: int, n: int) -> frozenset[int]:
    """The sentences of ``passage`` that are questions the article asks itself, a sentence
    following ("What happened in 1986? Whitewashed."): that sentence answers, not the
    question."""
    p = index.passage(passage)
    if "?" not in p.text:
        return frozenset()
    texts = p.sentence_texts()
    return frozenset(i for i in range(n - 1) if texts[i].rstrip().rstrip("'\"’”").endswith("?"))


def _heads(query: Query) -> set[int]:
    """Terms of the counted word of a "how many" question (its last word and related words)."""
    if not query.counted:
        return set()
    return {t.term_id for t in query.terms if t.slot == query.counted[-1]}


def mistyped(index: SearchIndex, query: Query, passage: int, sentence: int) -> bool:
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


__all__ = [
    "FOCUS_WEIGHT",
    "SENTENCE_TYPE_BONUS",
    "UNKNOWN_WEIGHT",
    "best_sentence",
    "coverage",
    "dangling",
    "mistyped",
    "name_parts",
    "sentence_weights",
]
