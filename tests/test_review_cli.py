"""`recall review` in a real pseudo-terminal (pexpect), crash safety and two sessions at once."""

from __future__ import annotations

import os
import re
import signal

import pexpect
import pytest

from conftest import lesson, query, write
from conftest import spawn as spawn_recall

pytestmark = pytest.mark.databases

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
    return [(form, rating, None if correct is None else int(correct), answer, state_before)
            for form, rating, correct, answer, state_before in query(
                workspace, "SELECT c.form, r.rating, r.correct, r.answer, r.state_before FROM review_log r "
                "JOIN cards c ON c.id = r.card_id ORDER BY r.id")]


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
    if workspace.database_url().startswith("sqlite"):
        assert query(workspace, "PRAGMA integrity_check") == [("ok",)]
    assert query(workspace, "SELECT count(*) FROM card_state") == [(2,)]


def test_two_sessions_at_once_lose_nothing_and_skip_what_the_other_answered(workspace):
    write(workspace, "01.md", LESSON)
    from conftest import NOW
    from recall.build import build

    build(workspace, NOW)
    first, second = spawn(workspace, "--new", "2"), spawn(workspace, "--new", "2")
    for child in (first, second):  # both queued the same two new cards, and both show the flip card
        child.expect("press any key")
    first.send("\r")
    first.expect("How well did you know it")
    first.send("\r")
    first.expect("What does it print")  # the typed card, answered here while the other still shows the flip
    first.send("7\r")
    first.expect("How well did you know it")
    first.send("\r")
    if first.expect(["Reviewed 2 cards", "press any key"]) > 0:  # its flip card's step comes round
        first.sendcontrol("c")
        first.expect("Reviewed 2 cards")
    # the second answers the flip card it showed too: that answer counts, on top of the first's
    second.send("\r")
    second.expect("How well did you know it")
    second.send("\r")
    # the typed card was answered elsewhere since it was queued: skipped, not shown again
    assert second.expect(["What does it print", "press any key", "Reviewed 1 card"]) > 0
    if "press any key" in second.after:
        second.sendcontrol("c")
        second.expect("Reviewed 1 card")
    for child in (first, second):
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    assert "locked" not in (first.before or "") + (second.before or "")
    rows = log_rows(workspace)
    assert [row[0] for row in rows] == ["flip", "typed", "flip"]
    assert rows[2][4] == 1  # the second flip answer was made on the first's (learning) memory
    assert query(workspace, "SELECT reps FROM card_state s JOIN cards c ON c.id = s.card_id "
                            "WHERE c.form = 'flip'") == [(2,)]


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
