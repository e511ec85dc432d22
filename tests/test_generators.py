"""Each generator, fed Markdown strings."""

from __future__ import annotations

import pytest

from conftest import lesson
from recall.derive import code, concepts, generate, lint, tables, takeaways
from recall.derive.cells import setups
from recall.derive.outputs import split_comment, stated_value
from recall.derive.words import STOP_WORDS
from recall.lessons import parse_lesson


def parse(body: str, **kw):
    return parse_lesson(lesson(body, **kw), "decks/x.md")


# --- concepts -------------------------------------------------------------------------

CONCEPT_BODY = """
    # Title

    ## Context Managers and `with`

    A context manager sets something up and tears it down again, even when an error happens.

    ```python
    with open("f") as fh:
        pass
    ```

    ## Dunder Methods

    Special methods such as `__enter__` let classes plug into syntax.

    ## The Method Resolution Order (MRO)

    Python looks attributes up along a fixed order of base classes.

    ## Odds and Ends

    The `contextlib` module makes quick context managers from generators.
    """


def test_concepts_match_by_words_acronyms_and_code():
    parsed = parse(CONCEPT_BODY, concepts=["context-managers", "method-resolution-order", "mro", "contextlib"])
    placed = {m.concept: m.section.title for m in concepts.match(parsed)}
    assert placed == {
        "context-managers": "Context Managers and with",
        "method-resolution-order": "The Method Resolution Order (MRO)",
        # the acronym's section is taken; "mro" gets no garbage section of its own
        "contextlib": "Odds and Ends",  # found in the first paragraph
    }
    names = {m.concept: m.name for m in concepts.match(parsed)}
    assert names["method-resolution-order"] == "method resolution order (MRO)"


def test_flip_answer_is_the_sections_prose_not_its_code():
    parsed = parse(CONCEPT_BODY, concepts=["context-managers", "dunder-methods"])
    flips = {c.prompt: c for c in concepts.cards(parsed) if c.form == "flip"}
    card = flips["Explain: context managers"]
    assert card.answer == "A context manager sets something up and tears it down again, even when an error happens."
    assert card.section == "Context Managers and with" and card.source == "concept"
    reverse = [c for c in concepts.cards(parsed) if c.form == "choice"]
    assert {c.answer for c in reverse} == {"context managers", "dunder methods"}
    assert all(set(c.choices) == {"context managers", "dunder methods"} for c in reverse)


def test_unmatched_concept_is_a_warning_not_a_card():
    parsed = parse(CONCEPT_BODY, concepts=["context-managers", "metaclasses"])
    assert [c.prompt for c in concepts.cards(parsed) if c.form == "flip"] == ["Explain: context managers"]
    (problem,) = lint(parsed)
    assert str(problem) == ("decks/x.md:4: warning: concept 'metaclasses' matches no section; "
                            "write a section that teaches it or drop it")


def test_a_lone_concept_gets_no_reverse_choice():
    parsed = parse(CONCEPT_BODY, concepts=["dunder-methods"])
    assert [c.form for c in concepts.cards(parsed)] == ["flip"]


# --- takeaways ------------------------------------------------------------------------

def takeaway_cards(*bullets: str, **kw):
    body = "# T\n\n## Key Takeaways\n\n" + "\n".join(f"- {b}" for b in bullets) + "\n"
    return takeaways.cards(parse(body, **kw))


def test_takeaway_gap_on_bold_or_code():
    first, second = takeaway_cards("Use **dataclasses** for plain records", "Call `super()` in `__init__` methods")
    assert (first.form, first.prompt, first.answer) == ("cloze", "Use [...] for plain records", "dataclasses")
    assert (second.prompt, second.answer) == ("Call super() in [...] methods", "__init__")  # the longest code term


def test_unmarked_takeaway_gaps_a_content_word():
    (card,) = takeaway_cards("The API should never expose internal state", concepts=["internal-state"])
    assert card.answer == "API"  # an acronym tells most
    (card,) = takeaway_cards("Prefer composition over deep inheritance trees", concepts=["composition"])
    assert card.answer == "composition"
    assert card.answer.lower() not in STOP_WORDS


