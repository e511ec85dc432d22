"""`recall review` in a real pseudo-terminal: crash safety, two sessions at once, bad settings."""

from __future__ import annotations

import os
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


def test_sigkill_mid_session_loses_nothing_answered(workspace, terminal):
    write(workspace, "01.md", LESSON)
    term = terminal("review", "--new", "4")
    term.wait("press any key")
    term.press("space")
    term.wait("How well did you know it")
    term.press("3")
    term.wait("What does it print")
    term.press("7", "enter")
    term.wait("How well did you know it")
    term.press("3")
    term.wait(r"Need: .*\. Use\?")
    os.kill(term.child.pid, signal.SIGKILL)
    assert term.exit_code() == -signal.SIGKILL
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


@pytest.mark.parametrize("setting, message", [("new_per_day = -2", "'new_per_day' must be between")])
def test_bad_setting_stops_review_with_the_key(workspace, run, setting, message):
    workspace.settings_path.write_text(setting + "\n")
    result = run("review")
    assert result.exit_code == 1 and message in result.output and "recall.toml" in result.output


def test_cards_to_show_but_no_terminal_is_one_clear_line(workspace, run):
    """Input from a pipe or a file (CliRunner's too): nothing is asked, nothing recorded."""
    write(workspace, "01.md", LESSON)
    result = run("review")
    assert result.exit_code == 1 and "Error: no terminal to review in" in result.output, result.output
    assert "Traceback" not in result.output
    assert query(workspace, "SELECT count(*) FROM review_log") == [(0,)]
