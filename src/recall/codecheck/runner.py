"""Run lesson code, each Program in a process of its own, and collect what it printed, where.

Every run starts the lesson interpreter in isolated mode (``python -I``) on the bootstrap
(see bootstrap.py), inside the sandbox (see sandbox.py). The limits hold while the code
runs: the bootstrap sets memory, CPU time, file size, open files and process count on
itself; this side reads the output as it comes and stops the run the moment it prints
too much or passes its time limit. After every run, whatever it started is killed: the
sandbox's process namespace ends with it (or, unconfined, its process group is killed).

Every Program runs twice at once, in different surroundings (time zone, working folder,
host name, process ids), to tell output that is the code's own from output that depends
on the clock, the machine, hash order or thread timing. Results are cached (by the
caller) under ``key``: the program, the interpreter and its libraries, the sandbox, the
limits and this code.
"""

from __future__ import annotations

import hashlib
import json
import os
import selectors
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from recall.codecheck import sandbox as sandboxes
from recall.codecheck.interpreter import Interpreter
from recall.codecheck.sandbox import Sandbox
from recall.model import CodeResult, CodeRun, Printed, Program

_BOOTSTRAP = Path(__file__).with_name("bootstrap.py")
_READ = 65536
#: the two surroundings a program runs in: (time zone, working folder name, host name, process ids skipped)
VARIANTS = (("UTC+12", "lesson", "recall-a", 0), ("UTC-14", "lesson-2", "recall-b", 3))


@dataclass(frozen=True)
class Limits:
    time: float = 5.0  # seconds of wall time per run
    memory: int = 1024 * 1024 * 1024  # address space per process
    file_size: int = 16 * 1024 * 1024  # largest file it may write
    output: int = 256 * 1024  # characters it may print (stdout and stderr together)
    processes: int = 64  # processes and threads of its own at once
    open_files: int = 256


@cache
def bootstrap_source() -> str:
    return _BOOTSTRAP.read_text(encoding="utf-8")


class Runner:
    """Runs Programs with one interpreter, in one sandbox, under one set of limits."""

    def __init__(self, interpreter: Interpreter, sandbox: Sandbox, limits: Limits):
        self.interpreter = interpreter
        self.sandbox = sandbox
        self.limits = limits
        self._identity = hashlib.sha256(json.dumps(
            [bootstrap_source(), interpreter.identity, sandbox.kind, asdict(limits)]).encode()).hexdigest()

    @property
    def key_prefix(self) -> str:
        """Everything a run depends on but the program."""
        return self._identity

    def key(self, program: Program) -> str:
        """The cache key of a program's result: it, and everything else a run depends on."""
        return hashlib.sha256(json.dumps([self._identity, program.setup, program.code]).encode()).hexdigest()

    def run_all(self, programs: list[Program], jobs: int) -> dict[Program, CodeResult]:
        """Run each distinct program twice, overlapping up to ``jobs`` processes."""
        distinct = list(dict.fromkeys(programs))
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {p: (pool.submit(self.run, p, 0, 2 * n), pool.submit(self.run, p, 1, 2 * n + 1))
                       for n, p in enumerate(distinct)}
            return {p: CodeResult(a.result(), b.result()) for p, (a, b) in futures.items()}

    def run(self, program: Program, variant: int = 0, slot: int = 0) -> CodeRun:
        zone, folder, host, shift = VARIANTS[variant]
        if self.sandbox.confined:
            return self._run(program, f"{sandboxes.HOME}/{folder}", host, zone, shift, slot)
        with tempfile.TemporaryDirectory(prefix="recall-run-") as scratch:
            workdir = os.path.join(scratch, folder)
            os.mkdir(workdir)
            return self._run(program, workdir, host, zone, shift, slot, home=scratch)

    def _env(self, zone: str, home: str) -> dict[str, str]:
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": "/tmp" if self.sandbox.confined
               else home, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": zone, "TERM": "dumb", "COLUMNS": "80",
               "LINES": "24", "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1"}
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # set on machines where OpenBLAS needs them
            if key in os.environ:
                env[key] = os.environ[key]
        return env

    def _run(self, program: Program, workdir: str, host: str, zone: str, shift: int, slot: int,
             home: str = sandboxes.HOME) -> CodeRun:
        limits = self.limits
        read_end, write_end = os.pipe()
        info_read, info_write = os.pipe()
        env = self._env(zone, home)
        job = {"fd": write_end, "setup": list(program.setup), "code": program.code, "shift": shift,
               "uid": sandboxes.uid_for(self.sandbox, slot), "decoy": ".recall-2" if shift else None,
               "limits": {"memory": limits.memory, "cpu": int(limits.time) + 1, "file_size": limits.file_size,
                          "output": limits.output, "processes": limits.processes, "open_files": limits.open_files}}
        args = sandboxes.command(self.sandbox, self.interpreter, workdir, host, env,
                                 ["-I", "-c", bootstrap_source()], info_write)
        started = time.monotonic()
        try:
            child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     pass_fds=(write_end, info_write), start_new_session=True,
                                     cwd=None if self.sandbox.confined else workdir,
                                     env=None if self.sandbox.confined else env)
        except OSError as exc:
            for fd in (read_end, write_end, info_read, info_write):
                os.close(fd)
            return CodeRun("broken", stderr=f"cannot start {args[0]}: {exc}")
        os.close(write_end)
        os.close(info_write)
        info = bytearray()
        try:
            return self._collect(child, read_end, info_read, info, job, started)
        finally:
            _end(child, _first_process(info))
            os.close(read_end)
            os.close(info_read)

    def _collect(self, child: subprocess.Popen, results: int, info_fd: int, info: bytearray, job: dict,
                 started: float) -> CodeRun:
        assert child.stdin and child.stdout and child.stderr
        try:
            child.stdin.write(json.dumps(job).encode())
            child.stdin.close()
        except OSError:
            pass
        limits = self.limits
        streams = {child.stdout.fileno(): bytearray(), child.stderr.fileno(): bytearray(), results: bytearray(),
                   info_fd: info}
        caps = {child.stdout.fileno(): limits.output, child.stderr.fileno(): limits.output,
                results: 8 * limits.output + 65536, info_fd: 65536}
        selector = selectors.DefaultSelector()
        for fd in streams:
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ)
        deadline = started + limits.time
        status = None
        open_fds = set(streams)
        exited_at = None
        while open_fds:
            left = deadline - time.monotonic()
            if left <= 0:
                status = "timeout"
                break
            for event, _ in selector.select(timeout=min(left, 0.05)):
                fd = int(event.fd)
                try:
                    data = os.read(fd, _READ)
                except BlockingIOError:
                    continue
                if not data:
                    selector.unregister(fd)
                    open_fds.discard(fd)
                    continue
                streams[fd] += data
                if len(streams[fd]) > caps[fd]:
                    status = "too-much-output"
                    break
            if status:
                break
            if child.poll() is not None:
                if _ended(streams[results]):
                    break  # the code is done; what it left behind is killed, not waited for
                exited_at = exited_at or time.monotonic()
                if time.monotonic() - exited_at > 0.2:
                    break  # it died without finishing; its children may still hold the pipes
        selector.close()
        seconds = time.monotonic() - started
        return _parse(streams[results], bytes(streams[child.stdout.fileno()]),
                      bytes(streams[child.stderr.fileno()]), status, child, seconds)


