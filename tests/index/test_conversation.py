"""Conversations: follow-up detection, what is carried over, topic switches, bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.conversation import Conversation
from index.errors import SettingsError
from index.evaluation import Case, evaluate, parse_case
from index.models import Answer
from index.reading import Carry, names_in, reference
from index.searchindex import SearchIndex
from index.tokenizer import words
from tests.asking import ask


def talk(index: SearchIndex, *questions: str) -> Conversation:
    conv = Conversation()
    for q in questions:
        conv.ask(index, q)
    return conv


def carried(conv: Conversation) -> dict[str, float]:
    return {t.form: t.weight for t in conv.turns[-1].carried}


def read(question: str, searchable: frozenset[str] = frozenset()) -> Carry | None:
    ref = reference(words(question), searchable)
    return ref[0] if ref else None


def seed_conversations(data_dir: Path) -> list[list[Case]]:
    lines = (data_dir / "seed_conversations.jsonl").read_text(encoding="utf-8").splitlines()
    return [parse_case(json.loads(line)) for line in lines if line.strip()]


# -- reading a question ----------------------------------------------------------------------


def test_first_question_carries_nothing(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "What did he threaten?")
    assert not conv.turns[-1].reading.follow_up
    assert conv.turns[-1].carried == ()


@pytest.mark.parametrize("aside", ["thanks!", "lol", "ok thx"])
def test_a_turn_that_asks_nothing_answers_nothing_and_keeps_the_topic(
    seed_index: SearchIndex, aside: str
) -> None:
    conv = talk(seed_index, "Who is Ali Shamkhani?")
    ans = conv.ask(seed_index, aside)
    assert ans.query == "" and ans.carried == () and all(h.score <= 0 for h in ans.hits)
    assert len(conv.turns) == 1
    conv.ask(seed_index, "What did he threaten?")
    assert set(carried(conv)) == {"ali", "shamkhani"}


@pytest.mark.parametrize("then", ["What did he threaten?", "what about the US?"])
def test_a_leading_so_reads_as_the_question_without_it(seed_index: SearchIndex, then: str) -> None:
    first = "Who is Ali Shamkhani?"
    plain = talk(seed_index, first, then).turns[-1]
    so = talk(seed_index, first, "so " + then[:1].lower() + then[1:]).turns[-1]
    assert (so.reading, so.carried) == (plain.reading, plain.carried)


def test_pronoun_follow_up_carries_the_name_below_own_weight(seed_index: SearchIndex) -> None:
    conv = Conversation()
    conv.ask(seed_index, "Who is Ali Shamkhani?")
    ans = conv.ask(seed_index, "What did he threaten?")
    assert conv.turns[-1].reading.carry is Carry.TOPIC
    assert set(carried(conv)) == {"ali", "shamkhani"}
    assert all(0 < w < 1 for w in carried(conv).values())
    assert ans.carried == ("ali", "shamkhani")
    assert ans.query.endswith("ali shamkhani")  # carried words are shown last


def test_it_follow_up_carries_the_topic_words(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "What did the Iraqi parliament vote for?", "Is it legally binding?")
    assert conv.turns[-1].reading.carry is Carry.THING
    assert {"iraqi", "parliament", "vote"} <= set(carried(conv))
    # "it" is a thing the topic's words name as much as its names do
    assert carried(conv)["iraqi"] == carried(conv)["vote"] < 1


def test_they_carries_the_topics_names_above_its_words(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "What did the Iraqi parliament vote for?", "What did they say?")
    assert conv.turns[-1].reading.carry is Carry.TOPIC
    assert carried(conv)["iraqi"] > carried(conv)["vote"]  # names weigh more than words


def test_question_naming_someone_new_is_a_new_topic(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "Who is Ali Shamkhani?", "What did Boris Johnson call for?")
    assert not conv.turns[-1].reading.follow_up
    assert conv.turns[-1].carried == ()


def test_elliptical_question_with_a_new_name_asks_the_same_of_it(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "How many troops does the UK have in Iraq?", "and the US?")
    assert conv.turns[-1].reading.carry is Carry.PREDICATE
    assert "troops" in carried(conv)
    assert not {"uk", "iraq"} & set(carried(conv))


def test_very_short_question_is_a_follow_up(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "Where did the MoD send military planners?", "how many?")
    assert conv.turns[-1].reading.follow_up
    assert {"mod", "planners"} <= set(carried(conv))


def test_question_naming_nothing_is_a_follow_up(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "Who is Mark Esper?", "what was decided about withdrawing troops")
    assert conv.turns[-1].reading.reason == "names nothing"
    assert {"mark", "esper"} <= set(carried(conv))


def test_named_referent_carries_names_lightly(seed_index: SearchIndex) -> None:
    conv = talk(
        seed_index, "Why are British and American forces under threat?", "what does this bill ban?"
    )
    assert conv.turns[-1].reading.carry is Carry.NAMED
    assert set(carried(conv)) <= {"british", "american"}
    assert max(carried(conv).values()) < 0.5


def test_bare_that_carries_words_of_the_previous_answer(seed_index: SearchIndex) -> None:
    conv = Conversation()
    first = conv.ask(seed_index, "How many US troops are in the region?")
    conv.ask(seed_index, "how does that compare with the UK?")
    assert conv.turns[-1].reading.carry is Carry.STATEMENT
    said = {w.form for w in words(first.hits[0].sentence_text)}
    assert set(carried(conv)) - {"us"} <= said
    assert set(carried(conv)) - {"us", "troops", "region"}  # something the question lacked


def test_older_questions_weigh_less(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "Who is Ali Shamkhani?", "What did he threaten?")
    near = carried(conv)["shamkhani"]
    conv.ask(seed_index, "What did he say?")
    assert carried(conv)["shamkhani"] < near


def test_references_are_found_in_general_english() -> None:
    assert read("What did she say?") is Carry.TOPIC
    assert read("Is it legally binding?") is Carry.THING
    assert read("Where are they now?") is Carry.TOPIC
    assert read("What happened there?") is Carry.TOPIC
    assert read("what about the other one?") is Carry.TOPIC
    assert read("Who reported that?") is Carry.STATEMENT
    assert read("When was that meeting?", frozenset({"meeting"})) is Carry.NAMED


def test_relative_that_and_existential_there_are_not_references() -> None:
    assert read("Who ordered the strikes that killed Soleimani?") is None
    assert read("Are there British troops in Iraq?") is None


def test_names_are_capitalised_inside_a_sentence_or_acronyms() -> None:
    assert names_in("Who is Ali Shamkhani?") == {"ali", "shamkhani"}
    assert names_in("What did the Prime Minister's spokesman say?") == {"prime", "minister"}
    assert names_in("how many troops does the US have") == {"us"}
    assert names_in("When did it start?") == frozenset()


# -- topic switches in the seed conversations ------------------------------------------------


def test_topic_switch_carries_nothing_over(seed_index: SearchIndex, data_dir: Path) -> None:
    switches = 0
    for cases in seed_conversations(data_dir):
        conv = Conversation()
        for case in cases:
            ans = conv.ask(seed_index, case.question)
            if case.switch:
                switches += 1
                assert not conv.turns[-1].reading.follow_up, case.question
                assert ans.carried == (), case.question
    assert switches == 4


def test_follow_ups_do_better_with_the_conversation_than_alone(
    seed_index: SearchIndex, data_dir: Path
) -> None:
    cases = seed_conversations(data_dir)

    def run(max_turns: int) -> float:
        def ask(turns: list[Case]) -> list[Answer]:
            conv = Conversation(max_turns)
            return [conv.ask(seed_index, c.question, k=10) for c in turns]

        return evaluate(cases, ask).follow_up.sentence_at_1

    assert run(3) > run(0)


def test_single_questions_are_answered_as_without_a_conversation(
    seed_index: SearchIndex, data_dir: Path
) -> None:
    lines = (data_dir / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines()
    for line in filter(str.strip, lines):
        question = json.loads(line)["question"]
        alone = ask(seed_index, question, k=3)
        assert Conversation().ask(seed_index, question, k=3).to_json() == alone.to_json()


def test_follow_up_about_what_the_article_never_says_abstains(seed_index: SearchIndex) -> None:
    conv = Conversation()
    conv.ask(seed_index, "Who is Mark Esper?")
    assert conv.ask(seed_index, "Is he married?").abstained


# -- state -----------------------------------------------------------------------------------


def test_reset_starts_a_new_topic(seed_index: SearchIndex) -> None:
    conv = talk(seed_index, "Who is Ali Shamkhani?")
    conv.reset()
    conv.ask(seed_index, "What did he threaten?")
    assert conv.turns[-1].carried == ()


def test_turns_are_bounded_and_only_the_latest_answer_is_kept(seed_index: SearchIndex) -> None:
    conv = Conversation(max_turns=2)
    for q in [
        "Who is Mark Esper?",
        "What did he say?",
        "Who is Ali Shamkhani?",
        "What did he threaten?",
        "how many?",
    ]:
        conv.ask(seed_index, q)
    assert len(conv.turns) == 2
    assert [bool(t.answer) for t in conv.turns][:-1] == [False]


def test_no_memory_means_every_question_stands_alone(seed_index: SearchIndex) -> None:
    conv = Conversation(max_turns=0)
    conv.ask(seed_index, "Who is Ali Shamkhani?")
    ans = conv.ask(seed_index, "What did he threaten?")
    assert ans.carried == ()
    assert len(conv.turns) == 0


def test_negative_max_turns_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="max_turns"):
        Conversation(max_turns=-1)


def test_same_questions_give_the_same_answers(seed_index: SearchIndex) -> None:
    questions = ["Who is Ali Shamkhani?", "What did he threaten?", "and the US?", "when?"]
    runs = []
    for _ in range(2):
        conv = Conversation()
        runs.append([conv.ask(seed_index, q).to_json() for q in questions])
    assert runs[0] == runs[1]
