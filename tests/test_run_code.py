"""Code cards checked by running lesson code in the real sandbox, like a notebook, cached."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import SORTING_SCORES, lesson, query, spawn, write
from recall.codecheck import sandbox
from recall.codecheck.runner import Runner

try:
    sandbox.find()
except sandbox.SandboxMissing as exc:  # .ci/run installs bubblewrap: there these tests always run
    pytest.skip(f"no working sandbox here: {exc}", allow_module_level=True)

TRAPS = lesson('''
    # Traps

    ## Deadlock

    A lock taken twice by one thread waits for ever.

    ```python
    import threading
    lock = threading.Lock()
    with lock:
        with lock:
            print("never")
    ```

    ## Endless

    ```python
    while True:
        pass
    ```

    ## Writes a File

    ```python
    with open("notes.txt", "w") as f:
        f.write("ab" * 3)
    print(open("notes.txt").read())
    ```

    ## Wrong Comment

    ```python
    print(2 ** 10)  # 1000
    ```

    ## Random

    ```python
    import random
    print(random.random())
    ```

    ## Shows an Error

    ```python
    values = {"a": 1}
    values["b"]
    ```
    ''', id="09-traps", title="Traps")


def tree(ws) -> dict[str, str]:
    return {str(p.relative_to(ws.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in ws.root.rglob("*") if p.is_file() and "data" not in p.relative_to(ws.root).parts}


def code_cards(run) -> list[dict]:
    return json.loads(run("cards", "--json", "--source", "code").output)


@pytest.fixture
def quick(workspace):
    workspace.settings_path.write_text('run_code = "auto"\ncode_time_limit = 2\n')
    return workspace


def test_traps_are_reported_and_the_workspace_is_untouched(quick, run):
    write(quick, "09.md", TRAPS)
    before = tree(quick)
    result = run("build")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "decks/09.md:12: warning: stopped at its 2 s time limit" in out  # the deadlock
    assert "decks/09.md:22: warning: stopped at its 2 s time limit" in out  # the endless loop
    assert "decks/09.md:38: warning: documented 1000, Python printed 1024" in out
    assert "decks/09.md:45: warning: output differs between two runs" in out
    assert tree(quick) == before and not (quick.root / "notes.txt").exists()
    cards = {c["section"]: c for c in code_cards(run)}
    assert cards["Wrong Comment"]["answer"] == "1024"  # the card takes the real output
    assert cards["Writes a File"]["answer"] == "ababab"  # printed, undocumented: a new card
    assert cards["Shows an Error"]["answer"] == "KeyError: 'b'"
    assert cards["Shows an Error"]["prompt"] == "What happens when the last line runs?"
    assert {"Deadlock", "Endless", "Random"}.isdisjoint(cards)


NOTEBOOK = lesson('''
    # Notebook

    ## Setup

    ```python
    import math
    RADIUS = 2
    SQUARES = [n * n for n in range(4)]
    print("ready")
    ```

    ## Uses the Setup

    ```python
    print(f"Root: {math.sqrt(SQUARES[3]) * RADIUS}")  # 6.0
    ```

    ## Raises, and the Next Block Goes On

    ```python
    SQUARES.append(9)
    SQUARES[10]
    ```

    ```python
    print(len(SQUARES))  # 5
    ```

    ## Never Called

    ```python
    def shout(text):
        print(text.upper())  # HELLO
    ```

    ## Commented Out

    ```python
    ages = {"ada": 36}
    # ages["bob"]  # KeyError: 'bob'
    print(ages["ada"] + 1)  # 37
    ```

    ## Not Python

    ```python
    # Python 2 style: a SyntaxError in Python 3
    print "hello"
    ```

    ```python
    $ pip install requests
    ```
    ''', id="10-notebook", title="Notebook")


def test_blocks_run_in_order_in_one_namespace(workspace, run):
    workspace.settings_path.write_text('run_code = "auto"\n')
    write(workspace, "10.md", NOTEBOOK)
    out = run("build").output
    cards = {c["prompt"] + c["code"]: c for c in code_cards(run)}
    area = next(c for c in cards.values() if c["section"] == "Uses the Setup")
    assert area["answer"] == "Root: 6.0"  # what Python prints, label and all
    # what the code needs of the blocks before, nothing else
    assert area["setup"] == "import math\nRADIUS = 2\nSQUARES = [n * n for n in range(4)]"
    # the card shows what its code runs after: answerable as shown
    assert area["code"] == ('# earlier in the lesson:\nimport math\nRADIUS = 2\nSQUARES = [n * n for n in range(4)]'
                            '\n\n# then:\nprint(f"Root: {math.sqrt(SQUARES[3]) * RADIUS}")')
    assert "documented 6.0, Python printed Root: 6.0" in out
    count = next(c for c in cards.values() if c["code"].endswith("# then:\nprint(len(SQUARES))"))
    assert count["answer"] == "5"  # after the block that raised, with what it changed before raising
    assert "SQUARES.append(9)" in count["setup"] and "SQUARES[10]" not in count["setup"]
    assert count["code"].startswith("# earlier in the lesson:\n" + count["setup"] + "\n\n")  # as it ran
    raised = next(c for c in cards.values() if c["code"].endswith("SQUARES[10]"))
    assert raised["answer"] == "IndexError: list index out of range"
    assert not any(c["section"] == "Never Called" for c in cards.values())  # the function never runs
    assert "decks/10.md:38: warning: documented HELLO, but Python printed nothing there" in out
    probe = next(c for c in cards.values() if c["code"].endswith('ages["bob"]'))
    assert probe["answer"] == "KeyError: 'bob'" and probe["prompt"] == "What happens when the last line runs?"
    assert probe["code"] == 'ages = {"ada": 36}\nages["bob"]'
    assert next(c for c in cards.values() if c["code"].endswith('print(ages["ada"] + 1)'))["answer"] == "37"
    (syntax,) = [c for c in cards.values() if c["section"] == "Not Python"]  # the shell session makes none
    assert syntax["prompt"] == "What happens when this code runs?"
    assert syntax["answer"].startswith("SyntaxError: Missing parentheses in call to 'print'")
    assert "pip install" not in out


def test_seed_outputs_confirmed_and_completed(quick, run, seed_text):
    quick.settings_path.write_text("code_time_limit = 60\n")  # a process pool on a loaded machine is slow
    write(quick, "07.md", seed_text)
    result = run("build")
    assert result.exit_code == 0
    assert "documented" not in result.output and "differs" not in result.output
    cards = code_cards(run)
    answers = [c["answer"] for c in cards]
    for documented in ("200000", "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]", "4"):
        assert documented in answers
    threading = next(c for c in cards if c["section"] == "Threading Basics")
    assert threading["answer"].split("\n") == ["Task-A starting", "Task-B starting", "Task-B done", "Task-A done",
                                               "All done"]  # the order is the point: one multi-line card
    sections = {c["section"] for c in cards}
    assert "concurrent.futures: High-Level Threading" in sections
    assert "Asyncio: Cooperative Concurrency" in sections
    assert not any("time.sleep(5)" in c["code"] for c in cards)  # async def bad() is never called


def test_runs_are_cached_and_code_never_runs_unasked(quick, run, monkeypatch):
    calls = []
    real = Runner.run
    monkeypatch.setattr(Runner, "run", lambda self, program, *a: calls.append(program) or real(self, program, *a))
    path = write(quick, "09.md", TRAPS)
    run("build", "--no-run-code")
    assert calls == []  # asked not to: nothing runs
    run("build")
    assert len(calls) == 2 * 6  # six blocks, each run twice
    calls.clear()
    assert run("build").output.startswith("No changes")
    path.write_text(path.read_text().replace("waits for ever", "waits forever"))
    run("build")
    assert calls == []  # the prose changed, the code did not: all from the cache
    path.write_text(path.read_text().replace("2 ** 10", "2 ** 11"))
    run("build")
    assert len(calls) == 2
    assert query(quick, "SELECT count(*) FROM code_runs")[0][0] == 7


def test_run_code_settings(workspace, run):
    write(workspace, "01.md", lesson('## Length\n\n```python\nprint(len("hello"))  # 4\n```\n'))
    assert run("build").exit_code == 0
    (card,) = code_cards(run)
    assert card["answer"] == "4"  # run_code = false (the tests' setting): the documented value, a number as len gives
    for value in ("true", '"auto"'):
        workspace.settings_path.write_text(f"run_code = {value}\ncode_time_limit = 2\n")
        assert "documented 4, Python printed 5" in run("build").output
        (card,) = code_cards(run)
        assert card["answer"] == "5"
        run("build", "--no-run-code")
    workspace.settings_path.write_text('run_code = "sometimes"\n')
    bad = run("build")
    assert bad.exit_code == 1 and "'run_code' must be \"auto\", true, false or \"unconfined\"" in bad.output


def test_without_a_sandbox_code_is_not_run_unless_asked(workspace, run, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no bwrap on the path
    sandbox.find.cache_clear()
    monkeypatch.setattr(sandbox, "find", sandbox.find.__wrapped__)
    workspace.settings_path.write_text('run_code = "auto"\n')
    write(workspace, "01.md", lesson('## Length\n\n```python\nprint(len("hello"))  # 4\nprint(2 ** 10)  # 1000\n```\n'))
    result = run("build")
    assert result.exit_code == 0
    assert result.output.count("bubblewrap (bwrap) is not installed: install bubblewrap (apt install bubblewrap)") == 1
    assert [c["answer"] for c in code_cards(run)] == ["4"]  # not run: a value len() could give; 2 ** 10 is not 1000
    workspace.settings_path.write_text('run_code = "unconfined"\n')
    result = run("build")
    assert "bubblewrap" not in result.output and "documented 4, Python printed 5" in result.output
    assert [c["answer"] for c in code_cards(run)] == ["5", "1024"]


def test_missing_modules_are_listed_once_and_make_no_exact_card(workspace, run):
    workspace.settings_path.write_text('run_code = "auto"\n')
    write(workspace, "01.md", lesson('''
        ## Arrays

        ```python
        import recall_lacks_this as rl
        print(rl.VALUE)  # 3
        ```

        ```python
        print(rl.VALUE + 1)  # 4
        ```
        '''))
    checked = run("check")
    lines = [line for line in checked.output.splitlines() if "recall_lacks_this" in line]
    assert lines == ["decks/01.md:8: warning: needs module 'recall_lacks_this', which the lesson interpreter lacks: "
                     "its outputs are not checked and make no card",
                     "decks/01.md:13: warning: needs module 'recall_lacks_this', which the lesson interpreter lacks: "
                     "its outputs are not checked and make no card"]
    built = run("build")
    assert built.output.count("needs module 'recall_lacks_this'") == 2
    assert code_cards(run) == []  # an unverified comment makes no exact-answer card


def test_lesson_python_picks_the_interpreter(workspace, run, tmp_path):
    workspace.settings_path.write_text(f'lesson_python = "{tmp_path / "nope" / "python"}"\n')
    write(workspace, "01.md", lesson("## Powers\n\n```python\nprint(2 ** 10)  # 1024\n```\n"))
    result = run("build")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: lesson_python {tmp_path}/nope/python cannot be")
    venv = tmp_path / "lessons-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    workspace.settings_path.write_text(f'lesson_python = "{venv / "bin" / "python"}"\n')
    write(workspace, "01.md",
          lesson("## Where\n\n```python\nimport sys\nprint(sys.prefix.endswith('lessons-venv'))\n```\n"))
    assert run("build").exit_code == 0
    assert [c["answer"] for c in code_cards(run)] == ["True"]


def test_the_default_verifies_our_decks_on_the_first_command(tmp_path):
    """The README's first command, `recall review`, on our decks with the default settings: code is run."""
    from recall.workspace import init

    ws = init(tmp_path / "fresh")  # recall init's recall.toml: run_code = "auto"
    for deck in (Path(__file__).resolve().parents[1] / "decks").glob("*.md"):
        (ws.decks / deck.name).write_text(deck.read_text())
    child = spawn(ws, "review")
    child.expect("What|Which|Recall", timeout=60)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert query(ws, "SELECT count(*) FROM code_runs")[0][0] > 0  # the build on the way ran the code
    setups = [row[0] for row in query(ws, "SELECT setup FROM cards WHERE source = 'code' AND status = 'active'")]
    assert setups and any(setups)  # some code cards depend on earlier blocks


