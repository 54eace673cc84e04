"""Terminal views of answers and search results (rich; the answering sentence highlighted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index import Answer, Hit

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


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
    return f"{a.title} · {a.source} · ¶{hit.passage.paragraph}"


def print_answer(out: Console, ans: Answer, explain: bool = False, heading: bool = True) -> None:
    """Print an answer: the searched query, then each hit as a panel."""
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
    if ans.abstained:
        out.print(
            Text(
                "The article doesn't say." + (" Closest passage:" if ans.hits else ""),
                style="bold red",
            )
        )
    from rich.console import Group

    for hit in ans.hits:
        title = f"{hit.rank} · score {hit.score:.2f}"
        # Attribution goes inside the panel: a subtitle is cut to the panel's width.
        parts: list[Text] = [
            _hit_text(hit, highlight=not ans.abstained),
            Text("— " + _attribution(hit), style="dim italic"),
        ]
        if explain and hit.term_scores:
            parts.append(Text("  ".join(f"{t}={s:.2f}" for t, s in hit.term_scores), style="dim"))
        out.print(
            Panel(
                Group(*parts),
                title=title,
                title_align="left",
                border_style="dim" if ans.abstained else "green",
            )
        )


__all__ = ["console", "print_answer"]
