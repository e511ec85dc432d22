"""The blocks of a lesson body, read line by line when their shape leaves no doubt.

A lesson body is almost always ATX headings, paragraphs, one-level bullet lists,
fenced code and pipe tables, each starting at the left margin. ``scan`` reads such a
body in one pass and returns the same blocks markdown-it's CommonMark reading gives
(``lessons.py`` turns either into sections; hypothesis tests hold the two readings
equal). Any line that CommonMark could read another way (indented code, block
quotes, HTML, setext headings, ordered or nested lists, link definitions, tabs...)
makes ``scan`` return None, and the body goes to markdown-it.

Blocks are tuples, lines counted from 0 within the body:

- ``("heading", line, level, text)``
- ``("paragraph", line, text)``
- ``("fence", line, end, markup, info, code)``: ``end`` is one past the closing fence
- ``("code", line, code)``: an indented code block (markdown-it only)
- ``("list", line, ((line, text), ...))``: each item's first paragraph
- ``("table", line, ((line, cells), ...))``: the header row first
"""

from __future__ import annotations

import re

#: markdown-it's ``mdTrim`` set: CommonMark whitespace and the Unicode spaces
TRIM = "\t\n\x0b\x0c\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
#: at most this many cells a table may leave out (markdown-it's limit on filling them in)
MAX_AUTOCOMPLETED_CELLS = 0x10000

_TEXT, _HEADING, _FENCE, _BULLET, _PIPE, _OTHER = range(6)
_HEADING_RE = re.compile(r"(#{1,6})(?: (.*))?$")
_HR_RE = re.compile(r"([-*_])(?: *\1){2,} *$")
_SETEXT_RE = re.compile(r"(?:=+|-+) *$")
_ORDERED_RE = re.compile(r"[0-9]{1,9}[.)](?: |$)")
_DELIMITER_CELL = re.compile(r":?-+:?")


def _kind(s: str) -> int:
    """What a line starting at the margin opens: _TEXT (paragraph text) unless it is markup."""
    c = s[0]
    if c == "#":
        return _HEADING if _HEADING_RE.match(s) else _TEXT  # "#7", "#######": CommonMark text
    if c == "`" or c == "~":
        return _FENCE if s.startswith(c * 3) else _TEXT
    if c in "-*+_=":
        if _HR_RE.match(s) or _SETEXT_RE.match(s):
            return _OTHER
        if c in "-*+" and (len(s) == 1 or s[1] == " "):
            return _BULLET
        return _TEXT
    if c == "|":
        return _PIPE
    if c in "><[ ":
        return _OTHER
    if c.isdigit() and _ORDERED_RE.match(s):
        return _OTHER
    return _TEXT


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def scan(body: str) -> list[tuple] | None:
    """The body's blocks, or None when only a full CommonMark parser may read it."""
    if "\t" in body or "\r" in body or "\0" in body:
        return None
    lines = body.split("\n")
    last = lines.pop()  # the text after the last line break is a line only if it holds more than spaces
    open_end = bool(last.strip(" "))
    if open_end:
        lines.append(last)
    n = len(lines)
    out: list[tuple] = []
    i = 0
    while i < n:
        line = lines[i]
        if not line.strip(" "):
            i += 1
            continue
        kind = _kind(line)
        if kind == _TEXT:
            i = _paragraph(lines, i, out)
        elif kind == _HEADING:
            heading = _heading(line)
            if heading is None:
                return None
            out.append(("heading", i, *heading))
            i += 1
        elif kind == _FENCE:
            i = _fence(lines, i, out, open_end)
        elif kind == _BULLET:
            i = _list(lines, i, out)
        elif kind == _PIPE:
            i = _table(lines, i, out)
        else:
            i = -1
        if i < 0:
            return None
    return out


def _heading(line: str) -> tuple[int, str] | None:
    found = _HEADING_RE.match(line)
    text = found.group(2) or ""
    if text.rstrip(" ").endswith("#"):
        return None  # maybe a closing sequence ("## Title ##"): markdown-it knows
    return len(found.group(1)), text.strip(TRIM)


def _table_next(lines: list[str], j: int) -> bool:
    """Whether the line after ``j`` is a table's delimiter row (``j`` would be its header)."""
    return j + 1 < len(lines) and _aligns(lines[j + 1].lstrip(" ")) is not None


def _continues(line: str) -> bool | None:
    """For a line after paragraph text: True if it continues the paragraph, False if it
    ends it (a heading, fence or bullet list starts), None if it is for markdown-it."""
    if not line.strip(" "):
        return False
    if line[0] == " ":
        return True if _kind(line.lstrip(" ")) == _TEXT and _indent(line) <= 3 else None
    kind = _kind(line)
    if kind == _TEXT:
        return True
    if kind in (_HEADING, _FENCE) or (kind == _BULLET and line[2:].strip(" ")):
        return False
    return None


