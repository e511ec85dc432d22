"""Curriculum order: lessons after their prerequisites, otherwise by id."""

from __future__ import annotations

import heapq


def order(prerequisites: dict[str, list[str]]) -> list[str]:
    """Lesson ids so that each comes after the prerequisites it names (unknown ones ignored).

    Ties go to the smaller id; a cycle is broken at its smallest id rather than refused.
    """
    waiting = {lesson: {p for p in needs if p in prerequisites and p != lesson}
               for lesson, needs in prerequisites.items()}
    ready = [lesson for lesson, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    out: list[str] = []
    while len(out) < len(waiting):
        if not ready:  # a cycle: release the smallest lesson still waiting
            heapq.heappush(ready, min(lesson for lesson in waiting if lesson not in set(out)))
        lesson = heapq.heappop(ready)
        if lesson in out:
            continue
        out.append(lesson)
        for other, needs in waiting.items():
            if lesson in needs:
                needs.discard(lesson)
                if not needs and other not in out:
                    heapq.heappush(ready, other)
    return out
