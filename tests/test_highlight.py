"""The export's code highlighter: every character kept and escaped, spans closed on their line."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from recall.export.highlight import highlight

NUMERIC = re.compile(r"&#(\d+);")
SPAN = re.compile(r'<span class="[a-z]">|</span>')
PYTHONISH = st.lists(st.sampled_from([
    "def ", "class ", "f", "(x, y=1):", "\n", "    ", "return ", "print", "(", ")", "'a'", '"b"', "'''", '"""',
    "# note <b> & c", "0x1F", "1.5e3", "42", "@dataclass", "<script>", "&amp;", "\\", "'", '"', "lambda", "\t",
    "if", " x < y > z", "rb'\\x00'", "f'{x}'", "é", "_name", ".5", "None",
]), max_size=40).map("".join)


@settings(deadline=None)
@given(st.one_of(PYTHONISH, st.text()))
def test_every_character_is_kept_and_escaped(code):
    out = highlight(code)
    plain = SPAN.sub("", out)
    assert "<" not in plain and ">" not in plain  # only our own spans are markup
    assert not re.search(r"[{}\[:\\\x1f]", plain)  # nor any of Anki's
    assert html.unescape(NUMERIC.sub(lambda m: chr(int(m[1])), plain)) == code


@settings(deadline=None)
@given(st.one_of(PYTHONISH, st.text()))
def test_each_line_stands_alone(code):
    """Line k of the HTML is the HTML of the code's first k lines (how prefix cards share one block)."""
    lines = highlight(code).split("\n")
    assert len(lines) == len(code.split("\n"))
    for line in lines:
        assert line.count("<span") == line.count("</span>")
    source = code.split("\n")
    for k in range(1, len(source) + 1):
        assert highlight("\n".join(source[:k])).split("\n") == lines[:k]


def test_what_gets_which_colour():
    out = highlight('@cache\ndef area(r):\n    """Doc."""\n    return 3.14 * r ** 2  # m² <approx>\nprint(len("x"))')
    assert '<span class="d">@cache</span>' in out
    assert '<span class="k">def</span> <span class="f">area</span>' in out
    assert '<span class="s">"""Doc."""</span>' in out
    assert '<span class="n">3.14</span>' in out and '<span class="n">2</span>' in out
    assert '<span class="c"># m² &lt;approx&gt;</span>' in out
    assert '<span class="b">print</span>(<span class="b">len</span>(<span class="s">"x"</span>))' in out
    assert "r ** " in out  # a plain name stays plain


@settings(deadline=None)
@given(st.lists(PYTHONISH, min_size=1, max_size=4))
def test_blocks_and_their_first_lines_are_highlighted_as_each_alone(blocks):
    """highlight_all shares the work between a block and the cards showing its first lines, with the same HTML."""
    from recall.export.notes import _wrap, highlight_all

    codes = {"\n".join(block.split("\n")[:k]) for block in blocks for k in range(1, block.count("\n") + 2)}
    assert highlight_all(codes) == {code: _wrap(highlight(code)) for code in codes}


def test_a_cards_earlier_code_and_its_own_lines_are_highlighted_as_the_whole_would_be():
    from recall.export.notes import highlight_all

    setup = 'def shout(text):\n    """Loud."""\n    return text.upper() + "!"'
    first = f"# earlier in the lesson:\n{setup}\n\n# then:\nx = shout('hi')"
    second = f"{first}\nprint(x)  # HI!"
    other = f"# earlier in the lesson:\n{setup}\n\n# then:\nprint(shout('yo'))"
    found = highlight_all({first, second, other, "print(1)"})
    for code in (first, second, other, "print(1)"):
        assert found[code] == '<pre class="code">' + highlight(code) + "\n</pre>"