def _paragraph(lines: list[str], i: int, out: list) -> int:
    j = i
    while True:
        if _table_next(lines, j):
            return -1
        j += 1
        if j >= len(lines):
            break
        more = _continues(lines[j])
        if more is None:
            return -1
        if not more:
            break
    out.append(("paragraph", i, "\n".join(lines[i:j]).strip(TRIM)))
    return j


def _fence(lines: list[str], i: int, out: list, open_end: bool) -> int:
    line = lines[i]
    marker = line[0]
    length = len(line) - len(line.lstrip(marker))
    info = line[length:]
    if marker == "`" and "`" in info:
        return -1  # not a fence: CommonMark reads backticks here as inline code
    j = i + 1
    closed = False
    while j < len(lines):
        text = lines[j]
        if marker not in text:
            j += 1
            continue
        indent = _indent(text)
        if indent < 4 and text.startswith(marker, indent):
            rest = text[indent:]
            run = len(rest) - len(rest.lstrip(marker))
            if run >= length and not rest[run:].strip(" "):
                closed = True
                break
        j += 1
    code = "".join(text + "\n" for text in lines[i + 1:j])
    if not closed and open_end and j > i + 1:
        code = code[:-1]  # the last line of the body had no line break
    end = j + 1 if closed else j
    out.append(("fence", i, end, line[:length], info, code))
    return end


def _list(lines: list[str], i: int, out: list) -> int:
    marker = lines[i][0]
    items = []
    n = len(lines)
    while True:
        line = lines[i]
        content = line[2:]
        if not content.strip(" ") or content[0] == " " or _kind(content) != _TEXT or content[0] == "[":
            return -1  # an empty item, wider spacing, or a block inside the item
        parts = [content]
        j = i + 1
        while j < n:
            if _table_next(lines, j - 1):
                return -1
            text = lines[j]
            if not text.strip(" "):
                break
            indent = _indent(text)
            if indent:
                if indent > 5 or _kind(text[indent:]) != _TEXT:
                    return -1
                parts.append(text[min(indent, 2):])
            else:
                kind = _kind(text)
                if kind == _TEXT:
                    parts.append(text)  # a lazy continuation of the item's paragraph
                elif kind == _BULLET or kind == _HEADING or kind == _FENCE:
                    break
                else:
                    return -1
            j += 1
        items.append((i, "\n".join(parts).strip(TRIM)))
        k = j
        while k < n and not lines[k].strip(" "):
            k += 1
        if k >= n:
            break
        following = lines[k]
        if following[0] == " ":
            return -1  # more of the item after a blank line
        if _kind(following) == _BULLET and following[0] == marker:
            i = k
            continue
        if _kind(following) == _BULLET:
            break  # another marker starts another list
        if k == j and _kind(following) not in (_HEADING, _FENCE):
            return -1
        break
    out.append(("list", items[0][0], tuple(items)))
    return j


def _split(text: str) -> list[str]:
    """markdown-it's ``escapedSplit``: cells split on pipes not escaped by a backslash."""
    if "\\" not in text:
        return text.split("|")
    result: list[str] = []
    current = ""
    last = 0
    escaped = False
    for pos, ch in enumerate(text):
        if ch == "|":
            if not escaped:
                result.append(current + text[last:pos])
                current = ""
                last = pos + 1
            else:
                current += text[last:pos - 1]
                last = pos
        escaped = ch == "\\"
    result.append(current + text[last:])
    return result


def _cells(line: str) -> list[str]:
    columns = _split(line.strip(TRIM))
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _aligns(line: str) -> int | None:
    """How many columns a delimiter row (``|---|:--:|``) sets, or None if it is not one."""
    if len(line) < 2 or line[0] not in "|-:" or line[1] not in "|-: " or (line[0] == "-" and line[1] == " "):
        return None
    if line.strip("|-: "):
        return None
    columns = line.split("|")
    count = 0
    for i, column in enumerate(columns):
        t = column.strip(TRIM)
        if not t:
            if i == 0 or i == len(columns) - 1:
                continue
            return None
        if not _DELIMITER_CELL.fullmatch(t):
            return None
        count += 1
    return count


def _table(lines: list[str], i: int, out: list) -> int:
    n = len(lines)
    if i + 1 >= n or not lines[i + 1] or lines[i + 1][0] == " ":
        return -1
    count = _aligns(lines[i + 1])
    header = _cells(lines[i])
    if count is None or not header or len(header) != count:
        return -1  # a line of pipes that is no table: a paragraph, for markdown-it
    rows = [(i, tuple(cell.strip(TRIM) for cell in header))]
    j = i + 2
    filled = 0
    while j < n and lines[j].strip(" "):
        if lines[j][0] != "|":
            return -1  # a row without a leading pipe, or a block after the table
        columns = _cells(lines[j])
        filled += count - len(columns)
        if filled > MAX_AUTOCOMPLETED_CELLS:
            return -1
        rows.append((j, tuple(columns[c].strip(TRIM) if c < len(columns) and columns[c] else ""
                              for c in range(count))))
        j += 1
    out.append(("table", i, tuple(rows)))
    return j
