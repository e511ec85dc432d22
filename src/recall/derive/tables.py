"""Table cards: "pick the right approach" multiple choice from comparison tables.

The first column is the key. Every other column of short answers asks one question
per row, with wrong options drawn from the same column; a column of long
explanations (like "Why") is shown as the card's explanation instead.
"""

from __future__ import annotations

from recall.derive import ids
from recall.lessons import Lesson, Table
from recall.model import CardSpec, Form, Problem, Source, warning

_EXPLANATION_HEADERS = {"why", "reason", "reasons", "notes", "note", "description", "explanation",
                        "details", "comment", "comments", "rationale", "because"}
MAX_CHOICES = 5


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    cards: list[CardSpec] = []
    problems: list[Problem] = []
    for section in lesson.sections:
        for table in (b for b in section.blocks if isinstance(b, Table)):
            made = _table_cards(lesson, section.title, table)
            if not made and len(table.header.cells) >= 2 and table.rows:
                problems.append(warning(lesson.file, table.line,
                                        "table has no column of short answers to ask about; no cards from it"))
            cards.extend(made)
    return cards, problems


def cards(lesson: Lesson) -> list[CardSpec]:
    return derive(lesson)[0]


def _is_explanation(header: str, cells: list[str]) -> bool:
    mean_words = sum(len(c.split()) for c in cells) / max(len(cells), 1)
    return header.strip().casefold() in _EXPLANATION_HEADERS or mean_words > 3.5 or max(map(len, cells), default=0) > 40


def sentence_case(text: str) -> str:
    """"Best Approach" -> "Best approach"; acronyms and code keep their case."""
    out = []
    for i, word in enumerate(text.split()):
        if i and word[:1].isupper() and word[1:].islower():
            word = word.lower()
        out.append(word)
    return " ".join(out)


def _table_cards(lesson: Lesson, title: str, table: Table) -> list[CardSpec]:
    header = table.header.texts()
    if len(header) < 2:
        return []
    rows = [(row, row.texts()) for row in table.rows]
    width = len(header)
    columns = [[cells[c] for _, cells in rows] for c in range(width)]
    normal = [[ids.normalise(v) for v in column] for column in columns]
    explained = [c for c in range(1, width) if _is_explanation(header[c], columns[c])]
    questions = [c for c in range(1, width) if c not in explained and len(set(normal[c]) - {""}) >= 2]
    out = []
    for col in questions:
        distinct = _distinct(columns[col], normal[col])
        for r, (row, cells) in enumerate(rows):
            key, answer = cells[0], cells[col]
            if not key or not answer:
                continue
            others = [v for v, n in distinct if n != normal[col][r]]
            explanation = "\n".join(f"{header[c]}: {cells[c]}" for c in explained if cells[c])
            out.append(CardSpec(
                id=ids.card_id(lesson.id, "table", ids.normalise(title), normal[0][r], ids.normalise(header[col])),
                lesson=lesson.id, source=Source.TABLE, form=Form.CHOICE,
                prompt=f"{sentence_case(header[0])}: {key}. {sentence_case(header[col])}?",
                answer=answer, choices=tuple([answer, *others][: MAX_CHOICES]), explanation=explanation,
                file=lesson.file, line=row.line, section=title))
    return out


def _distinct(values: list[str], normal: list[str]) -> list[tuple[str, str]]:
    """(value, normalised) pairs, first spelling of each, empties dropped."""
    seen, out = set(), []
    for v, n in zip(values, normal):
        if n and n not in seen:
            seen.add(n)
            out.append((v, n))
    return out
