"""Hand-written cards: what learners wrote in a deck's "## Cards" section, as CardSpecs.

A card's id comes from its deck and its normalised question, so fixing an answer or
an explanation keeps its history, while rewording the question makes a new card.
"""

from __future__ import annotations

from typing import Any

from recall.derive import ids
from recall.lessons import Lesson, authored
from recall.model import CardSpec, Form, Problem, Source


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    cards: list[CardSpec] = []
    problems: list[Problem] = []
    for first_line, lines in lesson.card_sections:
        found, errors = authored.parse(list(lines), first_line, lesson.file)
        problems.extend(errors)
        for card in found:
            cards.extend(_specs(lesson, card))
    return cards, problems


def _specs(lesson: Lesson, card: authored.Authored) -> list[CardSpec]:
    key = ids.normalise(card.identity())
    common: dict[str, Any] = dict(lesson=lesson.id, source=Source.AUTHORED, file=lesson.file, line=card.line,
                                  section="Cards", explanation=card.explanation)
    if card.form == "cloze":
        return [CardSpec(id=ids.card_id(lesson.id, "authored", key, str(n)), form=Form.CLOZE, prompt=prompt,
                         answer=answer, **common)
                for n, (prompt, answer) in enumerate(authored.cloze_cards(card))]
    return [CardSpec(id=ids.card_id(lesson.id, "authored", key), form=Form(card.form), prompt=card.question,
                     answer=card.answer, choices=card.choices, code=card.code, **common)]
