"""`recall review` in a real pseudo-terminal (pexpect), crash safety and two sessions at once."""

from __future__ import annotations

import os
import re
import signal
import sqlite3

import pexpect
import pytest

from conftest import lesson, query, write
from conftest import spawn as spawn_recall

LESSON = lesson("""
    # Sample

    ## Tuples

    A tuple is an immutable sequence, written with commas and usually round brackets.

    ```python
    point = (3, 4)
    print(point[0] + point[1])  # 7
    ```

    ## Picking a Container

    | Need | Use | Why |
    |------|-----|-----|
    | Fixed record | tuple | Immutable, so it can be a dictionary key |
    | Growing sequence | list | Appending is cheap and keeps order |
    | Keyed lookup | dict | Finds a value by its key in constant time |
    """, concepts=["tuples"])


def spawn(workspace, *args: str) -> pexpect.spawn:
    return spawn_recall(workspace, "review", *args)


def log_rows(workspace):
    con = sqlite3.connect(workspace.db_path)
    try:
        return con.execute("SELECT c.form, r.rating, r.correct, r.answer, r.state_before FROM review_log r "
                           "JOIN cards c ON c.id = r.card_id ORDER BY r.id").fetchall()
    finally:
        con.close()


def pick(child: pexpect.spawn, option: str) -> None:
    """Press the shortcut digit of ``option`` in a questionary select, then Enter."""
    child.expect(r"Your answer:")
    child.expect(rf"(\d)\) {re.escape(option)}(?=\s|\x1b)")
    child.send(child.match.group(1))
    child.send("\r")


def test_choice_typed_and_flip_questions_are_logged(workspace):
    write(workspace, "01.md", LESSON)
    child = spawn(workspace, "--new", "3")
    # flip: Enter reveals, Enter takes the default rating (Good)
    child.expect("Explain: tuples")
    child.expect("press any key")
    child.send("\r")
    child.expect("A tuple is an immutable sequence")
    child.expect("How well did you know it")
    child.expect(r"Good · 10m")
    child.send("\r")
    # typed: a prediction in another spelling still counts
    child.expect("What does the last line print")
    child.expect("What does it print")
    child.send(" 7 \r")
    child.expect("Right")
    child.expect("How well did you know it")
    child.send("\r")
    # choice: the right option, whatever place the shuffle gave it
    child.expect(r"Need: Fixed record\. Use\?")
    pick(child, "tuple")
    child.expect("Correct")
    child.expect("Why: Immutable")
    child.expect("How well did you know it")
    child.send("4")  # change the automatic Good to Easy
    child.send("\r")
    # the flip card's 10-minute step comes round again (learn ahead): quit from here
    child.expect("Explain: tuples")
    child.expect("press any key")
    child.sendcontrol("c")  # quits, even in a prompt that takes any key
    child.expect("Reviewed 3 cards: 100% correct")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert log_rows(workspace) == [
        ("flip", 3, 1, None, None),
        ("typed", 3, 1, " 7 ", None),
        ("choice", 4, 1, "tuple", None),
    ]


def test_wrong_typed_answer_and_i_was_right(workspace):
    write(workspace, "01.md", LESSON)
    child = spawn(workspace, "--new", "2")
    child.expect("press any key")
    child.send("\r")
    child.expect("How well did you know it")
    child.send("1\r")  # Again
    child.expect("What does it print")
    child.send("8\r")
    child.expect("Not quite")
    child.expect(r"it prints: (\x1b\[[0-9;]*m)*7")
    child.expect(r"I was right \(a typo\)")
    child.send("r\r")
    child.expect("Explain: tuples")  # the flip card, answered Again, is back after its 1-minute step
    child.expect("press any key")
    child.sendcontrol("d")  # quits, in any prompt
    child.expect(pexpect.EOF)
    rows = log_rows(workspace)
    assert rows == [("flip", 1, 0, None, None), ("typed", 3, 1, "8", None)]


def test_sigkill_mid_session_loses_nothing_answered(workspace):
    write(workspace, "01.md", LESSON)
    child = spawn(workspace, "--new", "4")
    child.expect("press any key")
    child.send("\r")
    child.expect("How well did you know it")
    child.send("\r")
    child.expect("What does it print")
    child.send("7\r")
    child.expect("How well did you know it")
    child.send("\r")
    child.expect(r"Need: .*\. Use\?")
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    assert [row[0] for row in log_rows(workspace)] == ["flip", "typed"]
    assert query(workspace, "PRAGMA integrity_check") == [("ok",)]
    assert query(workspace, "SELECT count(*) FROM card_state") == [(2,)]


def test_two_sessions_at_once_lose_nothing(workspace):
    write(workspace, "01.md", LESSON)
    from conftest import NOW
    from recall.build import build

    build(workspace, NOW)
    first, second = spawn(workspace, "--new", "2"), spawn(workspace, "--new", "2")
    for child in (first, second):
        child.expect("press any key")
    for child in (first, second):  # both reveal and rate the same new card, one after the other
        child.send("\r")
        child.expect("How well did you know it")
    first.send("\r")
    second.send("\r")
    for child in (first, second):
        child.expect("What does it print")
        child.send("7\r")
        child.expect("How well did you know it")
        child.send("\r")
    for child in (first, second):
        # the first to answer keeps the cards in learning; the other finds them learned already
        if child.expect(["Reviewed 2 cards", "press any key", "What does it print"]) > 0:
            child.sendcontrol("c")
            child.expect("Reviewed 2 cards")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    output = (first.before or "") + (second.before or "")
    assert "locked" not in output
    assert sorted(row[0] for row in log_rows(workspace)) == ["flip", "flip", "typed", "typed"]


def test_nothing_due_says_when(workspace, run):
    write(workspace, "01.md", LESSON)
    child = spawn(workspace, "--new", "0")
    child.expect("Nothing is due right now")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize("setting, message", [("new_per_day = -2", "'new_per_day' must be between")])
def test_bad_setting_stops_review_with_the_key(workspace, run, setting, message):
    workspace.settings_path.write_text(setting + "\n")
    result = run("review")
    assert result.exit_code == 1 and message in result.output and "recall.toml" in result.output
