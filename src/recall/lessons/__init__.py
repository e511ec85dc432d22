"""Lesson files in: frontmatter, a Markdown body as typed blocks, hand-written card syntax."""

from recall.lessons.blocks import (
    BulletList,
    Fence,
    Heading,
    Inline,
    Lesson,
    ListItem,
    Paragraph,
    Section,
    Span,
    Table,
    TableRow,
)
from recall.lessons.reader import CARDS_TITLE, decode, not_a_lesson, parse_lesson

__all__ = ["CARDS_TITLE", "BulletList", "Fence", "Heading", "Inline", "Lesson", "ListItem", "Paragraph", "Section",
           "Span", "Table", "TableRow", "decode", "not_a_lesson", "parse_lesson"]
