"""Code cards, fed Markdown strings (the other sources have test files of their own)."""

from __future__ import annotations

import pytest

from conftest import SORTING_SCORES, lesson
from recall.derive import code, generate
from recall.derive.cells import setups
from recall.derive.outputs import split_comment, stated_value, worked_out
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


def test_the_comment_on_the_line_asked_about_is_not_shown():
    (cell,) = code.cells(parse('## Part\n\n```python\ndef greet(name):\n    print(f"Hello, {name}!")  # greets\n\n'
                                'greet("Ada")  # Hello, Ada!\n```\n'))
    assert code.shown_code(cell, 4, set()) == 'def greet(name):\n    print(f"Hello, {name}!")\n\ngreet("Ada")'
    assert code.shown_code(cell, 2, set()).endswith('print(f"Hello, {name}!")')


def test_chance_is_never_an_exact_answer_even_seeded():
    assert code_cards("import random\nrandom.seed(1)\nprint(random.randint(1, 6))  # 2\n") == []
    assert code_cards("import numpy as np\nrng = np.random.default_rng(0)\nprint(rng.integers(3))  # 2\n") == []
    assert code_cards("print(len('random'))  # 6\n") == []  # the word alone is enough to leave a block out
    assert code_cards("# no random numbers here\nprint(len('abc'))  # 3\n") != []


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
    'd = {}\nd["name"] = "Alice"\nprint(d["name"])  # Alice\n',  # stored under a literal key, read back
    'person = {"name": "Ada", "age": 36}\nprint(person["age"])  # 36\n',
])
def test_without_a_run_only_values_the_print_could_produce_count(source):
    assert code_cards(source) == []


def test_a_number_worked_out_from_data_is_no_card():
    """A mean of returns printed to three places is a sum to do by hand, not Python to remember;
    formatting a literal, or arithmetic on names bound to literals, is."""
    worked = ("prices = [100.0, 103.0, 106.0]\nmean = sum(prices) / len(prices)\n"
              'print(f"Mean: {mean:.3f}")  # Mean: 103.000\n'
              "print(round(mean / 7, 2))  # 14.71\n")
    assert code_cards(worked) == []
    kept = code_cards('price = 19.99\nqty = 3\nprint(f"Total: {price * qty:.2f}")  # Total: 59.97\n'
                      'print(f"{3.14159:.2f}")  # 3.14\n')
    assert [c.answer for c in kept] == ["Total: 59.97", "3.14"]


def test_worked_out_reads_the_asked_prints_only():
    code_text = 'total = sum([1.5, 2.25])\nprint(f"{total:.1f}")\nprint(f"{2.5:.1f}")'
    assert worked_out(code_text, 1, last_only=False)
    assert not worked_out(code_text, 1, last_only=True)  # the last print formats a literal
    assert not worked_out(code_text, 3, last_only=False)  # the first print is earlier code on show, not asked
    assert worked_out("for day in range(3):\n    rate = day / 7\n    print(f'{rate:+.4f}')", 1, last_only=False)


def test_an_item_changed_after_it_was_stored_is_worth_asking():
    answers = [c.answer for c in code_cards('d = {"a": 1}\nd["a"] += 1\nprint(d["a"])  # 2\n'
                                            'e = {"k": "v"}\nprint(e.pop("k"))  # v\nprint(e.get("k"))  # None\n')]
    assert answers == ["2", "v", "None"]


def test_without_a_run_plausible_values_make_cards():
    answers = [c.answer for c in code_cards('print(len("ab" * 3))\n# 6\nprint(greet("ada"))  # HELLO, ADA\n'
                                            'print(3 in {3})  # True\n')]
    assert answers == ["6", "HELLO, ADA", "True"]


def test_output_paragraph_after_the_fence_and_commented_out_errors():
    lesson = parse('## Part\n\n```python\nd = {"a": 1}\n# d["missing"]  # KeyError: \'missing\'\n'
                   'for k in d:\n    print(k)\n```\n\nOutput:\n```\na\n```\n')
    cards = {c.prompt: c for c in code.cards(lesson)}
    assert cards[code.ERROR_PROMPT].code == 'd = {"a": 1}\nd["missing"]'
    assert cards[code.ERROR_PROMPT].answer == "KeyError: 'missing'"
    assert cards[code.BLOCK_PROMPT].answer == "a"
    assert "missing" not in cards[code.BLOCK_PROMPT].code  # the other card's answer is not on show


