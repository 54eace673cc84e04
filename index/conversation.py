"""Conversation: the recent turns of one asker in one place, and follow-up questions.

People don't repeat themselves: after "Who is Ali Shamkhani?" comes "What did he threaten?".
Each question is first *read*: a follow-up of the current topic or a new topic. A follow-up is
searched with its own terms plus terms carried from earlier turns, weighted below its own
(``QueryTerm.carried``); a new topic starts afresh. The reading, in order:

1. The first question of a conversation is a new topic.
2. A reference back makes a follow-up, and its kind decides what is carried:
   a pronoun ("he", "his", "they"), "there", "the one", or an opener ("and …?",
   "what about …?") points at the topic: its names, and its rarer words at half weight;
   "it" stands for a thing the topic named in words as much as in names: both at full
   carried weight;
   "this bill", "that meeting" name their referent themselves: the topic's names, lightly;
   a bare "that" or "this" points at what was just said: the topic's names and the words of
   the previous answer's sentence;
   an opener with a new name ("and the US?", "what about Germany?"; typed in lowercase,
   "and ebbers?", a word the article writes capitalised) asks the same thing of someone
   else: the topic's words, not its names.
3. A name the topic has not mentioned (capitalised inside the question, or an acronym)
   makes a new topic.
4. A very short question, one that names nothing, or one whose own words retrieve weakly
   (the engine abstains on them alone) is a follow-up carrying the topic; else a new topic.

A follow-up stays in the article the topic was answered from (or, when the engine declined,
the article of the closest passage it showed), unless it names someone that article never
mentions or its own words clearly belong to another article that covers more (a wider win,
``index.choice.STAY_WIN``, than a first question needs to choose its article).
The topic is the questions since the last new topic, newest weighing most. The bot's answer
is carried only for the bare "that": carrying answer text in general pulls every follow-up back
to the paragraph already shown (measured in README, "Follow-up questions"; TREC CAsT found
the same). Deterministic; memory is bounded by ``max_turns``.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

from index.answering import answer, best_coverage
from index.answertype import AnswerKind
from index.choice import STAY_WIN, chosen_article
from index.errors import SettingsError
from index.models import Answer
from index.query import Query, QueryTerm, parse_query
from index.reading import (
    OPENERS,
    Carry,
    Reading,
    is_function,
    names_in,
    names_of,
    reference,
    tokens_of,
)
from index.searchindex import SearchIndex
from index.tokenizer import Word

MAX_TURNS = 3
MAX_CARRIED = 8
AGE_DECAY = 0.5
RARE_IDF_SHARE = 0.3
SHORT_WORDS = 1
MAX_REMEMBERED_CHARS = 600


# What each reading carries, as weights (own terms weigh 1) of the topic's names, of its other
# rare words, and of the previous answer's words; older questions weigh AGE_DECAY less a turn.
NAME_WEIGHT = 0.5
WORD_WEIGHT = 0.25
ANSWER_WEIGHT = 0.3
CARRY_WEIGHTS: dict[Carry, tuple[float, float, float]] = {
    Carry.NOTHING: (0.0, 0.0, 0.0),
    Carry.TOPIC: (NAME_WEIGHT, WORD_WEIGHT, 0.0),
    Carry.THING: (NAME_WEIGHT, NAME_WEIGHT, 0.0),
    Carry.NAMED: (WORD_WEIGHT, 0.0, 0.0),
    Carry.STATEMENT: (NAME_WEIGHT, 0.0, ANSWER_WEIGHT),
    Carry.PREDICATE: (0.0, NAME_WEIGHT, 0.0),
}


@dataclass(frozen=True, slots=True)
class Turn:
    """One asked question: its own words' terms, the names in it, how it was read, and (for
    the latest turn only) the sentence that answered it."""

    question: str
    terms: tuple[QueryTerm, ...]
    names: frozenset[str]
    reading: Reading
    carried: tuple[QueryTerm, ...] = ()
    answer: str = ""
    kind: AnswerKind = AnswerKind.ANY  # what the question itself asks for
    article: str | None = None  # the article of its answer or closest passage


@dataclass(slots=True)
class Conversation:
    """The last ``max_turns`` questions of one conversation; each new one is read in their light.

    ``max_turns=0`` remembers nothing: every question stands alone. Not thread-safe: one
    conversation belongs to one asker in one place.
    """

    max_turns: int = MAX_TURNS
    turns: deque[Turn] = field(init=False)

    def __post_init__(self) -> None:
        if self.max_turns < 0:
            raise SettingsError(f"max_turns must be >= 0, got {self.max_turns}")
        self.turns = deque(maxlen=self.max_turns)

    def ask(
        self, index: SearchIndex, question: str, k: int = 3, article: str | None = None
    ) -> Answer:
        """Answer ``question`` as the next turn (a follow-up carries terms of earlier turns)."""
        own = parse_query(index, question)
        if own.asks_nothing:  # "thanks", "lol": the conversation stays as it was
            return answer(index, own, k=k, article=article)
        text, tokens = tokens_of(own.meant or own.text)
        names = names_of(text, tokens)
        reading = self._read(index, question, own, tokens, names, article)
        carried = self._carry(index, own, reading.carry)
        query = own.with_carried(carried) if carried else own
        if own.kind is AnswerKind.ANY and reading.follow_up and self.topic:
            # "and the US?" after "How many UK troops…?" still asks for a number. (Only for
            # follow-ups with no question word of their own, "which team does he own?" after
            # "how old is he?" not: 2 fewer right on the development sets; docs/quality.md.)
            query = replace(query, kind=self.topic[-1].kind)
        kept = article or self._kept_article(index, own, reading, names)
        ans = answer(index, query, k=k, article=kept)
        said = "" if ans.abstained or not ans.hits else ans.hits[0].sentence_text
        # Declined, the answer still showed its closest passage: the conversation is there.
        about = ans.hits[0].article.id if ans.hits else kept
        if self.turns and self.turns[-1].answer:
            self.turns[-1] = replace(self.turns[-1], answer="")  # only the latest is carried
        self.turns.append(
            Turn(
                question[:MAX_REMEMBERED_CHARS],
                tuple(t for t in own.terms if not t.related),
                names,
                reading,
                tuple(t for t in query.terms if t.carried),
                said[:MAX_REMEMBERED_CHARS],
                own.kind,
                about,
            )
        )
        return ans

    def _kept_article(
        self, index: SearchIndex, own: Query, reading: Reading, names: frozenset[str]
    ) -> str | None:
        """The article a follow-up stays in: the one the topic was answered from, unless the
        question names someone that article never mentions, or its own words clearly belong
        to another article, which covers more of them."""
        topic = self.topic
        if not reading.follow_up or not topic or topic[-1].article is None:
            return None
        kept = topic[-1].article
        meta = index.find_article(kept)
        seen = {t.form for turn in topic for t in turn.terms} | {n for t in topic for n in t.names}
        if names - seen:
            present: set[int] = set()
            for p in range(meta.first_passage, meta.first_passage + meta.passage_count):
                present.update(index.passage_term_ids(p))
            for name in names - seen:
                tid = index.term_of(name)
                if tid is None or tid not in present:
                    return None
        elsewhere = chosen_article(index, own, STAY_WIN)
        if elsewhere is not None and elsewhere != meta.number:
            there = answer(index, own, k=1, article=index.articles[elsewhere].id)
            # The kept article's answer is only needed when its best coverage could be higher.
            if not there.abstained and (
                there.coverage > best_coverage(index, own, kept)
                or there.coverage > answer(index, own, 1, kept).coverage
            ):
                return None
        return kept

    def reset(self) -> None:
        """Forget every turn: the next question starts a new topic."""
        self.turns.clear()

    @property
    def topic(self) -> list[Turn]:
        """The remembered turns of the current topic, oldest first."""
        out: list[Turn] = []
        for turn in reversed(self.turns):
            out.append(turn)
            if not turn.reading.follow_up:
                break
        return out[::-1]

    def _read(
        self,
        index: SearchIndex,
        question: str,
        own: Query,
        tokens: list[Word],
        names: frozenset[str],
        article: str | None,
    ) -> Reading:
        """Decide whether ``question`` follows up the current topic, and what it carries."""
        topic = self.topic
        if not topic:
            return Reading(Carry.NOTHING, "first question")
        seen = {t.form for turn in topic for t in turn.terms} | {
            n for turn in topic for n in turn.names
        }
        new_names = sorted(names - seen)
        ref = reference(tokens, frozenset(t.form for t in own.terms if not t.related))
        if ref:
            carry, by = ref
            if by in (" ".join(o) for o in OPENERS):
                if not any(c.isupper() for c in question) and topic[-1].article is not None:
                    # "and ebbers?" typed in lowercase: its names are what the article
                    # writes capitalised.
                    lowered = _written_as_names(index, topic[-1].article, tokens)
                    new_names = sorted((names | lowered) - seen)
                if new_names:
                    return Reading(Carry.PREDICATE, f"asks the same of {new_names[0]!r}")
            return Reading(carry, f"refers back: {by!r}")
        if new_names:
            return Reading(Carry.NOTHING, f"new name: {new_names[0]!r}")
        if sum(not is_function(w) for w in tokens) <= SHORT_WORDS:
            return Reading(Carry.TOPIC, "short question")
        if not names:
            return Reading(Carry.TOPIC, "names nothing")
        if answer(index, own, k=1, article=article).abstained:
            return Reading(Carry.TOPIC, "own words retrieve weakly")
        return Reading(Carry.NOTHING, "new topic")

    def _carry(self, index: SearchIndex, own: Query, carry: Carry) -> list[QueryTerm]:
        """The words a reading carries, at most ``MAX_CARRIED`` (the heaviest by weight × idf)."""
        name_w, word_w, said_w = CARRY_WEIGHTS[carry]
        topic = self.topic
        sources = [
            (t.terms, t.names, name_w * AGE_DECAY**age, word_w * AGE_DECAY**age)
            for age, t in enumerate(reversed(topic))
        ]
        if said_w and topic and topic[-1].answer:
            said = topic[-1].answer
            sources.append((parse_query(index, said).terms, names_in(said), said_w, said_w))
        idf = index.matrix.idf
        rare = RARE_IDF_SHARE * math.log(index.n_passages + 1)
        own_ids = {t.term_id for t in own.terms}
        chosen: dict[int, QueryTerm] = {}
        for terms, names, for_name, for_word in sources:
            for t in terms:
                if t.related or t.term_id in own_ids:
                    continue  # the asker's words, not the engine's expansions of them
                w = for_name if t.form in names else for_word if idf[t.term_id] >= rare else 0.0
                if w > 0 and (t.term_id not in chosen or w > chosen[t.term_id].weight):
                    chosen[t.term_id] = QueryTerm(t.form, t.term_id, w, carried=True)
        kept = sorted(chosen.values(), key=lambda t: -t.weight * float(idf[t.term_id]))
        keep = {t.term_id for t in kept[:MAX_CARRIED]}
        return [t for t in chosen.values() if t.term_id in keep]  # in the order they were asked


def _written_as_names(index: SearchIndex, article: str, tokens: list[Word]) -> frozenset[str]:
    """The content words of ``tokens`` that ``article`` writes capitalised inside its
    sentences and never in lowercase ("ebbers": "…following Mr Ebbers' trial")."""
    wanted = {w.form for w in tokens if not is_function(w)}
    upper: set[str] = set()
    lower: set[str] = set()
    meta = index.find_article(article)
    for p in range(meta.first_passage, meta.first_passage + meta.passage_count):
        text, found = tokens_of(index.passage(p).text)
        for i, w in enumerate(found):
            if w.form not in wanted:
                continue
            if text[w.start].islower():
                lower.add(w.form)
            elif i and text[found[i - 1].end : w.start].strip() not in (".", "?", "!"):
                upper.add(w.form)
    return frozenset(upper - lower)


__all__ = ["CARRY_WEIGHTS", "Conversation", "Turn"]
