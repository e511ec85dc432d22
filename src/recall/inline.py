"""Inline Markdown (one paragraph, heading, list item or table cell) as plain parts."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text: ``kind`` is "text", "strong", "em" or "code"."""

    kind: str
    text: str


def spans(children) -> tuple[Span, ...]:
    """Flatten markdown-it inline tokens into spans, keeping bold and code marked."""
    out: list[Span] = []
    stack: list[str] = []
    for tok in children or ():
        t = tok.type
        if t == "text" or t == "text_special" or t == "html_inline" or t == "image":
            if tok.content:
                out.append(Span(stack[-1] if stack else "text", tok.content))
        elif t == "code_inline":
            out.append(Span("code", tok.content))
        elif t in ("softbreak", "hardbreak"):
            out.append(Span(stack[-1] if stack else "text", " "))
        elif t == "strong_open" or t == "em_open":
            stack.append(t[:-5] if t == "strong_open" else "em")
        elif (t == "strong_close" or t == "em_close") and stack:
            stack.pop()
    return tuple(out)


def plain(parts: tuple[Span, ...]) -> str:
    """The text as a reader sees it, without Markdown markers."""
    return " ".join("".join(p.text for p in parts).split())


@lru_cache(maxsize=1)
def markdown():
    """The parser: CommonMark plus tables. Inline content is parsed on demand (see ``parse``)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


@lru_cache(maxsize=1 << 14)
def parse(source: str) -> tuple[Span, ...]:
    """Spans of one piece of inline Markdown; only the pieces a generator reads pay for this."""
    if _plain_text(source):
        return _plain_spans(source)
    if _OTHER_MARKUP.isdisjoint(source):
        return _code_span_spans(source)
    if _NOT_EMPHASIS.isdisjoint(source) and "`" in source:
        found = _code_spans_holding_emphasis(source)
        if found is not None:
            return found
    if _NOT_STRONG.isdisjoint(source):
        found = _strong_spans(source)
        if found is not None:
            return found
    md = markdown()
    tokens: list = []
    md.inline.parse(source, md, {}, tokens)
    return spans(tokens)


#: Characters that can start inline Markdown (CommonMark: escapes, code, emphasis, links,
#: images, autolinks, HTML, entities); text without them is plain text.
_MARKUP = frozenset("\\`*_[]!<&")


_OTHER_MARKUP = _MARKUP - {"`"}
_NOT_EMPHASIS = _MARKUP - {"`", "*", "_"}
_EMPHASIS = frozenset("*_")
_NOT_STRONG = _MARKUP - {"*"}
_STRONG_RUN = re.compile(r"\*+")
_ASCII_PUNCTUATION = frozenset(string.punctuation)


def _plain_text(source: str) -> bool:
    return _MARKUP.isdisjoint(source)


def _plain_spans(source: str) -> tuple[Span, ...]:
    """What markdown-it makes of markup-free text: its lines, joined by line breaks."""
    lines = source.split("\n")
    out: list[Span] = []
    for number, line in enumerate(lines):
        if number:
            out.append(Span("text", " "))  # the soft or hard break
            line = line.lstrip(" \t")
        if number < len(lines) - 1:
            line = line.rstrip(" ")
        if line:
            out.append(Span("text", line))
    return tuple(out)


def _code_span_spans(source: str) -> tuple[Span, ...]:
    """What markdown-it makes of text whose only markup is backticks (CommonMark code spans).

    A run of backticks opens a code span closed by the next run of the same length; one
    with no such closer is plain text. Inside, line ends are spaces, and one space is
    trimmed from each end when both ends have one (and it is not all spaces).
    """
    out: list[Span] = []
    n = len(source)
    text_start = position = 0
    while (start := source.find("`", position)) != -1:
        end = start
        while end < n and source[end] == "`":
            end += 1
        length, scan, close = end - start, end, -1
        while (run := source.find("`", scan)) != -1:
            scan = run
            while scan < n and source[scan] == "`":
                scan += 1
            if scan - run == length:
                close = run
                break
        if close == -1:  # no closer: the backticks are text
            position = end
            continue
        out.extend(_plain_spans(source[text_start:start]))
        code = source[end:close].replace("\n", " ")
        if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
            code = code[1:-1]
        out.append(Span("code", code))
        text_start = position = close + length
    out.extend(_plain_spans(source[text_start:]))
    return tuple(out)


def _code_spans_holding_emphasis(source: str) -> tuple[Span, ...] | None:
    """Code spans with ``*`` or ``_`` inside (```__iter__```) and no markup outside them.

    Code spans bind tighter than emphasis, so with no star or underscore outside them
    there is no emphasis to read; otherwise returns None (markdown-it decides).
    """
    found = _code_span_spans(source)
    if any(span.kind == "text" and not _EMPHASIS.isdisjoint(span.text) for span in found):
        return None
    return found


def _strong_spans(source: str) -> tuple[Span, ...] | None:
    """``**bold**`` in otherwise plain text, when CommonMark's reading is plain to see.

    Each run of asterisks must be exactly two, each either only able to open (followed
    by a word character, after a space or the start) or only able to close, alternating
    open, close, open... Anything else (single stars, runs that could do both, letters
    outside ASCII beside a run) is left to markdown-it: returns None.
    """
    out: list[Span] = []
    position, opened = 0, -1
    n = len(source)
    for run in _STRONG_RUN.finditer(source):
        start, end = run.span()
        if end - start != 2:
            return None
        before = source[start - 1] if start else " "
        after = source[end] if end < n else " "
        if not (before.isascii() and after.isascii()):
            return None
        opens = not after.isspace() and (after not in _ASCII_PUNCTUATION or before.isspace()
                                         or before in _ASCII_PUNCTUATION)
        closes = not before.isspace() and (before not in _ASCII_PUNCTUATION or after.isspace()
                                           or after in _ASCII_PUNCTUATION)
        if opens == closes or opens != (opened == -1):
            return None
        if opens:
            out.extend(_plain_spans(source[position:start]))
            opened = end
        else:
            out.extend(Span("strong", span.text) for span in _plain_spans(source[opened:start]))
            opened = -1
        position = end
    if opened != -1:
        return None
    out.extend(_plain_spans(source[position:]))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def text(source: str) -> str:
    return plain(parse(source))