def test_a_card_shows_the_earlier_code_its_block_needs():
    """A block calling a function defined blocks before: the card shows the definition, so it can be answered."""
    (card,) = code.cards(parse("## Part\n\n```python\ndef double(n):\n    return [n] * 2\n```\n\nText.\n\n"
                               "```python\nprint(double(21))  # [21, 21]\n```\n"))
    assert card.setup == "def double(n):\n    return [n] * 2"
    assert card.code == "# earlier in the lesson:\ndef double(n):\n    return [n] * 2\n\n# then:\nprint(double(21))"
    (alone,) = code_cards("print(sorted([3, 1, 2]))  # [1, 2, 3]\n")
    assert alone.code == "print(sorted([3, 1, 2]))"  # nothing earlier needed: nothing added


def test_a_card_shows_only_the_earlier_code_its_own_lines_need():
    lesson = parse("## Part\n\n```python\ngen = (n * n for n in range(3))\n"
                   "evens = [n for n in range(9) if n % 2 == 0]\n```\n\nText.\n\n"
                   "```python\nprint(next(gen))  # 0\nprint(len(evens))  # 5\n```\n")
    first, second = code.cards(lesson)
    assert first.setup == "gen = (n * n for n in range(3))"  # `evens` is for the next line, not this card
    assert first.code == "# earlier in the lesson:\ngen = (n * n for n in range(3))\n\n# then:\nprint(next(gen))"
    assert second.setup == "gen = (n * n for n in range(3))\nevens = [n for n in range(9) if n % 2 == 0]"


@pytest.mark.parametrize("later", [
    "async def main():\n    results = await fetch()\n    return results\n",  # a local of its own
    "if True:\n    results = [1]\n    print(results)\n",  # bound before it is read, in one statement
    "evens = [n for n in range(9) if n % 2 == 0]\nprint(evens)\n",  # a comprehension's own name
    "with open(__file__) as results:\n    results.read()\n",  # made by the `with`, then changed
])
def test_names_a_block_binds_before_reading_them_need_nothing_from_before(later):
    lesson = parse(f"## Part\n\n```python\nresults = [0]\nn = 5\n```\n\nText.\n\n```python\n{later}```\n")
    assert setups(code.cells(lesson))[1] == ()


@pytest.mark.parametrize("later", [
    "def show():\n    print(results)\nshow()\n",  # read inside a function, not bound there
    "total = results + [1]\n",  # read before it is bound
    "for x in results:\n    print(x)\n",
])
def test_names_read_from_before_bring_their_earlier_code(later):
    lesson = parse(f"## Part\n\n```python\nresults = [0]\n```\n\nText.\n\n```python\n{later}```\n")
    assert setups(code.cells(lesson))[1] == ("results = [0]",)


def test_a_name_the_block_binds_anew_is_nothing_it_needs_of_the_blocks_before():
    lesson = parse("## Part\n\n```python\ncolors = ['red']\ncount = 1\n```\n\n"
                   "```python\ncolors = ['blue', 'green']\ncount += len(colors)\nprint(colors, count)\n```\n")
    assert setups(code.cells(lesson))[1] == ("count = 1",)  # `count += ...` changes it; `colors` starts anew


def test_a_print_of_a_literal_bound_in_an_earlier_block_is_read_off_the_card():
    lesson = parse('## Part\n\n```python\nmessage = "Hello, Python!"\n```\n\nThen:\n\n'
                   '```python\nprint(message)  # Hello, Python!\n```\n')
    assert code.cards(lesson) == []  # the card would show `message = "Hello, Python!"` above it


def test_setup_is_what_a_block_needs_of_the_blocks_before():
    lesson = parse("## Part\n\n```python\nimport math\nimport time\ntime.sleep(1)\nitems = [3, 1]\n"
                   "items.sort()\nprint('not needed')\nunused = 5\n```\n\n```python\nprint(math.sqrt(items[0]))\n```\n")
    found = code.cells(lesson)
    assert setups(found)[1] == ("import math\nitems = [3, 1]\nitems.sort()",)


def test_the_same_line_asked_again_under_another_module_name_makes_one_card():
    body = """
        ## Importing Modules

        ```python
        import math
        print(math.sqrt(16))  # 4.0
        ```

        ## Importing Names

        ```python
        from math import sqrt
        print(sqrt(16))  # 4.0
        print(sqrt(25))  # 5.0
        ```

        ## Growing

        ```python
        sizes = [1, 3]
        print(sizes.index(3))  # 1
        sizes.append(2)
        print(sizes.index(3))  # 1
        ```
        """
    asked = [(c.section, c.answer) for c in generate(parse(body)) if c.source == "code"]
    # the same line twice asks what happened between: both stay
    assert asked == [("Importing Modules", "4.0"), ("Importing Names", "5.0"), ("Growing", "1"), ("Growing", "1")]


