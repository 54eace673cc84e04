"""Button custom_ids: they round-trip, fit in 100 characters and reject what they can't read."""

from __future__ import annotations

import pytest

from bot.discord_app.customids import (
    BadCustomId,
    HitsRef,
    ParagraphRef,
    SearchTerm,
    decode_source_page,
    fingerprint,
    source_page_id,
)
from bot.discord_app.engine import Engine
from bot.discord_app.limits import CUSTOM_ID
from bot.discord_app.views import BUTTONS, MoreButton, PageButton, ParagraphButton, UnknownButton
from index.query import parse_query
from index.searchindex import SearchIndex


def _kind_and_state(custom_id: str) -> tuple[str, str]:
    _, kind, state = custom_id.split(":", 2)
    return kind, state


def test_a_search_reference_round_trips(seed_index: SearchIndex) -> None:
    query = parse_query(seed_index, "How many US troops are in the region?")
    ref = HitsRef.of_query(
        "more",
        seed_index,
        query,
        article=0,
        shown=("0.8", "0.11-2"),
        start=3,
        count=5,
        question_kind="number",
    )
    custom_id = ref.encode()
    assert custom_id.startswith(f"ab:more:{fingerprint(seed_index)}:0:0.8,0.11-2:3:5:n:")
    kind, state = _kind_and_state(custom_id)
    assert kind == "more" and HitsRef.decode("more", state) == ref
    assert {t.term_id for t in ref.terms} == {t.term_id for t in query.terms}


def test_weights_and_carried_terms_survive_encoding() -> None:
    for term in (SearchTerm(5), SearchTerm(1295, 0.4), SearchTerm(36, 0.6, carried=True)):
        assert SearchTerm.decode(term.encode()) == term
    assert SearchTerm(36, 0.6, carried=True).encode() == "~10*60"


def test_a_long_question_keeps_its_rarest_terms_within_100_characters(
    seed_index: SearchIndex,
) -> None:
    words = " ".join(seed_index.terms[:200])
    query = parse_query(seed_index, words)
    ref = HitsRef.of_query("page", seed_index, query, shown=("a.10", "b.12-3", "c.1"))
    assert len(ref.encode()) <= CUSTOM_ID
    idf = seed_index.matrix.idf
    kept = [t.weight * float(idf[t.term_id]) for t in ref.terms]
    dropped = [
        t.weight * float(idf[t.term_id])
        for t in query.terms
        if t.term_id not in {k.term_id for k in ref.terms}
    ]
    assert dropped and min(kept) >= max(dropped) - 1e-9


@pytest.mark.parametrize(
    "state",
    [
        "",
        "a:b",
        "fp:-:0.1:0:3:n:",
        "fp:-:0.1:x:3:n:1",
        "fp:-:0.1:0:3:q:1",
        "fp:-:0.1:-4:3:n:1",
        "fp:-:0.1:0:3:n:1*zz",
        "fp:zz!:0.1:0:3:n:1",
        "fp:-:0:0:3:n:1",
        "fp:-:0.1;:0:3:n:1",
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
    query = parse_query(seed_index, "troops")
    ids = {
        MoreButton: HitsRef.of_query("more", seed_index, query, shown=("0.1",)).encode(),
        PageButton: HitsRef.of_query("page", seed_index, query, start=3).encode(),
        ParagraphButton: ParagraphRef("abc123", 0, 3).encode(),
        UnknownButton: "ab:gone:whatever",
    }
    for owner, custom_id in ids.items():
        matching = [b for b in BUTTONS if b.__discord_ui_compiled_template__.fullmatch(custom_id)]
        assert matching == [owner], custom_id


def test_a_reference_from_another_index_is_stale(seed_index: SearchIndex) -> None:
    from bot.discord_app.errors import StaleButton

    engine = Engine(seed_index)
    ref = HitsRef("more", "0ld0ld", None, (), 0, 3, "", (SearchTerm(0),))
    with pytest.raises(StaleButton):
        engine.hits(ref)
    fresh = HitsRef("more", engine.fingerprint, None, (), 0, 3, "", (SearchTerm(10**6),))
    with pytest.raises(StaleButton):
        engine.hits(fresh)
    with pytest.raises(StaleButton):
        engine.hits(HitsRef("more", engine.fingerprint, None, ("9.1",), 0, 3, "", (SearchTerm(0),)))
    with pytest.raises(StaleButton):
        engine.paragraph(ParagraphRef(engine.fingerprint, 0, 999))


@pytest.mark.parametrize("question_kind", ["number", "compare", "date", "person", ""])
def test_every_question_type_survives_encoding(seed_index: SearchIndex, question_kind: str) -> None:
    query = parse_query(seed_index, "troops")
    ref = HitsRef.of_query("page", seed_index, query, question_kind=question_kind)
    _, state = _kind_and_state(ref.encode())
    assert HitsRef.decode("page", state).question_kind == question_kind
