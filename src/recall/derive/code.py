"""Code cards: "what does this print?" and "what happens?" from a lesson's Python blocks.

What a lesson documents about a block's output is read in these shapes:

- ``print(...)  # value`` on one line, or the value in a comment on the next line;
- a ``# Output:`` comment block after the code (a multi-line answer);
- an "Output:" paragraph and a block right after the code fence (the whole block's output);
- ``# SomeError: message`` on or after a statement (an error answer);
- a commented-out line that would raise: ``# d["missing"]  # KeyError: 'missing'``.

When the code runs (verify.py), what Python prints decides every answer. When it does not,
only documented values that the print could produce make a card (``could_print``). The
code shown stops at the line asked about, without the comments that give answers away.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from recall.derive import ids
from recall.derive.cells import Cell, draws_chance, needed, setups
from recall.derive.outputs import (
    could_print,
    error_answer,
    is_literal,
    is_print,
    output_header,
    readable,
    says_why,
    split_comment,
    stated_value,
)
from recall.derive.polish import finished, picked
from recall.lessons import CARDS_TITLE, Fence, Lesson, Paragraph
from recall.model import (
    BLOCK_PROMPT,
    EARLIER,
    ERROR_PROMPT,
    PRINT_PROMPT,
    RUNS_PROMPT,
    THEN,
    CardSpec,
    CodeCell,
    Form,
    Problem,
    Source,
)

#: most cards one block makes
PER_BLOCK = 3
_OUTPUT_PARAGRAPH = re.compile(r"^(?:example |expected |sample )?output\s*:?$", re.IGNORECASE)
_RAISES = re.compile(r"\b\w*(?:Error|Exception)\b|\bStop(?:Async)?Iteration\b|\braises?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """Something a block's comments say about its output."""

    kind: str  # "print" (what a line prints) | "block" (what the code above prints) | "error" | "probe"
    line: int  # the line asked about, 1-based in the block; for "block", the last line the answer covers
    documented: str | None  # the lesson's answer (None: the comment is not an output)
    anchor: str  # what identifies the card within its block
    probe: str = ""  # for "probe": the commented-out code, run after the lines above it
    noted: bool = False  # the comment says more than the value ("False — checks keys, not values")

    @property
    def priority(self) -> int:
        """Errors first (the most teachable), then what the lesson documents with a note of why, then the rest
        of what it documents."""
        if self.kind in ("error", "probe"):
            return 0
        return 3 if self.documented is None else 1 if self.noted else 2


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    return cards(lesson), []


def cells(lesson: Lesson) -> list[Cell]:
    """The lesson's Python blocks in order (hand-written cards' sections aside)."""
    out: list[Cell] = []
    for section in lesson.sections:
        if section.title.strip().casefold() == CARDS_TITLE:
            continue
        position = 0
        for block in section.blocks:
            if isinstance(block, Fence) and block.is_python:
                out.append(Cell(len(out), section.title, position, block.line, block.code))
                position += 1
    return out


def documented_blocks(lesson: Lesson) -> dict[int, str]:
    """Fence line -> the output an "Output:" paragraph and the block after it show for that code."""
    out = {}
    for section in lesson.sections:
        blocks = section.blocks
        for i, block in enumerate(blocks[:-2]):
            after, shown = blocks[i + 1], blocks[i + 2]
            if (isinstance(block, Fence) and block.is_python and isinstance(after, Paragraph)
                    and _OUTPUT_PARAGRAPH.match(after.text.strip()) and isinstance(shown, Fence)
                    and not shown.is_python and shown.code.strip()):
                out[block.line] = shown.code.rstrip("\n")
    return out


def code_cells(lesson: Lesson) -> tuple[CodeCell, ...]:
    """What a run needs: every block with the setup cut from the blocks before it."""
    found = cells(lesson)
    outputs = documented_blocks(lesson)
    return tuple(CodeCell(c.code, c.line, c.section, c.position, setup, outputs.get(c.line))
                 for c, setup in zip(found, setups(found)))


