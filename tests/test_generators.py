"""Code cards, fed Markdown strings (the other sources have test files of their own)."""

from __future__ import annotations

import pytest

from conftest import lesson
from recall.derive import code, generate
from recall.derive.outputs import split_comment, stated_value
from recall.lessons import parse_lesson


def parse(body: str, **kw):
    return parse_lesson(lesson(body, **kw), "decks/x.md")


# --- code -----------------------------------------------------------------------------

def code_cards(source: str):
    return code.cards(parse("## Part\n\n```python\n" + source + "```\n"))


def test_print_comment_is_a_typed_card_without_its_comment():
    (card,) = code_cards('x = [1, 2]\nprint(x * 2)  # [1, 2, 1, 2]\nprint("after")\n')
    assert (card.form, card.answer) == ("typed", "[1, 2, 1, 2]")
    assert card.code == "x = [1, 2]\nprint(x * 2)"


def test_trailing_commentary_is_dropped():
    assert stated_value("200000 (correct, thanks to the lock)") == "200000"
    assert stated_value("Output: 'hi'") == "'hi'"
    assert stated_value("Hello, world -- note the comma") == "Hello, world"
    assert stated_value("roughly 3 seconds") is None
    assert stated_value("something like 0x7f3a") is None


def test_output_block_gives_a_multiline_answer():
    (card,) = code_cards('for i in range(2):\n    print(i)\n# Output:\n# 0\n# 1\n')
    assert card.answer == "0\n1" and card.code == "for i in range(2):\n    print(i)"
    assert card.prompt == code.BLOCK_PROMPT


def test_error_comment_gives_an_error_answer():
    (card,) = code_cards('d = {}\nd["k"]  # KeyError: \'k\'\n')
    assert card.answer == "KeyError: 'k'" and card.prompt == code.ERROR_PROMPT
    assert card.code == 'd = {}\nd["k"]'
    (card,) = code_cards("1 / 0\n# ZeroDivisionError: division by zero\n")
    assert card.answer == "ZeroDivisionError: division by zero" and card.code == "1 / 0"


@pytest.mark.parametrize("source", [
    "time.sleep(1)  # Simulates I/O\n",
    "async def bad():\n    time.sleep(5)  # BLOCKS the entire event loop!\n    # Use: await asyncio.sleep(5)\n",
    "print('a # b')\n",
    "# This is CPU-bound: threading does NOT help\n",
    "print(id(x))  # something like 140234\n",
])
def test_comments_that_are_not_outputs_make_no_card(source):
    assert code_cards(source) == []


def test_comment_split_respects_strings():
    assert split_comment("print('#1')  # #1") == ("print('#1')", "#1")
    assert split_comment('s = "a\\"#"') == ('s = "a\\"#"', None)


def test_only_python_blocks_are_read():
    parsed = parse("## Part\n\n```text\nprint(1)  # 1\n```\n")
    assert generate(parsed) == []
