"""Python code as HTML with its parts coloured: one regular expression, one pass.

An export highlights every code snippet of every card; pygments took about 0.5 ms a
snippet (most of a 100,000-card export), this takes a few hundredths of that. It
colours what a reader scans for (keywords, builtins, strings, numbers, comments,
decorators, the names a ``def`` or ``class`` introduces) and leaves the rest plain.

Every character of the code is emitted, escaped as ``markup.text`` escapes it, inside or
between spans, and every span closes before its line ends: line k of the HTML shows
line k of the code, whatever follows it.
"""

from __future__ import annotations

import builtins
import keyword
import re

from recall.export import markup

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

#: the HTML of each name that gets a colour (other names stay as they are), and of the
#: characters HTML reserves
_FIXED = {name: f'<span class="b">{name}</span>' for name in dir(builtins) if not name.startswith("_")}
_FIXED.update({name: f'<span class="k">{name}</span>' for name in keyword.kwlist})
_FIXED.update({"&": "&amp;", "<": "&lt;", ">": "&gt;"})

# Names come first, being most of the matches, and each kind of token is tried only
# where its first character can start it (the lookaheads): a third faster than plain
# alternatives. A name right before a quote is a string prefix (rb"..."), never a name.
_TOKEN = re.compile(r"""
    (?=[^\W\d]) (?: (?P<f>(?:def|class)[ \t]+[^\W\d]\w*) | (?P<w>[^\W\d]\w*+)(?!['"]) )
  | (?P<c>\#[^\n]*)
  | (?=[rRbBuUfF'"]) (?P<s>[rRbBuUfF]{0,2}(?:'''[\s\S]*?(?:'''|\Z) | \"\"\"[\s\S]*?(?:\"\"\"|\Z)
                                        | '(?:[^'\\\n]|\\.)*'? | "(?:[^"\\\n]|\\.)*"?))
  | (?=[\d.]) (?P<n>(?<![\w.])(?:0[xXoObB][0-9a-fA-F_]+ | (?:\d[\d_]*(?:\.[\d_]*)? | \.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?))
  | (?P<d>^[ \t]*@[^\W\d][\w.]*)
  | (?P<e>[&<>])
""", re.VERBOSE | re.MULTILINE)


def highlight(code: str) -> str:
    """The HTML of ``code``: escaped text and ``<span class=...>`` runs, lines as in the code."""
    # names, introduced names and the characters HTML reserves are the common matches,
    # so they are handled first; the text between matches needs no HTML escaping
    return markup.anki(_TOKEN.sub(_token_html, code))


def _token_html(match: re.Match) -> str:
    text = match[0]
    fixed = _FIXED.get(text)
    if fixed is not None:
        return fixed
    kind = match.lastgroup
    if kind == "w":
        return text
    if kind == "f":
        word, name = text.split(None, 1)
        return f'<span class="k">{word}</span>{text[len(word):-len(name)]}<span class="f">{name}</span>'
    return _span(kind or "", markup.html(text))


def _span(kind: str, html: str) -> str:
    if "\n" not in html:
        return f'<span class="{kind}">{html}</span>'
    return "\n".join(f'<span class="{kind}">{line}</span>' if line else "" for line in html.split("\n"))
