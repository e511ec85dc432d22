"""Benchmark `recall build --run-code` on the seed lesson (read from ../shared).

Prints the wall time of a cold verification (empty cache: every block run twice,
overlapped) and of a rebuild after a prose-only edit (everything from the cache).
The seed's examples sleep about 5 s in total; the goal is <= 3 s for the lesson.

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

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "07-concurrency.md"
RECALL = [sys.executable, "-m", "recall"]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: bytecode cached


def timed(args, cwd) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not SEED.is_file():
        sys.exit(f"the seed lesson is not here ({SEED}); this benchmark needs it")
    cold, cached = [], []
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run([*RECALL, "init", str(ws)], check=True, stdout=subprocess.DEVNULL)
        for _ in range(args.runs):
            shutil.rmtree(ws / "data", ignore_errors=True)
            shutil.copy(SEED, ws / "decks" / "07.md")
            cold.append(timed([*RECALL, "build", "--run-code"], ws))
            lesson = ws / "decks" / "07.md"
            lesson.write_text(lesson.read_text().replace("dealing with", "handling"))
            cached.append(timed([*RECALL, "build", "--run-code"], ws))
    print(f"seed lesson, cold --run-code build:   {statistics.median(cold):.2f} s  (goal <= 3 s)")
    print(f"after a prose edit (runs cached):     {statistics.median(cached):.2f} s")


if __name__ == "__main__":
    main()
