"""Inline Markdown (one paragraph, heading, list item or table cell) as plain parts."""

from __future__ import annotations

from dataclasses import dataclass


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
        if t == "text" or t == "html_inline" or t == "image":
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
