"""`recall review` as a person sees it: a pseudo-terminal feeding a terminal emulator (see conftest.Terminal)."""

from __future__ import annotations

import pytest

from conftest import NOW, lesson, query, write
from recall.build import build

DECK = lesson("""
    ## Cards

    Q: What does a tuple promise?
    A: That it never changes.

    C: A {{tuple}} cannot change once it is made.

    Q: Which container keeps insertion order and allows duplicates?
    - [ ] set
    - [x] list
    - [ ] frozenset
    E: A set keeps neither.

    Q: What does this print?
    ```python
    for i in range(2):
        print(i)
    ```
    A:
    ```
    0
    1
    ```
    """)


@pytest.fixture
def deck(workspace):
    write(workspace, "01.md", DECK)
    build(workspace, NOW)
    return workspace


def log_rows(workspace):
    return query(workspace, "SELECT c.form, r.rating, r.correct, r.answer FROM review_log r "
                            "JOIN cards c ON c.id = r.card_id ORDER BY r.id")


def test_one_key_at_a_time_through_every_kind_of_question(deck, terminal):
    term = terminal("review")
    # flip: Space reveals, one digit rates
    term.wait("What does a tuple promise")
    term.wait("press any key")
    term.press("space")
    term.wait("That it never changes")
    term.wait(r"» 3\) Good · 10m")
    term.press("3")
    # cloze: a letter reveals; the answer is the sentence with the gap filled in; Enter takes Good
    term.wait("Card 2")
    term.wait(r"↳ Good · 10m")
    term.wait(r"A \[\.\.\.\] cannot change")
    term.press("x")
    term.wait("A tuple cannot change once it is made.")
    term.wait("How well did you know it")
    term.press("enter")
    # choice: nothing highlighted, so Enter does not answer; a digit does, at once
    term.wait("Card 3")
    screen = term.wait("Your answer:") and term.text
    assert "»" not in screen.split("Your answer:")[1]
    term.press("enter")
    term.wait("Nothing is highlighted")
    digit = term.wait(r"(\d)\) list").group(1)
    term.press(digit)
    term.wait("✓ Correct: list")
    term.wait("A set keeps neither")
    term.press("1")  # Again, though right: the summary counts it wrong
    # typed: q is text here; a pasted two-line answer keeps its lines; Enter checks
    term.wait("Card 4")
    term.wait("What does it print")
    term.press("q", "backspace")
    term.paste("0\n1")
    term.press("enter")
    term.wait("✓ Right")
    term.press("4")
    # the choice card comes back within the day; u takes back the answer before it
    term.wait("Card 5")
    term.press(term.wait(r"(\d)\) list").group(1))
    term.wait(r"u\) Undo the previous card")
    term.press("u")
    term.wait("Took back your answer to the previous card")
    term.wait(r"Card 4  left today: 1 new", count=2)  # the typed card again
    term.wait("What does it print")
    term.press("esc")
    term.wait("Reviewed 3 cards: 67% correct")
    assert term.exit_code() == 0
    assert log_rows(deck) == [("flip", 3, 1, None), ("cloze", 3, 1, None), ("choice", 1, 1, "list")]


def test_u_on_the_next_cards_front_takes_back_the_last_answer(deck, terminal):
    term = terminal("review")
    term.wait("What does a tuple promise")
    screen = term.wait("press any key") and term.text
    assert "u undoes" not in screen  # nothing answered yet: u only reveals
    term.press("space")
    term.press(term.wait(r"(\d)\) Good").group(1))
    # the cloze's front: u takes the flip card's answer back, and the flip card comes again
    term.wait(r"A \[\.\.\.\] cannot change")
    term.wait("u undoes the last")
    term.press("u")
    term.wait("Took back your answer to the previous card")
    term.wait("What does a tuple promise", count=2)
    term.press("x")
    term.press(term.wait(r"(\d)\) Easy").group(1))
    term.wait(r"A \[\.\.\.\] cannot change", count=2)
    term.press("x")
    term.press(term.wait(r"(\d)\) Good").group(1))
    # the choice card's options: u is no option, yet takes the cloze back
    term.wait("Your answer:")
    term.wait(r"u undoes the last · q quits")
    term.press("u")
    term.wait("Took back your answer to the previous card", count=2)
    term.wait(r"A \[\.\.\.\] cannot change", count=3)
    term.press("q")
    term.wait("Reviewed 1 card")
    assert term.exit_code() == 0
    assert log_rows(deck) == [("flip", 4, 1, None)]  # each answer taken back is gone; the Easy one stays


