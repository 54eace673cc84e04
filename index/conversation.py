"""Conversation: the recent turns of one asker in one place (follow-ups come in issue 3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.answer import answer
from index.models import Answer
from index.searchindex import SearchIndex


@dataclass(slots=True)
class Conversation:
    """Turns of one conversation; each question is answered in the light of the earlier ones."""

    turns: list[Answer] = field(default_factory=list)
    max_turns: int = 3

    def ask(self, index: SearchIndex, question: str, k: int = 3, article: str | None = None
            ) -> Answer:
        """Answer ``question`` as the next turn."""
        ans = answer(index, question, k=k, article=article)
        self.turns = [*self.turns, ans][-self.max_turns :]
        return ans

    def reset(self) -> None:
        """Forget every turn: the next question starts a new topic."""
        self.turns.clear()


__all__ = ["Conversation"]