def test_seeded_chance_is_run_but_never_asked(quick, run):
    """Seeded, `random` prints the same each run, and still nothing a learner can work out."""
    write(quick, "11.md", lesson('''
    ## Dice

    ```python
    import random
    random.seed(7)
    print(random.randint(1, 6))
    ```

    ```python
    print(len("dice"))  # 4
    ```
    ''', id="11-dice", title="Dice"))
    out = run("build").output
    assert "differs" not in out
    assert [c["answer"] for c in code_cards(run)] == ["4"]


def test_a_line_that_printed_the_same_by_chance_is_no_card(quick, run):
    """Unseeded: one line differs between the runs, another prints the same both times: neither is asked."""
    write(quick, "12.md", lesson('''
    ## Luck

    ```python
    import random
    print(random.random())
    print(random.choice(["heads"]))
    ```
    ''', id="12-luck", title="Luck"))
    out = run("build").output
    assert "output differs between two runs" in out
    assert code_cards(run) == []


def test_no_whole_output_question_when_the_earlier_code_shown_prints_too(quick, run):
    write(quick, "13.md", lesson('''
    ## Made Earlier

    ```python
    def make(n):
        print("making", n)
        return list(range(n))

    items = make(3)
    ```

    Then:

    ```python
    for i in items:
        print(i * 10)
    # Output:
    # 0
    # 10
    # 20
    ```
    ''', id="13-made", title="Made"))
    run("build")
    later = [c for c in code_cards(run) if "# then:" in c["code"]]  # the second block's, shown after the first
    assert all(c["prompt"] != "What does this code print?" for c in later), later