def questions(cell: Cell, documented_block: str | None = None) -> list[Question]:
    """What the block's comments say it prints or raises, in line order."""
    lines = cell.lines
    legacy = _legacy_order(lines)
    out: list[Question] = []
    i = 0
    while i < len(lines):
        number = i + 1
        line = lines[i]
        stripped = line.lstrip()
        body, comment = split_comment(line)
        if stripped.startswith("#"):
            header = output_header(stripped)
            if header is not None:
                answer, end = _comment_block(lines, i, header)
                previous = _previous_code(lines, i)
                if header and end == i + 1 and previous is not None and is_print(lines[previous]) \
                        and split_comment(lines[previous])[1] is None:
                    out.append(Question("print", previous + 1, header, legacy.get(i, f"next {number}")))
                elif answer and _previous_code(lines, i) is not None:
                    error = error_answer(answer) if "\n" not in answer else None
                    out.append(Question("error" if error else "block", number - 1 if error else number,
                                        error or answer, legacy.get(i, f"block {number}")))
                i = end
                continue
            text = stripped[1:].strip()
            error = error_answer(text)
            previous = _previous_code(lines, i)
            if error and previous == i - 1:
                out.append(Question("error", i, error, legacy.get(i - 1, f"error {i}")))
            elif (probe := _probe(text)) is not None:
                code, said = probe
                out.append(Question("probe", number, said, "probe " + ids.normalise(code), probe=code))
            elif previous == i - 1 and is_print(lines[previous]) and split_comment(lines[previous])[1] is None:
                value = stated_value(text)
                if value is not None and could_print(lines[previous], value):
                    out.append(Question("print", i, value, f"next {i}"))
        elif comment is not None and body.strip():
            error = error_answer(comment)
            if error:
                out.append(Question("error", number, error, legacy.get(i, f"error {number}")))
            elif is_print(body):
                value = stated_value(comment)
                if value is not None:
                    documented = value if _meant_as_output(body, value) else None
                    noted = documented is not None and says_why(comment, value)
                    out.append(Question("print", number, documented, legacy.get(i, f"print {number}"), noted=noted))
        i += 1
    if documented_block is not None:
        out.append(Question("block", len(lines), documented_block, "output"))
    return out


def _meant_as_output(body: str, value: str) -> bool:
    """A comment on a print that is a value it could print, not a remark about the line."""
    return could_print(body, value) or is_literal(value)


def _probe(text: str) -> tuple[str, str | None] | None:
    """A commented-out line of code whose own comment says it raises: (the code, the stated error)."""
    body, comment = split_comment(text)
    if not comment or not body.strip() or not _RAISES.search(comment):
        return None
    try:
        tree = ast.parse(body.strip())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        if "SyntaxError" not in comment and "IndentationError" not in comment:
            return None
        return body.strip(), error_answer(comment)
    if len(tree.body) != 1 or (isinstance(tree.body[0], (ast.Import, ast.ImportFrom)) and "Error" not in comment):
        return None
    return body.strip(), error_answer(comment)


def _previous_code(lines: list[str], i: int) -> int | None:
    """Index of the nearest non-blank line above ``i``, when it holds code (not a comment)."""
    for j in range(i - 1, -1, -1):
        stripped = lines[j].strip()
        if stripped:
            return None if stripped.startswith("#") else j
    return None


def answer_lines(cell: Cell, asked: list[Question]) -> set[int]:
    """Lines (1-based) that only give answers away: output comments and commented-out raising lines."""
    out: set[int] = set()
    lines = cell.lines
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if not stripped.startswith("#"):
            continue
        if output_header(stripped) is not None:
            _, end = _comment_block(lines, i, "")
            out.update(range(i + 1, end + 1))
        elif error_answer(stripped[1:].strip()) or _probe(stripped[1:].strip()):
            out.add(i + 1)
    out.update(q.line + 1 for q in asked if q.kind == "print" and q.anchor.startswith("next"))
    return out


