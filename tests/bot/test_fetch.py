"""Safe fetching against a real HTTP server on 127.0.0.1: what is refused, what is fetched.

The server listens on 127.0.0.2 for the tests that need one allowed address (a policy that
trusts that one address, as an intranet setting would); every other address is checked as
for any link a user gives.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from bot.fetch import USER_AGENT, fetch_page
from bot.fetchpolicy import FetchFailed, FetchPolicy, FetchRefused
from tests.newspages import NewsServer, Route, news_page, serving

TRUSTED = FetchPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.2/32"),))


@pytest.fixture
def server() -> Iterator[NewsServer]:
    with serving("127.0.0.2") as s:
        yield s


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:{port}/story", "127.0.0.1 is a loopback address"),
        ("http://[::1]:{port}/story", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]:{port}/story", "loopback"),
        ("http://2130706433:{port}/story", "2130706433 (127.0.0.1) is a loopback address"),
        ("http://0177.0.0.1:{port}/story", "(127.0.0.1) is a loopback address"),
        ("http://0x7f.1:{port}/story", "(127.0.0.1) is a loopback address"),
        ("http://localhost:{port}/story", "localhost is 127.0.0.1, a loopback address"),
        ("http://127.0.0.2:{port}/story", "127.0.0.2 is a loopback address"),
    ],
)
async def test_loopback_in_every_spelling_is_refused_without_the_setting(
    server: NewsServer, url: str, says: str
) -> None:
    server.page("/story", news_page())
    with pytest.raises(FetchRefused, match=r"^refused: ") as err:
        await fetch_page(url.format(port=server.port))
    assert says in str(err.value)
    assert server.requests == []


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "javascript:1"])
async def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FetchRefused, match="only http and https"):
        await fetch_page(url)


async def test_an_allowed_server_is_fetched_with_a_user_agent_naming_articlebot(
    server: NewsServer,
) -> None:
    url = server.page("/story", news_page())
    page = await fetch_page(url, TRUSTED)
    assert page.is_html and page.url == url
    assert b"Harbour Bridge reopened" in page.body
    assert server.requests == [("/story", USER_AGENT)]
    assert "articlebot" in USER_AGENT


async def test_the_setting_allows_loopback() -> None:
    with serving("127.0.0.1") as local:
        local.page("/story", news_page())
        page = await fetch_page(local.url("/story"), FetchPolicy(allow_private=True))
    assert page.content_type == "text/html"
    assert b"Harbour Bridge reopened" in page.body


async def test_redirects_are_followed_to_the_article(server: NewsServer) -> None:
    server.page("/story", news_page())
    server.redirect("/short", "/hop")
    server.redirect("/hop", server.url("/story"), 301)
    page = await fetch_page(server.url("/short"), TRUSTED)
    assert page.url == server.url("/story")
    assert [p for p, _ in server.requests] == ["/short", "/hop", "/story"]


async def test_a_redirect_to_loopback_is_refused(server: NewsServer) -> None:
    with serving("127.0.0.1") as inside:
        inside.page("/admin", news_page())
        server.redirect("/go", inside.url("/admin"))
        with pytest.raises(FetchRefused, match=r"127\.0\.0\.1 is a loopback address"):
            await fetch_page(server.url("/go"), TRUSTED)
        assert inside.requests == []


async def test_a_redirect_to_another_scheme_is_refused(server: NewsServer) -> None:
    server.redirect("/go", "file:///etc/passwd")
    with pytest.raises(FetchRefused, match="only http and https"):
        await fetch_page(server.url("/go"), TRUSTED)


async def test_more_than_five_redirects_fail(server: NewsServer) -> None:
    for i in range(7):
        server.redirect(f"/r{i}", f"/r{i + 1}")
    server.page("/r7", news_page())
    with pytest.raises(FetchFailed, match="too many redirects"):
        await fetch_page(server.url("/r0"), TRUSTED)
    assert len(server.requests) == 6


@pytest.mark.parametrize("chunked", [False, True])
async def test_a_page_over_the_size_cap_is_refused(server: NewsServer, chunked: bool) -> None:
    big = news_page().encode() + b"<!--" + b"x" * 300_000 + b"-->"
    server.routes["/big"] = Route(big, chunked=chunked)
    policy = FetchPolicy(allowed_networks=TRUSTED.allowed_networks, max_bytes=200_000)
    with pytest.raises(FetchRefused, match="too big"):
        await fetch_page(server.url("/big"), policy)


@pytest.mark.parametrize(
    ("content_type", "refused"),
    [
        ("application/pdf", True),
        ("image/png", True),
        ("application/json", True),
        ("text/html; charset=utf-8", False),
        ("application/xhtml+xml", False),
        ("text/plain; charset=utf-8", False),
    ],
)
async def test_only_web_pages_and_plain_text_are_accepted(
    server: NewsServer, content_type: str | None, refused: bool
) -> None:
    server.routes["/doc"] = Route(news_page().encode(), content_type)
    if refused:
        with pytest.raises(FetchRefused, match=r"not a web page"):
            await fetch_page(server.url("/doc"), TRUSTED)
    else:
        assert (await fetch_page(server.url("/doc"), TRUSTED)).body


@pytest.mark.parametrize("content_type", [None, "application/octet-stream"])
async def test_a_page_of_no_declared_type_is_taken_only_when_it_is_html(
    server: NewsServer, content_type: str | None
) -> None:
    server.routes["/page"] = Route(news_page().encode(), content_type)
    server.routes["/pdf"] = Route(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", content_type)
    assert (await fetch_page(server.url("/page"), TRUSTED)).is_html
    with pytest.raises(FetchRefused, match="does not say what it is and is not a web page"):
        await fetch_page(server.url("/pdf"), TRUSTED)


async def test_a_slow_server_times_out(server: NewsServer) -> None:
    server.routes["/slow"] = Route(news_page().encode(), delay=3)
    policy = FetchPolicy(allowed_networks=TRUSTED.allowed_networks, timeout_seconds=0.5)
    with pytest.raises(FetchFailed, match=r"did not answer within 0.5 s"):
        await fetch_page(server.url("/slow"), policy)


async def test_an_error_status_is_a_network_failure(server: NewsServer) -> None:
    with pytest.raises(FetchFailed, match="HTTP 404"):
        await fetch_page(server.url("/missing"), TRUSTED)


async def test_a_closed_port_is_a_network_failure() -> None:
    with serving("127.0.0.2") as gone:
        url = gone.url("/story")
    with pytest.raises(FetchFailed, match="cannot connect"):
        await fetch_page(url, TRUSTED)
