"""Read a lesson file: YAML frontmatter plus a Markdown body, with line numbers.

Every problem names ``file:line``; a file that cannot be read at all raises
:class:`LessonError`.
"""

from __future__ import annotations

import re

from recall.lessons import header, markdown
from recall.lessons.blocks import Block, Fence, Heading, Lesson, Section, Table
from recall.model import LessonError, Problem

#: The title of the section that holds hand-written cards.
CARDS_TITLE = "cards"


def decode(data: bytes, file: str) -> str:
    """Bytes to text with "\n" line ends, or a LessonError naming the line of the first bad byte.

    A UTF-8 byte-order mark (as Windows editors write) is dropped, and CRLF or CR-only
    line ends are read as "\n", so lines are counted as an editor shows them.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = _line_ends(data[:start].decode("utf-8", "replace")).count("\n") + 1
        raise LessonError([Problem(file, line, "not valid UTF-8 text (save the file as UTF-8)")]) from None
    return _line_ends(text)


def _line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


#: file names (without extension) of the notes a folder of lessons may keep beside them
_DOCUMENTS = frozenset({"readme", "changelog", "changes", "license", "licence", "contributing", "authors",
                        "code_of_conduct", "security", "notes"})


def not_a_lesson(text: str, file: str) -> bool:
    """Whether the file is a folder's own document (a README), not a lesson: such a name and no frontmatter."""
    name = file.rsplit("/", 1)[-1].rsplit(".", 1)[0].casefold()
    return name in _DOCUMENTS and not header.has_frontmatter(text)


def parse_lesson(text: str, file: str) -> Lesson:
    """Parse one lesson; raises LessonError when the file cannot be used."""
    if not text.strip():
        raise LessonError([Problem(file, 1, "file is empty")])
    meta, body, body_line = header.split(text, file)
    key_lines = header.key_lines(text, body_line)
    problems: list[Problem] = []
    fields = header.read(meta, file, key_lines, problems)
    lines = body.split("\n")
    sections = _sections(markdown.blocks(body, body_line), lines, body_line, file, problems)
    if problems:
        raise LessonError(problems)
    return Lesson(file=file, sections=sections, key_lines=key_lines,
                  card_sections=_card_sections(sections, lines, body_line), **fields)


def _sections(found: list, lines: list[str], offset: int, file: str, problems: list[Problem]) -> tuple[Section, ...]:
    sections: list[Section] = []
    heading: Heading | None = None
    blocks: list[Block] = []

    def close() -> None:
        if heading is not None and (heading.text or blocks):
            sections.append(Section(heading.text, heading.spans, heading.level, heading.line, tuple(blocks)))
        elif heading is None and blocks:
            sections.append(Section("", (), 1, offset + 1, tuple(blocks)))

    for block in found:
        if isinstance(block, Heading):
            close()
            heading, blocks = block, []
            continue
        if isinstance(block, Table):
            _check_table(block, lines, offset, file, problems)
        elif isinstance(block, Fence) and not block.closed:
            markup = _fence_markup(lines, block.line - offset - 1)
            problems.append(Problem(file, block.line, f"code fence opened here ({markup}) is never closed"))
        blocks.append(block)
    close()
    return tuple(sections)


def _fence_markup(lines: list[str], index: int) -> str:
    found = re.match(r"\s*(`{3,}|~{3,})", lines[index]) if index < len(lines) else None
    return found.group(1) if found else "```"


def _card_sections(sections: tuple[Section, ...], lines: list[str], offset: int) -> tuple:
    """The raw lines under each "## Cards" heading, up to the next heading as high or higher.

    A file with no "##" sections whose text starts with a card ("Q:" or "C:") is all cards.
    """
    out = []
    for i, section in enumerate(sections):
        if section.title.strip().casefold() != CARDS_TITLE or section.level < 2:
            continue
        end = next((s.line for s in sections[i + 1:] if s.level <= section.level), offset + len(lines) + 1)
        start = section.line + 1
        out.append((start, tuple(lines[start - offset - 1: end - offset - 1])))
    if not out and not any(s.level >= 2 for s in sections):
        start = 0
        if sections and sections[0].level == 1 and sections[0].heading:
            start = sections[0].line - offset
        rest = lines[start:]
        first = next((line for line in rest if line.strip()), "")
        if first.startswith(("Q:", "C:")):
            out.append((offset + start + 1, tuple(rest)))
    return tuple(out)


def _check_table(table: Table, lines: list[str], offset: int, file: str, problems: list[Problem]) -> None:
    width = len(table.header.cells)
    for row in table.rows:
        index = row.line - offset - 1
        written = _cell_count(lines[index]) if index < len(lines) else len(row.cells)
        if written != width:
            problems.append(Problem(file, row.line, f"table row has {written} cells but the header has {width}"))


def _cell_count(line: str) -> int:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return len(re.split(r"(?<!\\)\|", s))
