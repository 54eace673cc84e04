"""Button custom_ids: they round-trip, fit in 100 characters and reject what they can't read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.discord_app.customids import (
    BadCustomId,
    HitsRef,
    ParagraphRef,
    SearchTerm,
    decode_source_page,
    decode_terms,
    encode_terms,
    source_page_id,
)
from bot.discord_app.engine import Engine
from bot.discord_app.limits import CUSTOM_ID
from bot.discord_app.views import BUTTONS, MoreButton, PageButton, ParagraphButton, UnknownButton
from index import AnswerKind, Conversation, Library, Query, SearchIndex


def _kind_and_state(custom_id: str) -> tuple[str, str]:
    _, kind, state = custom_id.split(":", 2)
    return kind, state


def test_a_search_reference_round_trips(seed_index: SearchIndex) -> None:
    library = Library(seed_index)
    query = library.read("How many US troops are in the region?")
    ref = HitsRef.of_query("more", library, query, article=0, shown=("8", "b"), start=3, count=5)
    custom_id = ref.encode()
    assert custom_id.startswith(f"ab:more:{library.identity.short}:0:8,b:3:5:n:")
    kind, state = _kind_and_state(custom_id)
    assert kind == "more" and HitsRef.decode("more", state) == ref
    assert ref.query(library) == query


def test_carried_terms_and_their_exact_weights_survive_encoding() -> None:
    terms = (SearchTerm(5), SearchTerm(1295, 0.4), SearchTerm(36, 0.0625), SearchTerm(37, 0.0625))
    assert decode_terms(encode_terms(terms)) == terms
    assert encode_terms(terms[2:]) == "10*.0625,11"


def test_a_long_question_is_cut_at_a_word_to_fit_100_characters(
    seed_index: SearchIndex,
) -> None:
    library = Library(seed_index)
    query = library.read(" ".join(seed_index.terms[:200]))
    ref = HitsRef.of_query("page", library, query, shown=("a", "c", "1"))
    assert len(ref.encode()) <= CUSTOM_ID
    assert query.text.startswith(ref.text + " ") and ref.text


def test_a_follow_ups_query_is_restored_with_its_carried_terms_and_kind(
    seed_index: SearchIndex,
) -> None:
    library = Library(seed_index)
    talk = Conversation()
    library.ask("How many troops does the UK have in Iraq?", conversation=talk)
    follow_up = library.ask("and the US?", conversation=talk).query
    assert follow_up.carried_terms and follow_up.kind is AnswerKind.NUMBER
    ref = HitsRef.of_query("more", library, follow_up)
    restored = HitsRef.decode("more", _kind_and_state(ref.encode())[1]).query(library)
    assert _ranked_by(restored) == _ranked_by(follow_up)


def _ranked_by(query: Query) -> Query:
    """The query without the word forms of carried terms (shown, never ranked by)."""
    terms = tuple(replace(t, form="") if t.carried else t for t in query.terms)
    return replace(query, terms=terms)


def test_what_year_keeps_its_strict_kind_through_a_button(seed_index: SearchIndex) -> None:
    library = Library(seed_index)
    query = library.read("What year was the resolution passed?")
    restored = HitsRef.of_query("more", library, query).query(library)
    assert query.strict and restored.strict and restored == query


@pytest.mark.parametrize(
    "state",
    [
        "",
        "a:b",
        "fp:-:1:0:3:n::",
        "fp:-:1:x:3:n::troops",
        "fp:-:1:0:3:q::troops",
        "fp:-:1:0:3:nx::troops",
        "fp:-:1:-4:3:n::troops",
        "fp:-:1:0:3:n:1*zz:troops",
        "fp:zz!:1:0:3:n::troops",
        "fp:-:1:0:x:n::troops",
        "fp:-:1;:0:3:n::troops",
    ],
)
def test_malformed_search_references_are_refused(state: str) -> None:
    with pytest.raises(BadCustomId):
        HitsRef.decode("more", state)


def test_paragraph_and_source_ids_round_trip() -> None:
    ref = ParagraphRef("abc123", 40, 17)
    assert ref.encode() == "ab:para:abc123:14:17"
    assert ParagraphRef.decode(_kind_and_state(ref.encode())[1]) == ref
    assert decode_source_page(_kind_and_state(source_page_id(12))[1]) == 12
    with pytest.raises(BadCustomId):
        ParagraphRef.decode("abc123:14")


def test_each_custom_id_matches_exactly_one_button_template(seed_index: SearchIndex) -> None:
    library = Library(seed_index)
    query = library.read("troops")
    ids = {
        MoreButton: HitsRef.of_query("more", library, query, shown=("1",)).encode(),
        PageButton: HitsRef.of_query("page", library, query, start=3).encode(),
        ParagraphButton: ParagraphRef("abc123", 0, 3).encode(),
        UnknownButton: "ab:gone:whatever",
    }
    for owner, custom_id in ids.items():
        matching = [b for b in BUTTONS if b.__discord_ui_compiled_template__.fullmatch(custom_id)]
        assert matching == [owner], custom_id


def test_a_reference_from_another_index_is_stale(seed_index: SearchIndex) -> None:
    from bot.discord_app.errors import StaleButton

    engine = Engine(seed_index)
    ref = HitsRef.of_query("more", engine.library, engine.library.read("troops"))
    with pytest.raises(StaleButton):
        engine.hits(replace(ref, index_id="0ld0ld"))
    with pytest.raises(StaleButton):
        engine.hits(replace(ref, carried=(SearchTerm(10**6),)))
    with pytest.raises(StaleButton):
        engine.hits(replace(ref, shown=("zz",)))
    with pytest.raises(StaleButton):
        engine.paragraph(ParagraphRef(engine.index_id, 0, 999))


@pytest.mark.parametrize("kind", list(AnswerKind))
def test_every_answer_kind_survives_encoding(seed_index: SearchIndex, kind: AnswerKind) -> None:
    library = Library(seed_index)
    query = replace(library.read("troops"), kind=kind)
    ref = HitsRef.of_query("page", library, query)
    _, state = _kind_and_state(ref.encode())
    assert HitsRef.decode("page", state).query(library).kind is kind
