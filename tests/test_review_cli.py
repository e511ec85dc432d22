"""`recall review` in a real pseudo-terminal: crash safety, two sessions at once, bad settings."""

from __future__ import annotations

import os
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


@pytest.mark.parametrize("setting, message", [("new_per_day = -2", "'new_per_day' must be between")])
def test_bad_setting_stops_review_with_the_key(workspace, run, setting, message):
    workspace.settings_path.write_text(setting + "\n")
    result = run("review")
    assert result.exit_code == 1 and message in result.output and "recall.toml" in result.output
