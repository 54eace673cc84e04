"""``articlebot ask``, ``search`` and ``chat``: questions answered from the index."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections.abc import Iterator
from typing import Any

from bot.cli import add_command
from bot.context import open_for, settings_from
from index import MAX_K, MAX_QUESTION_CHARS, Answer, QueryError

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
    ask = add_command(sub, common, "ask", "answer a question", ASK_HELP)
    ask.add_argument("question", help="the question, in quotes")
    _add_query_options(ask)
    ask.set_defaults(func=run_ask)
    search = add_command(sub, common, "search", "rank passages for a query", SEARCH_HELP)
    search.add_argument("query", help="words to search for")
    search.add_argument("--explain", action="store_true", help="show each term's contribution")
    _add_query_options(search)
    search.set_defaults(func=run_search)
    chat = add_command(sub, common, "chat", "a conversation with follow-ups", CHAT_HELP)
    _add_query_options(chat)
    chat.set_defaults(func=run_chat)


def check_question(text: str) -> str:
    """The question stripped; raise :class:`QueryError` when it is empty or too long."""
    q = text.strip()
    if not q:
        raise QueryError("the question is empty")
    if len(q) > MAX_QUESTION_CHARS:
        raise QueryError(
            f"the question is too long ({len(q):,} characters; at most {MAX_QUESTION_CHARS:,})"
        )
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
    from index import answer, parse_query  # load numpy: only once a command runs

    question = check_question(args.question)
    settings = settings_from(args)
    index = open_for(settings).index
    _emit(
        answer(index, parse_query(index, question), k=settings.top_k, article=args.article),
        args.json,
    )
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Rank passages for a query (an answer view without the abstention verdict)."""
    from index import answer, parse_query  # load numpy: only once a command runs

    query = check_question(args.query)
    settings = settings_from(args)
    index = open_for(settings).index
    _emit(
        answer(index, parse_query(index, query), k=settings.top_k, article=args.article),
        args.json,
        args.explain,
    )
    return 0


def run_chat(args: argparse.Namespace) -> int:
    """A conversation over standard input (scriptable) or an interactive prompt.

    Piped lines that cannot be used (too long, an unknown /command) are reported on stderr
    and skipped, the others answered; the exit code is then 2.
    """
    from index import Conversation  # loads numpy: only once a command runs

    settings = settings_from(args)
    index = open_for(settings).index
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
            print(f"articlebot: unknown command {text} (/help lists them)", file=sys.stderr)
            skipped += 1
        else:
            try:
                ans = conv.ask(index, check_question(text), k=settings.top_k, article=args.article)
            except QueryError as exc:
                print(f"articlebot: {exc}", file=sys.stderr)
                skipped += 1
                continue
            _emit(ans, args.json)
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


__all__ = ["check_question", "register", "run_ask", "run_chat", "run_search"]
