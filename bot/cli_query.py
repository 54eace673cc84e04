"""``articlebot ask``, ``search`` and ``chat``: questions answered from the index."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.context import open_for, settings_from
from index.answer import MAX_K, answer
from index.conversation import Conversation
from index.errors import QueryError
from index.models import Answer
from index.query import MAX_QUESTION_CHARS

ASK_HELP = """Answer a question about the corpus: the best passages, the answering sentence
highlighted, and where each comes from. Abstains ("the article doesn't say") when nothing
in the corpus answers it; that is still exit code 0.

examples:
  articlebot ask "Who is Ali Shamkhani?"
  articlebot ask "how many US troops are in the region" --k 1 --json
  articlebot ask "Who is Solemani?" --article 000_75ea43fa358d5fb6
"""
SEARCH_HELP = """Rank passages for a query, with scores; --explain shows each query term's
contribution to each hit (BM25, rank-bm25's scores).

examples:
  articlebot search "troops Iraq"
  articlebot search "Soleimani killing" --explain --k 5
"""
CHAT_HELP = """A conversation: ask follow-up questions ("What did he say?") that are searched with
the earlier turns in mind. A blank line or /reset starts a new conversation; /quit ends.
Reads questions from standard input, one a line, when it is not a terminal.

examples:
  articlebot chat
  printf 'Who is Mark Esper?\\nWhat did he say?\\n' | articlebot chat --json
"""


def _k_type(text: str) -> int:
    try:
        k = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--k must be a whole number, got {text!r}") from None
    if not 1 <= k <= MAX_K:
        raise argparse.ArgumentTypeError(f"--k must be 1-{MAX_K}, got {k}")
    return k


def _add_query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--k", type=_k_type, metavar="N", help="how many passages (default 3)")
    p.add_argument("--article", metavar="ID", help="only this article (id or title prefix)")
    p.add_argument("--json", action="store_true", help="print JSON (DESIGN.md contract)")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the commands to the CLI."""
    fmt = argparse.RawDescriptionHelpFormatter
    ask = sub.add_parser("ask", parents=[common], help="answer a question", description=ASK_HELP,
                         formatter_class=fmt)
    ask.add_argument("question", help="the question, in quotes")
    _add_query_options(ask)
    ask.set_defaults(func=run_ask)
    search = sub.add_parser("search", parents=[common], help="rank passages for a query",
                            description=SEARCH_HELP, formatter_class=fmt)
    search.add_argument("query", help="words to search for")
    search.add_argument("--explain", action="store_true", help="show each term's contribution")
    _add_query_options(search)
    search.set_defaults(func=run_search)
    chat = sub.add_parser("chat", parents=[common], help="a conversation with follow-ups",
                          description=CHAT_HELP, formatter_class=fmt)
    _add_query_options(chat)
    chat.set_defaults(func=run_chat)


def check_question(text: str) -> str:
    """The question stripped; raise :class:`QueryError` when it is empty or too long."""
    q = text.strip()
    if not q:
        raise QueryError("the question is empty")
    if len(q) > MAX_QUESTION_CHARS:
        raise QueryError(f"the question is too long ({len(q):,} characters; at most "
                         f"{MAX_QUESTION_CHARS:,})")
    return q


def _emit(ans: Answer, as_json: bool, explain: bool = False) -> None:
    if as_json:
        obj = ans.to_json()
        if explain:
            for item, hit in zip(obj["answers"], ans.hits, strict=True):  # type: ignore[call-overload]
                item["explain"] = [{"term": t, "score": round(s, 4)} for t, s in hit.term_scores]
        print(json.dumps(obj, ensure_ascii=False), flush=True)
    else:
        from bot.terminal import console, print_answer

        print_answer(console(), ans, explain=explain)


def run_ask(args: argparse.Namespace) -> int:
    """Answer one question."""
    question = check_question(args.question)
    settings = settings_from(args)
    index = open_for(settings).index
    _emit(answer(index, question, k=settings.top_k, article=args.article), args.json)
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Rank passages for a query (an answer view without the abstention verdict)."""
    query = check_question(args.query)
    settings = settings_from(args)
    index = open_for(settings).index
    _emit(answer(index, query, k=settings.top_k, article=args.article), args.json, args.explain)
    return 0


def run_chat(args: argparse.Namespace) -> int:
    """A conversation over standard input (scriptable) or an interactive prompt."""
    settings = settings_from(args)
    index = open_for(settings).index
    interactive = sys.stdin.isatty()
    conv = Conversation()
    if interactive:
        _interactive_setup()
        print("Ask about the article. /help for commands, /quit to leave.", file=sys.stderr)
    while True:
        try:
            line = input("you> " if interactive else "")
        except EOFError:
            break
        question = line.strip()
        if not question or question == "/reset":
            conv.reset()
            if interactive and question:
                print("(new conversation)", file=sys.stderr)
            continue
        if question in ("/quit", "/exit"):
            break
        if question == "/help":
            print(CHAT_HELP, file=sys.stderr)
            continue
        try:
            ans = conv.ask(index, check_question(question), k=settings.top_k, article=args.article)
        except QueryError as exc:
            print(f"articlebot: {exc}", file=sys.stderr)
            continue
        _emit(ans, args.json)
    return 0


def _interactive_setup() -> None:
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:
        pass


__all__ = ["check_question", "register", "run_ask", "run_chat", "run_search"]
