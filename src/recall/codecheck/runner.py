"""Run a lesson's Python code in a separate, limited process, and remember what it did.

Each run gets its own interpreter in isolated mode (``python -I``: no user site, no
PYTHON* variables, the script's folder first on the path), a fresh temporary working
folder (so nothing of the workspace is reachable by a relative path), a time limit,
and limits on memory, CPU time, written file size and printed output. The code is
written to ``main.py`` and run as a script, so ``if __name__ == "__main__":`` blocks
and multiprocessing behave as they would for the learner.

Every block runs twice, at once, to tell a deterministic output from one that depends
on timing, ids or hash order. Results are cached by the code, the Python version and
the limits, so a rebuild re-runs only what changed.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from recall.model import CodeResult, CodeRun

MAX_OUTPUT = 256 * 1024  # bytes of printed output kept; more than this stops the run
MEMORY = 1024 * 1024 * 1024  # address space per run
FILE_SIZE = 16 * 1024 * 1024  # largest file a block may write (in its temporary folder)


def cache_key(code: str, time_limit: float) -> str:
    version = sys.version.split()[0]
    return hashlib.sha256(f"{version}\0{time_limit}\0{MEMORY}\0{code}".encode()).hexdigest()


def run_once(code: str, time_limit: float) -> CodeRun:
    with tempfile.TemporaryDirectory(prefix="recall-run-") as folder:
        script = Path(folder) / "main.py"
        script.write_text(code, encoding="utf-8")
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-I", "main.py"], cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True, preexec_fn=_limits(time_limit),
            env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "HOME": folder, "TMPDIR": folder})
        status = None
        try:
            out, err = child.communicate(timeout=time_limit)
        except subprocess.TimeoutExpired:
            _kill_group(child)
            out, err = child.communicate()
            status = "timeout"
        seconds = time.monotonic() - started
    if status is None:
        if len(out) > MAX_OUTPUT:
            status = "too-much-output"
        elif child.returncode < 0:
            status = "killed"
        else:
            status = "ok" if child.returncode == 0 else "error"
    return CodeRun(status, out[:MAX_OUTPUT].decode("utf-8", "replace"), err[-MAX_OUTPUT:].decode("utf-8", "replace"),
               child.returncode, seconds)


def _limits(time_limit: float):
    cpu = int(time_limit) + 2

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE, FILE_SIZE))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _kill_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)  # the block and any processes it started
    except ProcessLookupError:
        pass


def run_all(codes: list[str], time_limit: float, jobs: int) -> dict[str, CodeResult]:
    """Run each distinct code twice, overlapping up to ``jobs`` processes."""
    distinct = list(dict.fromkeys(codes))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {code: (pool.submit(run_once, code, time_limit), pool.submit(run_once, code, time_limit))
                   for code in distinct}
        return {code: CodeResult(a.result(), b.result()) for code, (a, b) in futures.items()}