# to reach each kind of prompt: the keys that answer the cards before it (flip, cloze, choice, typed)
TO_REVEAL = []
TO_RATING = [("press any key", "space")]
TO_CHOICE = [("press any key", "space"), ("How well", "3"), ("Card 2", ""), ("press any key", "x"),
             ("How well", "3")]
TO_TYPED = [*TO_CHOICE, ("Card 3", ""), ("Your answer:", "DIGIT"), ("How well", "3")]


@pytest.mark.parametrize("key, path, answered", [
    ("esc", TO_REVEAL, 0),
    ("c-c", TO_TYPED, 3),
    ("c-d", TO_CHOICE, 2),
    ("q", TO_RATING, 0),
    ("esc enter", TO_RATING, 0),  # Esc, then Enter out of habit: leaves, and Enter is not a rating
])  # every key at every prompt: test_prompts.py
def test_quit_keys_leave_cleanly_with_every_answer_saved(deck, terminal, key, path, answered):
    term = terminal("review")
    for pattern, keys in path:
        match = term.wait(pattern if keys != "DIGIT" else r"(\d)\) list")
        if keys:
            term.press(match.group(1) if keys == "DIGIT" else keys)
        if pattern.startswith("How well"):  # the menu is gone once a key rated
            term.wait(r"↳ Good")
    term.press(*key.split())
    waiting = 4  # what is left, and the cards answered: back in 10 minutes
    if answered:
        term.wait(rf"Reviewed {answered} cards")
        term.wait(rf"{waiting} cards still waiting today: `recall review` carries on\.")
    else:
        term.wait(rf"No cards answered; {waiting} cards waiting today: `recall review` to start\.")
    assert term.exit_code() == 0
    screen = term.text
    assert "Traceback" not in screen and "No cards to study" not in screen
    assert len(log_rows(deck)) == answered


WRONG = lesson("""
    ## Cards

    Q: What does this print?
    ```python
    print(len("abc"))
    ```
    A: 3

    Q: What does this print?
    ```python
    print(2 ** 3)
    ```
    A: 8
    """)


def test_a_wrong_prediction_can_be_claimed_unless_nothing_was_typed(workspace, terminal):
    write(workspace, "01.md", WRONG)
    build(workspace, NOW)
    term = terminal("review")
    term.wait(r"len\(\"abc\"\)")
    term.wait("What does it print")
    term.press("4", "enter")
    term.wait("✗ Not quite")
    term.wait(r"you said:  4")
    term.wait(r"it prints: 3")
    term.wait(r"» 1\) Again")  # a wrong answer preselects Again
    term.press("r")  # a typo: I was right
    term.wait("Card 2")
    term.wait("What does it print")
    term.press("enter")  # nothing typed
    term.wait(r"you said:  \(nothing\)")
    screen = term.wait("How well did you know it") and term.text
    assert "I was right" not in screen.split("Card 2")[1]
    term.press("1")
    term.wait("Card 3")
    term.press("esc")
    term.wait("Reviewed 2 cards: 50% correct")
    assert term.exit_code() == 0
    assert log_rows(workspace) == [("typed", 3, 1, "4"), ("typed", 1, 0, "")]


RAISES = lesson("""
    ## Cards

    Q: What happens when the last line runs?
    ```python
    stock = {"pens": 3}
    stock["ink"]
    ```
    A: KeyError: 'ink'
    """)


