"""Table cards: "pick the right approach" multiple choice from comparison tables.

The first column is the key. Every other column of short answers asks one question
per row, with wrong options drawn from the same column; a column of long
explanations (like "Why") is shown as the card's explanation instead.
"""

from __future__ import annotations

from recall import ids
from recall.cards import CardSpec
from recall.lessons import Lesson, Table
from recall.problems import Problem, warning

_EXPLANATION_HEADERS = {"why", "reason", "reasons", "notes", "note", "description", "explanation",
                        "details", "comment", "comments", "rationale", "because"}
MAX_CHOICES = 5


def cards(lesson: Lesson) -> list[CardSpec]:
    out = []
    for section in lesson.sections:
        for table in (b for b in section.blocks if isinstance(b, Table)):
            out.extend(_table_cards(lesson, section.title, table))
    return out


def problems(lesson: Lesson) -> list[Problem]:
    out = []
    for section in lesson.sections:
        for table in (b for b in section.blocks if isinstance(b, Table)):
            if len(table.header.cells) >= 2 and table.rows and not _question_columns(table):
                out.append(warning(lesson.file, table.line,
                                   "table has no column of short answers to ask about; no cards from it"))
    return out


def _is_explanation(table: Table, col: int) -> bool:
    header = table.header.texts()[col].strip().casefold()
    cells = [row.texts()[col] for row in table.rows]
    mean_words = sum(len(c.split()) for c in cells) / max(len(cells), 1)
    return header in _EXPLANATION_HEADERS or mean_words > 3.5 or max(map(len, cells), default=0) > 40


def _question_columns(table: Table) -> list[int]:
    cols = []
    for col in range(1, len(table.header.cells)):
        values = {ids.normalise(row.texts()[col]) for row in table.rows} - {""}
        if len(values) >= 2 and not _is_explanation(table, col):
            cols.append(col)
    return cols


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
    questions = _question_columns(table)
    explained = [c for c in range(1, len(header)) if c not in questions and _is_explanation(table, c)]
    out = []
    for col in questions:
        column = _distinct(row.texts()[col] for row in table.rows)
        for row in table.rows:
            cells = row.texts()
            key, answer = cells[0], cells[col]
            if not key or not answer:
                continue
            others = [v for v in column if ids.normalise(v) != ids.normalise(answer)]
            choices = tuple([answer, *others][:MAX_CHOICES])
            explanation = "\n".join(f"{header[c]}: {cells[c]}" for c in explained if cells[c])
            out.append(CardSpec(
                id=ids.card_id(lesson.id, "table", ids.normalise(title), ids.normalise(key),
                               ids.normalise(header[col])),
                lesson=lesson.id, source="table", form="choice",
                prompt=f"{sentence_case(header[0])}: {key}. {sentence_case(header[col])}?",
                answer=answer, choices=choices, explanation=explanation,
                file=lesson.file, line=row.line, section=title))
    return out


def _distinct(values) -> list[str]:
    seen, out = set(), []
    for v in values:
        k = ids.normalise(v)
        if k and k not in seen:
            seen.add(k)
            out.append(v)
    return out
