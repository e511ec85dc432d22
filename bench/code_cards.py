"""Check every code card against a fresh sandboxed run of exactly what the card shows.

Builds each folder of lessons (default: ../shared/corpus and this repository's decks/) in
a scratch workspace the way `recall build` does by default (run_code "auto"), then, for
every code card, runs the code the card shows (the earlier code it needs included) again
in the sandbox, as one plain script, and compares. A card is wrong when Python prints
something else than its answer; it cannot run when its code raises where it should not. The build's
own output is searched for tracebacks. Prints the figures; exits 1 when any is not 0.

    python bench/code_cards.py [FOLDER ...] [--show N]

How each card is checked (independently of the per-line bookkeeping that made it):
- "What does the last line print?" (or "the `for` loop at the end"): the output of the code minus the output of the code
  without its last top-level statement;
- "What does this code print?": the code's whole output;
- "What happens ...?": the exception (or SyntaxError) the code ends in.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recall.codecheck.interpreter import default_path, probe
from recall.codecheck.runner import Limits, Runner
from recall.codecheck.sandbox import find
from recall.model import BLOCK_PROMPT, ERROR_PROMPT, Program, asks_last_statement

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT.parent / "shared" / "corpus", ROOT / "decks"]
RECALL = [sys.executable, "-m", "recall"]


def build(folder: Path, scratch: Path) -> tuple[list[dict], str, float]:
    ws = scratch / folder.name
    subprocess.run([*RECALL, "init", str(ws)], check=True, capture_output=True)
    for lesson in sorted(folder.glob("*.md")):
        shutil.copy(lesson, ws / "decks" / lesson.name)
    started = time.perf_counter()
    built = subprocess.run([*RECALL, "build"], cwd=ws, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    listed = subprocess.run([*RECALL, "cards", "--json", "--source", "code"], cwd=ws, capture_output=True, text=True,
                            check=True)
    return json.loads(listed.stdout), built.stdout + built.stderr, seconds


def _without_last_statement(code: str) -> str:
    tree = ast.parse(code)
    if len(tree.body) < 2:
        return ""
    last = tree.body[-1]
    first = min([last.lineno, *(d.lineno for d in getattr(last, "decorator_list", ()))])
    return "\n".join(code.split("\n")[:first - 1])


def verdict(runner: Runner, card: dict) -> str | None:
    """None when Python agrees with the card; else what is wrong."""
    setup = ()  # a card shows the earlier code it runs after ("# earlier in the lesson:"): run what it shows
    whole = runner.run(Program(setup, card["code"]))
    prompt = card["prompt"]
    if prompt == ERROR_PROMPT or prompt.startswith("What happens"):
        if whole.status not in ("error", "syntax"):
            return f"expected {card['answer']!r}, but the code ran with status {whole.status}"
        if prompt == ERROR_PROMPT and whole.status == "error" and \
                whole.error_statement != len(ast.parse(card["code"]).body) - 1:
            return f"raised {whole.error} before the last line"  # ("when this code runs?": any line may)
        return None if whole.error == card["answer"] else f"answer {card['answer']!r}, Python: {whole.error!r}"
    if whole.status != "ok":
        return f"cannot run: {whole.status} {whole.error}"
    if prompt == BLOCK_PROMPT or card["form"] == "choice":
        printed = whole.stdout.rstrip("\n")
    elif asks_last_statement(prompt):
        before = runner.run(Program(setup, _without_last_statement(card["code"])))
        if whole.stdout.startswith(before.stdout):
            printed = whole.stdout[len(before.stdout):].rstrip("\n")
        else:  # what the lines before print varies (and is not asked): the output must end in the answer
            printed = card["answer"] if whole.stdout.rstrip("\n").endswith("\n" + card["answer"]) else whole.stdout
    else:
        return f"unknown prompt {prompt!r}"
    answer = card["answer"].replace(" | ", "\n") if card["form"] == "choice" else card["answer"]
    return None if printed == answer else f"answer {answer!r}, Python printed {printed!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=FOLDERS)
    parser.add_argument("--show", type=int, default=20, help="wrong cards to list (default 20)")
    args = parser.parse_args()
    runner = Runner(probe(default_path()), find(), Limits())
    wrong, broken, tracebacks, total = [], [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.folders:
            if not folder.is_dir():
                print(f"{folder}: not here, skipped")
                continue
            cards, output, seconds = build(folder, Path(tmp))
            tracebacks += output.count("Traceback (most recent call last)")
            print(f"{folder}: {len(cards)} code cards, cold verified build {seconds:.1f} s")
            for card in cards:
                total += 1
                problem = verdict(runner, card)
                if problem is None:
                    continue
                where = f"{card['file']}:{card['line']}"
                (broken if problem.startswith(("cannot run", "its setup", "raised")) else wrong).append(
                    f"{folder.name}/{where}: {problem}")
    print(f"{total} code cards: {len(wrong)} whose answer differs from the sandboxed run, "
          f"{len(broken)} whose code cannot run, {tracebacks} tracebacks")
    for line in (wrong + broken)[:args.show]:
        print("  " + line)
    sys.exit(1 if wrong or broken or tracebacks else 0)


if __name__ == "__main__":
    main()
