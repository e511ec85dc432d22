"""How an export is cut into parts: runs of whole lessons, in order, each knowing where its cards go."""

from __future__ import annotations

import pytest

from recall.export.parts import plan

COUNTS = {"a": 5, "b": 1, "c": 9, "d": 2, "e": 2, "f": 7, "g": 1}


@pytest.mark.parametrize("parts", [1, 2, 3, 4, 7, 20])
def test_parts_are_runs_of_whole_lessons_covering_every_card_once(parts):
    made = plan(COUNTS, parts)
    lessons = list(COUNTS)
    assert 1 <= len(made) <= min(parts, len(lessons))
    covered = []
    for part in made:  # each a span of the lessons in order, starting where the one before ended
        first, last = lessons.index(part.span[0]), lessons.index(part.span[1])
        covered += lessons[first:last + 1]
        assert part.size == sum(COUNTS[lesson] for lesson in lessons[first:last + 1])
        assert part.start == sum(COUNTS[lesson] for lesson in lessons[:first])
    assert covered == lessons


def test_parts_hold_about_as_many_cards_each():
    counts = {f"{n:04d}": 20 + n % 7 for n in range(1000)}
    sizes = [part.size for part in plan(counts, 4)]
    assert len(sizes) == 4 and max(sizes) - min(sizes) <= 2 * max(counts.values())
