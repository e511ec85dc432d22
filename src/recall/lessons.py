"""Read a lesson file: YAML frontmatter plus a Markdown body, with line numbers.

python-frontmatter reads the header; markdown-it-py parses the body into sections
of paragraphs, bullet lists, tables and fenced code. Every problem names
``file:line``; a file that cannot be read at all raises :class:`LessonError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import frontmatter
import yaml

from recall import blockscan, inline
from recall.inline import Span
from recall.problems import LessonError, Problem

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class _Inline:
    """A block of inline Markdown, parsed only when its spans or text are asked for."""

    line: int
    source: str  # inline Markdown as written

    @property
    def spans(self) -> tuple[Span, ...]:
        return inline.parse(self.source)

    @property
    def text(self) -> str:
        return inline.text(self.source)


class Paragraph(_Inline):
    __slots__ = ()


class ListItem(_Inline):
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class BulletList:
    line: int
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    line: int  # line of the opening fence
    info: str
    code: str

    @property
    def is_python(self) -> bool:
        return self.info.split()[0].lower() in ("python", "py", "python3") if self.info else False


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int
    cells: tuple[str, ...]  # inline Markdown of each cell

    def texts(self) -> tuple[str, ...]:
        return tuple(map(inline.text, self.cells))


@dataclass(frozen=True, slots=True)
class Table:
    line: int
    header: TableRow
    rows: tuple[TableRow, ...]


Block = Paragraph | BulletList | CodeBlock | Table


@dataclass(frozen=True, slots=True)
class Section:
    title: str  # plain text of the heading
    heading: tuple[Span, ...]
    level: int
    line: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    file: str
    concepts: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    why: str = ""
    sections: tuple[Section, ...] = ()
    #: line of each frontmatter key, for messages that point at the header
    key_lines: dict[str, int] = field(default_factory=dict)
    #: hand-written cards: (number of the first line, the lines) of each "## Cards" section
    card_sections: tuple[tuple[int, tuple[str, ...]], ...] = ()

    def key_line(self, key: str) -> int:
        return self.key_lines.get(key, 1)


_HANDLER = frontmatter.YAMLHandler()


def decode(data: bytes, file: str) -> str:
    """Bytes to text, or a LessonError naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LessonError([Problem(file, line, "not valid UTF-8 text (save the file as UTF-8)")]) from None


def parse_lesson(text: str, file: str) -> Lesson:
    """Parse one lesson; raises LessonError when the file cannot be used."""
    if not text.strip():
        raise LessonError([Problem(file, 1, "file is empty")])
    meta, body, body_line = _split_frontmatter(text, file)
    key_lines = _key_lines(text, body_line)
    problems: list[Problem] = []
    header = _read_header(meta, file, key_lines, problems)
    sections = _parse_body(body, body_line, file, problems)
    if problems:
        raise LessonError(problems)
    return Lesson(file=file, sections=sections, key_lines=key_lines,
                  card_sections=_card_sections(sections, body, body_line), **header)


def _split_frontmatter(text: str, file: str) -> tuple[dict, str, int]:
    if not _HANDLER.detect(text):
        raise LessonError([Problem(file, 1, "no frontmatter: a lesson starts with a '---' block holding at least id and title")])
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        raise LessonError([Problem(file, 1, "frontmatter is never closed: add a '---' line after it")]) from None
    try:
        meta = _HANDLER.load(fm)
    except yaml.YAMLError as exc:
        # where an unclosed construct began beats where the parser gave up
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1  # the YAML text starts on the '---' line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LessonError([Problem(file, line, f"frontmatter is not valid YAML: {reason}")]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise LessonError([Problem(file, 2, "frontmatter must be a mapping of keys (id: ..., title: ...)")])
    body_line = text[: len(text) - len(body)].count("\n")  # 0-based line where body starts
    return meta, body, body_line


def _key_lines(text: str, body_line: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()[:body_line], start=1):
        key, sep, _ = line.partition(":")
        if sep and key and not key[0].isspace() and key.strip() not in out:
            out[key.strip()] = number
    return out


def _read_header(meta: dict, file: str, key_lines: dict[str, int], problems: list[Problem]) -> dict:
    def at(key: str) -> int:
        return key_lines.get(key, 1)

    def text_value(key: str, required: bool) -> str:
        value = meta.get(key)
        if value is None:
            if required:
                problems.append(Problem(file, 1, f"frontmatter has no '{key}'"))
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(Problem(file, at(key), f"'{key}' must be text, not {_kind(value)}"))
            return ""
        value = str(value).strip()
        if required and not value:
            problems.append(Problem(file, at(key), f"'{key}' is empty"))
        return value

    def slug_list(key: str) -> tuple[str, ...]:
        value = meta.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            problems.append(Problem(file, at(key), f"'{key}' must be a list, not {_kind(value)}"))
            return ()
        out = []
        for item in value:
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                problems.append(Problem(file, at(key), f"'{key}' holds {_kind(item)}; each entry must be text"))
                continue
            out.append(str(item).strip())
        return tuple(out)

    lesson_id = text_value("id", True)
    if lesson_id and not _SLUG.match(lesson_id):
        problems.append(Problem(file, at("id"), f"id '{lesson_id}' must be lower-case letters, digits and dashes"))
    concepts = slug_list("concepts")
    for concept in concepts:
        if not _SLUG.match(concept):
            problems.append(Problem(file, at("concepts"), f"concept '{concept}' must be a slug like 'global-interpreter-lock'"))
    return {
        "id": lesson_id,
        "title": text_value("title", True),
        "why": text_value("why", False),
        "concepts": concepts,
        "prerequisites": slug_list("prerequisites"),
    }


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def _parse_body(body: str, offset: int, file: str, problems: list[Problem]) -> tuple[Section, ...]:
    found = blockscan.scan(body)
    if found is None:
        found = markdown_blocks(body)
    return _sections(found, body.split("\n"), offset, file, problems)


