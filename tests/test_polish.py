"""The last checks a code card passes: what a teacher would cross out before it is asked."""

from __future__ import annotations

import pytest

from recall.derive.polish import finished
from recall.model import BLOCK_PROMPT, ERROR_PROMPT, PRINT_PROMPT, RUNS_PROMPT, CardSpec, Form, Source


def code_card(code: str, answer: str, prompt: str = PRINT_PROMPT) -> CardSpec:
    return CardSpec(id="c", lesson="l", source=Source.CODE, form=Form.TYPED, prompt=prompt, answer=answer,
                    file="decks/l.md", line=1, section="S", code=code)


def test_a_comment_that_names_the_error_goes_and_the_code_stays():
    code = 'try:\n    int("abc")\nexcept TypeError:      # Wrong! int("abc") raises ValueError\n    print("caught")'
    card = finished(code_card(code, "ValueError: invalid literal for int() with base 10: 'abc'", ERROR_PROMPT))
    assert card is not None
    assert card.code == 'try:\n    int("abc")\nexcept TypeError:\n    print("caught")'
    assert card.prompt == RUNS_PROMPT  # the error comes from inside the try, not from the last line


def test_a_comment_line_that_states_the_output_goes_but_not_one_in_the_earlier_code():
    code = ("# earlier in the lesson:\n# prints 42 later\nanswer = 42\n\n# then:\n"
            "# this prints 42\nprint(answer)")
    card = finished(code_card(code, "42"))
    assert card is not None
    assert card.code == "# earlier in the lesson:\n# prints 42 later\nanswer = 42\n\n# then:\nprint(answer)"


def test_every_comment_of_the_cards_own_lines_goes_and_a_hash_in_a_string_stays():
    card = finished(code_card('print("# " + str(6 * 7))  # 4', "# 42"))
    assert card is not None and card.code == 'print("# " + str(6 * 7))'
    aliased = "a = [1, 2]\nb = a  # b points to the SAME list\n# change one, see both\nb.append(3)\nprint(a)"
    card = finished(code_card(aliased, "[1, 2, 3]"))
    assert card is not None and card.code == "a = [1, 2]\nb = a\nb.append(3)\nprint(a)"


def test_an_error_on_a_last_line_of_its_own_keeps_the_last_line_prompt():
    card = finished(code_card('d = {}\nd["k"]', "KeyError: 'k'", ERROR_PROMPT))
    assert card is not None and card.prompt == ERROR_PROMPT


def test_a_number_too_long_to_recall_is_no_card():
    assert finished(code_card("print(2 ** 70)", "1180591620717411303424")) is None
    assert finished(code_card("print(3 ** 22)", "31381059609")) is None  # eleven digits
    assert finished(code_card("print(2 ** 32)", "4294967296")) is not None
    assert finished(code_card("print(2 ** 20)", "1048576")) is not None


def test_a_block_of_worked_out_numbers_is_no_card():
    code = 'for day in range(1, 3):\n    rate = day / 7\n    print(f"{rate:+.4f}")'
    assert finished(code_card(code, "+0.1429\n+0.2857", BLOCK_PROMPT)) is None


def test_an_output_the_code_prints_as_a_string_is_no_card():
    code = 'def main():\n    print("Running directly")\n\nif __name__ == "__main__":\n    main()'
    assert finished(code_card(code, "Running directly", BLOCK_PROMPT)) is None


@pytest.mark.parametrize(("code", "answer"), [
    ('print("ab" * 2)', "abab"),
    ('def f():\n    """Adds two numbers."""\nprint(f.__doc__)', "Adds two numbers."),  # the docstring survives
    ('try:\n    raise ValueError("too small now")\nexcept ValueError as e:\n    print(e)', "too small now"),
])
def test_an_output_made_from_strings_in_the_code_is_a_card(code, answer):
    assert finished(code_card(code, answer)) is not None


def test_an_order_of_printed_strings_is_a_card():
    order = 'def hello():\n    print("inside")\nprint("before")\nhello()'
    assert finished(code_card(order, "before\ninside", BLOCK_PROMPT)) is not None  # the order is the point


