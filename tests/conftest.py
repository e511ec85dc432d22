"""Every test gets a workspace of its own; none touches the project's data/.

Tests marked ``databases`` run twice: on the workspace's SQLite file and on a database of
its own on the PostgreSQL server named by ``RECALL_TEST_POSTGRESQL`` (``.ci/run`` starts one;
``eval "$(.ci/postgres start)"`` does it by hand). Without that variable the PostgreSQL runs
are skipped, saying so.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pexpect
import pyte
import pytest
from click.testing import CliRunner
from hypothesis import settings

from recall.workspace import DATABASE_ENV_VAR, ENV_VAR, Workspace, init

PROJECT = Path(__file__).resolve().parents[1]
POSTGRES_ENV_VAR = "RECALL_TEST_POSTGRESQL"
SEED = PROJECT.parent / "shared" / "seeds" / "07-concurrency.md"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


# Property tests: a quick run by default, more examples in CI.
settings.register_profile("default", max_examples=60)
settings.register_profile("ci", max_examples=400)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def pytest_configure(config):
    config.addinivalue_line("markers", "databases: run the test on SQLite and on PostgreSQL")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("databases"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """Which database the test's workspace uses: "sqlite" unless the test is marked ``databases``."""
    return getattr(request, "param", "sqlite")


_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    """An engine on the test server's maintenance database (autocommit), or None when there is no server."""
    url = os.environ.get(POSTGRES_ENV_VAR)
    if not url:
        yield None
        return
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def database_url(backend, request, monkeypatch) -> str | None:
    """The PostgreSQL database of this test (made for it, dropped after), or None on SQLite."""
    if backend != "postgresql":
        yield None
        return
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV_VAR} to its URL (.ci/run starts one)")
    name = f"recall_test_{os.getpid()}_{next(_numbers)}"
    with server.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = server.url.set(database=name).render_as_string(hide_password=False)
    monkeypatch.setenv(DATABASE_ENV_VAR, url)
    yield url
    with server.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch, backend, request) -> Workspace:
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
    monkeypatch.delenv(DATABASE_ENV_VAR, raising=False)
    request.getfixturevalue("database_url")
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


