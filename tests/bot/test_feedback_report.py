"""The feedback report: counts per day and article, unanswered groups, down-voted answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.feedback import Reason, store
from bot.feedback.report import build_report, terms_key, unanswered_groups
from tests.bot.feedback_helpers import DAY, NOW, answer, vote

SECRET = b"s" * 64


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A database of 9 answers over three days and two articles, with votes."""
    path = tmp_path / "f.db"
    w = store.open_db(path)
    day1, day2, day3 = NOW - 2 * DAY, NOW - DAY, NOW
    answers = [
        answer(1, at=day1, article="art-a"),
        answer(
            2,
            at=day1,
            article="art-a",
            abstained=True,
            question="How old is Esper?",
            query="old esper",
        ),
        answer(
            3,
            at=day2,
            article="art-a",
            abstained=True,
            question="Esper, how old?",
            query="esper old",
        ),
        answer(
            4,
            at=day2,
            article="art-b",
            abstained=True,
            question="how OLD is esper",
            query="old esper",
        ),
        answer(5, at=day2, article="art-b"),
        answer(
            6,
            at=day3,
            article="art-b",
            abstained=True,
            question="Who won the match?",
            query="won match",
        ),
        answer(7, at=day3, article=None, abstained=True, question="??", query=""),
        answer(8, at=day3, article="art-a", passage="art-a:4"),
        answer(9, at=day3, article="art-b", passage="art-b:2"),
    ]
    votes = [
        vote(8, 1, -1, reason=Reason.WRONG_PASSAGE),
        vote(8, 2, -1, reason=Reason.WRONG_PASSAGE),
        vote(8, 3, -1),
        vote(8, 4, 1),
        vote(9, 1, -1, reason=Reason.OUT_OF_DATE),
        vote(1, 1, 1),
        vote(5, 2, 1),
    ]
    store.write(w, answers, votes, SECRET)
    w.close()
    reader = store.open_read(path)
    yield reader
    reader.close()


def test_questions_are_counted_per_day_with_their_abstentions(conn: sqlite3.Connection) -> None:
    report = build_report(conn)
    assert [(d.questions, d.unanswered) for d in report.days] == [(2, 1), (3, 2), (4, 2)]
    assert (report.questions, report.unanswered, report.up, report.down) == (9, 5, 3, 4)


def test_abstention_rate_is_given_per_article(conn: sqlite3.Connection) -> None:
    rates = {a.article_id: (a.questions, a.unanswered) for a in build_report(conn).articles}
    assert rates == {"art-a": (4, 2), "art-b": (4, 2), None: (1, 1)}


def test_unanswered_questions_with_the_same_searched_terms_form_one_group(
    conn: sqlite3.Connection,
) -> None:
    groups = unanswered_groups(conn)
    assert [(g.terms, g.count) for g in groups] == [("esper old", 3), ("", 1), ("match won", 1)]
    esper = groups[0]
    assert set(esper.questions) == {"How old is Esper?", "Esper, how old?", "how OLD is esper"}
    assert terms_key("Old  ESPER old") == "esper old"


def test_an_unanswered_group_exports_as_an_unlabelled_eval_case(conn: sqlite3.Connection) -> None:
    from index import parse_case

    case = unanswered_groups(conn)[0].to_case()
    assert case["answers"] == [] and case["asked"] == 3 and case["searched"] == "esper old"
    [parsed] = parse_case(case)
    assert parsed.question == case["question"] and parsed.answers == ()


def test_the_most_down_voted_answers_come_first_with_their_reasons(
    conn: sqlite3.Connection,
) -> None:
    down = build_report(conn).downvoted
    assert [(d.answer_id, d.down, d.up) for d in down] == [(8, 3, 1), (9, 1, 0)]
    assert down[0].passage_id == "art-a:4"
    assert down[0].reasons == (("wrong_passage", 2), ("none given", 1))
    assert down[1].reasons == (("out_of_date", 1),)


def test_since_leaves_out_older_answers_and_their_votes(conn: sqlite3.Connection) -> None:
    report = build_report(conn, since=NOW - DAY / 2)
    assert (report.questions, report.unanswered, report.up, report.down) == (4, 2, 1, 4)
    assert [g.terms for g in report.top_unanswered] == ["", "match won"]


def test_article_narrows_every_part_of_the_report(conn: sqlite3.Connection) -> None:
    report = build_report(conn, article="art-b")
    assert (report.questions, report.unanswered, report.up, report.down) == (4, 2, 1, 1)
    assert [a.article_id for a in report.articles] == ["art-b"]
    assert [d.answer_id for d in report.downvoted] == [9]
    assert [g.count for g in report.top_unanswered] == [1, 1]


def test_limit_caps_the_ranked_lists(conn: sqlite3.Connection) -> None:
    report = build_report(conn, limit=1)
    assert len(report.top_unanswered) == 1 and len(report.downvoted) == 1


def test_the_json_form_names_reasons_and_rates(conn: sqlite3.Connection) -> None:
    out = build_report(conn).to_json()
    assert out["reasons"] == {"wrong_passage": 2, "none given": 1, "out_of_date": 1}
    assert out["downvoted"][0]["reasons"] == {"wrong_passage": 2, "none given": 1}
    assert {a["article_id"]: a["rate"] for a in out["articles"]}["art-a"] == 0.5
    assert out["since"] is None


def test_a_server_sees_only_its_own_answers(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    w = store.open_db(path)
    mine = [answer(1, guild=5), answer(2, guild=5, abstained=True, query="esper")]
    theirs = [answer(3, guild=6, abstained=True, query="secret"), answer(4, guild=6)]
    store.write(w, mine + theirs, [vote(4, 1, -1), vote(2, 1, -1)], SECRET)
    w.close()
    reader = store.open_read(path)
    report = build_report(reader, guild=5)
    reader.close()
    assert (report.questions, report.unanswered, report.down) == (2, 1, 1)
    assert [u.terms for u in report.top_unanswered] == ["esper"]
    assert [d.answer_id for d in report.downvoted] == [2]


def test_the_discord_summary_stays_within_discords_limits_however_long_the_text() -> None:
    from bot.discord_app.format_report import report_embed
    from bot.discord_app.limits import embed_problems
    from bot.feedback.report import ArticleRate, Day, Downvoted, FeedbackReport, Unanswered

    long = "**bold** <@123> @everyone " + "why " * 1500
    report = FeedbackReport(
        since=None,
        article="art-a",
        questions=10**6,
        unanswered=10**5,
        up=1,
        down=2,
        days=tuple(Day(f"2026-11-{d:02d}", 99, 9) for d in range(1, 31)),
        articles=tuple(ArticleRate("x" * 500, 10, 5) for _ in range(50)),
        top_unanswered=tuple(
            Unanswered(long, 3, (long,), "a", "2026-11-30T00:00:00Z") for _ in range(10)
        ),
        downvoted=tuple(
            Downvoted(i, long, "a", "a:1", False, 3, 1, (("wrong_passage", 3),)) for i in range(10)
        ),
    )
    embed = report_embed(report, "all recorded answers", {"art-a": "T" * 400})
    assert embed_problems(embed) == []
    text = "\n".join(f.value or "" for f in embed.fields)
    assert "**bold**" not in text  # people's text is shown as typed, not as markdown