def test_a_block_that_is_mostly_narration_is_no_card():
    narrated = "\n".join(f"# step {n}: what the real library would do" for n in range(7))
    code = narrated + '\ndef stand_in(a, b):\n    return a + b\nprint(stand_in(1, 2))'
    assert finished(code_card(code, "3")) is None
    taught = "# divide two numbers\ndef divide(a, b):\n    return a / b\n# then call it\nprint(divide(1, 2))"
    assert finished(code_card(taught, "0.5")) is not None


def test_a_sorting_function_printing_its_input_sorted_is_no_card():
    code = ("def insertion_sort(items):\n    for i in range(1, len(items)):\n        j = i\n"
            "        while j and items[j - 1] > items[j]:\n"
            "            items[j - 1], items[j] = items[j], items[j - 1]\n"
            "            j -= 1\n    return items\n\nprint(insertion_sort([5, 2, 9, 1]))")
    assert finished(code_card(code, "[1, 2, 5, 9]")) is None
    keyed = 'words = ["pear", "fig", "banana"]\nprint(sorted(words, key=len))'
    assert finished(code_card(keyed, "['fig', 'pear', 'banana']")) is not None  # the order is the point


def test_an_answer_pieced_from_the_codes_own_strings_is_no_card():
    template = ('class Template:\n    def __init__(self, text):\n        self.text = text\n\n'
                '    def fill(self, **values):\n        out = self.text\n        for key, value in values.items():\n'
                '            out = out.replace("{" + key + "}", value)\n        return out\n\n'
                'note = Template("Ship {item} to {city} by Friday.")\nprint(note.fill(item="two crates", city="Oslo"))')
    assert finished(code_card(template, "Ship two crates to Oslo by Friday.")) is None
    # a check that raises on a missing value elsewhere does not make the filled-in text Python's
    checked = template.replace("        out = self.text\n",
                               '        if not values:\n            raise ValueError("Nothing to fill in")\n'
                               '        out = self.text\n')
    assert finished(code_card(checked, "Ship two crates to Oslo by Friday.")) is None
    raised = 'try:\n    raise ValueError("Nothing to fill in")\nexcept ValueError as e:\n    print(e)'
    assert finished(code_card(raised, "Nothing to fill in")) is not None  # what a raise carries is Python's
    shouting = 'line = "LOUD words, Quiet ones"\nprint(line.capitalize())'  # Python changed the letters
    assert finished(code_card(shouting, "Loud words, quiet ones")) is not None


def test_a_line_printed_per_item_keeps_its_card():
    mapped = ('from concurrent.futures import ThreadPoolExecutor\n\ndef label(name):\n'
              '    return f"Parcel for {name} packed"\n\nwith ThreadPoolExecutor() as pool:\n'
              '    for line in pool.map(label, ["Ines", "Tom"]):\n        print(line)')
    assert finished(code_card(mapped, "Parcel for Ines packed\nParcel for Tom packed", BLOCK_PROMPT)) is not None


def test_strings_printed_from_several_places_keep_their_card():
    wrapped = ('def loud(func):\n    def inner(who):\n        print("before the call")\n        func(who)\n'
               '        print("after the call")\n    return inner\n\n@loud\ndef wave(who):\n'
               '    print(f"Waving at {who} from here")\n\nwave("Kim")')
    assert finished(code_card(wrapped, "before the call\nWaving at Kim from here\nafter the call",
                              BLOCK_PROMPT)) is not None


def test_a_block_that_prints_only_its_own_literals_is_no_card():
    assert finished(code_card('greeting = "Good morning!"\nprint(greeting)', "Good morning!", BLOCK_PROMPT)) is None
    counted = 'greeting = "Good morning!"\nprint(len(greeting))'
    assert finished(code_card(counted, "13", BLOCK_PROMPT)) is not None


