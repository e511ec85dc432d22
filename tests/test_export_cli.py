"""`recall export anki` at the command line: where it may write, what it says, and one clear line when it cannot."""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import children, gone, lesson, write

TABLE = """
## Picking

| Need | Use | Why |
|------|-----|-----|
| Order | `list` | Keeps order |
| Lookup | `dict` | Finds by key |
| Unique | `set` | No duplicates |
"""
ONE_CARD = """---
id: "one"
title: "One"
---

## Cards

Q: What is one?
A: One.
"""


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".partial") or p.name.startswith(".x"))


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_one_note_in_one_deck(workspace, run, tmp_path):
    write(workspace, "one.md", ONE_CARD)
    result = run("export", "anki", "-o", str(tmp_path / "one.apkg"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"Wrote {tmp_path / 'one.apkg'}: 1 note in 1 deck.")
    with_progress = run("export", "anki", "-o", str(tmp_path / "two.apkg"), "--with-scheduling")
    assert "1 note in 1 deck, 0 with your progress and 0 reviews." in with_progress.output


@pytest.mark.parametrize(("name", "words"), [
    ("x.txt", ["ends in .apkg", "say x.apkg"]),
    ("deck", ["ends in .apkg"]),
    ("missing/dir/x.apkg", ["there is no folder", "missing/dir", "make it first"]),
    ("file.md/x.apkg", ["there is no folder"]),
    ("folder.apkg", ["is a folder"]),
    ("./", ["is a folder"]),
    ("x" * 300 + ".apkg", ["cannot write", "too long"]),
    ("", ["file name is empty"]),
    ("   ", ["file name is empty"]),
])
def test_an_output_it_cannot_write_is_one_line(workspace, run, tmp_path, name, words):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **len** for the size\n"))
    (tmp_path / "file.md").write_text("a file, not a folder")
    (tmp_path / "folder.apkg").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("export", "anki", "-o", f"{tmp_path}/{name}" if name.strip() else name)
    one_line_error(result, *words)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no folder made, nothing written
    assert not (tmp_path / "x.txt.apkg").exists() and not (tmp_path / "missing").exists()


def test_an_unwritable_folder_is_one_line(workspace, run, tmp_path):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **len** for the size\n"))
    run("build")
    if os.geteuid() == 0:  # root writes through permission bits; sysfs refuses new files even to root
        target = Path("/sys/recall-test.apkg")
        if sys.platform != "linux" or not Path("/sys").is_dir():
            pytest.skip("running as root, and no /sys to refuse a write")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "x.apkg"
    result = run("export", "anki", "-o", str(target))
    one_line_error(result, f"cannot write {target}")
    assert not target.exists() and not list(target.parent.glob(".*.partial"))
    assert not list(Path(tempfile.gettempdir()).iterdir())


def test_a_clock_in_1970_is_one_line(workspace, run, tmp_path, monkeypatch):
    """The clock is read in cli/ only; there it says 1970."""
    import recall.cli.exporting

    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **len** for the size\n"))
    run("build")
    monkeypatch.setattr(recall.cli.exporting, "now", lambda: datetime(1970, 1, 1, 0, 0, 5, tzinfo=UTC))
    result = run("export", "anki", "-o", str(tmp_path / "x.apkg"))
    one_line_error(result, "clock says 1970-01-01")
    assert not (tmp_path / "x.apkg").exists() and not leftovers(tmp_path)


@pytest.mark.parametrize(("damage", "words"), [
    ("UPDATE cards SET choices = '[oops' WHERE form = 'choice'", ["cards.choices", "not JSON"]),
    ("UPDATE cards SET form = 'hologram' WHERE form = 'choice'", ["unknown kind of card 'hologram'"]),
    ("UPDATE card_state SET due = 'yesterday-ish'", ["card_state.due", "yesterday-ish"]),
    ("UPDATE review_log SET reviewed_at = 'teatime'", ["review_log.reviewed_at", "teatime"]),
])
def test_damaged_values_in_the_database_are_one_line(workspace, run, tmp_path, damage, words):
    from recall.settings import Settings
    from recall.store.database import Database
    from recall.study.session import Session

    write(workspace, "01.md", lesson(TABLE))
    run("build")
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with Database(workspace.db_path) as db:
        session = Session.start(db, Settings(), now, UTC, fuzz=False)
        card = session.next(now)
        session.answer(card, 1, now)
        session.answer(card, 3, now.replace(minute=5))
    with closing(sqlite3.connect(workspace.db_path)) as con, con:
        con.execute(damage)
    result = run("export", "anki", "-o", str(tmp_path / "x.apkg"), "--with-scheduling")
    one_line_error(result, *words)
    assert not (tmp_path / "x.apkg").exists()


def test_in_a_terminal_it_says_what_it_wrote(workspace, tmp_path):
    """With a terminal on stderr the export runs under a progress bar (rich), then prints the summary."""
    import pexpect

    from conftest import spawn

    write(workspace, "01.md", lesson(TABLE))
    out = tmp_path / "deck.apkg"
    child = spawn(workspace, "export", "anki", "-o", str(out), "--with-scheduling")
    child.expect(r"Wrote .*deck\.apkg: 3 notes in 1 deck, 0 with your progress and 0 reviews\.")
    child.expect("Anki takes progress only for cards it does not have yet")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and out.is_file()
    assert "Traceback" not in (child.before or "")


#: `recall export anki` whose parts are worked out in other processes however small; argv[1] says which step
#: takes a second and a half more: the parts (each, in those processes), the taking in of the parts here after
#: the first (those processes done with theirs, waiting for more) or the zipping of the package (here)
SLOW_STEP = """
import sys, time
from recall.export import anki, parts
parts.PARALLEL_FROM, parts.POOL_PART_CARDS, parts.workers = 1, 1, lambda: 2
def slowed(real):
    def slow(*args, **kwargs):
        print("slow step begun", flush=True)
        time.sleep(1.5)
        return real(*args, **kwargs)
    return slow
if sys.argv[1] == "parts":
    parts.rows_of = slowed(parts.rows_of)
elif sys.argv[1] == "zip":
    anki._replace_with_zip = slowed(anki._replace_with_zip)
else:
    real_write, pause = anki.write_package, slowed(lambda: None)
    def after_the_first(found):
        found = iter(found)
        yield next(found)
        pause()
        yield from found
    anki.write_package = lambda found, *args, **kwargs: real_write(after_the_first(found), *args, **kwargs)
from recall.cli import main
main(sys.argv[2:])
"""


def slow_export(workspace, tmp_path, step: str):
    """`recall export anki` in a pseudo-terminal, three lessons in parts in two other processes, with one
    step slowed; returns the terminal (the slow step begun), the package path and the workers' pids."""
    import multiprocessing

    import pexpect

    from conftest import midday_zone

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the slowed step reaches the workers only through fork")
    for n in range(3):
        write(workspace, f"0{n}.md", lesson(TABLE, id=f"0{n}-picking", title=f"Picking {n}"))
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"the package of yesterday")
    env = {**os.environ, "RECALL_WORKSPACE": str(workspace.root), "NO_COLOR": "1", "TZ": midday_zone()}
    child = pexpect.spawn(sys.executable, ["-c", SLOW_STEP, step, "export", "anki", "-o", str(out)], env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 100))
    child.expect("slow step begun")
    return child, out, children(child.pid)