def markdown_blocks(body: str) -> list[tuple]:
    """The body's blocks as markdown-it reads it, in ``blockscan``'s shape."""
    tokens = inline.markdown().parse(body)
    out: list[tuple] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            out.append(("heading", tok.map[0], int(tok.tag[1]), tokens[i + 1].content))
            i += 3
        elif kind == "paragraph_open":
            out.append(("paragraph", tok.map[0], tokens[i + 1].content))
            i += 3
        elif kind == "fence":
            out.append(("fence", tok.map[0], tok.map[1], tok.markup, tok.info, tok.content))
            i += 1
        elif kind == "code_block":
            out.append(("code", tok.map[0], tok.content))
            i += 1
        elif kind == "bullet_list_open" or kind == "ordered_list_open":
            items, i = _list_items(tokens, i)
            out.append(("list", tok.map[0], items))
        elif kind == "table_open":
            rows, i = _table_rows(tokens, i)
            out.append(("table", tok.map[0], rows))
        else:
            i += 1
    return out


def _sections(blocks: list[tuple], lines: list[str], offset: int, file: str,
              problems: list[Problem]) -> tuple[Section, ...]:
    sections: list[Section] = []
    title, heading, level, line = "", (), 1, offset + 1
    found: list[Block] = []

    def close() -> None:
        if title or found:
            sections.append(Section(title, heading, level, line, tuple(found)))

    for block in blocks:
        kind = block[0]
        start = block[1] + offset + 1
        if kind == "heading":
            close()
            heading = inline.parse(block[3])
            title, level, line, found = inline.plain(heading), block[2], start, []
        elif kind == "paragraph":
            found.append(Paragraph(start, block[2]))
        elif kind == "fence":
            _, first, end, markup, info, code = block
            if not _fence_closed(first, end, markup, lines):
                problems.append(Problem(file, start, f"code fence opened here ({markup}) is never closed"))
            found.append(CodeBlock(start, info.strip(), code))
        elif kind == "code":
            found.append(CodeBlock(start, "", block[2]))
        elif kind == "list":
            found.append(BulletList(start, tuple(ListItem(n + offset + 1, text) for n, text in block[2])))
        else:
            found.append(_table(block[2], offset, lines, file, problems))
    close()
    return tuple(sections)


CARDS_TITLE = "cards"


def _card_sections(sections: tuple[Section, ...], body: str, offset: int) -> tuple:
    """The raw lines under each "## Cards" heading, up to the next heading as high or higher.

    A file with no "##" sections whose text starts with a card ("Q:" or "C:") is all cards.
    """
    lines = body.split("\n")
    out = []
    for i, section in enumerate(sections):
        if section.title.strip().casefold() != CARDS_TITLE or section.level < 2:
            continue
        end = next((s.line for s in sections[i + 1:] if s.level <= section.level), offset + len(lines) + 1)
        start = section.line + 1
        out.append((start, tuple(lines[start - offset - 1: end - offset - 1])))
    if not out and not any(s.level >= 2 for s in sections):
        start = 0
        if sections and sections[0].level == 1:
            start = sections[0].line - offset
        rest = lines[start:]
        first = next((line for line in rest if line.strip()), "")
        if first.startswith(("Q:", "C:")):
            out.append((offset + start + 1, tuple(rest)))
    return tuple(out)


def _fence_closed(first: int, end: int, markup: str, lines: list[str]) -> bool:
    if end - first < 2 or end > len(lines):
        return False
    closing = lines[end - 1].strip()
    return closing.startswith(markup[0] * len(markup)) and not closing.strip(markup[0])


def _list_items(tokens, i: int) -> tuple[tuple[tuple[int, str], ...], int]:
    """Top-level items of the list opening at ``i``: each item's first paragraph."""
    depth, items, want = 0, [], False
    while True:
        kind = tokens[i].type
        if kind.endswith("_list_open"):
            depth += 1
            want = False
        elif kind.endswith("_list_close"):
            depth -= 1
            if depth == 0:
                return tuple(items), i + 1
        elif kind == "list_item_open" and depth == 1:
            want = True
        elif kind == "inline" and want:
            items.append((tokens[i].map[0], tokens[i].content))
            want = False
        i += 1


def _table_rows(tokens, i: int) -> tuple[tuple[tuple[int, tuple[str, ...]], ...], int]:
    rows: list[tuple[int, tuple[str, ...]]] = []
    cells: list[str] = []
    row_line = 0
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            cells, row_line = [], tok.map[0]
        elif tok.type == "inline":
            cells.append(tok.content)
        elif tok.type == "tr_close":
            rows.append((row_line, tuple(cells)))
        i += 1
    return tuple(rows), i + 1


def _table(rows, offset: int, lines: list[str], file: str, problems: list[Problem]) -> Table:
    made = [TableRow(n + offset + 1, cells) for n, cells in rows]
    width = len(made[0].cells)
    for n, cells in rows[1:]:
        written = _cell_count(lines[n]) if n < len(lines) else len(cells)
        if written != width:
            problems.append(Problem(file, n + offset + 1, f"table row has {written} cells but the header has {width}"))
    return Table(made[0].line, made[0], tuple(made[1:]))


def _cell_count(line: str) -> int:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return len(re.split(r"(?<!\\)\|", s))