def test_a_value_stored_by_name_and_printed_by_that_name_is_no_card():
    stored = ('class Lamp:\n    def __init__(self):\n        self.state = "glowing"\n\n'
              'lamp = Lamp()\nprint(lamp.state)')
    assert finished(code_card(stored, "glowing")) is None
    updated = 'order = {"size": "small"}\norder.update({"colour": "teal"})\nprint(order["colour"])'
    assert finished(code_card(updated, "teal")) is None
    overwritten = 'order = {"size": "small"}\norder.update({"size": "large"})\nprint(order["size"])'
    assert finished(code_card(overwritten, "large")) is not None  # which of two wins is the question
    documented = 'def tidy():\n    """Sorts the shelf."""\n\nprint(tidy.__doc__)'
    assert finished(code_card(documented, "Sorts the shelf.")) is not None


def test_a_function_that_fills_in_its_argument_is_no_card():
    code = 'def welcome(guest):\n    print(f"Welcome aboard, {guest}!")\n\nwelcome("Noor")'
    assert finished(code_card(code, "Welcome aboard, Noor!", BLOCK_PROMPT)) is None
    counted = 'def welcome(guest):\n    print(f"Welcome, {len(guest)} letters!")\n\nwelcome("Noor")'
    assert finished(code_card(counted, "Welcome, 4 letters!", BLOCK_PROMPT)) is not None


def test_a_loop_printing_a_literal_lists_items_is_no_card():
    listed = 'tools = ["saw", "plane", "chisel"]\n\nfor tool in tools:\n    print(tool)'
    assert finished(code_card(listed, "saw\nplane\nchisel", BLOCK_PROMPT)) is None
    numbered = 'tools = ["saw", "plane"]\n\nfor n, tool in enumerate(tools, 1):\n    print(n, tool)'
    assert finished(code_card(numbered, "1 saw\n2 plane", BLOCK_PROMPT)) is not None


def test_code_that_reads_a_file_it_did_not_write_is_no_card():
    missing = ('try:\n    with open("orders.csv") as f:\n        print(f.readline())\nexcept FileNotFoundError:\n'
               '    print("No orders yet")')
    assert finished(code_card(missing, "No orders yet", BLOCK_PROMPT)) is None  # beside orders.csv: not so
    looked = 'from pathlib import Path\nprint(Path("notes.md").exists())'
    assert finished(code_card(looked, "False")) is None
    own = ('with open("log.txt", "w") as f:\n    f.write("one\\n")\nwith open("log.txt") as f:\n'
           '    print(f.read().strip())')
    assert finished(code_card(own, "one", BLOCK_PROMPT)) is not None  # it wrote the file it reads


def test_a_last_line_that_ends_a_loop_asks_for_the_loops_output():
    looped = 'total = 0\nfor n in range(3):\n    total += n\n    print(total, end=" ")'
    card = finished(code_card(looped, "0 1 3 "))
    assert card is not None and card.prompt == "What does the `for` loop at the end print?"
    plain = finished(code_card('print(sum(range(3)))', "3"))
    assert plain is not None and plain.prompt == PRINT_PROMPT


def test_no_typed_card_whose_point_is_spaces_at_the_ends_of_a_line():
    padded = 'word = "  tea  "\nprint(word.lstrip())'
    assert finished(code_card(padded, "tea  ")) is None  # "tea" would be graded right
    assert finished(code_card('word = "  tea  "\nprint(word.strip())', "tea")) is None  # and "  tea  " right
    assert finished(code_card('print(f"{7:>4}")', "   7")) is None
    piped = 'rows = ["  a  ", " b"]\nfor row in rows:\n    print(row.strip().upper())'
    assert finished(code_card(piped, "A\nB", BLOCK_PROMPT)) is not None  # stripping is on the way, not asked


def test_an_item_read_back_with_get_is_no_card_unless_the_key_is_missing():
    assert finished(code_card('pet = {"name": "Rex"}\nprint(pet.get("name"))', "Rex")) is None
    assert finished(code_card('pet = {"name": "Rex"}\nprint(pet.get("age"))', "None")) is not None