def test_naming_the_exception_is_right_and_the_message_is_shown(workspace, terminal):
    write(workspace, "01.md", RAISES)
    build(workspace, NOW)
    term = terminal("review")
    term.wait(r"What happens\? \(Esc quits\)")
    term.press(*"KeyError", "enter")
    term.wait("✓ Right")
    term.wait("Exactly: KeyError: 'ink'")
    term.wait(r"» 3\) Good")
    term.press("3")
    term.wait("Card 2")  # back after its learning step
    term.press("esc")
    term.wait("Reviewed 1 card")
    assert log_rows(workspace) == [("typed", 3, 1, "KeyError")]


LONG = lesson("""
    ## Cards

    Q: What does this print?
    ```python
    def greet(name):
        message = "hello " + name + ", and welcome to the long line that wraps"
        return message
    print(len(greet("ada")))
    ```
    A: 64
    """)


def test_long_code_wraps_indented_and_a_resize_leaves_one_menu(workspace, terminal):
    write(workspace, "01.md", LONG)
    build(workspace, NOW)
    term = terminal("review", rows=30, cols=50)
    term.wait("What does it print")
    lines = term.text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("    message = "))
    assert lines[start + 1].startswith("        ") and lines[start + 1].strip()  # continued past the indent
    assert lines[start + 2].startswith("    return message")
    term.press("6")
    term.resize(30, 40)  # while typing the answer
    assert term.settle().count("What does it print?") == 1, term.text
    term.press("4", "enter")
    term.wait("✓ Right")
    term.wait(r"q\) Quit")
    for rows, cols in [(24, 42), (20, 80)]:  # while rating
        term.resize(rows, cols)
        term.settle()
        assert term.text.count("How well did you know it?") == 1, term.text
        assert term.text.count("Good · ") == 1, term.text
    term.press("3")
    term.wait("Card 2")  # its 10-minute step, shown early: nothing else is left
    term.press("esc")
    term.wait("Reviewed 1 card")
    assert term.exit_code() == 0


HOSTILE = """---
id: "01-evil"
title: "Evil \\e]0;pwned\\a lesson"
concepts: [tuples]
---

# Evil

## Tuples \x1b[2J

A tuple is an immutable sequence \x1b]52;c;aGVsbG8=\x07 written with commas.

## Cards

Q: What does this print?
```python
print("done")
```
A: \x1b[3Jdone

Q: Which title? \x1b]0;owned\x07
A: The one \x1b[2J here.
"""


def test_escape_sequences_in_a_lesson_are_shown_not_obeyed(workspace, terminal):
    write(workspace, "01.md", HOSTILE)
    build(workspace, NOW)
    term = terminal("review")
    term.wait("Explain: tuples")
    term.wait(r"Evil ␛\]0;pwned␇ lesson › Tuples ␛\[2J")  # the lesson title (YAML's \e) and the section
    term.press("space")
    term.wait(r"immutable sequence ␛\]52;c;aGVsbG8=␇ written")  # would have set the clipboard
    term.press("3")
    term.wait("What does it print")
    term.press("x", "enter")
    term.wait(r"it prints: ␛\[3Jdone")  # would have cleared the scrollback
    term.press("1")
    term.wait(r"Which title\? ␛\]0;owned␇")
    term.press("space")
    term.wait(r"The one ␛\[2J here")
    term.press("q")
    term.wait("Reviewed 2 cards")
    assert term.exit_code() == 0
    assert term.screen.title == ""  # no OSC 0 reached the terminal
    for sequence in (b"\x1b]", b"\x1b[2J", b"\x1b[3J", b"\x07"):
        assert sequence not in term.raw
    assert term.text.index("Explain: tuples") < term.text.index("Reviewed 2 cards")  # nothing was cleared


def test_listings_and_problems_show_escape_sequences_too(workspace, run):
    write(workspace, "01.md", HOSTILE + "\nQ: Pick one\n- [x] a\x1b[2J\n- [ ] a\x1b[2J\n")
    for command in (("build",), ("check",), ("cards",)):
        out = run(*command).output
        assert "\x1b" not in out and "\x07" not in out, command
    assert "choice card lists 'a␛[2J' twice" in run("check").output
    assert "Which title? ␛]0;owned␇" in run("cards").output
