"""Generators: pure functions from a Lesson to CardSpecs, one module per source kind.

The generators are imported when cards are made, not with the package: the review screen
uses ``words`` alone, and starts without them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from recall.derive.words import STOP_WORDS, related, words
from recall.model import CardSpec, Problem, Source

if TYPE_CHECKING:
    from recall.derive.matching import Match
    from recall.lessons import Lesson

__all__ = ["derive", "generate", "lint"]


def derive(lesson: Lesson, run_later: bool = False) -> tuple[list[CardSpec], list[Problem]]:
    """Every card the lesson yields, in lesson order, and warnings about what was left out.

    With ``run_later``, the code cards made here are replaced by cards made from running the code
    (``verify``), which then also decides what those cards make redundant.
    """
    from recall.derive import code, concepts, contrasts, handwritten, ids, mistakes, purpose, tables, takeaways
    from recall.derive.polish import asked_once, shown_by_code

    cards: list[CardSpec] = []
    problems: list[Problem] = []
    for kind in (purpose, concepts, takeaways, contrasts, mistakes, tables, code, handwritten):
        made, found = kind.derive(lesson)
        cards.extend(made)
        problems.extend(found)
    # a takeaway of two halves asked as "how do they differ?" is not also a cloze on one half
    contrasted = {(c.file, c.line) for c in cards if c.source == "contrast"}
    cards = [c for c in cards if not (c.source == "takeaway" and (c.file, c.line) in contrasted)]
    # nor is one side of a compared heading ("Overfitting vs Underfitting") explained on its own from the
    # sentences the contrast card answers with
    compared = {c.section for c in cards if c.source == "contrast" and c.line == _heading_line(lesson, c.section)}
    cards = [c for c in cards if not (c.source == "concept" and c.form == "flip" and c.section in compared)]
    # a concept asked as a gap on its bold term is not asked again when a takeaway gaps that term already:
    # the takeaway's card carries the concept instead
    gapped: dict[str, list[str]] = {}
    for c in cards:
        if c.source == "takeaway" and c.form == "cloze":
            gapped.setdefault(c.answer.casefold(), []).append(c.prompt)
    taken = {c.answer.casefold(): c.section for c in cards if c.source == "concept" and c.form == "cloze"
             and any(_same_fact(c.prompt, other) for other in gapped.get(c.answer.casefold(), ()))}
    cards = [c for c in cards if not (c.source == "concept" and c.form == "cloze" and c.answer.casefold() in taken)]
    # lesson order, except that reverse concept cards wait until the end of the lesson, so a
    # learner never meets "which idea is this?" right after the card that explained it
    cards.sort(key=lambda c: (c.source == "concept" and c.form == "choice", c.line))
    cards = asked_once(cards) if run_later else shown_by_code(asked_once(cards))
    # an explanation that only says again what the card says goes (what a learner writes stays theirs)
    cards = [replace(c, explanation="") if c.explanation and c.source != Source.AUTHORED and not _adds_to(c) else c
             for c in cards]
    by_section = _section_concepts(concepts.match(lesson))
    cards = [replace(c, concepts=tuple(by_section.get(taken[c.answer.casefold()], ())))
             if c.source == "takeaway" and c.form == "cloze" and c.answer.casefold() in taken else c
             for c in _with_concepts(cards, by_section)]
    return ids.unique(cards), problems


def _same_fact(one: str, other: str) -> bool:
    """Whether two gapped sentences say mostly the same ("OpenCV uses [...] by default (not RGB)" and "OpenCV
    uses [...] color order, not RGB"), not two facts about one term ("Convert [...] to RGB before plotting")."""
    mine = [w for w in words(one) if w.lower() not in STOP_WORDS]
    theirs = words(other)
    return bool(mine) and sum(1 for w in mine if any(related(w, t) for t in theirs)) * 2 >= len(mine)


def _adds_to(card: CardSpec) -> bool:
    """Whether the explanation says anything the prompt and answer do not ("Never do this." after "Bare
    except catches too much" says nothing more; "Normalize to [0, 1]" gives the range)."""
    said = words(f"{card.prompt} {card.answer}")
    return any(not any(related(w, s) for s in said) for w in words(card.explanation) if w.lower() not in STOP_WORDS)


def _section_concepts(matches: list[Match]) -> dict[str, list[str]]:
    """Section title -> the concepts matched to it."""
    by_section: dict[str, list[str]] = {}
    for m in matches:
        by_section.setdefault(m.section.title, []).append(m.concept)
    return by_section


def _with_concepts(cards: list[CardSpec], by_section: dict[str, list[str]]) -> list[CardSpec]:
    """Each card knows the concepts of its section: the ones matched to the section it came from."""
    if not by_section:
        return cards
    return [replace(card, concepts=tuple(by_section[card.section])) if card.section in by_section else card
            for card in cards]


def _heading_line(lesson: Lesson, title: str) -> int | None:
    return next((section.line for section in lesson.sections if section.title == title), None)


def generate(lesson: Lesson) -> list[CardSpec]:
    return derive(lesson)[0]


def lint(lesson: Lesson) -> list[Problem]:
    return derive(lesson)[1]