def test_without_a_run_a_block_makes_its_cards_from_the_lines_worth_asking():
    asked = [c.answer for c in generate(parse(SORTING_SCORES)) if c.source == "code"]
    assert asked == ["[10, 30, 40]", "[40, 10, 30]", "[10, 30, 40]"]


def test_a_block_asks_true_or_false_once_each():
    body = """
        ## Checking Content

        ```python
        print("abc".isalpha())    # True
        print("42".isdigit())     # True
        print("4 2".isdigit())    # False
        print("a1".isalnum())     # True
        print("".isalpha())       # False
        ```
        """
    asked = [c.answer for c in generate(parse(body)) if c.source == "code"]
    assert asked == ["False", "True"]  # "abc".isalpha() and "42".isdigit() say True by their names: "a1" is asked


def test_a_block_asks_first_the_lines_whose_comment_says_why():
    body = """
        ## Membership

        ```python
        stock = {"pens": 3, "ink": 0}
        print("pens" in stock)   # True
        print("rulers" in stock) # False
        print(3 in stock)        # False — in looks at the keys, not the values
        print(stock["ink"])      # 0
        print(len(stock))        # 2
        ```
        """
    asked = {c.code.rsplit("\n", 1)[-1] for c in generate(parse(body)) if c.source == "code"}
    assert 'print(3 in stock)' in asked and 'print("rulers" in stock)' not in asked


def test_whether_a_dict_written_out_holds_a_key_is_read_off_but_not_a_value_or_a_changed_dict():
    body = """
        ## Membership

        ```python
        stock = {"pens": 3, "ink": 0}
        print("pens" in stock)   # True
        print("rulers" in stock) # False
        print(3 in stock)        # False
        ```

        ## Restocking

        ```python
        shelf = {}
        shelf["pens"] = 3
        del shelf["pens"]
        print("pens" in shelf)   # False
        ```
        """
    asked = {c.code.rsplit("\n", 1)[-1] for c in generate(parse(body)) if c.source == "code"}
    assert asked == {"print(3 in stock)", 'print("pens" in shelf)'}


def test_without_a_run_a_call_commented_out_above_its_definition_keeps_the_definition():
    body = """
        ## Define Before You Call

        ```python
        # shout()  # NameError: name 'shout' is not defined
        def shout():
            print("HEY")
        ```
        """
    (raised,) = [c for c in generate(parse(body)) if c.source == "code"]
    assert raised.prompt == "What happens when this code runs?"
    assert raised.code == 'shout()\n\ndef shout():\n    print("HEY")'


def test_an_output_marker_is_no_note_of_why():
    body = """
        ## Division

        ```python
        print(7 // 2)   # 3
        print(-7 // 2)  # -4
        print(7 % 3)    # 1
        print(7 / 2)    # Output: 3.5
        ```
        """
    asked = [c.answer for c in generate(parse(body)) if c.source == "code"]
    assert asked == ["3", "-4", "1"]  # "Output:" says nothing the value does not


def test_without_a_run_a_line_repeated_right_after_itself_is_asked_at_the_end_of_the_run():
    made = code_cards('it = iter("xyz")\nprint(next(it))  # x\nprint(next(it))  # y\nprint(next(it))  # z\n'
                      "# next(it)  # StopIteration\n")
    assert [c.answer for c in made] == ["z", "StopIteration"]
    kept = code_cards('pile = ["cup", "plate"]\nprint(pile.pop())  # plate (the top comes off first)\n'
                      "print(pile.pop())  # cup\n")
    assert [c.answer for c in kept] == ["plate", "cup"]  # the first one's comment says why


def test_a_run_of_repeated_lines_keeps_its_earlier_cards_when_the_last_one_is_no_card():
    made = code_cards("big = iter([10 ** 4, 10 ** 8, 10 ** 12])\nprint(next(big))  # 10000\n"
                      "print(next(big))  # 100000000\nprint(next(big))  # 1000000000000\n")
    assert [c.answer for c in made] == ["100000000"]  # thirteen digits are no answer: the run ends one earlier
