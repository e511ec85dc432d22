"""Identity that survives rewording: a card whose text was only touched up keeps its id.

A card's id comes from its origin, and for a takeaway, a table row or a hand-written
question the origin is text, so a spelling fix ("materialising" -> "materializing") or
one changed word would retire the card, with its history and its Anki note. Before the
store syncs a lesson, every card the build would add is compared with the cards it
would retire: same lesson, same kind and form, same place (section or line), the same
answer and a question at most one word in seven different (a typo is no difference). Such a card takes the old
card's id, and so its history and Anki GUID; the build reports it as reworded.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from recall.derive.ids import normalise
from recall.model import GAP, CardSpec, LessonCards

#: the share of a question's words an edit may change and still be the same question
_SHARE = 1 / 7


def reworded(lesson: LessonCards, stored: list[dict]) -> tuple[LessonCards, list[str]]:
    """The lesson with each reworded card carrying its old id, and those ids."""
    new_ids = {card.id for card in lesson.cards}
    leaving = [old for old in stored if old["id"] not in new_ids]
    if not leaving:
        return lesson, []
    known = {old["id"] for old in stored}
    arriving = [i for i, card in enumerate(lesson.cards) if card.id not in known]
    pairs = []
    for i in arriving:
        card = lesson.cards[i]
        for old in leaving:
            distance = _distance(card, old)
            if distance is not None:
                pairs.append((distance, i, old["id"]))
    cards = list(lesson.cards)
    taken_new: set[int] = set()
    taken_old: set[str] = set()
    out = []
    for _, i, old_id in sorted(pairs):
        if i not in taken_new and old_id not in taken_old:
            taken_new.add(i)
            taken_old.add(old_id)
            cards[i] = replace(cards[i], id=old_id)
            out.append(old_id)
    return (replace(lesson, cards=cards) if out else lesson), out


def _distance(card: CardSpec, old: dict) -> int | None:
    """How many words of the question changed, when ``old`` is the same card touched up; else None."""
    if (str(card.source), str(card.form)) != (old["source"], old["form"]):
        return None
    if card.section != old["section"] and card.line != old["line"]:
        return None
    if normalise(card.answer) != normalise(old["answer"]) and not _close(card.answer, old["answer"]):
        return None
    a, b = _words(old["prompt"]), _words(card.prompt)
    changed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            changed += sum(1 for x, y in zip(a[i1:i2], b[j1:j2]) if not _close(x, y))  # a typo is no change
        elif tag != "equal":
            changed += max(i2 - i1, j2 - j1)
    return changed if changed <= max(1, int(_SHARE * max(len(a), len(b)))) else None


def _close(a: str, b: str) -> bool:
    """Two words or answers a typo apart ("materialising" and "materializing", "save" and "saves")."""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio() >= 0.8


def _words(prompt: str) -> list[str]:
    return normalise(prompt.replace(GAP, " gap ")).split()
