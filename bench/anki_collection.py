"""The Anki side of the benchmarks: an Anki collection holding a bench workspace's notes, states and history.

Made with Anki's own engine (the ``anki`` package) from recall's ``export anki
--with-scheduling`` package (notes, due dates, intervals, FSRS memory, suspension and the
review history): the collection inside the package is opened by Anki as it opens any
older collection (its schema and scheduler brought up to date), and the learner's
suspended cards are suspended through Anki's scheduler. Anki's importer would do the same work but takes
minutes per 100,000 notes and did not finish 1,000,000 in 20 minutes. FSRS is on,
the deck options are recall's defaults (20 new cards and 200 reviews a day, the same steps), and
the ``recall`` deck is the one studied. Cached beside the workspace.

``first_card`` times Anki from process start to the first card's question rendered:
the collection opened, the scheduler's queued card taken, ``card.question()``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import closing
from pathlib import Path

from workspace import ENV, Plan, recall, say

#: what the timed Anki process does (the figure is its start to the line it prints)
FIRST_CARD = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
card = col.sched.getCard()
question = card.question()
print("first card", card.id, len(question), flush=True)
with open("/proc/self/status") as status:
    print(next((line.split()[1] for line in status if line.startswith("VmHWM:")), 0), flush=True)
print(*col.sched.counts(), flush=True)  # after the timing: new, learning, review left today
col.close()
"""



def collection(ws: Path, plan_path: Path, one_deck: bool = False) -> Path:
    """The Anki collection for workspace ``ws`` (made by this install) and its history ``plan_path``.

    ``one_deck`` puts every card in the ``recall`` deck instead of a deck per lesson: Anki's
    opening (and importing) of a collection grows with the square of its decks (the same
    100,000 notes open in 2 s in 3 decks, 36 s in 4,227), so at 42,250 lessons it would take
    hours. Notes, states and history are the same either way.
    """
    folder = ws.parent.parent / (ws.parent.name + ("-anki-one-deck" if one_deck else "-anki"))
    path = folder / "collection.anki2"
    if path.is_file():
        return path
    say(f"making the Anki collection for {ws.parent.name}…")
    partial = folder.with_name(folder.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    began = time.perf_counter()
    package = partial / "recall.apkg"
    recall(sys.executable, ws, "export", "anki", "--with-scheduling", "-o", str(package))
    say(f"  exported in {time.perf_counter() - began:.0f} s")
    began = time.perf_counter()
    _fill(partial / "collection.anki2", package, Plan.load(plan_path), one_deck)
    package.unlink()
    say(f"  opened in Anki in {time.perf_counter() - began:.0f} s")
    partial.rename(folder)
    return path


def _fill(path: Path, package: Path, plan: Plan, one_deck: bool) -> None:
    import anki.collection  # noqa: F401  (before anki.cards, as the package wants)
    from anki.collection import Collection

    with zipfile.ZipFile(package) as packed, packed.open("collection.anki2") as inside, open(path, "wb") as out:
        shutil.copyfileobj(inside, out)
    if one_deck:
        _into_one_deck(path)
    col = Collection(str(path))
    try:
        col.upgrade_to_v2_scheduler()
        col.set_v3_scheduler(True)
        col.set_config("fsrs", True)
        _limits_as_recalls(col)
        card_of = dict(col.db.all("select n.guid, c.id from cards c join notes n on n.id = c.nid"))
        suspended = [card_of[row[0]] for row in plan.states if row[10]]
        if suspended:
            col.sched.suspend_cards(suspended)
        col.decks.select(col.decks.id_for_name("recall"))
    finally:
        col.close()


def _into_one_deck(path: Path) -> None:
    """Move every card of a package's (older schema) collection into its ``recall`` deck, and drop the rest."""
    with closing(sqlite3.connect(path)) as con, con:
        decks = json.loads(con.execute("select decks from col").fetchone()[0])
        parent = next(key for key, deck in decks.items() if deck["name"] == "recall")
        kept = {key: deck for key, deck in decks.items() if key in (parent, "1")}  # "1": Anki's Default deck
        con.execute("update cards set did = ?", (int(parent),))
        con.execute("update col set decks = ?", (json.dumps(kept),))


def _limits_as_recalls(col) -> None:
    """Every deck option preset set to recall's defaults: 20 new cards and 200 reviews a day, steps
    of 1 and 10 minutes (10 for lapses), 90 % retention (genanki's presets say 100 reviews)."""
    from recall.settings import Settings

    settings = Settings()
    for conf in col.decks.all_config():
        conf["new"]["perDay"] = settings.new_per_day
        conf["rev"]["perDay"] = settings.max_reviews_per_day
        conf["new"]["delays"] = [step.total_seconds() / 60 for step in settings.learning_steps]
        conf["lapse"]["delays"] = [step.total_seconds() / 60 for step in settings.relearning_steps]
        conf["desiredRetention"] = settings.desired_retention
        col.decks.update_config(conf)


def first_card(path: Path) -> tuple[float, int, str]:
    """Seconds from starting a Python that opens the collection to its first question rendered, peak KiB,
    and Anki's counts for today."""
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", FIRST_CARD, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=ENV)
    assert child.stdout is not None and child.stderr is not None
    with child:
        line = child.stdout.readline()
        elapsed = time.perf_counter() - began
        peak = child.stdout.readline().strip()
        new, learning, review = (child.stdout.readline().split() + ["?"] * 3)[:3]
        errors = child.stderr.read()
    if not line.startswith("first card") or child.returncode:
        sys.exit(f"Anki's first card failed:\n{errors}")
    return elapsed, int(peak or 0), f"{new} new · {learning} learning · {review} review"