def stops_cleanly_on_ctrl_c(child, out, tmp_path) -> None:
    """Ctrl-C, as the terminal sends it (to the whole foreground group): the export stops with one line and
    no traceback, the old package kept and no partial file beside it."""
    import pexpect

    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    said = child.before or ""
    assert child.exitstatus == 1 and "Aborted" in said and "Traceback" not in said, said
    assert out.read_bytes() == b"the package of yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["deck.apkg", "tmp", "ws"])


@pytest.mark.parametrize("step", ["parts", "waiting"])
def test_ctrl_c_while_other_processes_work_or_wait_stops_cleanly(workspace, tmp_path, step):
    """Ctrl-C reaches every process of the terminal, those working out parts and those waiting for more:
    the export stops with one line, no traceback from any process, the old package kept, no partial
    file, no process left."""
    child, out, workers = slow_export(workspace, tmp_path, step)
    assert len(workers) == 2  # the processes that work out the parts
    stops_cleanly_on_ctrl_c(child, out, tmp_path)
    assert gone(workers, within=0.5)  # ended before the export did, reaped by it


def test_the_workers_go_once_every_part_is_in_and_ctrl_c_while_zipping_stops_cleanly(workspace, tmp_path):
    """The package is zipped after the last part came back: the processes that worked out the parts are
    let go then (they do not wait for the zip), and Ctrl-C in the zipping stops the export as cleanly."""
    child, out, workers = slow_export(workspace, tmp_path, "zip")
    assert gone(workers, within=0.5)  # while the export is still zipping
    assert child.isalive()
    stops_cleanly_on_ctrl_c(child, out, tmp_path)


def test_workers_stop_when_the_export_is_killed_outright(workspace, tmp_path):
    """SIGKILL to the export alone, outside a terminal (a scheduler's job, say): no cleanup of its own
    can run, yet its workers see it gone and stop at once, in the middle of their parts (each takes
    1.5 s more here)."""
    import multiprocessing
    import subprocess

    from conftest import midday_zone

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the slowed step reaches the workers only through fork")
    for n in range(3):
        write(workspace, f"0{n}.md", lesson(TABLE, id=f"0{n}-picking", title=f"Picking {n}"))
    env = {**os.environ, "RECALL_WORKSPACE": str(workspace.root), "TZ": midday_zone()}
    with subprocess.Popen([sys.executable, "-c", SLOW_STEP, "parts", "export", "anki", "-o",
                           str(tmp_path / "deck.apkg")], env=env, stdout=subprocess.PIPE, text=True,
                          start_new_session=True) as export:
        assert export.stdout is not None and "slow step begun" in export.stdout.readline()
        workers = children(export.pid)
        assert len(workers) == 2
        export.kill()
        export.wait()
        assert gone(workers, within=1.0)
    assert not (tmp_path / "deck.apkg").exists()
