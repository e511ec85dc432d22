"""Benchmark verified builds (lesson code run in the sandbox) on the seed lesson, and the sandbox itself.

Prints the wall time of a cold verified build of the seed (empty cache: every block run
twice, overlapped; goal <= 3 s; its examples sleep about 5 s in all, but blocks run at
once), of a rebuild with nothing changed (goal <= 0.5 s), of a rebuild after a prose-only
edit (every run from the cache), and the cost of one run of trivial code in the sandbox
next to the same run unconfined (the sandbox's overhead per run).

    python bench/run_code.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recall.codecheck.interpreter import default_path, probe
from recall.codecheck.runner import Limits, Runner
from recall.codecheck.sandbox import UNCONFINED, find
from recall.model import Program

sys.path.insert(0, str(Path(__file__).parent))
from figures import goal, spread

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "07-concurrency.md"
RECALL = [sys.executable, "-m", "recall"]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: bytecode cached


def timed(args, cwd) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def per_run(runner: Runner, runs: int) -> float:
    program = Program((), "print(1)\n")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        runner.run(program)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not SEED.is_file():
        sys.exit(f"the seed lesson is not here ({SEED}); this benchmark needs it")
    cold, same, cached = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run([*RECALL, "init", str(ws)], check=True, stdout=subprocess.DEVNULL)
        for _ in range(args.runs):
            shutil.rmtree(ws / "data", ignore_errors=True)
            (ws / "data").mkdir()
            shutil.copy(SEED, ws / "decks" / "07.md")
            cold.append(timed([*RECALL, "build"], ws))
            same.append(timed([*RECALL, "build"], ws))
            lesson = ws / "decks" / "07.md"
            lesson.write_text(lesson.read_text().replace("dealing with", "handling"))
            cached.append(timed([*RECALL, "build"], ws))
    print(f"seed lesson, cold verified build:  {spread(cold)}  {goal(statistics.median(cold), 3.0)}")
    print(f"rebuild, nothing changed:          {spread(same)}  {goal(statistics.median(same), 0.5)}")
    print(f"after a prose edit (runs cached):  {spread(cached)}")
    interpreter = probe(default_path())
    confined = per_run(Runner(interpreter, find(), Limits()), 10 * args.runs)
    bare = per_run(Runner(interpreter, UNCONFINED, Limits()), 10 * args.runs)
    print(f"one run of print(1): {confined * 1000:.0f} ms in the sandbox, {bare * 1000:.0f} ms unconfined "
          f"(sandbox overhead {1000 * (confined - bare):.0f} ms a run)")


if __name__ == "__main__":
    main()
