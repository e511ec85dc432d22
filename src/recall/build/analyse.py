"""One deck file read and derived into cards, and the checks that need every file at once."""

from __future__ import annotations

from dataclasses import dataclass

from recall.derive import code_cells, derive
from recall.lessons import decode, parse_lesson
from recall.model import LessonCards, LessonError, Problem, warning


@dataclass
class Analysed:
    """One file, parsed and turned into cards (or the problems that stopped it)."""

    file: str
    content_hash: str
    lesson: LessonCards | None
    problems: list[Problem]
    id_line: int = 1
    prereq_line: int = 1


def analyse(file: str, data: bytes, content_hash: str, run_code: bool = False) -> Analysed:
    """Parse one file and derive its cards; pure but for what it is given."""
    try:
        lesson = parse_lesson(decode(data, file), file)
    except LessonError as exc:
        return Analysed(file, content_hash, None, exc.problems)
    cards, problems = derive(lesson)
    blocks = code_cells(lesson) if run_code else ()
    built = LessonCards(lesson.id, lesson.title, file, content_hash, lesson.prerequisites, lesson.concepts, cards,
                        blocks)
    return Analysed(file, content_hash, built, problems, lesson.key_line("id"), lesson.key_line("prerequisites"))


def cross_check(results: list[Analysed], known: dict[str, str]) -> None:
    """Checks across files: duplicate lesson ids fail the later file; unknown prerequisites warn.

    ``known`` maps the ids of lessons not read this time to their files.
    """
    seen = dict(known)
    for result in results:
        lesson = result.lesson
        if lesson is None:
            continue
        if lesson.id in seen:
            result.problems.append(Problem(result.file, result.id_line,
                                           f"duplicate lesson id '{lesson.id}' (already used by {seen[lesson.id]})"))
            result.lesson = None
        else:
            seen[lesson.id] = result.file
    for result in results:
        if result.lesson is None:
            continue
        for prereq in result.lesson.prerequisites:
            if prereq not in seen:
                result.problems.append(warning(result.file, result.prereq_line,
                                               f"prerequisite '{prereq}' is not a lesson in this workspace"))
