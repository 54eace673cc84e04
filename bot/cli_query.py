"""``articlebot ask``, ``search`` and ``chat``: questions answered from the index."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.cli_options import ARTICLE, JSON, K, Subcommands, add_command
from bot.context import open_library
from bot.jsonout import json_line
from index import QueryError

if TYPE_CHECKING:
    from index import Answer

ASK_HELP = """Answer a question about the corpus: the best passages, the answering sentence
highlighted, and where each comes from. Abstains ("the article doesn't say") when nothing
in the corpus answers it; that is still exit code 0.

examples:
  articlebot ask "Who is Ali Shamkhani?"
  articlebot ask "how many US troops are in the region" --k 1 --json
  articlebot ask "Who is Solemani?" --article 000_75ea43fa358d5fb6
"""
SEARCH_HELP = """Rank passages for a query, with scores, as `ask` ranks them but without its
verdict: no "the article doesn't say", the passages are listed however weakly they match
(unless no word of the query is in the corpus). --explain shows each query word's
contribution to each hit (BM25, rank-bm25's scores).

examples:
  articlebot search "troops Iraq"
  articlebot search "Soleimani killing" --explain --k 5
"""
CHAT_HELP = """A conversation: follow-up questions ("What did he say?") are searched with words
carried from the earlier questions, shown last after "searched:" (and in the JSON "query").
A question that names something new starts a new topic. A blank line or /reset starts a new
conversation, /quit ends it. When standard input is not a terminal, it is read one question
a line, and --json prints one object per question, one a line.

examples:
  articlebot chat
  printf 'Who is Mark Esper?\\nWhat did he say?\\n' | articlebot chat --json
  printf 'Who is Ali Shamkhani?\\nWhat did he threaten?\\n\\nWhat did he say?\\n' | articlebot chat
"""
CHAT_COMMANDS = """commands:
  /reset   start a new conversation (so does a blank line)
  /help    this list
  /quit    leave (so does Ctrl-D)"""
CHAT_PROMPT = "you> "


QUERY_OPTIONS = (K, ARTICLE, JSON)


def register(sub: Subcommands) -> None:
    """Add the commands to the CLI."""
    ask = add_command(sub, "ask", "answer a question", ASK_HELP, QUERY_OPTIONS)
    ask.add_argument("question", help="the question, in quotes")
    ask.set_defaults(func=run_ask)
    search = add_command(sub, "search", "rank passages for a query", SEARCH_HELP, QUERY_OPTIONS)
    search.add_argument("query", help="words to search for")
    search.add_argument("--explain", action="store_true", help="show each word's contribution")
    search.set_defaults(func=run_search)
    chat = add_command(sub, "chat", "a conversation with follow-ups", CHAT_HELP, QUERY_OPTIONS)
    chat.set_defaults(func=run_chat)


def _emit(ans: Answer, as_json: bool, explain: bool = False, verdict: bool = True) -> None:
    if as_json:
        obj = ans.to_json()
        if explain:
            for item, hit in zip(obj["answers"], ans.hits, strict=True):  # type: ignore[call-overload]
                item["explain"] = [{"term": t, "score": round(s, 4)} for t, s in hit.term_scores]
        print(json_line(obj), flush=True)
    else:
        from bot.terminal import console, print_answer

        print_answer(console(), ans, explain=explain, verdict=verdict)


def _reject(text: str, error: str, as_json: bool) -> None:
    """A line chat cannot use: one line on stderr; with ``--json`` also its object, so a
    script still reads one object per question, in order."""
    print(f"articlebot: {error}", file=sys.stderr)
    if as_json:
        print(json_line({"question": text, "error": error}), flush=True)


def run_ask(args: argparse.Namespace) -> int:
    """Answer one question."""
    from index import check_question

    question = check_question(args.question)  # before the index is opened (or built)
    library = open_library(args)
    _emit(library.ask(question, article=args.article).answer, args.json)
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Rank passages for a query: ask's ranking, shown without its abstention verdict."""
    from index import check_question

    text = check_question(args.query, "search")
    library = open_library(args)
    asked = library.search(text, article=args.article)
    _emit(asked.answer, args.json, explain=args.explain, verdict=False)
    return 0


def run_chat(args: argparse.Namespace) -> int:
    """A conversation over standard input (scriptable) or an interactive prompt.

    Piped lines that cannot be used (too long, an unknown /command) are reported on stderr
    (and, with ``--json``, as an object with an ``error`` field) and the conversation goes
    on; the exit code is then 2.
    """
    from index import Conversation

    library = open_library(args)
    library.find(args.article)  # an unknown --article fails once, before any question
    interactive = sys.stdin.isatty()
    if interactive:
        _enable_line_editing()
        print(
            "Ask about the article; follow-ups remember what you asked. /help lists commands.",
            file=sys.stderr,
        )
    conv = Conversation()
    skipped = 0
    for line in _chat_lines(interactive):
        text = line.strip()
        if not text or text == "/reset":
            if interactive and conv.turns:
                print("(new conversation)", file=sys.stderr)
            conv.reset()
        elif text in ("/quit", "/exit"):
            break
        elif text == "/help":
            print(CHAT_COMMANDS, file=sys.stderr)
        elif text.startswith("/") and " " not in text:
            _reject(text, f"unknown command {text} (/help lists them)", args.json)
            skipped += 1
        else:
            try:
                asked = library.ask(text, article=args.article, conversation=conv)
            except QueryError as exc:
                _reject(text, str(exc), args.json)
                skipped += 1
                continue
            _emit(asked.answer, args.json)
    return 2 if skipped and not interactive else 0


def _chat_lines(interactive: bool) -> Iterator[str]:
    """Lines of the conversation: prompted on a terminal, else read from standard input."""
    if not interactive:
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")  # one bad byte must not end a batch
        yield from sys.stdin
        return
    while True:
        try:
            yield input(CHAT_PROMPT)
        except EOFError:
            print(file=sys.stderr)
            return
        except KeyboardInterrupt:  # as in a shell: Ctrl-C drops the line, Ctrl-D leaves
            print(file=sys.stderr)


def _enable_line_editing() -> None:
    with contextlib.suppress(ImportError):  # not on every platform; input() works without it
        import readline  # noqa: F401  (importing it gives input() editing and history)


__all__ = ["register", "run_ask", "run_chat", "run_search"]
