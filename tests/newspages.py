"""News pages the tests build, and a real HTTP server on 127.0.0.1 that serves them.

A page has the furniture real news sites wrap an article in (navigation, a cookie banner, an
advert, related links, reader comments, a footer); every piece of furniture says a sentence
from :data:`FURNITURE`, so a test can check that none of it reached the article.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = (
    "The Harbour Bridge reopened to traffic on Friday morning after a two-year repair "
    "programme that cost the city council 48 million pounds.",
    "Engineers replaced all 212 steel cables and resurfaced the deck, which had been closed "
    "since a routine inspection found severe corrosion in March 2022.",
    '"This is a great day for the town," said council leader Maria Lopez, who cut the ribbon '
    "alongside the chief engineer, Tom Baker.",
    "About 30,000 vehicles are expected to cross the bridge every day, easing congestion on the "
    "ring road that has carried diverted traffic for two years.",
    "Local businesses on the waterfront said trade had fallen by a third during the closure and "
    "welcomed the reopening of the crossing.",
)
FURNITURE = {
    "cookie": "We use cookies to improve your experience and to show personalised adverts.",
    "nav": "Weather forecast for the weekend",
    "advert": "Buy cheap flights now at SuperFly with our limited spring offer.",
    "related": "Council approves new budget for road maintenance next year",
    "comment": "Took them long enough, what a waste of taxpayer money honestly.",
    "footer": "All rights reserved by the Coastal Gazette publishing group.",
}


def news_page(
    title: str = "Harbour bridge reopens after two years of repairs",
    paragraphs: tuple[str, ...] = BODY,
    outlet: str = "The Coastal Gazette",
    published: str = "2024-03-15T09:30:00Z",
    canonical: str | None = "https://gazette.example.com/news/harbour-bridge-reopens",
) -> str:
    """A news article page with the usual furniture around it."""
    e = html.escape
    link = f'<link rel="canonical" href="{e(canonical)}">' if canonical else ""
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    half = len(paragraphs) // 2
    first, rest = body.split("\n")[:half], body.split("\n")[half:]
    f = {k: e(v) for k, v in FURNITURE.items()}
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)} | {e(outlet)}</title>
<meta property="og:title" content="{e(title)}">
<meta property="og:site_name" content="{e(outlet)}">
<meta property="article:published_time" content="{e(published)}">
{link}
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{f["cookie"]}</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/weather">{f["nav"]}</a></li></ul></nav></header>
<main><article>
<h1>{e(title)}</h1>
{"".join(first)}
<div class="advert">ADVERTISEMENT {f["advert"]}</div>
{"".join(rest)}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">{f["related"]}</a></li>
</ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>{f["comment"]}</p></div></section>
</main>
<footer><p>{f["footer"]}</p></footer>
</body></html>
"""


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (size cap, timeout) is expected, not an error."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunked: bool = False


class NewsServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) serving :class:`Route` s by path."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(b"not found", "text/plain", 404)
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    if not route.chunked:
                        self.wfile.write(route.body)
                        return
                    for i in range(0, len(route.body), 65536):
                        piece = route.body[i : i + 65536]
                        self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size cap, timeout): what some tests want

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = _QuietServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host = host
        self.port = self.httpd.server_address[1]

    def url(self, path: str) -> str:
        """The full URL of ``path`` on this server."""
        return f"http://{self.host}:{self.port}{path}"

    def page(self, path: str, text: str, content_type: str = "text/html; charset=utf-8") -> str:
        """Serve ``text`` at ``path``; its URL."""
        self.routes[path] = Route(text.encode("utf-8"), content_type)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        """Redirect ``path`` to ``location``; its URL."""
        self.routes[path] = Route(b"", "text/html", status, {"Location": location})
        return self.url(path)


@contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[NewsServer]:
    """A :class:`NewsServer` running in a thread for the ``with`` block."""
    server = NewsServer(host)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(5)
