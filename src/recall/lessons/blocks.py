"""A lesson as typed blocks: headings, paragraphs, bullet lists, code fences, tables.

Each block knows the line it starts on (1-based, in the file), so every card and
every problem can point back at its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text: ``kind`` is "text", "strong", "em" or "code"."""

    kind: str
    text: str


def plain(spans: tuple[Span, ...]) -> str:
    """The text as a reader sees it, without Markdown markers."""
    return " ".join("".join(span.text for span in spans).split())


@dataclass(frozen=True, slots=True)
class Inline:
    """Inline Markdown as written (``source``) and as read (``spans``, ``text``)."""

    line: int
    source: str
    spans: tuple[Span, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Heading(Inline):
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph(Inline):
    pass


@dataclass(frozen=True, slots=True)
class ListItem(Inline):
    """The first paragraph of a list item."""


@dataclass(frozen=True, slots=True)
class BulletList:
    line: int
    items: tuple[ListItem, ...]


PYTHON_INFOS = ("python", "py", "python3")


@dataclass(frozen=True, slots=True)
class Fence:
    """A code block: fenced (with its info string) or indented (no info)."""

    line: int  # line of the opening fence
    info: str
    code: str
    closed: bool = True

    @property
    def is_python(self) -> bool:
        return self.info.split()[0].lower() in PYTHON_INFOS if self.info else False


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int
    cells: tuple[Inline, ...]

    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Table:
    line: int
    header: TableRow
    rows: tuple[TableRow, ...]


Block = Paragraph | BulletList | Fence | Table


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks under it, up to the next heading."""

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
