"""Curriculum order: lessons after their prerequisites, otherwise by id (worked out at each build, kept
with the lessons as their position)."""

from __future__ import annotations

import heapq


def order(prerequisites: dict[str, list[str]]) -> list[str]:
    """Lesson ids so that each comes after the prerequisites it names (unknown ones ignored).

    Kahn's algorithm with a heap: of the lessons whose prerequisites are all placed, the
    smallest id comes next. A cycle is broken at the smallest lesson still waiting rather
    than refused. O(n log n + edges).
    """
    waiting = {lesson: {p for p in needs if p in prerequisites and p != lesson}
               for lesson, needs in prerequisites.items()}
    needed_by: dict[str, list[str]] = {lesson: [] for lesson in waiting}
    for lesson, needs in waiting.items():
        for need in needs:
            needed_by[need].append(lesson)
    ready = [lesson for lesson, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    stuck = sorted(lesson for lesson, needs in waiting.items() if needs)  # candidates to break a cycle
    placed: set[str] = set()
    out: list[str] = []
    while len(out) < len(waiting):
        if not ready:  # a cycle: release the smallest lesson still waiting
            while stuck[0] in placed:
                heapq.heappop(stuck)
            heapq.heappush(ready, stuck[0])
        lesson = heapq.heappop(ready)
        if lesson in placed:
            continue
        placed.add(lesson)
        out.append(lesson)
        for other in needed_by[lesson]:
            needs = waiting[other]
            needs.discard(lesson)
            if not needs and other not in placed:
                heapq.heappush(ready, other)
    return out