def query(ws: Workspace, sql: str, **params) -> list[tuple]:
    """Rows of one query (``:name`` parameters) on the workspace's database, SQLite or PostgreSQL,
    through a connection closed at once. Times come back as the database holds them."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(ws.database_url(), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


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


#: what a key sends to the terminal's program
KEYS = {"enter": "\r", "esc": "\x1b", "space": " ", "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C",
        "left": "\x1b[D", "tab": "\t", "c-a": "\x01",
        "c-c": "\x03", "c-d": "\x04", "c-j": "\n", "alt-enter": "\x1b\r", "backspace": "\x7f"}


class Terminal:
    """`recall ARGS` in a pseudo-terminal whose output feeds a terminal emulator (pyte).

    Tests look at the screen as a person would (``wait``, ``text``), press keys by name
    (``press("space", "3")``), paste, and resize. Like a real terminal it answers the
    program's cursor-position queries, and a resize rewraps long lines as tmux does.
    """

    def __init__(self, workspace: Workspace, *args: str, rows: int = 40, cols: int = 100):
        env = {**os.environ, "RECALL_WORKSPACE": str(workspace.root), "NO_COLOR": "1", "TERM": "xterm-256color",
               "TZ": midday_zone()}
        for name in ("PROMPT_TOOLKIT_NO_CPR", "COLUMNS", "LINES"):
            env.pop(name, None)
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        self.raw = b""  # every byte the program wrote
        self.child = pexpect.spawn(sys.executable, ["-m", "recall", *args], env=env, dimensions=(rows, cols),
                                   timeout=20)
        self.child.delaybeforesend = None
        self.screen.write_process_input = lambda data: self.child.send(data.encode())  # replies to CSI 6n

    def _pump(self, seconds: float) -> bool:
        """Feed what the program writes within ``seconds`` to the screen; False once it has exited."""
        end = time.monotonic() + seconds
        while True:
            try:
                data = self.child.read_nonblocking(1 << 16, timeout=max(0.0, end - time.monotonic()))
            except pexpect.TIMEOUT:
                return True
            except pexpect.EOF:
                return False
            self.raw += data
            self._stream.feed(data)

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait(self, pattern: str, count: int = 1, timeout: float = 15) -> re.Match:
        """Wait until ``pattern`` (a regex) is on screen ``count`` times; return its last match."""
        end = time.monotonic() + timeout
        alive = True
        while True:
            found = list(re.finditer(pattern, self.text))
            if len(found) >= count:
                return found[count - 1]
            if not alive or time.monotonic() > end:
                raise AssertionError(f"{pattern!r} ({count}x) is not on the screen:\n{self.text}")
            alive = self._pump(0.02)

    def settle(self, quiet: float = 0.15, timeout: float = 10) -> str:
        """The screen once the program has written nothing for ``quiet`` seconds (or has exited)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            before = len(self.raw)
            if not self._pump(quiet) or len(self.raw) == before:
                break
        return self.text

    def press(self, *keys: str) -> None:
        for key in keys:
            self.child.send(KEYS.get(key, key))

    def paste(self, text: str) -> None:
        """Text pasted in a terminal with bracketed paste (as prompt_toolkit asks for)."""
        self.child.send("\x1b[200~" + text + "\x1b[201~")

    def resize(self, rows: int, cols: int) -> None:
        """A new window size (the program gets SIGWINCH); lines longer than the new width wrap, as in tmux."""
        self._pump(0.05)
        screen, cursor = self.screen, self.screen.cursor
        wrapped: list[list] = []
        row = col = 0
        for y in range(screen.lines):
            line = screen.buffer[y]
            used = max((x + 1 for x in range(screen.columns) if line[x].data != " "), default=0)
            if y == cursor.y:
                used = max(used, cursor.x)
                row, col = len(wrapped) + min(cursor.x, max(used - 1, 0)) // cols, cursor.x % cols
            chars = [line[x] for x in range(used)]
            wrapped.extend([chars[i:i + cols] for i in range(0, used, cols)] or [[]])
        while len(wrapped) > rows and len(wrapped) - 1 > row and not wrapped[-1]:
            wrapped.pop()  # blank rows below the cursor go first, then rows at the top scroll away
        drop = max(0, len(wrapped) - rows)
        screen.buffer.clear()
        screen.resize(rows, cols)
        for y, chars in enumerate(wrapped[drop:]):
            for x, char in enumerate(chars):
                screen.buffer[y][x] = char
        screen.cursor.y, screen.cursor.x = row - drop, col  # resize() may have put a new cursor in place
        self.child.setwinsize(rows, cols)

    def exit_code(self, timeout: float = 15) -> int:
        end = time.monotonic() + timeout
        while self._pump(0.05):
            if time.monotonic() > end:
                raise AssertionError(f"recall did not exit:\n{self.text}")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus


@pytest.fixture
def terminal(workspace):
    """Opens `recall ARGS` in a Terminal; kills what is still running at the end of the test."""
    opened: list[Terminal] = []

    def open_terminal(*args: str, rows: int = 40, cols: int = 100) -> Terminal:
        opened.append(Terminal(workspace, *args, rows=rows, cols=cols))
        return opened[-1]

    yield open_terminal
    for term in opened:
        term.child.close(force=True)


#: a block whose first lines a look at the code answers (built with and without running it)
SORTING_SCORES = """
    ## Sorting Scores

    ```python
    scores = [40, 10, 30]
    print(len(scores))        # 3
    print(max(scores))        # 40
    print(sorted(scores))     # [10, 30, 40]
    print(scores)             # [40, 10, 30]
    scores.sort()
    print(scores)             # [10, 30, 40]
    ```
    """


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def gone(pids: list[int], within: float = 10.0) -> bool:
    """Whether every one of ``pids`` has ended: no such process, or a zombie (an orphan waits for
    init to reap it)."""

    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False

    deadline = time.monotonic() + within
    while any(running(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