def test_no_card_shows_a_line_above_it_that_prints_differently_each_run(quick, run):
    """`hash("hello")` changes from run to run; `hash(42)` below it does not, but a card showing both asks
    the learner to read past a value that is never the same."""
    write(quick, "13.md", lesson('''
    ## Hashing

    ```python
    print(hash("hello"))
    print(hash(42))  # 42
    ```

    ```python
    print(len({"a", "b"}))  # 2
    ```
    ''', id="13-hash", title="Hashing"))
    run("build")
    assert [c["answer"] for c in code_cards(run)] == ["2"]


def test_the_same_line_twice_in_a_block_makes_two_cards_and_the_build_goes_on(quick, run):
    """Two `print(next(counter))` lines are two cards of one origin; they once shared an id, and the database
    refused the whole build."""
    write(quick, "14.md", lesson('''
    ## Counting

    ```python
    import itertools
    counter = itertools.count(5)
    print(next(counter))
    skipped = next(counter)
    print(next(counter))
    ```
    ''', id="14-count", title="Counting"))
    result = run("build")
    assert result.exit_code == 0, result.output
    cards = code_cards(run)
    assert [c["answer"] for c in cards] == ["5", "7"] and len({c["id"] for c in cards}) == 2


def test_a_line_repeated_right_after_itself_is_asked_at_the_end_of_the_run(quick, run):
    """`print(next(it))` three times in a row asks what repeating it does once, at its last line, unless the
    comment on an earlier one says why it prints what it does."""
    write(quick, "17.md", lesson('''
    ## Taking Turns

    ```python
    it = iter("xyz")
    print(next(it))  # x
    print(next(it))  # y
    print(next(it))  # z
    # next(it)  # StopIteration
    ```

    ```python
    pile = ["cup", "bowl", "plate"]
    print(pile.pop())  # plate (the top comes off first)
    print(pile.pop())  # bowl
    ```
    ''', id="17-turns", title="Taking Turns"))
    run("build")
    assert [(c["prompt"], c["answer"]) for c in code_cards(run)] == [
        ("What does the last line print?", "z"), ("What happens when the last line runs?", "StopIteration"),
        ("What does the last line print?", "plate"), ("What does the last line print?", "bowl")]


