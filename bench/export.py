"""Benchmark `recall export anki` against Anki's own exporter, on the same notes.

Builds a workspace of generated lessons (bench/lessons.py) holding about 100,000 cards,
imports one recall package into a fresh Anki collection (the `anki` package), then
times, run after run in turn so both see the same machine, `recall export anki` (the
whole command: start-up, the stale check, reading, writing, zipping), Anki's own
`export_anki_package` of those notes (in process, collection already open), and the same
Anki export as a whole command too (a Python process that opens a copy of the collection,
exports and closes it: what recall's figure counts). Prints the wall times (median, min,
max), the CPU times (less disturbed by a busy machine than wall times), file sizes and the
ratios.

    python bench/export.py [--lessons 4200] [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from figures import spread
from lessons import make_lessons
from workspace import no_code_runs

RECALL = [sys.executable, "-m", "recall"]
MIB = 1024 * 1024
#: Anki's export as a command: argv[1] the collection, argv[2] the package
ANKI_COMMAND = """
import sys
import anki.collection
from anki.collection import Collection, ExportAnkiPackageOptions
col = Collection(sys.argv[1])
col.export_anki_package(out_path=sys.argv[2], limit=None, options=ExportAnkiPackageOptions(
    with_scheduling=False, with_deck_configs=False, with_media=False, legacy=False))
col.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=4200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import anki.collection  # noqa: F401  (before anki.cards, as the package wants)
    from anki.collection import (
        Collection,
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run([*RECALL, "init", str(ws)], check=True, stdout=subprocess.DEVNULL)
        no_code_runs(ws / "recall.toml")  # the export is timed, not running 4,200 lessons' code
        make_lessons(ws / "decks", args.lessons)
        subprocess.run([*RECALL, "build"], cwd=ws, check=True, stdout=subprocess.DEVNULL)
        ours_path, theirs_path = Path(tmp) / "recall.apkg", Path(tmp) / "anki.apkg"
        command = [*RECALL, "export", "anki", "-o", str(ours_path)]
        summary = subprocess.run(command, cwd=ws, capture_output=True, text=True, check=True).stdout.strip()
        (Path(tmp) / "anki").mkdir()
        col = Collection(str(Path(tmp) / "anki" / "collection.anki2"))
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(ours_path),
                                                         options=ImportAnkiPackageOptions(merge_notetypes=True)))
        notes = len(col.find_notes(""))
        col.close()  # a copy for the whole-command runs: Anki keeps its collection locked while open
        (Path(tmp) / "anki-command").mkdir()
        shutil.copy(Path(tmp) / "anki" / "collection.anki2", Path(tmp) / "anki-command" / "collection.anki2")
        col = Collection(str(Path(tmp) / "anki" / "collection.anki2"))
        anki_command = [sys.executable, "-c", ANKI_COMMAND, str(Path(tmp) / "anki-command" / "collection.anki2"),
                        str(Path(tmp) / "anki-command.apkg")]
        options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=False,
                                           legacy=False)
        ours, theirs, theirs_whole, ours_cpu, theirs_cpu = [], [], [], [], []
        for _ in range(args.runs):
            start, cpu = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
            subprocess.run(command, cwd=ws, check=True, stdout=subprocess.DEVNULL)
            ours.append(time.perf_counter() - start)
            ours_cpu.append(_cpu(resource.RUSAGE_CHILDREN) - cpu)
            start, cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
            col.export_anki_package(out_path=str(theirs_path), limit=None, options=options)
            theirs.append(time.perf_counter() - start)
            theirs_cpu.append(_cpu(resource.RUSAGE_SELF) - cpu)
            start = time.perf_counter()
            subprocess.run(anki_command, check=True, stdout=subprocess.DEVNULL)
            theirs_whole.append(time.perf_counter() - start)
        col.close()
        ours_size, theirs_size = ours_path.stat().st_size, theirs_path.stat().st_size
    print(summary)
    print(f"notes in Anki: {notes}")
    print(f"recall export anki:          {spread(ours)}  (whole command)")
    print(f"Anki's own export:           {spread(theirs)}  (export_anki_package, in process)")
    print(f"Anki's own, whole command:   {spread(theirs_whole)}  (start, open the collection, export, close)")
    print(f"ratio recall/Anki in process:   {statistics.median(ours) / statistics.median(theirs):5.2f}x median, "
          f"{min(ours) / min(theirs):5.2f}x fastest (goal <= 1.0x)")
    print(f"ratio recall/Anki, both whole:  {statistics.median(ours) / statistics.median(theirs_whole):5.2f}x "
          f"median, {min(ours) / min(theirs_whole):5.2f}x fastest")
    our_cpu, their_cpu = statistics.median(ours_cpu), statistics.median(theirs_cpu)
    print(f"CPU time (median):              recall {our_cpu:5.2f} s, Anki {their_cpu:5.2f} s "
          f"({our_cpu / their_cpu:.2f}x; recall's spans its processes, Anki's its threads)")
    print(f"package sizes:                  recall {ours_size / MIB:.1f} MiB, Anki {theirs_size / MIB:.1f} MiB "
          f"({ours_size / theirs_size:.2f}x)")


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
