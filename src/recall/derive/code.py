"""Code cards: "what does this print?" from output comments in Python blocks.

Three shapes are read: ``print(...)  # value`` on one line, a ``# Output:`` comment
block after the code (a multi-line answer), and ``# SomeError: message`` after a
statement (an error answer). The code shown stops at the line asked about, with
output comments removed so the answer is not on screen.
"""

from __future__ import annotations

from recall.derive import ids
from recall.derive.outputs import (
    error_answer,
    is_print,
    output_header,
    split_comment,
    stated_value,
)
from recall.lessons import CARDS_TITLE, Fence, Lesson
from recall.model import (
    BLOCK_PROMPT,
    ERROR_PROMPT,
    PRINT_PROMPT,
    CardSpec,
    Form,
    Problem,
    QuietBlock,
    Source,
)


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    return cards(lesson), []


def cards(lesson: Lesson) -> list[CardSpec]:
    out = []
    for section in lesson.sections:
        if section.title.strip().casefold() == CARDS_TITLE:
            continue  # hand-written cards carry their own code
        blocks = [b for b in section.blocks if isinstance(b, Fence) and b.is_python]
        for position, block in enumerate(blocks):
            for index, (offset, prompt, shown, answer) in enumerate(block_questions(block.code)):
                out.append(CardSpec(
                    id=ids.card_id(lesson.id, "code", ids.normalise(section.title), str(position), str(index)),
                    lesson=lesson.id, source=Source.CODE, form=Form.TYPED, prompt=prompt, answer=answer,
                    code=shown, file=lesson.file, line=block.line + 1 + offset, section=section.title))
    return out


def quiet_blocks(lesson: Lesson):
    """Python blocks that state no output: running them may still make a card."""
    out = []
    for section in lesson.sections:
        if section.title.strip().casefold() == CARDS_TITLE:
            continue
        blocks = [b for b in section.blocks if isinstance(b, Fence) and b.is_python]
        for position, block in enumerate(blocks):
            meaningful = [l for l in block.code.split("\n") if l.strip() and not l.lstrip().startswith("#")]
            if meaningful and not block_questions(block.code):
                out.append(QuietBlock(block.code, block.line, section.title, position))
    return tuple(out)


def block_questions(code: str) -> list[tuple[int, str, str, str]]:
    """(line offset, prompt, code shown, answer) for each output a block states."""
    lines = code.rstrip("\n").split("\n")
    # what each line states: ("print", value), ("error", answer) or None; read once per line
    stated: list[tuple[str, str] | None] = []
    cleaned: list[str] = []
    for line in lines:
        body, comment = split_comment(line)
        found = None
        if comment is not None and body.strip():
            error = error_answer(comment)
            if error:
                found = ("error", error)
            elif is_print(body):
                value = stated_value(comment)
                found = ("print", value) if value is not None else None
        stated.append(found)
        cleaned.append(body if found else line.rstrip())
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith("#"):
            header = output_header(stripped)
            if header is not None:
                answer, end = _comment_block(lines, i, header)
                shown = _shown(cleaned[:i])
                if answer and shown:
                    error = error_answer(answer) if "\n" not in answer else None
                    out.append((i, ERROR_PROMPT if error else BLOCK_PROMPT, shown, error or answer))
                i = end
                continue
            error = error_answer(stripped[1:]) if i > 0 else None
            if error and _shown(cleaned[:i]):
                out.append((i - 1, ERROR_PROMPT, _shown(cleaned[:i]), error))
        elif (found := stated[i]) is not None:
            kind, answer = found
            out.append((i, ERROR_PROMPT if kind == "error" else PRINT_PROMPT, _shown(cleaned[: i + 1]), answer))
        i += 1
    return out


def _comment_block(lines: list[str], start: int, first: str) -> tuple[str, int]:
    """The answer under a ``# Output:`` line: its own text, then the ``#`` lines that follow."""
    answer = [first] if first else []
    i = start + 1
    while i < len(lines) and lines[i].lstrip().startswith("#"):
        text = lines[i].lstrip()[1:]
        answer.append(text[1:] if text.startswith(" ") else text)
        i += 1
    return "\n".join(answer).strip("\n"), i


def _shown(lines: list[str]) -> str:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)