@pytest.mark.parametrize(("code", "answer", "prompt"), [
    # the default argument is the lesson
    ('def greet(name, greeting="Good day"):\n    print(f"{greeting}, {name}!")\n\ngreet("Ines")',
     "Good day, Ines!", BLOCK_PROMPT),
    # a function called once per item
    ('def cheer(n):\n    print(f"Well done, {n}")\n\nfor n in ["Ada", "Bo"]:\n    cheer(n)',
     "Well done, Ada\nWell done, Bo", BLOCK_PROMPT),
    # a raised message caught and printed back
    ('try:\n    raise ValueError("bad input value")\nexcept ValueError as e:\n    print(f"Caught: {e}")',
     "Caught: bad input value", BLOCK_PROMPT),
    # an instance attribute shadowing a class attribute
    ('class Tag:\n    label = "class label"\n\nt = Tag()\nt.label = "own label"\nprint(Tag.label)',
     "class label", PRINT_PROMPT),
    # a change made through an alias
    ('a = {}\nb = a\nb["mode"] = "prod"\nprint(a["mode"])', "prod", PRINT_PROMPT),
    # a list sorted before it is echoed, and an end= that joins the items
    ('fruits = ["pear", "fig"]\nfruits = sorted(fruits)\nfor fruit in fruits:\n    print(fruit)', "fig\npear",
     BLOCK_PROMPT),
    ('for n in ["x", "y"]:\n    print(n, end=" ")', "x y ", BLOCK_PROMPT),
    # a file the code writes itself, then reads
    ('from pathlib import Path\np = Path("notes.txt")\np.write_text("hi")\nprint(p.read_text())', "hi",
     PRINT_PROMPT),
])
def test_code_whose_output_is_more_than_its_strings_keeps_its_card(code, answer, prompt):
    assert finished(code_card(code, answer, prompt)) is not None


def test_whether_a_literal_is_in_a_list_written_out_is_no_card():
    assert finished(code_card('sizes = ["S", "M", "L"]\nprint("XL" in sizes)', "False")) is None
    grown = 'sizes = ["S", "M"]\nsizes.append("L")\nprint("L" in sizes)'
    assert finished(code_card(grown, "True")) is not None  # what append did is asked
    keyed = 'stock = {"pens": 3}\nprint(3 in stock)'
    assert finished(code_card(keyed, "False")) is not None  # a dict's in looks at keys: Python to remember


def test_a_method_that_changes_nothing_here_is_no_card():
    # the string is in title case already: the card cannot show what .title() does
    shown = 'text = "Hello, World!"\nprint(text.upper())\nprint(text.title())'
    assert finished(code_card(shown, "Hello, World!")) is None
    assert finished(code_card('text = "hello, world!"\nprint(text.title())', "Hello, World!")) is not None
    # a slice that takes the whole string shows nothing of what slicing does
    assert finished(code_card('text = "Hello"\nprint(text[0:4])\nprint(text[0:5])', "Hello")) is None
    assert finished(code_card('text = "Hello"\nprint(text[0:4])', "Hell")) is not None


def test_a_dicts_items_printed_back_are_no_card_but_its_own_loop_asks_the_order():
    headers = 'headers = {\n    "X-Frame-Options": "DENY",\n    "Server": "demo",\n}\n\n' \
              'for name, value in headers.items():\n    print(f"{name}: {value}")'
    assert finished(code_card(headers, "X-Frame-Options: DENY\nServer: demo", BLOCK_PROMPT)) is None
    doubled = 'prices = {"tea": 2, "cake": 3}\nfor item, price in prices.items():\n    print(f"{item}: {price * 2}")'
    assert finished(code_card(doubled, "tea: 4\ncake: 6", BLOCK_PROMPT)) is not None
    ordered = 'd = {"b": 1, "a": 2}\nfor key in d:\n    print(key)'
    assert finished(code_card(ordered, "b\na", BLOCK_PROMPT)) is not None  # insertion order is the lesson


def test_an_objects_default_repr_is_no_answer_to_type():
    code = 'import re\nprint(re.search(r"^Hello", "Hello World"))'
    assert finished(code_card(code, "<re.Match object; span=(0, 5), match='Hello'>")) is None
    assert finished(code_card('import re\nprint(re.search(r"^Hello", "Hi"))', "None")) is not None


