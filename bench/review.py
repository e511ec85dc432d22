"""Benchmark `recall review` as a learner feels it, beside Anki's engine on the same cards.

On the bench workspaces (``workspace.py``: lessons from our decks, two years of a
learner's reviews), ``recall review`` runs in a pseudo-terminal whose output feeds a
terminal emulator (pyte, answering cursor-position queries). Printed as medians with
min and max, old and new runs alternated when ``--old`` is given:

- start -> first card on screen (its "Card 1" header drawn), and -> ready for the answer
  (the screen quiet after it), at 5,000 and 100,000 cards and at 1,000,000 (first card
  only); beside Anki (the ``anki`` package) from process start to the same first card's
  question rendered, on a collection holding the same notes, states and history;
- keypress -> next card on screen: the rating key to the next "Card N" header drawn,
  p50 and p95 over many keypresses (and the answer key to the rating shown);
- peak memory of each.

    python bench/review.py [--sizes 5k,100k,1m] [--runs 5] [--answers 20] [--old PYTHON] [--quick]
    python bench/review.py --profile DIR [--sizes 100k,1m]    # where the first card's time goes

The first run of a day makes the workspaces (minutes for 1m; cached under bench/.cache).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).parent))
from anki_collection import collection
from anki_collection import first_card as anki_first_card
from figures import alternated, contenders, goal, latencies, spread
from terminal import Terminal, card_number
from workspace import ENV, SIZES, Learner, copy_of, counts, history, say, today_starts, workspace

GOALS = {"5k": 0.5, "100k": 0.5, "1m": 1.5}  # start -> first card, seconds
KEYPRESS_GOAL = 0.05  # p95, seconds


def keys_for(screen: str) -> tuple[str, str]:
    """What a learner presses on the screen of the card shown: ("rate", keys) or ("answer", keys).

    The one place that knows how `recall review` is driven. Today a rating is a
    questionary menu (a digit picks, Enter confirms: a "»" marks the picked line); once
    it is one key, the digit alone. The rating screen shows each button's interval
    ("3) Good · 10m"), which is how it is found. Answers: the first option of a
    multiple choice, "0" for what code prints, and Enter for "any key" to reveal (today's
    prompt takes only Enter: another key ends the session).
    """
    headers = list(re.finditer(r"^Card \d+\b", screen, flags=re.M))
    card = screen[headers[-1].start():] if headers else screen
    confirm = "\r" if "»" in card else ""
    good = re.search(r"(\d)\W{0,2} ?Good\b", card)
    if good:
        return "rate", good[1] + confirm
    if re.search(r"^\W*1\) ", card, flags=re.M):
        return "answer", "1" + confirm
    if "What does it print" in card:
        return "answer", "0\x1b\r" if "Esc then Enter" in card else "0\r"
    return "answer", "\r"


#: what each kind of question's prompt says, once it is drawn (the card is printed before its prompt)
_PROMPTS = re.compile(r"^(?:Recall the answer, then press any key|Your answer:|What does it print\?|What happens\?|"
                      r"How well did you know it)", flags=re.M)


def prompted(screen: str) -> bool:
    """Whether the last card on the screen has its prompt drawn: keys sent before that would be guessed."""
    headers = list(re.finditer(r"^Card \d+\b", screen, flags=re.M))
    return bool(_PROMPTS.search(screen[headers[-1].start():] if headers else screen))


def _env(ws: Path) -> dict[str, str]:
    return {**ENV, "RECALL_WORKSPACE": str(ws), "TERM": "xterm-256color"}


def first_card(python: str, ws: Path) -> tuple[float, float, float, int, str]:
    """Seconds from start to the first card on screen and to the screen quiet after it, CPU seconds
    used by then, peak KiB, and what the header says is left today."""
    term = Terminal([python, "-m", "recall", "review"], _env(ws), str(ws))
    try:
        shown = term.wait_for(lambda text: card_number(text) == 1)
        cpu = term.cpu_seconds()
        ready = term.settle()
        peak = term.peak_kib()
        left = re.search(r"left today: ([^\n]*)", term.text())
    finally:
        term.finish()
    return shown - term.started, ready - term.started, cpu, peak, left[1].strip() if left else "?"


def answering(python: str, ws: Path, answers: int) -> tuple[list[float], list[float]]:
    """Answer up to ``answers`` cards: (answer key -> rating shown, rating key -> next card shown) each."""
    term = Terminal([python, "-m", "recall", "review"], _env(ws), str(ws))
    reveals, nexts = [], []
    try:
        term.wait_for(lambda text: card_number(text) == 1)
        for n in range(1, answers + 1):
            term.wait_for(prompted)
            term.settle()  # the learner reads; work done ahead in idle time gets its chance, as for a person
            action, keys = keys_for(term.text())
            if action == "answer":
                sent = term.send(keys)
                reveals.append(term.wait_for(lambda text: keys_for(text)[0] == "rate") - sent)
                term.settle()
                action, keys = keys_for(term.text())
            sent = term.send(keys)
            try:
                nexts.append(term.wait_for(lambda text, n=n: (card_number(text) or 0) > n) - sent)
            except RuntimeError:  # nothing left for today: the session ended
                break
    finally:
        term.finish()
    return reveals, nexts


def profiles(python: str, ws: Path, folder: Path, size: str, top: int = 25) -> None:
    """Profile one start -> first card: ``-X importtime``, then cProfile; print their top lines."""
    import pstats
    import shlex

    imports, profile = folder / f"importtime-{size}.txt", folder / f"first-card-{size}.prof"
    for flags, errors in ((["-X", "importtime"], imports), (["-m", "cProfile", "-o", str(profile)], None)):
        command = shlex.join([python, *flags, "-m", "recall", "review"])
        term = Terminal(["/bin/sh", "-c", f"exec {command} 2>{shlex.quote(str(errors or '/dev/null'))}"], _env(ws),
                        str(ws))
        try:
            term.wait_for(lambda text: card_number(text) == 1)
            term.settle()
        finally:
            term.finish()
    rows = []
    for line in imports.read_text(encoding="utf-8").splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), int(parts[1]), parts[2].rstrip()))
    total = sum(own for own, _, _ in rows)
    print(f"\n{size}: -X importtime of `recall review`, started and quit at the first card: {len(rows)} modules, "
          f"{total / 1000:.0f} ms in all (self times); top by cumulative, then by self ({imports})")
    for own, cumulative, name in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"  {cumulative / 1000:8.1f} ms cumulative {own / 1000:7.1f} ms self  {name}")
    for own, _, name in sorted(rows, key=lambda r: -r[0])[:top // 2]:
        print(f"  {own / 1000:8.1f} ms self  {name.strip()}")
    print(f"\n{size}: cProfile of `recall review` to the first card ({profile}; open it with pstats or snakeviz)")
    stats = pstats.Stats(str(profile), stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def bench_size(size: str, names: list[tuple[str, str]], runs: int, answers: int, answer_runs: int,
               all_decks: bool = False) -> None:
    lessons = SIZES[size]
    spaces = {name: workspace(lessons, python) for name, python in names}
    plan = history(lessons, Learner(), today_starts(datetime.now(UTC)))
    one_deck = size == "1m" and not all_decks
    anki = collection(spaces["new"], plan, one_deck)
    figures = counts(spaces["new"])
    say(f"{size}: warming up (bytecode, file cache)…")
    for name, python in names:
        first_card(python, spaces[name])
    _, _, anki_left = anki_first_card(anki)
    left = {}
    shown: dict[str, list[float]] = {name: [] for name, _ in [*names, ("Anki", "")]}
    ready: dict[str, list[float]] = {name: [] for name, _ in names}
    cpu: dict[str, list[float]] = {name: [] for name, _ in names}
    peak: dict[str, int] = {}
    for run, name, python in alternated(names, runs):
        say(f"{size}: first card, run {run + 1} of {runs}, {name}")
        on_screen, quiet, used, kib, left[name] = first_card(python, spaces[name])
        shown[name].append(on_screen)
        ready[name].append(quiet)
        cpu[name].append(used)
        peak[name] = max(peak.get(name, 0), kib)
        if name == names[-1][0]:
            seconds, kib, _ = anki_first_card(anki)
            shown["Anki"].append(seconds)
            peak["Anki"] = max(peak.get("Anki", 0), kib)
    reveals: dict[str, list[float]] = {name: [] for name, _ in names}
    nexts: dict[str, list[float]] = {name: [] for name, _ in names}
    if size != "1m" and answers:
        with tempfile.TemporaryDirectory(prefix="recall-bench-") as tmp:
            for run, name, python in alternated(names, answer_runs):
                say(f"{size}: answering {answers} cards, run {run + 1} of {answer_runs}, {name}")
                copy = copy_of(spaces[name], Path(tmp))  # answers change the database: each run on a fresh copy
                got_reveals, got_nexts = answering(python, copy, answers)
                reveals[name] += got_reveals
                nexts[name] += got_nexts
    print(f"\n{size}: {figures['cards']:,} cards in {figures['lessons']:,} lessons, {figures['reviews']:,} reviews "
          f"of {figures['studied']:,} studied cards ({figures['suspended']:,} suspended); "
          f"today {figures['due']:,} due, {figures['new']:,} new")
    for name, _ in names:
        print(f"  left today as recall {name} says: {left.get(name, '?')}")
    print(f"  left today as Anki says:       {anki_left}  (Anki counts reviews due by the day's end)")
    for name, _ in names:
        print(f"  recall {name:<4} start -> first card on screen:  {spread(shown[name])}  "
              f"{goal(median(shown[name]), GOALS[size])}")
        print(f"  recall {name:<4} start -> ready for the answer:  {spread(ready[name])}")
        print(f"  recall {name:<4} CPU used by the first card:     {spread(cpu[name])}  (less hurt by load)")
    print(f"  Anki        start -> first question rendered: {spread(shown['Anki'])}"
          + ("  (every card in one deck: see --anki-lesson-decks)" if one_deck else ""))
    for name, _ in names:
        ratio = median(shown[name]) / median(shown["Anki"])
        print(f"  recall {name} / Anki, first card: {ratio:.2f}x")
    for name, _ in names:
        if nexts[name]:
            print(f"  recall {name:<4} rating key -> next card on screen: {latencies(nexts[name])}  "
                  f"(goal p95 <= {KEYPRESS_GOAL * 1000:.0f} ms)")
            print(f"  recall {name:<4} answer key -> rating on screen:    {latencies(reveals[name])}")
    print("  peak memory: " + ", ".join(f"{name} {kib / 1024:.0f} MiB" for name, kib in peak.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Figures only: nothing here passes or fails.")
    parser.add_argument("--sizes", default="5k,100k,1m", help="workspaces to measure: 5k, 100k, 1m (comma-separated)")
    parser.add_argument("--runs", type=int, default=5, help="start -> first card runs per size and version")
    parser.add_argument("--answers", type=int, default=20, help="cards answered per keypress run")
    parser.add_argument("--answer-runs", type=int, default=3, help="keypress runs per size and version")
    parser.add_argument("--old", metavar="PYTHON", help="another recall install's Python, measured alternately")
    parser.add_argument("--quick", action="store_true", help="5k only, 2 runs, 8 answers: a minute or two")
    parser.add_argument("--anki-lesson-decks", action="store_true",
                        help="at 1m too, give Anki a deck per lesson as at the other sizes (making that collection "
                             "takes Anki hours: its cost grows with the square of the decks)")
    parser.add_argument("--profile", metavar="DIR", type=Path,
                        help="instead of timing, profile one start -> first card per size (-X importtime, "
                             "cProfile), keep the profiles in DIR and print their top lines")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs, args.answers, args.answer_runs = "5k", 2, 8, 1
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}: choose from {', '.join(SIZES)}")
    names = contenders(args.old)
    for size in sizes:
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            profiles(sys.executable, workspace(SIZES[size]), args.profile.absolute(), size)
        else:
            bench_size(size, names, args.runs, args.answers, args.answer_runs, args.anki_lesson_decks)


if __name__ == "__main__":
    main()
