"""A card's memory state as we store it: FSRS's card fields plus counts of our own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

LEARNING, REVIEW, RELEARNING = 1, 2, 3  # the values of fsrs.State


@dataclass(frozen=True)
class Memory:
    """What we store per introduced card: FSRS's card fields plus counts of our own."""

    state: int  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    def to_dict(self) -> dict:
        return {"state": self.state, "step": self.step, "stability": self.stability,
                "difficulty": self.difficulty, "due": self.due.isoformat(),
                "last_review": self.last_review.isoformat() if self.last_review else None,
                "reps": self.reps, "lapses": self.lapses}

    @classmethod
    def from_dict(cls, data: dict) -> Memory:
        return cls(state=data["state"], step=data["step"], stability=data["stability"],
                   difficulty=data["difficulty"], due=datetime.fromisoformat(data["due"]),
                   last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
                   reps=data["reps"], lapses=data["lapses"])
