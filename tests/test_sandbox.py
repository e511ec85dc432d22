"""The sandbox, tested with hostile lesson code in the real bubblewrap: what it cannot do, and its limits."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from pathlib import Path

import pytest

from conftest import lesson, write
from recall.codecheck import sandbox
from recall.codecheck.interpreter import default_path, probe
from recall.codecheck.runner import Limits, Runner
from recall.model import Program

try:
    BWRAP = sandbox.find()
except sandbox.SandboxMissing as exc:  # .ci/run installs bubblewrap: there these tests always run
    pytest.skip(f"no working sandbox here: {exc}", allow_module_level=True)


def runner(seconds: float = 5) -> Runner:
    return Runner(probe(default_path()), BWRAP, Limits(time=seconds))


def lines_of(code: str, seconds: float = 5) -> list[str]:
    done = runner(seconds).run(Program((), code))
    assert done.status == "ok", (done.status, done.error, done.stderr)
    return done.stdout.splitlines()


def attempts(*tries: str) -> str:
    """Code that tries each statement and prints "ok" or the exception's name, one line each."""
    body = "\n".join(f"try:\n    {t}\n    print('ok')\nexcept BaseException as exc:\n    print(type(exc).__name__)"
                     for t in tries)
    return "import os, socket, subprocess\n" + body + "\n"


def test_it_writes_nothing_outside_its_folder_and_reads_nothing_of_home(workspace, tmp_path):
    home = Path.home()
    outside = tmp_path / "planted.txt"
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret")
    code = attempts(f"open({str(outside)!r}, 'w').write('x')",
                    f"open({str(workspace.settings_path)!r}, 'a').write('run_code = true')",
                    f"open({str(workspace.decks / 'planted.md')!r}, 'w').write('x')",
                    "open('/usr/planted', 'w')",
                    f"open({str(secret)!r}).read()",
                    "open('mine.txt', 'w').write('in its own folder')",
                    "open('/tmp/scratch', 'w').write('a private /tmp')")
    before = workspace.settings_path.read_bytes()
    assert lines_of(code) == ["FileNotFoundError", "FileNotFoundError", "FileNotFoundError", "OSError",
                              "FileNotFoundError", "ok", "ok"]
    assert not outside.exists() and not (workspace.decks / "planted.md").exists()
    assert workspace.settings_path.read_bytes() == before
    # of the home folder it sees at most the folders above the interpreter's own (an empty path to them)
    (listing,) = lines_of(f"import os\nprint(os.listdir({str(home)!r}) if os.path.isdir({str(home)!r}) else [])\n")
    parents = {Path(f).relative_to(home).parts[0] for f in probe(default_path()).folders()
               if Path(f).is_relative_to(home)}
    assert set(eval(listing)) <= parents


def test_it_reaches_no_socket(tmp_path):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    path = str(tmp_path / "unix.sock")
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(path)
    unix.listen(1)
    unix.setblocking(False)
    try:
        code = attempts(f"socket.create_connection(('127.0.0.1', {port}), timeout=2)",
                        "socket.create_connection(('1.1.1.1', 53), timeout=2)",
                        f"socket.socket(socket.AF_UNIX).connect({path!r})")
        assert lines_of(code) == ["ConnectionRefusedError", "OSError", "FileNotFoundError"]
        for server in (listener, unix):
            with pytest.raises(BlockingIOError):
                server.accept()  # nobody came
    finally:
        listener.close()
        unix.close()


def _processes_with(marker: str, within: float = 5.0) -> list[int]:
    """Processes whose command line holds ``marker``, once those the kernel is still tearing down (killed with
    their namespace a moment ago, on a loaded machine) are gone, or ``within`` seconds have passed."""
    end = time.monotonic() + within
    while (found := _running_with(marker)) and time.monotonic() < end:
        time.sleep(0.05)
    return found


def _running_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(entry))
    return found


def test_it_leaves_no_process_behind():
    marker = "987.654"
    code = (f"import os, subprocess\n"
            f"subprocess.Popen(['sleep', '{marker}'], start_new_session=True)\n"
            f"if os.fork() == 0:\n"
            f"    os.setsid()\n"
            f"    os.execvp('sleep', ['sleep', '{marker}'])\n"
            f"print('started')\n")
    assert lines_of(code) == ["started"]
    assert _processes_with(marker) == []
    timed_out = runner(1).run(Program((), f"import subprocess\nsubprocess.Popen(['sleep', '{marker}'])\n"
                                          "while True:\n    pass\n"))
    assert timed_out.status == "timeout"
    assert _processes_with(marker) == []


def test_limits_hold_while_it_runs():
    flood = runner(10).run(Program((), "while True:\n    print('x' * 1000)\n"))
    assert flood.status == "too-much-output" and flood.seconds < 10
    raw = runner(10).run(Program((), "import os\nwhile True:\n    os.write(1, b'y' * 65536)\n"))
    assert raw.status == "too-much-output" and len(raw.raw) <= Limits().output + 65536  # not buffered in recall
    hog = runner().run(Program((), "data = bytearray(4 * 1024 ** 3)\n"))
    assert hog.status == "error" and hog.error.startswith("MemoryError")
    big = runner().run(Program((), "with open('big', 'wb') as f:\n    f.write(b'0' * (64 * 1024 * 1024))\n"))
    assert big.status == "error" and "File too large" in big.error
    forks = lines_of("import os, time\nmade = 0\ntry:\n    for _ in range(500):\n        if os.fork() == 0:\n"
                     "            time.sleep(2)\n            os._exit(0)\n        made += 1\nexcept OSError:\n"
                     "    pass\nprint(made < 100)\n")
    assert forks == ["True"]
    assert runner(1).run(Program((), "while True:\n    pass\n")).status == "timeout"


def test_two_runs_differ_where_the_machine_shows():
    code = ("import os, time, datetime, socket\nprint(os.getcwd())\nprint(os.getpid())\nprint(socket.gethostname())\n"
            "print(datetime.date.today())\nprint(os.listdir('.'))\nprint(hash('a') == hash('a'))\n")
    result = runner().run_all([Program((), code)], 2)[Program((), code)]
    first, second = result.first.stdout.splitlines(), result.second.stdout.splitlines()
    assert [a != b for a, b in zip(first, second)] == [True, True, True, True, True, False]


def test_a_hostile_lesson_changes_nothing_of_the_workspace(workspace, run):
    workspace.settings_path.write_text('run_code = "auto"\n')
    targets = [workspace.settings_path, workspace.decks / "01.md", workspace.db_path]
    write(workspace, "01.md", lesson(f"## Try\n\n```python\nfor path in {[str(t) for t in targets]!r}:\n"
                                     "    try:\n        open(path, 'a').write('run_code = true')\n"
                                     "    except OSError as exc:\n        print(type(exc).__name__)\n```\n"))
    run("build")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets[:2]}
    assert run("build").exit_code == 0
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets[:2]} == before
    (card,) = json.loads(run("cards", "--json", "--source", "code").output)
    assert card["answer"] == "FileNotFoundError\nFileNotFoundError\nFileNotFoundError"
