"""Benchmark `recall build` and `recall cards --json` on 1,000 generated lessons.

Lessons are made from the project's own decks (ids, titles, headings and takeaways
varied per copy so every card is distinct), written into a temporary workspace.
Prints wall times, median of several runs:

    python bench/build.py [--lessons 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
RECALL = [sys.executable, "-m", "recall"]


def make_lessons(decks: Path, count: int) -> None:
    templates = sorted((PROJECT / "decks").glob("*.md"))
    texts = [t.read_text(encoding="utf-8") for t in templates]
    for n in range(count):
        text = texts[n % len(texts)]
        tag = f"{n:04d}"
        text = re.sub(r'^id: "([^"]+)"', rf'id: "\1-{tag}"', text, count=1, flags=re.M)
        text = re.sub(r"^prerequisites:\n(  - .*\n)+", "prerequisites: []\n", text, flags=re.M)
        # every copy distinct: prose, bullets, table keys and printed values carry the copy's tag
        text = re.sub(r"^([A-Z*`].+[.:])$", rf"\1 Copy {tag}.", text, flags=re.M)
        text = re.sub(r"^(- .+)$", rf"\1 (variant {tag})", text, flags=re.M)
        text = re.sub(r"^(\| (?!-)[^|]+?) \|", rf"\1 {tag} |", text, flags=re.M)
        text = re.sub(r"^(#+ (?!Key Takeaways|Common Mistakes).+)$", rf"\1 {tag}", text, flags=re.M)
        text = text.replace("```python\n", f"```python\n# copy {tag}\n")  # distinct code too
        (decks / f"{tag}.md").write_text(text, encoding="utf-8")


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: bytecode cached


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run([*RECALL, "init", str(ws)], check=True, stdout=subprocess.DEVNULL)
        make_lessons(ws / "decks", args.lessons)
        cold, warm, listing = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(ws / "data")
            cold.append(timed([*RECALL, "build"], ws))
            warm.append(timed([*RECALL, "build"], ws))
            listing.append(timed([*RECALL, "cards", "--json"], ws))
        cards = subprocess.run([*RECALL, "cards", "--json"], cwd=ws, capture_output=True, text=True).stdout
        count = len(json.loads(cards))
        print(f"lessons: {args.lessons}, cards: {count}, runs: {args.runs} (median, min)")
        for name, values, goal in (("cold build", cold, 2.0), ("no-change rebuild", warm, 0.3),
                                   ("cards --json", listing, 1.0)):
            print(f"{name:>18}: {statistics.median(values):6.3f} s  (min {min(values):.3f} s; goal <= {goal} s)")


if __name__ == "__main__":
    main()
