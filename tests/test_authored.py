"""Hand-written cards: the syntax, `recall add` with flags and interactively, identity."""

from __future__ import annotations

import json
import textwrap

import pytest
from sqlalchemy import insert

from conftest import KEYS, NOW, lesson, query, write
from recall.build import build
from recall.lessons.authored import parse
from recall.store.database import Database
from recall.store.models import review_log


def cards_of(text: str):
    return parse(textwrap.dedent(text).strip("\n").split("\n"), 10, "decks/x.md")


def test_each_form_parses():
    found, problems = cards_of("""
        Q: What does `len()` of a generator give?
        A: TypeError: generators
        have no length.

        C: Use {{threading}} for I/O-bound work.

        Q: Which of these is immutable?
        - [ ] list
        - [x] tuple
        E: Tuples cannot change
        once made.

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
    assert problems == []
    flip, cloze, choice, typed = found
    assert (flip.form, flip.line, flip.answer) == ("flip", 10, "TypeError: generators\nhave no length.")
    assert (cloze.form, cloze.line, cloze.question) == ("cloze", 14, "Use {{threading}} for I/O-bound work.")
    assert (choice.form, choice.answer, choice.choices) == ("choice", "tuple", ("list", "tuple"))
    assert choice.explanation == "Tuples cannot change\nonce made."
    assert (typed.form, typed.code, typed.answer) == ("typed", "for i in range(2):\n    print(i)", "0\n1")


@pytest.mark.parametrize("text, message, line", [
    ("Q: Lonely question?", "card has no answer: add an 'A:' line", 10),
    ("Q: Pick\n- [ ] a\n- [ ] b", "choice card has no correct option", 10),
    ("Q: Pick\n- [x] a\n- [ ] a", "choice card lists 'a' twice", 12),
    ("Q: Pick\n- [x] a\n- [x] b", "choice card marks 2 options correct", 10),
    ("C: No gap here", "cloze has no gap", 10),
    ("C: An empty {{ }} gap", "an empty gap", 10),
    ("C: An empty {{}} gap", "an empty gap", 10),
    ("C: Use {{a {{b}} c}} here", "a gap inside a gap", 10),
    ("C: Use {{{x}}} here", "'{{{' in a cloze", 10),
    ("C: Use {{x here", "a gap opened with '{{' is never closed", 10),
    ("C: Use x}} here", "'}}' closes no gap", 10),
    ("Some words\nQ: x\nA: y", "text before the first card", 10),
    ("Q: x\n```python\nprint(1)", "code fence (```) is never closed", 12),
])
def test_errors_name_the_line(text, message, line):
    _, problems = cards_of(text)
    assert problems and problems[0].message.startswith(message) and problems[0].line == line


def test_a_bad_card_fails_the_build_but_not_the_deck(workspace, run):
    write(workspace, "01.md", lesson("## Cards\n\nQ: Good one?\nA: Yes\n\nQ: No answer?\n\nC: {{gap}} ok\n"))
    result = run("build")
    assert result.exit_code == 1
    assert "decks/01.md:11: card has no answer" in result.output
    cards = json.loads(run("cards", "--json").output)
    assert sorted(c["form"] for c in cards) == ["cloze", "flip"]
    assert all(c["source"] == "authored" for c in cards)


def test_add_with_flags_round_trips_each_form(workspace, run):
    path = write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records"))  # no newline at end
    before = path.read_bytes()
    for args in (["--front", "What is a mixin?", "--back", "A class that adds behaviour"],
                 ["--cloze", "Use {{super()}} to reach the next class"],
                 ["--front", "Which is creational?", "--choice", "Factory", "--choice", "Observer",
                  "--correct", "Factory", "--explain", "Factories create objects."],
                 ["--code", "print(2 ** 10)", "--output", "1024"]):
        result = run("add", "--deck", "01-sample", *args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Added to decks/01.md:")
    after = path.read_bytes()
    assert after.startswith(before)  # every byte that was there is still there
    cards = {c["form"]: c for c in json.loads(run("cards", "--json", "--source", "authored").output)}
    assert cards["flip"]["prompt"] == "What is a mixin?" and cards["flip"]["answer"] == "A class that adds behaviour"
    assert cards["cloze"]["prompt"] == "Use [...] to reach the next class" and cards["cloze"]["answer"] == "super()"
    assert cards["choice"]["choices"] == ["Factory", "Observer"] and cards["choice"]["answer"] == "Factory"
    assert cards["choice"]["explanation"] == "Factories create objects."
    assert cards["typed"]["code"] == "print(2 ** 10)" and cards["typed"]["answer"] == "1024"
    assert run("build").output.strip().startswith("No changes")  # the add synced already


@pytest.mark.parametrize("args, message", [
    (["--deck", "nope", "--front", "a", "--back", "b"], "no deck 'nope'"),
    (["--deck", "01-sample", "--front", "q", "--choice", "A", "--choice", "B"], "--correct must be one of"),
    (["--deck", "01-sample", "--front", "q", "--choice", "A", "--choice", "A", "--correct", "A"], "lists 'A' twice"),
    (["--deck", "01-sample", "--cloze", "no gap"], "cloze has no gap"),
    (["--deck", "01-sample", "--cloze", "an {{ }} gap"], "an empty gap"),
    (["--deck", "01-sample", "--cloze", "{{a {{b}} c}}"], "a gap inside a gap"),
    (["--deck", "01-sample", "--cloze", "use {{{x}}}"], "exactly two braces"),
    (["--deck", "01-sample", "--front", "q"], "needs --front and --back"),
])
def test_failed_add_writes_nothing(workspace, run, args, message):
    path = write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    before = path.read_bytes()
    result = run("add", *args)
    assert result.exit_code in (1, 2) and message in result.output
    assert path.read_bytes() == before


def test_answer_edit_keeps_id_and_history_rewording_does_not(workspace, run):
    path = write(workspace, "01.md", lesson("## Cards\n\nQ: What is a mixin?\nA: A class\n"))
    build(workspace, NOW)
    (card,) = json.loads(run("cards", "--json").output)
    with Database(workspace) as db, db.write() as conn:
        conn.execute(insert(review_log).values(card_id=card["id"], reviewed_at=NOW, rating=3))
    path.write_text(path.read_text().replace("A: A class", "A: A class that adds behaviour\nE: Fixed typo."))
    build(workspace, NOW)
    (edited,) = json.loads(run("cards", "--json").output)
    assert edited["id"] == card["id"] and edited["answer"] == "A class that adds behaviour"
    path.write_text(path.read_text().replace("What is a mixin?", "What does a mixin do?"))
    build(workspace, NOW)
    (reworded,) = json.loads(run("cards", "--json").output)
    assert reworded["id"] != card["id"]
    statuses = {c["id"]: c["status"] for c in json.loads(run("cards", "--json", "--status", "all").output)}
    assert statuses[card["id"]] == "retired"
    assert query(workspace, "SELECT count(*) FROM review_log WHERE card_id = :id", id=card["id"]) == [(1,)]


DECK = lesson("## Key Takeaways\n\n- Use **tuples** for records\n\n## Cards\n\nQ: What is a tuple?\nA: A record.\n")


def test_interactive_add_checks_each_field_and_offers_another(workspace, terminal):
    path = write(workspace, "01.md", DECK)
    before = path.read_bytes()
    term = terminal("add", rows=60)
    term.wait("Which deck")
    term.wait(r"» 01-sample  \(Sample\)")
    term.press("enter")
    term.wait("What kind of card")
    term.press("enter")  # question and answer
    term.wait("Question:")
    term.press(*"what is a TUPLE", "enter")  # the deck asks that already: refused, the text stays
    term.wait(r"decks/01\.md:12 asks this question already")
    term.press(*["backspace"] * 5, *"list?", "enter")
    term.wait("Answer:")
    term.press(*"A sequence", "c-j", *"that can grow.", "enter")  # two lines
    term.wait(r"Explanation \(optional\)")
    term.press(*"Lists are mutable.", "enter")
    term.wait("Preview")
    term.wait("Add this card")
    term.press("enter")
    term.wait(r"Added to decks/01\.md:\d+: [0-9a-f]{16}")
    term.wait("Add another card to 01-sample")
    term.press("y")
    term.wait(r"What kind of card\? \(Use arrow keys\)")
    term.press("down", "down", "down", "enter")  # predict the output
    term.wait("Code:")
    term.press(*"for i in range(2):", "enter", *"    print(i)", "enter", "enter")  # no indentation carried over
    term.wait("What it prints:")
    term.paste("0\n1")
    term.press("enter")
    term.wait(r"Question:\n> What does this code print\?")
    term.press("enter", "enter")  # the default question, no explanation
    term.wait(r"Add this card\? \(Y/n\)")
    term.press("y")
    term.wait(r"Add another card to 01-sample\? \(y/N\)")
    term.press("enter")
    assert term.exit_code() == 0
    text = path.read_text()
    assert path.read_bytes().startswith(before)
    assert text.endswith("Q: what is a list?\nA:\n```\nA sequence\nthat can grow.\n```\nE: Lists are mutable.\n\n"
                         "Q: What does this code print?\n```python\nfor i in range(2):\n    print(i)\n```\n"
                         "A:\n```\n0\n1\n```\n")
    assert sorted(query(workspace, "SELECT form FROM cards WHERE source = 'authored'")) == [
        ("flip",), ("flip",), ("typed",)]


#: a field of several lines asked after a pause (a check, the next question made ready) in which keys come
TYPED_AHEAD = """
import contextlib, sys, time
from recall.ui import add
with add.held() if sys.argv[1] == "held" else contextlib.nullcontext():
    print("pausing", flush=True)
    time.sleep(1)
    print(repr(add.lines("Explanation:", lambda text: None)), flush=True)
"""


@pytest.mark.parametrize("held", [True, False])
def test_enter_typed_before_the_next_field_is_asked_hands_it_in(held):
    """Enter pressed while the form is busy between two fields is the next field's Enter, not a new line:
    the terminal is held in raw mode throughout (out of it, the terminal turns Enter into Ctrl-J)."""
    import sys

    import pexpect

    child = pexpect.spawn(sys.executable, ["-c", TYPED_AHEAD, "held" if held else "not"], encoding="utf-8",
                          timeout=5, dimensions=(24, 80))
    child.expect("pausing")
    child.send("why\r")  # while nothing asks yet
    found = child.expect([r"'why'", pexpect.TIMEOUT], timeout=3)
    child.terminate(force=True)
    assert found == (0 if held else 1)  # not held, the Enter became a new line: the field is still open


def test_interactive_add_to_a_new_deck_checks_its_id_and_the_cloze_as_typed(workspace, terminal):
    write(workspace, "01.md", DECK)
    term = terminal("add")
    term.wait("Which deck")
    term.press("down", "enter")
    term.wait("New deck id")
    term.press(*"My Deck", "enter")
    term.wait("must be lower-case letters, digits and dashes")
    term.press(*["backspace"] * 7, *"01-sample", "enter")
    term.wait("deck '01-sample' exists already")
    term.press(*["backspace"] * 9, *"08-testing", "enter")
    term.wait("Its title")
    term.press(*"Testing", "enter")
    term.wait("What kind of card")
    term.press("down", "enter")
    term.wait("Text, with each hidden part")
    term.press(*"Use {{tuples} for records", "enter")
    term.wait("is never closed")
    term.press("c-a", *["right"] * 12, "}", "enter")  # fixed where it is wrong, nothing retyped
    term.wait(r"Explanation \(optional\)")
    term.press("enter")
    term.wait("Use \\[\\.\\.\\.\\] for records")  # the preview
    term.press("enter")
    term.wait(r"Added to decks/08-testing\.md:\d+")
    term.press("n")
    assert term.exit_code() == 0
    assert query(workspace, "SELECT lesson_id, form, answer FROM cards WHERE source = 'authored' "
                            "AND lesson_id = '08-testing'") == [("08-testing", "cloze", "tuples")]


@pytest.mark.parametrize("stop_at, key", [("What kind of card", "esc"), ("Question:", "c-c"),
                                          ("Add this card", "c-d")])
def test_leaving_the_form_writes_nothing(workspace, terminal, stop_at, key):
    path = write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    before = path.read_bytes()
    term = terminal("add", "--deck", "01-sample")
    script = [("What kind of card", "enter"), ("Question:", "Why?"), ("Question:", "enter"), ("Answer:", "Because."),
              ("Answer:", "enter"), ("Explanation", "enter")]
    for prompt, keys in script:
        term.wait(prompt)
        if prompt == stop_at:
            break
        term.press(*([keys] if keys in KEYS else keys))
    else:
        term.wait(stop_at)
    term.press(key)
    term.wait("Cancelled: nothing was written")
    assert term.exit_code() == 1
    assert path.read_bytes() == before
    assert list(workspace.decks.iterdir()) == [path]


def test_add_with_flags_makes_a_new_deck_and_refuses_a_duplicate(workspace, run):
    result = run("add", "--new-deck", "08-testing", "--title", 'Testing: "pytest" \\ more',
                 "--front", "What is a fixture?", "--back", "Setup a test asks for by name.")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Added to decks/08-testing.md:")
    titles = json.loads(run("stats", "--json").output)["lessons"]
    assert [(l["id"], l["title"]) for l in titles] == [("08-testing", 'Testing: "pytest" \\ more')]
    before = (workspace.decks / "08-testing.md").read_bytes()
    result = run("add", "--deck", "08-testing", "--front", "what is a  FIXTURE", "--back", "Something else.")
    assert result.exit_code == 1 and "decks/08-testing.md:8 asks this question already" in result.output
    assert run("add", "--new-deck", "08-testing", "--title", "Again", "--cloze", "{{x}}").exit_code == 1
    assert (workspace.decks / "08-testing.md").read_bytes() == before
    for args, message in [(["--new-deck", "09-x", "--cloze", "{{x}}"], "--new-deck needs a --title"),
                          (["--deck", "08-testing", "--title", "T", "--cloze", "{{x}}"], "--title names a --new-deck"),
                          (["--new-deck", "Bad Id", "--title", "T", "--cloze", "{{x}}"], "lower-case letters"),
                          (["--new-deck", "09-x", "--title", "T", "--cloze", "no gap"], "cloze has no gap")]:
        result = run("add", *args)
        assert result.exit_code in (1, 2) and message in result.output, result.output
    assert sorted(p.name for p in workspace.decks.iterdir()) == ["08-testing.md"]


def test_add_new_deck_alone_without_a_terminal_makes_an_empty_deck(workspace, run):
    result = run("add", "--new-deck", "09-empty", "--title", "Empty for now")
    assert result.exit_code == 0 and "Made decks/09-empty.md" in result.output
    assert run("check").exit_code == 0
    assert "no deck 'nope'" in run("add", "--deck", "nope").output