def shown_code(cell: Cell, through: int, hidden: set[int], extra: str = "") -> str:
    """The block's lines up to ``through`` as a card shows them: no output comments, no trailing blanks."""
    lines = []
    for number, line in enumerate(cell.lines[:through], start=1):
        if number in hidden:
            continue
        body, comment = split_comment(line)
        if comment is not None and body.strip() and (error_answer(comment) or is_print(body) or number == through):
            line = body  # an output comment, or any comment on the line asked about: it would tell
        lines.append(line.rstrip())
    if extra:
        lines.append(extra)
    while lines and (not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


#: heads of the two parts of a card's code whose block needs earlier code of the lesson


def with_setup(shown: str, setup: tuple[str, ...]) -> str:
    """The code a card shows: the earlier code its block needs (what it runs after), then the block.

    Without it, a block that calls a function defined three blocks up cannot be answered as shown.
    """
    if not setup:
        return shown
    return "\n".join([EARLIER, "\n\n".join(setup), "", THEN, shown])


def card(lesson: Lesson | CodeCellLesson, cell: Cell | CodeCell, anchor: str, prompt: str, answer: str, shown: str,
         line: int, setup: tuple[str, ...] = (), form: Form = Form.TYPED,
         choices: tuple[str, ...] = ()) -> CardSpec:
    return CardSpec(id=ids.card_id(lesson.id, "code", ids.normalise(cell.section), str(cell.position), anchor),
                    lesson=lesson.id, source=Source.CODE, form=form, prompt=prompt, answer=answer, code=shown,
                    file=lesson.file, line=cell.line + line, section=cell.section, choices=choices,
                    setup="\n\n".join(setup))


@dataclass(frozen=True)
class CodeCellLesson:
    """The two things a card needs of its lesson."""

    id: str
    file: str


def cards(lesson: Lesson) -> list[CardSpec]:
    """Cards from what the lesson documents, when the code is not run: only values a print could produce."""
    out: list[CardSpec] = []
    outputs = documented_blocks(lesson)
    found = cells(lesson)
    for cell, setup in zip(found, setups(found)):
        if draws_chance(cell.code, *setup):
            continue
        asked = questions(cell, outputs.get(cell.line))
        hidden = answer_lines(cell, asked)
        made: list[tuple[Question, CardSpec]] = []
        for q in sorted(asked, key=lambda q: q.priority):
            if q.documented is None:
                continue
            if q.kind == "print":
                line = cell.lines[q.line - 1]
                body = split_comment(line)[0]
                shown = shown_code(cell, q.line, hidden)
                if not could_print(body, q.documented) or readable("\n".join([*setup, shown]), body):
                    continue
                made.append((q, card(lesson, cell, q.anchor, PRINT_PROMPT, q.documented, shown, q.line, setup)))
            elif q.kind == "error":
                made.append((q, card(lesson, cell, q.anchor, ERROR_PROMPT, q.documented,
                                     shown_code(cell, q.line, hidden), q.line, setup)))
            elif q.kind == "probe":
                prefix = _before(cell, q.line)
                shown = shown_code(cell, prefix, hidden, q.probe)
                later = defined_later(cell, q.line, q.documented)
                made.append((q, card(lesson, cell, q.anchor, RUNS_PROMPT if later else ERROR_PROMPT,
                                     q.documented, f"{shown}\n\n{later}" if later else shown, q.line, setup)))
            elif q.kind == "block":
                through = q.line if q.anchor == "output" else q.line - 1
                shown = shown_code(cell, through, hidden)
                if shown:
                    made.append((q, card(lesson, cell, q.anchor, BLOCK_PROMPT, q.documented, shown, q.line, setup)))
        passed = [(q.noted, c, ready) for q, c in made if (ready := finished(_shown_with(c, needed(setup, c.code))))]
        kept = [shown for _, shown in picked(cell, passed, PER_BLOCK)]  # the first a teacher keeps, by priority
        out.extend(sorted(kept, key=lambda c: c.line))
    return out


def _shown_with(card: CardSpec, setup: tuple[str, ...]) -> CardSpec:
    return replace(card, setup="\n\n".join(setup), code=with_setup(card.code, setup))


_UNDEFINED = re.compile(r"^NameError: name '(\w+)' is not defined")


def defined_later(cell: Cell, line: int, error: str) -> str:
    """The first top-level statement after ``line`` that defines the name a NameError says is missing
    (its lines as the block has them), or ""."""
    missing = _UNDEFINED.match(error)
    if missing is None:
        return ""
    later = next((s for s in cell.statements if s.first > line and missing[1] in s.kills), None)
    if later is None:
        return ""
    return "\n".join(cell.lines[later.first - 1:later.last]).rstrip()


def _before(cell: Cell, line: int) -> int:
    """The last line of the top-level statements that end before ``line`` (0 when none do)."""
    last = 0
    for statement in cell.statements:
        if statement.last < line:
            last = max(last, statement.last)
    if not cell.statements:
        for number, text in enumerate(cell.lines[:line - 1], start=1):
            if text.strip() and not text.lstrip().startswith("#"):
                last = number
    return last


def _comment_block(lines: list[str], start: int, first: str) -> tuple[str, int]:
    """The answer under a ``# Output:`` line: its own text, then the ``#`` lines that follow."""
    answer = [first] if first else []
    i = start + 1
    while i < len(lines) and lines[i].lstrip().startswith("#"):
        text = lines[i].lstrip()[1:]
        answer.append(text[1:] if text.startswith(" ") else text)
        i += 1
    return "\n".join(answer).strip("\n"), i


def _legacy_order(lines: list[str]) -> dict[int, str]:
    """Line index -> the ordinal earlier versions gave the question there, so those cards keep their ids."""
    out: dict[int, str] = {}
    cleaned_any = False
    i = 0
    while i < len(lines):
        stripped = lines[i].lstrip()
        body, comment = split_comment(lines[i])
        if stripped.startswith("#"):
            header = output_header(stripped)
            if header is not None:
                answer, end = _comment_block(lines, i, header)
                if answer and cleaned_any:
                    out[i] = str(len(out))
                cleaned_any = True
                i = end
                continue
            if i > 0 and error_answer(stripped[1:]) and cleaned_any:
                out[i - 1] = str(len(out))
        elif comment is not None and body.strip() and (
                error_answer(comment) or (is_print(body) and stated_value(comment) is not None)):
            out[i] = str(len(out))
        if stripped:
            cleaned_any = True
        i += 1
    return out
