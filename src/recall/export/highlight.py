"""Python code as HTML with its parts coloured: one regular expression, one pass.

An export highlights every code snippet of every card; pygments took about 0.5 ms a
snippet (most of a 100,000-card export), this takes a few hundredths of that. It
colours what a reader scans for (keywords, builtins, strings, numbers, comments,
decorators, the names a ``def`` or ``class`` introduces) and leaves the rest plain.

Every character of the code is emitted, HTML-escaped, inside or between spans, and
every span closes before its line ends: line k of the HTML shows line k of the code,
whatever follows it.
"""

from __future__ import annotations

import builtins
import keyword
import re
from html import escape

#: CSS for the classes used below (light, then night mode); goes into the note type.
CSS = """
pre.code .k { color: #8250df; font-weight: bold; }
pre.code .b { color: #0550ae; }
pre.code .s { color: #0a3069; }
pre.code .n { color: #0550ae; }
pre.code .c { color: #6e7781; font-style: italic; }
pre.code .d { color: #953800; }
pre.code .f { color: #953800; font-weight: bold; }
.nightMode pre.code .k { color: #d2a8ff; }
.nightMode pre.code .b, .nightMode pre.code .n { color: #79c0ff; }
.nightMode pre.code .s { color: #a5d6ff; }
.nightMode pre.code .c { color: #8b949e; }
.nightMode pre.code .d, .nightMode pre.code .f { color: #ffa657; }
"""

_KEYWORDS = frozenset(keyword.kwlist)
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_DEFINING = frozenset(("def", "class"))

_TOKEN = re.compile(r"""
    (?P<c>\#[^\n]*)
  | (?P<s>[rRbBuUfF]{0,2}(?:'''[\s\S]*?(?:'''|\Z) | \"\"\"[\s\S]*?(?:\"\"\"|\Z)
                          | '(?:[^'\\\n]|\\.)*'? | "(?:[^"\\\n]|\\.)*"?))
  | (?P<n>(?<![\w.])(?:0[xXoObB][0-9a-fA-F_]+ | (?:\d[\d_]*(?:\.[\d_]*)? | \.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?))
  | (?P<d>^[ \t]*@[^\W\d][\w.]*)
  | (?P<w>[^\W\d]\w*)
""", re.VERBOSE | re.MULTILINE)


def highlight(code: str) -> str:
    """The HTML of ``code``: escaped text and ``<span class=...>`` runs, lines as in the code."""
    out: list[str] = []
    position = 0
    defining = False
    for match in _TOKEN.finditer(code):
        start, end = match.span()
        if start > position:
            out.append(_escape(code[position:start]))
        kind = match.lastgroup
        text = match.group()
        if kind == "w":  # a name: never anything to escape
            if defining:
                out.append(f'<span class="f">{text}</span>')
            elif text in _KEYWORDS:
                out.append(f'<span class="k">{text}</span>')
            elif text in _BUILTINS:
                out.append(f'<span class="b">{text}</span>')
            else:
                out.append(text)
            defining = text in _DEFINING
        else:
            out.append(_span(kind or "", _escape(text)))
            defining = False
        position = end
    out.append(_escape(code[position:]))
    return "".join(out)


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return escape(text, quote=False)
    return text


def _span(kind: str, html: str) -> str:
    if "\n" not in html:
        return f'<span class="{kind}">{html}</span>'
    return "\n".join(f'<span class="{kind}">{line}</span>' if line else "" for line in html.split("\n"))
