"""Generators: pure functions from a Lesson to CardSpecs, one module per source kind."""

from __future__ import annotations

from dataclasses import replace

from recall import ids
from recall.cards import CardSpec
from recall.generators import code, concepts, tables, takeaways
from recall.lessons import Lesson
from recall.problems import Problem


_KINDS = (concepts, takeaways, tables, code)


def generate(lesson: Lesson) -> list[CardSpec]:
    """Every card the lesson yields, in lesson order."""
    cards = [card for kind in _KINDS for card in kind.cards(lesson)]
    cards.sort(key=lambda c: c.line)  # stable: cards of one line keep their kind's order
    return _unique(cards)


def _unique(cards: list[CardSpec]) -> list[CardSpec]:
    """Two cards of one origin (say, a takeaway written twice) get distinct ids."""
    seen: dict[str, int] = {}
    out = []
    for card in cards:
        n = seen.get(card.id, 0)
        seen[card.id] = n + 1
        out.append(card if n == 0 else replace(card, id=ids.card_id(card.id, "again", str(n))))
    return out


def lint(lesson: Lesson) -> list[Problem]:
    """Warnings about what the generators had to leave out."""
    return [p for kind in _KINDS for p in kind.problems(lesson)]