def test_a_line_asked_again_once_it_is_used_up_asks_only_the_second_time(quick, run):
    """Printing a generator's items twice: the second `[]` is the point, the first only sets it up."""
    write(quick, "15.md", lesson('''
    ## Spent Generators

    ```python
    squares = (n * n for n in range(3))
    print(list(squares))
    print(list(squares))
    ```
    ''', id="15-spent", title="Spent Generators"))
    run("build")
    assert [c["answer"] for c in code_cards(run)] == ["[]"]


def test_a_long_output_that_repeats_itself_is_no_answer_to_type(quick, run):
    write(quick, "16.md", lesson('''
    ## Menus

    ```python
    def show(menu):
        for dish, price in menu:
            print(f"{dish}: {price * 2} coins")

    print("Lunch:")
    show([("soup", 2), ("bread", 1), ("stew", 4)])
    print("Dinner:")
    show([("soup", 2), ("bread", 1), ("stew", 4)])
    ```

    ```python
    for n in range(1, 6):
        print(n * n)
    ```
    ''', id="16-menus", title="Menus"))
    run("build")
    # eight lines, the same three twice, are no answer to type; five lines that each say something are
    assert [c["answer"] for c in code_cards(run)] == ["1\n4\n9\n16\n25"]


def test_a_block_makes_its_cards_from_the_lines_worth_asking(quick, run):
    """Lines a look at the code answers make no card and take no place: the block's next lines are asked."""
    write(quick, "16.md", lesson(SORTING_SCORES, id="16-scores", title="Sorting Scores"))
    assert run("build").exit_code == 0
    assert [c["answer"] for c in code_cards(run)] == ["[10, 30, 40]", "[40, 10, 30]", "[10, 30, 40]"]


