"""One deck file read and derived into cards, and the checks that need every file at once."""

from __future__ import annotations

from dataclasses import dataclass

from recall.derive import derive
from recall.derive.code import code_cells
from recall.lessons import decode, not_a_lesson, parse_lesson
from recall.model import LessonCards, LessonError, Problem, note, warning


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
        text = decode(data, file)
        if not_a_lesson(text, file):
            return Analysed(file, content_hash, None, [note(file, 1, "not a lesson (no frontmatter); skipped")])
        lesson = parse_lesson(text, file)
    except LessonError as exc:
        return Analysed(file, content_hash, None, exc.problems)
    except Exception as exc:  # a reader bug must not stop the other lessons
        return Analysed(file, content_hash, None, [_failed(file, 1, "could not read this lesson", exc)])
    try:
        cards, problems = derive(lesson, run_later=run_code)
        blocks = code_cells(lesson) if run_code else ()
    except Exception as exc:  # one lesson's cards failing must not stop the others
        return Analysed(file, content_hash, None,
                        [_failed(file, lesson.key_line("id"), "could not make cards from this lesson", exc)])
    built = LessonCards(lesson.id, lesson.title, file, content_hash, lesson.prerequisites, lesson.concepts, cards,
                        blocks)
    return Analysed(file, content_hash, built, problems, lesson.key_line("id"), lesson.key_line("prerequisites"))


def _failed(file: str, line: int, what: str, exc: Exception) -> Problem:
    """An unexpected exception as one clear line: what failed, and the exception's type and message."""
    detail = " ".join(str(exc).split())
    detail = f"{type(exc).__name__}: {detail[:200]}" if detail else type(exc).__name__
    return Problem(file, line, f"{what} ({detail})")


def cross_check(results: list[Analysed], known: dict[str, str],
                known_prerequisites: dict[str, list[str]] | None = None) -> None:
    """Checks across files: duplicate lesson ids fail the later file; unknown, self and cyclic prerequisites warn.

    ``known`` maps the ids of lessons not read this time to their files, and
    ``known_prerequisites`` to the prerequisites they had when last read.
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
    graph = {lesson: list(needs) for lesson, needs in (known_prerequisites or {}).items() if lesson in known}
    graph.update({r.lesson.id: list(r.lesson.prerequisites) for r in results if r.lesson is not None})
    looped = _on_cycles(graph)
    for result in results:
        if result.lesson is None:
            continue
        for prereq in result.lesson.prerequisites:
            if prereq == result.lesson.id:
                result.problems.append(warning(result.file, result.prereq_line,
                                               f"lesson '{prereq}' lists itself as a prerequisite"))
            elif prereq not in seen:
                result.problems.append(warning(result.file, result.prereq_line,
                                               f"prerequisite '{prereq}' is not a lesson in this workspace"))
        cycle = _cycle_through(result.lesson.id, graph, looped) if result.lesson.id in looped else None
        if cycle:
            result.problems.append(warning(result.file, result.prereq_line,
                                           "prerequisites form a cycle: " + " -> ".join(cycle)))


def _on_cycles(graph: dict[str, list[str]]) -> set[str]:
    """The lessons that may lie on a cycle of prerequisites: what is left after taking away, again and
    again, every lesson that needs nothing left or that nothing left needs (linear in the graph's size)."""
    needs = {lesson: {n for n in wanted if n != lesson and n in graph} for lesson, wanted in graph.items()}
    needed_by: dict[str, set[str]] = {lesson: set() for lesson in graph}
    for lesson, wanted in needs.items():
        for need in wanted:
            needed_by[need].add(lesson)
    left = set(graph)
    queue = [lesson for lesson in graph if not needs[lesson] or not needed_by[lesson]]
    while queue:
        lesson = queue.pop()
        if lesson not in left:
            continue
        left.discard(lesson)
        for other in needed_by[lesson]:
            needs[other].discard(lesson)
            if other in left and not needs[other]:
                queue.append(other)
        for other in needs[lesson]:
            needed_by[other].discard(lesson)
            if other in left and not needed_by[other]:
                queue.append(other)
    return left


def _cycle_through(start: str, graph: dict[str, list[str]], within: set[str]) -> list[str] | None:
    """The shortest chain of prerequisites among ``within`` leading from ``start`` back to it (a lesson
    naming itself aside)."""
    came_from: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for lesson in frontier:
            for need in graph.get(lesson, ()):
                if need == lesson or need not in within:
                    continue
                if need == start:
                    chain = [start]
                    step: str | None = lesson
                    while step is not None:
                        chain.append(step)
                        step = came_from[step]
                    return chain[::-1]
                if need not in came_from:
                    came_from[need] = lesson
                    following.append(need)
        frontier = following
    return None