def test_takeaway_of_stop_words_only_warns():
    parsed = parse("## Key Takeaways\n\n- It is what it is\n")
    assert takeaways.cards(parsed) == []
    assert [p.message for p in lint(parsed)] == ["takeaway has no word worth a gap; mark its key term in **bold**"]


# --- tables ---------------------------------------------------------------------------

TABLE = """
    ## Picking a Container

    | Situation | Container | Ordered | Notes |
    |-----------|-----------|---------|-------|
    | Fast membership tests | `set` | no | Hashing gives constant-time lookups on average |
    | Keyed lookups | **dict** | yes | Insertion order is kept since Python 3.7 |
    | Fixed record | `tuple` | yes | Immutable, so it can be a dictionary key |
    | Growing sequence | list | yes | Appending is amortised constant time |
    """


def test_table_columns_of_short_answers_become_choices():
    cards = tables.cards(parse(TABLE))
    container = [c for c in cards if c.prompt.endswith("Container?")]
    assert [(c.prompt, c.answer) for c in container] == [
        ("Situation: Fast membership tests. Container?", "set"),
        ("Situation: Keyed lookups. Container?", "dict"),
        ("Situation: Fixed record. Container?", "tuple"),
        ("Situation: Growing sequence. Container?", "list"),
    ]
    assert container[1].choices[0] == "dict" and sorted(container[1].choices) == ["dict", "list", "set", "tuple"]
    assert container[1].explanation == "Notes: Insertion order is kept since Python 3.7"
    ordered = [c for c in cards if c.prompt.endswith("Ordered?")]
    assert next(c.choices for c in ordered) == ("no", "yes")  # duplicates removed
    assert not any(c.prompt.endswith("Notes?") for c in cards)


def test_table_without_short_answer_column_warns():
    parsed = parse("## T\n\n| A | B |\n|---|---|\n| x | same |\n| y | same |\n")
    assert tables.cards(parsed) == []
    assert "no column of short answers" in lint(parsed)[0].message


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


@pytest.mark.parametrize("source", [
    "print(10 / 3)  # 3.33\n",
    'colors = ["red"]\nprint("red" in colors)  # membership: O(1)\n',
    'print(f"Shape: {a.shape}")  # (3, 3)\n',
    "print(big)  # some large integer\n",
    "print(total)  # 37.77...\n",
    "print(a + b)  # 13 Addition\n",
    "print(response.text)  # 'hello'\n",
    'x = "Labrador"\nprint(x)  # Labrador\n',
])
def test_without_a_run_only_values_the_print_could_produce_count(source):
    assert code_cards(source) == []


def test_without_a_run_plausible_values_make_cards():
    answers = [c.answer for c in code_cards('print(len([1, 2]))\n# 2\nprint(greet("ada"))  # HELLO, ADA\n'
                                            'print(3 in {3})  # True\n')]
    assert answers == ["2", "HELLO, ADA", "True"]


def test_output_paragraph_after_the_fence_and_commented_out_errors():
    lesson = parse('## Part\n\n```python\nd = {"a": 1}\n# d["missing"]  # KeyError: \'missing\'\n'
                   'for k in d:\n    print(k)\n```\n\nOutput:\n```\na\n```\n')
    cards = {c.prompt: c for c in code.cards(lesson)}
    assert cards[code.ERROR_PROMPT].code == 'd = {"a": 1}\nd["missing"]'
    assert cards[code.ERROR_PROMPT].answer == "KeyError: 'missing'"
    assert cards[code.BLOCK_PROMPT].answer == "a"
    assert "missing" not in cards[code.BLOCK_PROMPT].code  # the other card's answer is not on show


def test_setup_is_what_a_block_needs_of_the_blocks_before():
    lesson = parse("## Part\n\n```python\nimport math\nimport time\ntime.sleep(1)\nitems = [3, 1]\n"
                   "items.sort()\nprint('not needed')\nunused = 5\n```\n\n```python\nprint(math.sqrt(items[0]))\n```\n")
    found = code.cells(lesson)
    assert setups(found)[1] == ("import math\nitems = [3, 1]\nitems.sort()",)
