"""Benchmark the commands a learner waits on, on the bench workspaces (``workspace.py``).

Each figure is a whole command, process start to exit, as a person types it; medians
with min and max over several runs, old and new alternated when ``--old`` is given:

- `recall status`, `recall cards`, `recall stats` (goal <= 0.5 s each);
- one lesson edited (a sentence reworded), then `recall build` (goal <= 0.5 s);
- cold build of the 200 lessons, no database yet (goal <= 3 s; 5k only).

The workspaces say ``run_code = false``: builds read, derive and store; ``--run-code``
adds running the lessons' code (bench/run_code.py times that on its own).

    python bench/commands.py [--sizes 5k,100k] [--runs 5] [--old PYTHON] [--quick]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).parent))
from figures import alternated, contenders, goal, spread
from workspace import ENV, SIZES, copy_of, counts, say, workspace

READS = (("status", 0.5), ("cards", 0.5), ("stats", 0.5))
EDITED_BUILD_GOAL = 0.5
COLD_BUILD_GOAL = 3.0


def timed(python: str, ws: Path, *args: str) -> tuple[float, float]:
    """Seconds `recall ARGS` takes in ``ws``, from process start to exit (its output dropped), and
    the CPU seconds it used (user and system, from ``wait4``: a figure the machine's load hurts less).
    """
    began = time.perf_counter()
    child = subprocess.Popen([python, "-m", "recall", *args], cwd=ws, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, env={**ENV, "RECALL_WORKSPACE": str(ws)})
    assert child.stderr is not None
    with child.stderr:
        errors = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"recall {' '.join(args)} failed in {ws}:\n{errors}")
    return elapsed, usage.ru_utime + usage.ru_stime


def edit(ws: Path, n: int) -> None:
    """Touch up one word of a takeaway in one lesson, differently each time, as a learner fixing notes does.

    The build reads the lesson again and keeps the card under its new wording ("reworded").
    """
    files = sorted((ws / "decks").glob("*.md"))
    path = files[len(files) // 2]  # a lesson in the middle of the course
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("## Key Takeaways")
    tagged = re.compile(r"\((?:variant|version) ")  # bench/lessons.py tags every bullet "(variant NNNN)"
    row = next(k for k in range(start, len(lines)) if lines[k].startswith("- ") and tagged.search(lines[k]))
    lines[row] = tagged.sub(f"({('variant', 'version')[n % 2]} ", lines[row])
    path.write_text("\n".join(lines), encoding="utf-8")


def bench_size(size: str, names: list[tuple[str, str]], runs: int, tmp: Path, run_code: bool = False) -> None:
    lessons = SIZES[size]
    spaces = {name: copy_of(workspace(lessons, python), tmp / name) for name, python in names}
    figures = counts(spaces["new"])
    build = ["build", "--run-code"] if run_code else ["build"]  # the workspaces say run_code = false
    results: dict[tuple[str, str], list[float]] = {}  # (what, version) -> seconds of each run
    cpu: dict[tuple[str, str], list[float]] = {}

    def record(key: tuple[str, str], figures: tuple[float, float]) -> None:
        results.setdefault(key, []).append(figures[0])
        cpu.setdefault(key, []).append(figures[1])

    for name, python in names:  # once each before timing: bytecode written, files in the cache
        for command, _ in READS:
            timed(python, spaces[name], command)
    for command, _ in READS:
        for run, name, python in alternated(names, runs):
            say(f"{size}: recall {command}, run {run + 1} of {runs}, {name}")
            record((command, name), timed(python, spaces[name], command))
    for run, name, python in alternated(names, runs):
        say(f"{size}: one lesson edited -> recall build, run {run + 1} of {runs}, {name}")
        edit(spaces[name], run)
        record(("edited", name), timed(python, spaces[name], *build))
    if size == "5k":
        for run, name, python in alternated(names, runs):
            say(f"{size}: cold build, run {run + 1} of {runs}, {name}")
            shutil.rmtree(spaces[name] / "data")
            record(("cold", name), timed(python, spaces[name], *build))
    print(f"\n{size}: {figures['cards']:,} cards in {figures['lessons']:,} lessons, {figures['reviews']:,} reviews")
    rows = [(f"recall {command}", command, limit) for command, limit in READS]
    rows.append(("one lesson edited -> recall build", "edited", EDITED_BUILD_GOAL))
    if size == "5k":
        rows.append((f"cold build of {lessons} lessons", "cold", COLD_BUILD_GOAL))
    for label, key, limit in rows:
        for name, _ in names:
            values = results[(key, name)]
            print(f"  {name:<4} {label:<36} {spread(values)}  {goal(median(values), limit)}")
            print(f"  {name:<4} {'  CPU used (less hurt by load)':<36} {spread(cpu[(key, name)])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Figures only: nothing here passes or fails.")
    parser.add_argument("--sizes", default="5k,100k", help="workspaces to measure: 5k, 100k, 1m (comma-separated)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command per size and version")
    parser.add_argument("--old", metavar="PYTHON", help="another recall install's Python, measured alternately")
    parser.add_argument("--quick", action="store_true", help="5k only, 3 runs: a minute or two")
    parser.add_argument("--run-code", action="store_true",
                        help="builds also run the lessons' code (the bench workspaces say run_code = false)")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs = "5k", 3
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}: choose from {', '.join(SIZES)}")
    names = contenders(args.old)
    with tempfile.TemporaryDirectory(prefix="recall-bench-") as tmp:
        for size in sizes:
            bench_size(size, names, args.runs, Path(tmp) / size, args.run_code)


if __name__ == "__main__":
    main()