def test_a_call_commented_out_above_its_definition_shows_the_definition_after_it(quick, run):
    """`# greet()  # NameError` above `def greet():` teaches calling before defining: the card keeps the def."""
    write(quick, "17.md", lesson('''
    ## Define Before You Call

    ```python
    # shout()  # NameError: name 'shout' is not defined
    def shout():
        print("HEY")

    shout()  # HEY
    ```
    ''', id="17-order", title="Define Before You Call"))
    assert run("build").exit_code == 0
    (raised,) = [c for c in code_cards(run) if c["answer"].startswith("NameError")]
    assert raised["prompt"] == "What happens when this code runs?"
    assert raised["code"] == 'shout()\n\ndef shout():\n    print("HEY")'


def test_a_mistake_whose_code_a_checked_code_card_runs_is_not_asked_twice(quick, run):
    write(quick, "18.md", lesson('''
    ## Common Mistakes

    **Catching the wrong type:**
    ```python
    try:
        float("ten")
    except TypeError:  # Wrong! float("ten") raises ValueError
        print("caught")
    ```
    ''', id="18-catch", title="Catching"))
    run("build")
    cards = json.loads(run("cards", "--json").output)
    assert [(c["source"], c["answer"].split(":")[0]) for c in cards] == [("code", "ValueError")]
    assert cards[0]["explanation"].startswith("Catching the wrong type")  # the mistake's name, told after the run


def test_an_undocumented_print_of_what_a_function_divided_out_is_no_card(quick, run):
    """A lesson that shows no output for a sum its own function works out by dividing (a discount, a
    batting average) leaves the learner to do arithmetic; the same function documented, or a division
    of two literals, keeps its card."""
    write(quick, "13.md", lesson('''
    ## Discounts

    ```python
    def sale_price(price, percent_off):
        saving = price * percent_off / 100
        return round(price - saving)

    def label(name):
        return name.title()

    def half(n):
        return n / 2

    def spread(values):
        mean = sum(values) / len(values)
        return len(values)

    def verdict(score):
        return "pass" if score >= 50 else "fail"

    total = sale_price(240, 35)
    print(f"You pay {total}")
    print(label("summer sale"))
    print(half(9))
    ```

    ## Spreads

    ```python
    print(spread([4, 8, 15]))
    score = sale_price(100, 50)
    print(verdict(35))
    ```

    ## Paths

    ```python
    from pathlib import PurePosixPath

    def folder(name):
        return PurePosixPath("data") / name

    print(folder("prices"))
    ```

    ## Documented

    ```python
    def average(runs, innings):
        return runs / innings

    print(average(90, 4))  # 22.5
    ```
    ''', id="13-discounts", title="Discounts"))
    run("build")
    answers = {card["answer"] for card in code_cards(run)}
    assert "You pay 156" not in answers  # worked out by sale_price's division
    # Python's "/" on a literal, a division the result does not come from, a parameter that only shares a
    # name with a divided total, a path joined with "/": each keeps its card
    assert {"Summer Sale", "4.5", "3", "fail", "data/prices", "22.5"} <= answers
