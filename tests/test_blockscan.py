"""The line scanner reads a lesson body's blocks exactly as markdown-it does, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recall import blockscan
from recall.lessons import _HANDLER, markdown_blocks


def agrees(body: str) -> bool:
    """The scanner declined, or it read what markdown-it reads."""
    fast = blockscan.scan(body)
    return fast is None or fast == markdown_blocks(body)


LINES = st.sampled_from([
    "", " ", "   ", "text", "more text  ", "  indented", "    code", "      deep", "x #", "a | b", "[ref]: /u",
    "# H", "## Head", "### Head ##", "####### seven", "#nospace", "# ", "#", "## C#", "##   spaced  ",
    "- item", "- **bold** item", "-  wide", "-", "- ", "* star", "+ plus", "*emph*", "**bold** start", "+1",
    "  - nested", "  continued", " one space", "   three", "- - -", "***", "___", "---", "===", "-- x",
    "1. one", "2) two", "10. ten", "> quote", "<div>", "<!-- c -->", "\\- escaped",
    "```", "```python", "````", "~~~", "~~~ py", "``` a`b", "  ```", "    ```", "``` ", "`code` start",
    "| a | b |", "|---|---|", "| :-- | --: |", "|---|", "| x | y | z |", "| x |", "|", "| a \\| b |",
    "a | b", "--- | ---", ":-:", "|-|-|", "- | x", "\u00a0", "\u2003text\u2003", "é", "print(1)  # 1",
])


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=14), st.sampled_from(["", "\n", "\n\n", "\n  "]))
def test_any_arrangement_of_block_lines(lines, end):
    assert agrees("\n".join(lines) + end)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #-*+_=|:`~>< 1.)\n\\[]")), max_size=60))
def test_any_text_of_block_characters(body):
    assert agrees(body)


WORDS = st.sampled_from(["alpha", "**beta**", "`gamma()`", "delta,", "epsilon.", "x = 1", "a|b", "#7", "-1"])
TEXT = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)


@st.composite
def lesson_block(draw):
    kind = draw(st.sampled_from(["heading", "paragraph", "list", "fence", "table"]))
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(TEXT)
    if kind == "paragraph":
        return "\n".join(draw(st.lists(TEXT, min_size=1, max_size=3)))
    if kind == "list":
        marker = draw(st.sampled_from("-*+"))
        gap = draw(st.sampled_from(["\n", "\n\n"]))
        items = draw(st.lists(st.tuples(TEXT, st.sampled_from(["", "\n  more", "\nlazy line"])), min_size=1, max_size=4))
        return gap.join(f"{marker} {text}{more}" for text, more in items)
    if kind == "fence":
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        code = draw(st.lists(st.sampled_from(["print(1)  # 1", "", "    x = [1]", "# Output:", "```x"]), max_size=4))
        return "\n".join([fence + draw(st.sampled_from(["", "python", " py"])), *code, fence])
    width = draw(st.integers(1, 3))
    rows = draw(st.lists(st.lists(TEXT, min_size=0, max_size=4), max_size=3))
    return "\n".join(["| " + " | ".join(["H"] * width) + " |", "|" + "---|" * width,
                      *("| " + " | ".join(row) + " |" for row in rows)])


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lesson_block(), max_size=8), st.sampled_from(["\n\n", "\n"]))
def test_lesson_shaped_bodies_are_read_by_the_scanner(blocks, between):
    """Headings, paragraphs, bullet lists, fences and tables: the shape of lessons is not declined."""
    body = "\n\n".join(blocks) + between
    fast = blockscan.scan(body)
    assert fast is not None, body
    assert fast == markdown_blocks(body)


def test_the_trim_set_is_markdown_its():
    from markdown_it.common.utils import MD_TRIM_CHARS

    assert set(blockscan.TRIM) == set(MD_TRIM_CHARS)


def lesson_files() -> list[Path]:
    files = sorted((PROJECT / "decks").glob("*.md"))
    return files + ([SEED] if SEED.exists() else [])


@pytest.mark.parametrize("path", lesson_files(), ids=lambda p: p.name)
def test_real_lessons_take_the_scanner(path):
    _, body = _HANDLER.split(path.read_text(encoding="utf-8"))
    fast = blockscan.scan(body)
    assert fast is not None and fast == markdown_blocks(body)
