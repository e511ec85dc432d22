"""Benchmark `recall export anki` against Anki's own exporter, on the same notes.

Builds a workspace of generated lessons (bench/build.py's generator) holding about
100,000 cards, times `recall export anki` (the command, end to end), imports the
package into a fresh Anki collection (the `anki` package) and times Anki's own
`export_anki_package` of those notes. Prints wall times, file sizes and the ratios.

    python bench/export.py [--lessons 4200] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build import RECALL, make_lessons

MIB = 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=4200)
    parser.add_argument("--runs", type=int, default=3)
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
        make_lessons(ws / "decks", args.lessons)
        subprocess.run([*RECALL, "build"], cwd=ws, check=True, stdout=subprocess.DEVNULL)
        ours_path = Path(tmp) / "recall.apkg"
        ours = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run([*RECALL, "export", "anki", "-o", str(ours_path)], cwd=ws, capture_output=True,
                                  text=True, check=True)
            ours.append(time.perf_counter() - start)
        print(done.stdout.strip())
        (Path(tmp) / "anki").mkdir()
        col = Collection(str(Path(tmp) / "anki" / "collection.anki2"))
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(ours_path),
                                                         options=ImportAnkiPackageOptions(merge_notetypes=True)))
        notes = len(col.find_notes(""))
        theirs_path = Path(tmp) / "anki.apkg"
        theirs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            col.export_anki_package(out_path=str(theirs_path), limit=None, options=ExportAnkiPackageOptions(
                with_scheduling=False, with_deck_configs=False, with_media=False, legacy=False))
            theirs.append(time.perf_counter() - start)
        col.close()
        ours_t, theirs_t = statistics.median(ours), statistics.median(theirs)
        ours_s, theirs_s = ours_path.stat().st_size, theirs_path.stat().st_size
        print(f"notes: {notes}")
        print(f"recall export anki:  {ours_t:6.2f} s  {ours_s / MIB:6.1f} MiB  (whole command, median of {args.runs})")
        print(f"Anki's own export:   {theirs_t:6.2f} s  {theirs_s / MIB:6.1f} MiB  (export_anki_package, in process)")
        print(f"ratio recall/Anki:   {ours_t / theirs_t:6.2f}x time, {ours_s / theirs_s:.2f}x size "
              f"(goal <= 1.0x time, <= 1.5x size)")


if __name__ == "__main__":
    main()