def _ended(results: bytearray) -> bool:
    return results.endswith(b'["end"]\n')


def _first_process(info: bytearray) -> int | None:
    """The host's id of the sandbox's first process, from what bwrap wrote to its info pipe."""
    try:
        pid = json.loads(bytes(info).decode()).get("child-pid")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    return pid if isinstance(pid, int) and pid > 1 else None


def _end(child: subprocess.Popen, first: int | None) -> None:
    """Kill the run and everything it started, and wait until they are gone.

    Killing the sandbox's first process ends every process in its namespace; bwrap exits
    once that process has (and the kernel lets it go only after all the others)."""
    if first is not None:
        try:
            os.kill(first, signal.SIGKILL)
            child.wait(timeout=5)  # bwrap follows its first process, which waits for the others
        except (ProcessLookupError, PermissionError, subprocess.TimeoutExpired):
            pass
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    child.wait()
    for stream in (child.stdout, child.stderr):
        if stream:
            stream.close()


def _parse(results: bytearray, raw: bytes, stderr: bytes, status: str | None, child: subprocess.Popen,
           seconds: float) -> CodeRun:
    printed: list[Printed] = []
    errors: list[str] = []
    setup_errors: list[tuple[int, int, str]] = []
    fields: dict = {}
    missing = ""
    ended = False
    flood = False
    setup_printed = False
    for line in bytes(results).decode("utf-8", "replace").splitlines():
        try:
            record = json.loads(line)
            kind = record[0]
        except (ValueError, IndexError, TypeError):
            return CodeRun("broken", stderr="the run's results could not be read", seconds=seconds)
        if kind == "o" and isinstance(record[4], str):
            statement = record[1]
            if statement == "end":
                statement = 10 ** 6
            elif not isinstance(statement, int) or statement < 0:
                setup_printed = True
                continue  # the setup's output is not the code's
            where = (statement, int(record[2]), bool(record[3]))
            if printed and (printed[-1].statement, printed[-1].line, printed[-1].main) == where:
                printed[-1] = Printed(*where, printed[-1].text + record[4])  # one print's pieces as one
            else:
                printed.append(Printed(*where, record[4]))
        elif kind == "e" and isinstance(record[4], str):
            errors.append(record[4])
        elif kind == "setup-error":
            setup_errors.append((int(record[1]), int(record[2]), str(record[3])))
            missing = missing or (record[4] or "")
        elif kind == "error":
            fields = {"error_statement": record[1], "error_line": record[2], "error": record[3]}
            missing = missing or (record[4] or "")
            fields["syntax"] = bool(record[5])
        elif kind == "flood":
            flood = True
        elif kind == "end":
            ended = True
    syntax = fields.pop("syntax", False)
    if status is None:
        if flood:
            status = "too-much-output"
        elif not ended:
            status = "killed"  # by a limit (memory, CPU time) or a crash, before it finished
        elif fields:
            status = "syntax" if syntax else "error"
        else:
            status = "ok"
    text = "".join(errors) + stderr.decode("utf-8", "replace")
    return CodeRun(status, tuple(printed), missing=missing, setup_errors=tuple(setup_errors), stderr=text[-4096:],
                   raw=raw.decode("utf-8", "replace"), seconds=seconds, setup_printed=setup_printed, **fields)
