"""Our bundled lessons: real lessons in the seed's format, in our own words."""

from __future__ import annotations

from collections import Counter

from conftest import PROJECT
from recall.build.analyse import analyse

DECKS = sorted((PROJECT / "decks").glob("*.md"))


def test_at_least_three_full_lessons_with_a_real_prerequisite_chain():
    results = [analyse(p.name, p.read_bytes(), "") for p in DECKS]
    lessons = {r.lesson.id: r.lesson for r in results if r.lesson is not None}
    assert len(lessons) >= 3 and "06-design-patterns" in lessons
    for lesson in lessons.values():
        kinds = Counter(c.source for c in lesson.cards)
        assert {"concept", "takeaway", "table", "code", "mistake", "purpose"} <= set(kinds), (lesson.id, kinds)
        flips = [c for c in lesson.cards if c.source == "concept" and c.form == "flip"]
        assert len(flips) == len(lesson.concepts)  # every concept found its section, and a sentence in it
        assert all(p in lessons for p in lesson.prerequisites)
    assert all(not r.problems for r in results)


def test_no_seed_text_in_our_lessons(seed_text):
    seed_lines = {line.strip() for line in seed_text.splitlines() if len(line.strip()) >= 30}
    for path in DECKS:
        ours = {line.strip() for line in path.read_text().splitlines()}
        assert not (ours & seed_lines), path
