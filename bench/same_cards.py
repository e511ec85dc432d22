"""Compare the cards two versions of recall make of the same lessons.

Builds the same lessons with two Python interpreters (each with its own recall
installed, say an old checkout's venv and this one's) and compares every card of
`recall cards --json --status all` field by field, and the problems `recall check`
prints. Lesson sets: our decks, the seed, ../shared/corpus (when present) and the
generated bench lessons.

    python bench/same_cards.py --old ../base/.venv/bin/python [--new .venv/bin/python]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lessons import make_lessons

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


def lesson_sets(tmp: Path, generated: int) -> dict[str, Path]:
    sets = {"decks": PROJECT / "decks"}
    seed = SHARED / "seeds"
    if seed.is_dir():
        sets["seed"] = seed
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        sets["corpus"] = corpus
    bench = tmp / "bench-lessons"
    bench.mkdir()
    make_lessons(bench, generated)
    sets["bench"] = bench
    return sets


def cards_of(python: str, lessons: Path, tmp: Path, name: str) -> tuple[dict[str, dict], str]:
    ws = tmp / name
    subprocess.run([python, "-m", "recall", "init", str(ws)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(ws / "decks")
    shutil.copytree(lessons, ws / "decks")
    run = dict(cwd=ws, capture_output=True, text=True)
    subprocess.run([python, "-m", "recall", "build"], **run)
    listed = subprocess.run([python, "-m", "recall", "cards", "--json", "--status", "all"], **run)
    if listed.returncode != 0:
        sys.exit(f"{python}: cards failed on {name}:\n{listed.stderr}")
    checked = subprocess.run([python, "-m", "recall", "check"], **run).stdout
    return {card["id"]: card for card in json.loads(listed.stdout)}, checked


def compare(old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    out = [f"only in old: {card_id} {old[card_id]['prompt'][:60]!r}" for card_id in sorted(old.keys() - new.keys())]
    out += [f"only in new: {card_id} {new[card_id]['prompt'][:60]!r}" for card_id in sorted(new.keys() - old.keys())]
    for card_id in sorted(old.keys() & new.keys()):
        a, b = old[card_id], new[card_id]
        for key in sorted(a.keys() & b.keys()):
            if a[key] != b[key]:
                out.append(f"{card_id} {key}: {a[key]!r} -> {b[key]!r}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the Python that runs the old recall")
    parser.add_argument("--new", default=sys.executable, help="the Python that runs the new recall")
    parser.add_argument("--generated", type=int, default=1000, help="bench lessons to generate")
    parser.add_argument("--only", action="append", help="only these lesson sets (decks, seed, corpus, bench)")
    args = parser.parse_args()
    args.old, args.new = (str(Path(p).absolute()) for p in (args.old, args.new))
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for name, lessons in lesson_sets(tmp, args.generated).items():
            if args.only and name not in args.only:
                continue
            old, old_check = cards_of(args.old, lessons, tmp, f"old-{name}")
            new, new_check = cards_of(args.new, lessons, tmp, f"new-{name}")
            differences = compare(old, new)
            if old_check != new_check:
                differences.append("`recall check` differs:\n--- old\n" + old_check + "--- new\n" + new_check)
            print(f"{name}: {len(old)} cards before, {len(new)} after, "
                  f"{'identical' if not differences else f'{len(differences)} differences'}")
            for line in differences[:40]:
                print("  " + line)
            failed = failed or bool(differences)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
