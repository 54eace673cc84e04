"""Terminal views of answers and search results (rich; the answering sentence highlighted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from index import Answer, Hit


def console(stderr: bool = False) -> Console:
    """A rich console (imported lazily: JSON runs never pay for rich's import)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _hit_text(hit: Hit, highlight: bool = True) -> Text:
    from rich.text import Text

    text = Text(hit.passage.text)
    if highlight and hit.sentence.end > hit.sentence.start:
        text.stylize("bold yellow", hit.sentence.start, hit.sentence.end)
    return text


def _attribution(hit: Hit) -> str:
    a = hit.article
    return f"{a.title} · {a.source} · {hit.passage.place}"


def nothing_matched(ans: Answer) -> bool:
    """No word of the query is in any passage searched: the hits are placeholders (score 0)."""
    return all(hit.score <= 0 for hit in ans.hits)


def print_answer(
    out: Console, ans: Answer, explain: bool = False, heading: bool = True, verdict: bool = True
) -> None:
    """Print an answer: the searched query, then each hit as a panel. ``verdict=False`` (a
    search) leaves out "the article doesn't say" and shows the hits as ranked."""
    from rich.panel import Panel
    from rich.text import Text

    if heading:
        line = Text("searched: ", style="dim")
        line.append(ans.query or "(no searchable words)", style="cyan")
        for wrong, right in ans.corrections:
            line.append(f"  ({wrong} → {right})", style="dim")
        if ans.carried:
            line.append(f"  carried from earlier: {' '.join(ans.carried)}", style="dim")
        out.print(line)
    if ans.asks_nothing:
        out.print(Text("Nothing to look up: ask a question about the articles.", style="dim"))
        return
    if nothing_matched(ans):
        out.print(
            Text(
                "Nothing matched: no word of the query is in the passages searched.",
                style="bold red",
            )
        )
        return
    abstained = ans.abstained and verdict
    if abstained:
        out.print(Text("The article doesn't say. Closest passage:", style="bold red"))
    from rich.console import Group

    for hit in ans.hits:
        title = f"{hit.rank} · score {hit.score:.2f}"
        # Attribution goes inside the panel: a subtitle is cut to the panel's width.
        parts: list[Text] = [
            _hit_text(hit, highlight=not abstained),
            Text("— " + _attribution(hit), style="dim italic"),
        ]
        if explain and hit.term_scores:
            parts.append(Text("  ".join(f"{t}={s:.2f}" for t, s in hit.term_scores), style="dim"))
        out.print(
            Panel(
                Group(*parts),
                title=Text(title),  # a str would be parsed as markup, loading rich's emoji table
                title_align="left",
                border_style="dim" if abstained else "green",
            )
        )


__all__ = ["console", "nothing_matched", "print_answer"]
