"""Every test gets a workspace of its own; none touches the project's data/."""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import textwrap
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner
from hypothesis import settings

from recall.workspace import ENV_VAR, Workspace, init

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT.parent / "shared" / "seeds" / "07-concurrency.md"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


# Property tests: a quick run by default, more examples in CI.
settings.register_profile("default", max_examples=60)
settings.register_profile("ci", max_examples=400)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch) -> Workspace:
    # a temporary folder of its own: checks for leftovers see only what this test made
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    ws = init(tmp_path / "ws")
    # lesson code is not run unless a test is about running it (see test_run_code.py, test_sandbox.py)
    ws.settings_path.write_text(ws.settings_path.read_text().replace('run_code = "auto"', "run_code = false"))
    monkeypatch.setenv(ENV_VAR, str(ws.root))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TZ", midday_zone())  # commands run in-process read the real clock too
    time.tzset()
    return ws


@pytest.fixture
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed lesson is an outside input and is not here: {SEED} is missing")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str):
        from recall.cli import main

        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def lesson(body: str = "", *, id: str = "01-sample", title: str = "Sample", concepts=(), prerequisites=(),
           extra: str = "") -> str:
    """A lesson file as text: frontmatter from the arguments, then ``body`` (dedented)."""
    lines = ["---", f'id: "{id}"', f'title: "{title}"']
    if concepts:
        lines.append("concepts:")
        lines.extend(f"  - {c}" for c in concepts)
    if prerequisites:
        lines.append("prerequisites:")
        lines.extend(f"  - {p}" for p in prerequisites)
    if extra:
        lines.append(extra)
    lines.append("---")
    return "\n".join(lines) + "\n\n" + textwrap.dedent(body).lstrip("\n")


def query(ws: Workspace, sql: str, *args) -> list[tuple]:
    """Rows of one query on the workspace's database, through a connection closed at once."""
    with closing(sqlite3.connect(ws.db_path)) as con:
        return con.execute(sql, args).fetchall()


def write(ws: Workspace, name: str, text: str) -> Path:
    path = ws.decks / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def midday_zone() -> str:
    """A time zone where it is now about noon: far from the 4 am day boundary, so a session
    started by a test never sees its day end (the CLI reads the real clock)."""
    offset = 12 - datetime.now(UTC).hour  # -11 .. 12 hours ahead of UTC
    return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"  # POSIX signs


def spawn(workspace: Workspace, *args: str) -> pexpect.spawn:
    """`recall ARGS` in a real pseudo-terminal (100x40, no colour, no cursor-position queries), at midday."""
    env = {**os.environ, "RECALL_WORKSPACE": str(workspace.root), "PROMPT_TOOLKIT_NO_CPR": "1",
           "NO_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40", "TZ": midday_zone()}
    return pexpect.spawn(sys.executable, ["-m", "recall", *args], env=env, encoding="utf-8", timeout=20,
                         dimensions=(40, 100))
