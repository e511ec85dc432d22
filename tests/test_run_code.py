"""--run-code: lesson code checked against real Python, in limited processes, cached."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import lesson, write
from recall.codecheck import runner

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
        f.write("hello")
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


@pytest.fixture
def quick(workspace):
    workspace.settings_path.write_text("code_time_limit = 1\n")
    return workspace


def test_traps_are_reported_and_the_workspace_is_untouched(quick, run):
    write(quick, "09.md", TRAPS)
    before = tree(quick)
    result = run("build", "--run-code")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "decks/09.md:12: warning: stopped at its 1 s time limit" in out  # the deadlock
    assert "decks/09.md:22: warning: stopped at its 1 s time limit" in out  # the endless loop
    assert "decks/09.md:38: warning: documented 1000, Python printed 1024" in out
    assert "decks/09.md:43: warning: output differs between two runs" in out
    assert tree(quick) == before and not (quick.root / "notes.txt").exists()
    cards = {c["section"]: c for c in json.loads(run("cards", "--json", "--source", "code").output)}
    assert cards["Wrong Comment"]["answer"] == "1024"  # the card takes the real output
    assert cards["Writes a File"]["answer"] == "hello"  # printed, undocumented: a new card
    assert cards["Shows an Error"]["answer"] == "KeyError: 'b'"
    assert cards["Shows an Error"]["prompt"] == "What happens when the last line runs?"
    assert {"Deadlock", "Endless", "Random"}.isdisjoint(cards)


def test_seed_outputs_confirmed_and_completed(workspace, run, seed_text):
    write(workspace, "07.md", seed_text)
    result = run("build", "--run-code")
    assert result.exit_code == 0
    assert "documented" not in result.output and "differs" not in result.output
    cards = json.loads(run("cards", "--json", "--source", "code").output)
    answers = [c["answer"] for c in cards]
    for documented in ("200000", "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]", "4"):
        assert documented in answers
    threading = next(c for c in cards if c["section"] == "Threading Basics")
    assert threading["answer"].split(" | ") == ["Task-A starting", "Task-B starting", "Task-B done",
                                                "Task-A done", "All done"]
    assert threading["form"] == "choice" and threading["answer"] in threading["choices"]
    sections = {c["section"] for c in cards}
    assert "concurrent.futures: High-Level Threading" in sections
    assert "Asyncio: Cooperative Concurrency" in sections


def test_runs_are_cached_and_code_never_runs_unasked(quick, run, monkeypatch):
    calls = []
    real = runner.run_once
    monkeypatch.setattr(runner, "run_once", lambda code, limit: calls.append(code) or real(code, limit))
    path = write(quick, "09.md", TRAPS)
    run("build")
    assert calls == []  # not asked: nothing runs
    run("build", "--run-code")
    assert len(calls) == 2 * 6  # six blocks, each run twice
    calls.clear()
    assert run("build", "--run-code").output.startswith("No changes")
    path.write_text(path.read_text().replace("waits for ever", "waits forever"))
    run("build", "--run-code")
    assert calls == []  # the prose changed, the code did not: all from the cache
    path.write_text(path.read_text().replace("2 ** 10", "2 ** 11"))
    run("build", "--run-code")
    assert len(calls) == 2


def test_limits_stop_output_floods_and_memory_hogs():
    flood = runner.run_once("while True:\n    print('x' * 1000)\n", 2)
    assert flood.status in ("too-much-output", "timeout")
    hog = runner.run_once("data = bytearray(4 * 1024 ** 3)\n", 5)
    assert hog.status == "error" and "MemoryError" in hog.error_line
    script = runner.run_once(
        "import sys, os\nprint(__name__, os.path.basename(os.getcwd())[:11], sys.flags.isolated)\n", 5)
    assert script.stdout.strip() == "__main__ recall-run- 1"


def test_run_code_setting_is_honoured_by_every_build(workspace, run):
    workspace.settings_path.write_text("run_code = true\ncode_time_limit = 2\n")
    write(workspace, "01.md", lesson("## Powers\n\n```python\nprint(2 ** 10)  # 1000\n```\n"))
    assert "documented 1000, Python printed 1024" in run("build").output
    run("add", "--deck", "01-sample", "--front", "Two to the ten?", "--back", "1024")  # syncs with a build
    (card,) = json.loads(run("cards", "--json", "--source", "code").output)
    assert card["answer"] == "1024"
    assert run("build", "--no-run-code").exit_code == 0
    (card,) = json.loads(run("cards", "--json", "--source", "code").output)
    assert card["answer"] == "1000"  # asked not to run: the documented value
