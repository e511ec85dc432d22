"""The card a generator derives from a lesson, before it meets the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

SOURCES = ("concept", "takeaway", "table", "code", "authored")
FORMS = ("flip", "cloze", "choice", "typed")

#: Marks the gap in a cloze prompt; the answer fills it.
GAP = "[...]"


class CardSpec(NamedTuple):
    """One derived card. A NamedTuple: immutable, and cheap to send back from parse workers."""

    id: str
    lesson: str
    source: str
    form: str
    prompt: str
    answer: str
    file: str
    line: int
    section: str
    choices: tuple[str, ...] = ()
    explanation: str = ""
    code: str = ""

    def content(self) -> tuple:
        """What a learner sees; a change here counts as an update."""
        return (self.source, self.form, self.prompt, self.answer, self.choices,
                self.explanation, self.code)


@dataclass(frozen=True)
class LessonBuild:
    """One lesson as parsed and generated this run."""

    id: str
    title: str
    file: str
    content_hash: str
    prerequisites: tuple[str, ...]
    concepts: tuple[str, ...]
    cards: list[CardSpec]
    #: python blocks stating no output, kept only when code is to be run
    blocks: tuple = ()
    #: cards a parse worker already wrote to its scratch file (``cards`` is then empty)
    written: int = 0
