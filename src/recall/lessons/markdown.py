"""A lesson body through markdown-it-py, in one pass, as typed blocks with their lines."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from recall.lessons.blocks import (
    BulletList,
    Fence,
    Heading,
    Inline,
    ListItem,
    Paragraph,
    Span,
    Table,
    TableRow,
    plain,
)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark plus tables. Adjacent text runs stay apart ("text_join" off), as spans read them."""
    return MarkdownIt("commonmark").enable("table").disable("text_join")


def spans(children: list[Token] | None) -> tuple[Span, ...]:
    """Flatten markdown-it inline tokens into spans, keeping bold, emphasis and code marked."""
    out: list[Span] = []
    stack: list[str] = []
    for tok in children or ():
        kind = tok.type
        if kind in ("text", "text_special", "html_inline", "image"):
            if tok.content:
                out.append(Span(stack[-1] if stack else "text", tok.content))
        elif kind == "code_inline":
            out.append(Span("code", tok.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(Span(stack[-1] if stack else "text", " "))
        elif kind == "strong_open":
            stack.append("strong")
        elif kind == "em_open":
            stack.append("em")
        elif kind in ("strong_close", "em_close") and stack:
            stack.pop()
    return tuple(out)


def inline_spans(source: str) -> tuple[Span, ...]:
    """Spans of one piece of inline Markdown on its own (a card's text, say)."""
    md = parser()
    tokens: list[Token] = []
    md.inline.parse(source, md, {}, tokens)
    return spans(tokens)


def _inline(token: Token, line: int) -> tuple[int, str, tuple[Span, ...], str]:
    found = spans(token.children)
    return line, token.content, found, plain(found)


def blocks(body: str, offset: int) -> list[Heading | Paragraph | BulletList | Fence | Table]:
    """The body's blocks in order; ``offset`` is the number of file lines before the body."""
    tokens = parser().parse(body)
    out: list[Heading | Paragraph | BulletList | Fence | Table] = []
    lines = body.split("\n")
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        start = _line(tok) + offset
        if kind == "heading_open":
            out.append(Heading(*_inline(tokens[i + 1], start), level=int(tok.tag[1])))
            i += 3
        elif kind == "paragraph_open":
            out.append(Paragraph(*_inline(tokens[i + 1], start)))
            i += 3
        elif kind == "fence":
            out.append(Fence(start, tok.info.strip(), tok.content, _fence_closed(tok, lines)))
            i += 1
        elif kind == "code_block":
            out.append(Fence(start, "", tok.content))
            i += 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items, i = _list_items(tokens, i, offset)
            out.append(BulletList(start, items))
        elif kind == "table_open":
            rows, i = _table_rows(tokens, i, offset)
            out.append(Table(rows[0].line, rows[0], tuple(rows[1:])))
        else:
            i += 1
    return out


def _line(tok: Token) -> int:
    return tok.map[0] + 1 if tok.map else 1


def _fence_closed(tok: Token, lines: list[str]) -> bool:
    first, end = tok.map or (0, 0)
    if end - first < 2 or end > len(lines):
        return False
    closing = lines[end - 1].strip()
    return closing.startswith(tok.markup[0] * len(tok.markup)) and not closing.strip(tok.markup[0])


def _list_items(tokens: list[Token], i: int, offset: int) -> tuple[tuple[ListItem, ...], int]:
    """Top-level items of the list opening at ``i``: each item's first paragraph."""
    depth, want = 0, False
    items: list[ListItem] = []
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
            items.append(ListItem(*_inline(tokens[i], _line(tokens[i]) + offset)))
            want = False
        i += 1


def _table_rows(tokens: list[Token], i: int, offset: int) -> tuple[list[TableRow], int]:
    rows: list[TableRow] = []
    cells: list[Inline] = []
    row_line = 0
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            cells, row_line = [], _line(tok) + offset
        elif tok.type == "inline":
            cells.append(Inline(*_inline(tok, row_line)))
        elif tok.type == "tr_close":
            rows.append(TableRow(row_line, tuple(cells)))
        i += 1
    return rows, i + 1
