"""Hand-written cards: the syntax, `recall add` with flags and interactively, identity."""

from __future__ import annotations

import json
import textwrap

import pexpect
import pytest
from sqlalchemy import insert

from conftest import NOW, lesson, query, spawn, write
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


def spawn_add(workspace, *args):
    return spawn(workspace, "add", *args)


def test_interactive_add_with_preview(workspace):
    path = write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    before = path.read_bytes()
    child = spawn_add(workspace)
    child.expect("Which deck")
    child.expect(r"01-sample")
    child.send("\r")
    child.expect("What kind of card")
    child.send("\x1b[B\x1b[B")  # down twice: multiple choice
    child.expect(r"» Multiple choice")
    child.send("\r")
    child.expect("Question:")
    child.sendline("Which container is immutable?")
    child.expect("Option 1:")
    child.sendline("list")
    child.expect("Option 2:")
    child.sendline("tuple")
    child.expect(r"Option 3 \(empty when done\):")
    child.sendline("")
    child.expect("Which option is correct")
    child.send("\x1b[B")
    child.expect("» tuple")
    child.send("\r")
    child.expect("Explanation")
    child.sendline("Tuples never change.")
    child.expect("Preview")
    child.expect("Which container is immutable")
    child.expect("Answer: ")
    child.expect("Add this card")
    child.sendline("y")
    child.expect("Added to decks/01.md")
    child.expect(pexpect.EOF)
    assert path.read_bytes().startswith(before)
    assert path.read_text().endswith("Q: Which container is immutable?\n- [ ] list\n- [x] tuple\n"
                                     "E: Tuples never change.\n")
    assert query(workspace, "SELECT form, answer FROM cards WHERE source = 'authored'") == [("choice", "tuple")]


@pytest.mark.parametrize("stop_at", ["What kind of card", "Question:", "Add this card"])
def test_ctrl_c_in_the_form_writes_nothing(workspace, stop_at):
    path = write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    before = path.read_bytes()
    child = spawn_add(workspace, "--deck", "01-sample")
    script = [("What kind of card", "\r"), ("Question:", "Why?\r"), ("Answer:", "Because.\r")]
    for prompt, keys in script:
        child.expect(prompt)
        if prompt == stop_at:
            break
        child.send(keys)
    else:
        child.expect(stop_at)
    child.sendcontrol("c")
    child.expect("nothing was written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert path.read_bytes() == before
    assert list(workspace.decks.iterdir()) == [path]
