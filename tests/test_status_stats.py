"""`recall status`, `stats`, `suspend` and `unsuspend` as a learner reads them."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert
from sqlalchemy.pool import NullPool

from conftest import lesson, query, write
from recall.build import build
from recall.store.models import card_state, review_log

NOW = datetime.now(UTC)  # the commands read the real clock
TAKEAWAYS = "## Key Takeaways\n\n" + "".join(f"- Use **term{n}** for case {n}\n" for n in range(12))


@pytest.fixture
def studied(workspace):
    """Two lessons; in the first every kind of card: new, learning, due, not due yet, suspended."""
    write(workspace, "01.md", lesson(TAKEAWAYS))
    write(workspace, "02.md", lesson(TAKEAWAYS[:80], id="02-a-lesson-with-a-rather-long-id"))
    build(workspace, NOW)
    ids = [row[0] for row in query(workspace, "SELECT id FROM cards WHERE lesson_id = '01-sample' ORDER BY ord")]
    kinds = [(1, -1, 0), (1, 2, 0), (2, -3, 0), (2, -1, 0), (2, -2, 0), (2, 5, 0), (2, 9, 0), (2, -1, 1)]
    write_rows(workspace, card_state, [
        dict(card_id=card_id, state=state, step=0, stability=3.0, difficulty=5.0, due=NOW + timedelta(hours=hours),
             last_review=NOW - timedelta(days=2), reps=2, lapses=0, introduced_at=NOW - timedelta(days=2),
             suspended=bool(suspended))
        for card_id, (state, hours, suspended) in zip(ids, kinds)])
    return workspace, ids


def write_rows(workspace, table, rows: list[dict]) -> None:
    engine = create_engine(workspace.database_url(), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(insert(table), rows)
    finally:
        engine.dispose()


@pytest.mark.databases
def test_status_columns_align_and_add_up(studied, run):
    lines = run("status").output.splitlines()
    head = lines[0]
    assert head.split() == ["lesson", "new", "learning", "due", "not", "due", "suspended", "cards"]
    ends = [m.end() for m in re.finditer(r"\S+(?: due)?", head)][1:]  # right edges of the number columns
    rows = [line for line in lines[2:] if line and not line.startswith("-")][:3]
    assert [row.split()[0] for row in rows] == ["01-sample", "02-a-lesson-with-a-rather-long-id", "total"]
    for row in rows:
        numbers = [(m.end(), int(m.group())) for m in re.finditer(r"\d+", row[len(row.split()[0]):])]
        assert [end + len(row.split()[0]) for end, _ in numbers] == ends, row  # each under its heading
        new, learning, due, later, suspended, cards = (n for _, n in numbers)
        assert new + learning + due + later + suspended == cards
    assert [int(n) for n in rows[0].split()[1:]] == [4, 2, 3, 2, 1, 12]
    assert "4 cards are due now: run `recall review`." in lines  # a learning card and three reviews
    first = json.loads(run("status", "--json").output)["lessons"][0]
    assert first == {"id": "01-sample", "title": "Sample", "new": 4, "learning": 2, "due": 3, "later": 2,
                     "suspended": 1, "total": 12, "due_now": 4}


def test_stats_fit_80_columns_in_a_wide_terminal_and_say_why_retention_is_missing(studied, run, monkeypatch):
    workspace, ids = studied
    write_rows(workspace, review_log, [  # answers to new and learning cards only
        dict(card_id=ids[n % 12], reviewed_at=NOW - timedelta(hours=n), rating=3, duration_ms=5000,
             state_before=None if n % 2 else 1) for n in range(37)])
    monkeypatch.setenv("COLUMNS", "200")
    out = run("stats").output
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "no reviews yet" not in out
    assert "your 37 answers were to new cards and cards still in learning" in " ".join(out.split())


def test_stats_of_many_lessons_lists_those_studied_lately(workspace, run):
    """Past 40 lessons the table lists the 30 studied most in the last 30 days, in curriculum order."""
    for n in range(45):
        write(workspace, f"{n:02d}.md", lesson("## Key Takeaways\n\n- Use **len** for the size\n", id=f"l{n:02d}"))
    build(workspace, NOW)
    studied = {f"l{n:02d}" for n in range(5, 45, 3)}  # 14 lessons with answers
    ids = query(workspace, "SELECT id, lesson_id FROM cards")
    write_rows(workspace, review_log, [dict(card_id=card, reviewed_at=NOW - timedelta(hours=1), rating=3,
                                            duration_ms=5000, state_before=2) for card, lesson_id in ids
                                       if lesson_id in studied])
    out = run("stats").output
    listed = re.findall(r"^(l\d\d) ", out, re.M)
    assert len(listed) == 30 and set(listed) > studied and listed == sorted(listed)
    assert "… and 15 more lessons (`--lesson ID` shows one, `--json` all)." in out
    assert len(json.loads(run("stats", "--json").output)["lessons"]) == 45


def test_stats_of_a_lesson_that_does_not_exist(studied, run):
    result = run("stats", "--lesson", "nope")
    assert result.exit_code == 1 and "no lesson 'nope'" in result.output


@pytest.mark.databases
def test_suspend_and_unsuspend_say_what_happened(studied, run):
    _, ids = studied
    due, suspended, new = ids[2], ids[7], ids[11]
    nothing = run("unsuspend", due[:8])  # nothing to do: said, and exit status 1
    assert nothing.exit_code == 1 and nothing.output == f"Error: card {due} is not suspended\n"
    result = run("suspend", due[:8])
    assert result.exit_code == 0 and f"Card {due} is suspended" in result.output
    assert run("suspend", due).output == f"Error: card {due} is suspended already\n"
    assert json.loads(run("status", "--json").output)["total"]["suspended"] == 2
    assert run("unsuspend", suspended).output == f"Card {suspended} is back in your reviews.\n"
    for command in ("suspend", "unsuspend"):
        result = run(command, new)
        assert result.exit_code == 1 and "has never been studied" in result.output
    assert run("suspend", "zzz").exit_code == 1


def test_workspace_may_follow_the_command(studied, run, monkeypatch, tmp_path):
    workspace, _ = studied
    monkeypatch.delenv("RECALL_WORKSPACE")
    monkeypatch.chdir(tmp_path)
    result = run("status", "--workspace", str(workspace.root))
    assert result.exit_code == 0 and "01-sample" in result.output
    assert run("-w", str(tmp_path), "status", "-w", str(workspace.root)).exit_code == 0  # the later one counts
    assert run("status").exit_code == 1
    out = tmp_path / "x.apkg"  # a subcommand's subcommand takes it too
    exported = run("export", "anki", "-o", str(out), "-w", str(workspace.root))
    assert exported.exit_code == 0 and out.exists(), exported.output