@pytest.mark.parametrize("code, answer", [
    ("scores = [7, 2, 9, 4]\n\nprint(len(scores))", "4"),
    ("scores = [7, 2, 9, 4]\n\nprint(len(scores))\nprint(max(scores))", "9"),
    ("scores = (7, 2, 9)\nprint(sum(scores))", "18"),
    ('names = ["Ann", "Bo"]\nprint(len(names))', "2"),
    ("def multiply(x, y):\n    return x * y\n\nproduct = multiply(4, 6)\nprint(product)", "24"),
    ("def add(a, b):\n    return a + b\n\nprint(add(2, 2))", "4"),
    ("def bump(total):\n    return total + 1\n\ntotal = 4\ntotal = bump(total)\nprint(total)", "5"),
])
def test_counting_a_literal_list_or_a_one_line_sum_is_no_card(code, answer):
    assert finished(code_card(code, answer)) is None


@pytest.mark.parametrize("code, answer", [
    ("scores = [7, 2, 9, 4]\nscores.append(1)\nprint(len(scores))", "5"),  # what append did is asked
    ("scores = [7, 2, 9, 4]\nscores = scores[1:]\nprint(len(scores))", "3"),
    ('words = ["pear", "apple"]\nprint(max(words))', "pear"),  # strings compare by letters: Python
    ('print(len({1, 2, 2, 3}))', "3"),  # a set keeps one of each: the lesson
    ('text = "hi there"\nprint(len(text))', "8"),
    ("def add(a, b=10):\n    return a + b\n\nprint(add(2))", "12"),  # the default is the lesson
    ("def halve(n):\n    return n / 2\n\nprint(halve(5))", "2.5"),  # true division: Python
    ("def add(a, b):\n    return a + b\n\nprint(add('ab', 'cd'))", "abcd"),
    ("def bump(total):\n    total + 1\n\ntotal = 4\nbump(total)\nprint(total)", "4"),  # nothing comes back
    ("def two():\n    return 1 + 1\n\nprint(two())", "2"),
    ("def double(n):\n    return n * 2\n\ntotal = 1\nfor _ in range(10):\n    total = double(total)\nprint(total)",
     "1024"),  # applied ten times in a loop: not one sum by hand
])
def test_what_a_look_at_the_code_does_not_tell_keeps_its_card(code, answer):
    assert finished(code_card(code, answer)) is not None


def test_a_slice_past_the_end_and_sums_of_decimals_keep_their_cards():
    past = 'word = "Hello"\nprint(word[0:100])'  # slicing past the end is safe: the lesson
    assert finished(code_card(past, "Hello")) is not None
    assert finished(code_card("prices = [1.5, 2.5]\nprint(sum(prices))", "4.0")) is not None  # the float is Python's


def test_code_read_once_is_shared_and_its_nodes_are_the_trees_own():
    from recall.derive import syntax

    code = "items = [3, 1, 2]\nprint(sorted(items))"
    tree = syntax.parsed(code)
    assert tree is not None and syntax.parsed(code) is tree  # read once, for every rule that asks
    walked = syntax.nodes(code)
    assert walked[0] is tree and tree.body[1] in walked  # the same nodes: a node found in one is in the other
    assert syntax.parsed("print(") is None and syntax.nodes("print(") == ()


@pytest.mark.parametrize("code, answer", [
    ('shelf = ["mug", "lamp"]\nshelf.append("clock")\nprint(shelf)', "['mug', 'lamp', 'clock']"),
    ('todo = []\ntodo.append(7)\nprint(todo)\ntodo.extend([8, 9])\nprint(todo)', "[7, 8, 9]"),
    ('greeting = "Good morning, Sam"\nprint(greeting.replace("Sam", "Kim"))', "Good morning, Kim"),
    ('print("red hat".replace("red", "blue"))', "blue hat"),
    ('city = "Oslo"\nprint(city.upper())', "OSLO"),
    ('print("walrus".isalpha())', "True"),
    ('plural = {"mice": "mouse", "geese": "goose", "oxen": "ox"}\n'
     'print([plural.get(w, w) for w in ["geese", "mice"]])', "['goose', 'mouse']"),  # the table, read
    ('a = [1, 2]\nb = a.copy()\nb.append(3)\nprint(a)\nprint(b)', "[1, 2, 3]"),  # print(a) asks the copy
])
def test_a_list_grown_at_its_end_or_one_word_swapped_is_read_off(code, answer):
    assert finished(code_card(code, answer)) is None


