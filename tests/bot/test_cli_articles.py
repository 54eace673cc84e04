"""``articlebot add``, ``list`` and ``remove`` as users run them, against a local news server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clirun import cli_env, invoke_cli
from tests.newspages import BODY, FURNITURE, NewsServer, Route, news_page, serving

ALLOW = {"ARTICLEBOT_FETCH_ALLOW_PRIVATE": "true"}


@pytest.fixture
def server() -> Iterator[NewsServer]:
    with serving("127.0.0.1") as s:
        yield s


def run(tmp_path: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return invoke_cli(["--corpus", "news", *args], tmp_path, stdin, {**cli_env(), **(env or {})})


def _listed(tmp_path: Path) -> list[dict[str, object]]:
    out = run(tmp_path, "list", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["articles"]  # type: ignore[no-any-return]


def test_add_a_link_then_list_and_ask(tmp_path: Path, server: NewsServer) -> None:
    url = server.page("/news/bridge", news_page())
    added = run(tmp_path, "add", "--json", url, env=ALLOW)
    assert added.returncode == 0, added.stderr
    obj = json.loads(added.stdout)
    assert obj["title"] == "Harbour bridge reopens after two years of repairs"
    assert (obj["source"], obj["published"], obj["paragraphs"]) == (
        "The Coastal Gazette",
        "2024-03-15",
        5,
    )
    assert obj["url"] == "https://gazette.example.com/news/harbour-bridge-reopens"
    assert [a["id"] for a in _listed(tmp_path)] == [obj["id"]]
    asked = run(tmp_path, "ask", "--json", "How many steel cables did engineers replace?")
    assert asked.returncode == 0, asked.stderr
    top = json.loads(asked.stdout)["answers"][0]
    assert "212 steel cables" in top["sentence"]
    assert top["article"]["id"] == obj["id"]
    assert "rebuilt" not in asked.stderr  # add left a fresh index: no rebuild on ask


def test_the_corpus_file_holds_the_body_and_none_of_the_furniture(
    tmp_path: Path, server: NewsServer
) -> None:
    run(tmp_path, "add", server.page("/s", news_page()), env=ALLOW)
    (file,) = (tmp_path / "news").glob("*.txt")
    text = file.read_text(encoding="utf-8")
    assert all(p in text for p in BODY)
    assert not [k for k, sentence in FURNITURE.items() if sentence in text]
    assert text.startswith("title: Harbour bridge reopens")


def test_adding_the_same_link_again_updates_it(tmp_path: Path, server: NewsServer) -> None:
    url = server.page("/s", news_page())
    run(tmp_path, "add", url, env=ALLOW)
    server.page("/s", news_page(title="Harbour bridge reopens to cheers"))
    again = run(tmp_path, "add", url, env=ALLOW)
    assert again.returncode == 0
    assert again.stdout.startswith("updated ")
    assert [a["title"] for a in _listed(tmp_path)] == ["Harbour bridge reopens to cheers"]


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:{port}/s", "http://[::1]:{port}/s", "http://2130706433:{port}/s"]
)
def test_loopback_is_refused_without_the_setting_and_nothing_is_written(
    tmp_path: Path, server: NewsServer, url: str
) -> None:
    server.page("/s", news_page())
    out = run(tmp_path, "add", url.format(port=server.port))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "loopback address" in out.stderr
    assert not (tmp_path / "news").exists() and not (tmp_path / ".index").exists()
    assert server.requests == []


def test_a_redirect_to_loopback_is_refused(tmp_path: Path, server: NewsServer) -> None:
    server.page("/s", news_page())
    out = run(tmp_path, "add", server.url("/s").replace("127.0.0.1", "localhost"))
    assert out.returncode == 2
    assert "localhost is 127.0.0.1, a loopback address" in out.stderr


@pytest.mark.parametrize(
    ("route", "code", "says"),
    [
        (Route(b"%PDF-1.7 ...", "application/pdf"), 2, "is application/pdf, not a web page"),
        (Route(b"<html><body><nav>Home</nav></body></html>"), 2, "no article text"),
        (Route(b"gone", "text/plain", 410), 1, "HTTP 410"),
    ],
)
def test_each_failure_is_one_line_with_its_exit_code(
    tmp_path: Path, server: NewsServer, route: Route, code: int, says: str
) -> None:
    server.routes["/x"] = route
    out = run(tmp_path, "add", server.url("/x"), env=ALLOW)
    assert (out.returncode, out.stdout) == (code, "")
    assert out.stderr.count("\n") == 1 and says in out.stderr, out.stderr
    assert not list((tmp_path / "news").glob("*.txt")) if (tmp_path / "news").exists() else True


def test_a_page_over_the_size_cap_is_refused(tmp_path: Path, server: NewsServer) -> None:
    server.routes["/big"] = Route(news_page().encode() + b" " * 300_000, chunked=True)
    out = run(
        tmp_path, "add", server.url("/big"), env={**ALLOW, "ARTICLEBOT_FETCH_MAX_BYTES": "100000"}
    )
    assert out.returncode == 2 and "too big" in out.stderr


def test_a_network_failure_exits_1(tmp_path: Path) -> None:
    with serving() as gone:
        url = gone.url("/s")
    out = run(tmp_path, "add", url, env=ALLOW)
    assert out.returncode == 1
    assert out.stderr.startswith("articlebot: cannot connect to ")


def test_good_sources_are_added_when_another_fails(tmp_path: Path, server: NewsServer) -> None:
    good = server.page("/s", news_page())
    out = run(tmp_path, "add", "--json", good, "ftp://example.com/x", env=ALLOW)
    assert out.returncode == 2
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [("error" in o) for o in lines] == [False, True]
    assert len(_listed(tmp_path)) == 1


def test_add_a_saved_page_a_text_file_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "saved.html").write_text(news_page(), encoding="utf-8")
    (tmp_path / "flood.txt").write_text(
        "River floods the valley\n\nThe river burst its banks near the old mill on Sunday, "
        "forcing forty families from their homes as water rose two metres.\n\n"
        "source: valley.example\n",
        encoding="utf-8",
    )
    out = run(tmp_path, "add", "saved.html", "flood.txt")
    assert out.returncode == 0, out.stderr
    piped = "Storm closes the airport\n\n" + " ".join(
        ["Flights were cancelled as winds reached 90 mph."] * 4
    )
    out = run(tmp_path, "add", "--json", "-", stdin=piped)
    assert out.returncode == 0, out.stderr
    listed = {a["title"]: a for a in _listed(tmp_path)}
    assert set(listed) == {
        "Harbour bridge reopens after two years of repairs",
        "River floods the valley",
        "Storm closes the airport",
    }
    assert listed["River floods the valley"]["id"] == "flood"
    assert listed["River floods the valley"]["source"] == "valley.example"


def test_an_empty_corpus_lists_no_articles(tmp_path: Path) -> None:
    assert _listed(tmp_path) == []


def test_a_missing_file_is_a_bad_source(tmp_path: Path) -> None:
    out = run(tmp_path, "add", "nowhere.html")
    assert out.returncode == 2
    assert "no such file" in out.stderr


def test_remove_takes_the_article_out_of_list_and_answers(
    tmp_path: Path, server: NewsServer
) -> None:
    run(tmp_path, "add", server.page("/a", news_page()), env=ALLOW)
    other = news_page(
        title="Storm closes the airport",
        paragraphs=(
            "Flights were cancelled as winds reached 90 mph on the coast.",
            "Passengers slept in the terminal while crews cleared fallen trees from the runway.",
        ),
        canonical="https://gazette.example.com/news/storm",
    )
    assert run(tmp_path, "add", server.page("/b", other), env=ALLOW).returncode == 0
    bridge = next(a for a in _listed(tmp_path) if str(a["title"]).startswith("Harbour"))
    out = run(tmp_path, "remove", str(bridge["id"]))
    assert out.returncode == 0 and out.stdout == f"removed {bridge['id']}\n"
    assert [a["title"] for a in _listed(tmp_path)] == ["Storm closes the airport"]
    asked = json.loads(
        run(tmp_path, "ask", "--json", "How many steel cables were replaced?").stdout
    )
    assert all(a["article"]["id"] != bridge["id"] for a in asked["answers"])
    missing = run(tmp_path, "remove", "no-such-article")
    assert missing.returncode == 2 and "no article matches" in missing.stderr