@pytest.mark.parametrize("code, answer", [
    ('shelf = ["mug", "lamp"]\nshelf.insert(1, "clock")\nprint(shelf)', "['mug', 'clock', 'lamp']"),
    ('a = [1, 2]\nb = a\nb.append(3)\nprint(a)', "[1, 2, 3]"),  # the alias is the lesson
    ('shelf = ["mug", "lamp"]\nprint(shelf.pop())\nshelf.append("clock")\nprint(shelf)', "['mug', 'clock']"),
    ('crop = "one bean, two beans"\nprint(crop.replace("bean", "pea"))', "one pea, two peas"),  # every match
    ('word = "tree"\nprint(word.replace("e", "o"))', "troo"),
    ('street = "Straße"\nprint(street.upper())', "STRASSE"),  # not what the name says
    ('print("walrus tusk".isalpha())', "False"),  # the space: what such a card teaches
    ('plural = {"mice": "mouse", "geese": "goose"}\n'
     'print([plural.get(w, w) for w in ["geese", "sheep"]])', "['goose', 'sheep']"),  # a default comes back
    ('a = [1, 2]\nb = a.copy()\nb.append(3)\nprint(a)', "[1, 2]"),
    ('a = [1, 2]\nb = a[:]\na.append(3)\nprint(b)', "[1, 2]"),  # a change to the original: the copy's point
    ('a = [1, 2]\na.append(9)\nb = list(a)\nprint(b)', "[1, 2, 9]"),
    ('word = "hello"\nfor word in ["a", "b"]:\n    pass\nprint(word.upper())', "B"),  # the loop bound it last
    ('prices = [1.50]\nprices.append(1e3)\nprint(prices)', "[1.5, 1000.0]"),  # Python's own spelling
    ('words = ["don\'t"]\nwords.append("stop")\nprint(words)', '["don\'t", \'stop\']'),
    ('city = "new york"\nprint(city.title())', "New York"),
])
def test_what_python_decides_in_a_list_or_a_replace_keeps_its_card(code, answer):
    assert finished(code_card(code, answer)) is not None


def test_a_block_whose_lines_but_the_last_print_back_what_was_just_bound_asks_the_last_line():
    code = "count = 0\nprint(count)\ncount = 3\nprint(count)\ncount = count * 2\nprint(count)"
    asked = finished(code_card(code, "0\n3\n6", BLOCK_PROMPT))
    assert asked is not None and (asked.prompt, asked.answer) == (PRINT_PROMPT, "6")
    # a line computed earlier keeps the whole output asked; so does a last line that is on screen too
    computed = "count = 2 * 3\nprint(count)\ncount = count + 1\nprint(count)"
    assert finished(code_card(computed, "6\n7", BLOCK_PROMPT)).prompt == BLOCK_PROMPT
    swapped = "count = 1\nprint(count)\nprint(count + 1)\ncount = 5\nprint(count)"
    assert finished(code_card(swapped, "1\n2\n5", BLOCK_PROMPT)).prompt == BLOCK_PROMPT
    seen = "count = 1\nprint(count)\ncount = 2\nprint(count)"  # every line on screen: nothing left to ask
    assert finished(code_card(seen, "1\n2", BLOCK_PROMPT)) is None
    grown = "count = 1\nprint(count)\ncount += 2\nprint(count)"
    assert finished(code_card(grown, "1\n3", BLOCK_PROMPT)).answer == "3"


@pytest.mark.parametrize("literal, shown", [("0b1010", "10"), ("1_250_000", "1250000"), ("1.50", "1.5"),
                                            ("1e-5", "1e-05"), ("'a\\tb'", "a\tb")])
def test_a_literal_that_prints_otherwise_than_written_is_not_on_screen(literal, shown):
    code = f"value = {literal}\nprint(value)\nvalue = value * 2\nprint(value)"
    card = finished(code_card(code, f"{shown}\nX", BLOCK_PROMPT))
    assert card is not None and card.prompt == BLOCK_PROMPT  # the whole output is still asked
