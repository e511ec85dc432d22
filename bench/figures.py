"""How the benchmarks print figures: medians with min and max, percentiles, old and new runs alternated."""

from __future__ import annotations

import math
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def spread(values: list[float]) -> str:
    """``median (min .. max, n runs)``, times in seconds."""
    if not values:
        return "no runs"
    return f"{ms(statistics.median(values)):>9}  (min {ms(min(values))}, max {ms(max(values))}, {len(values)} runs)"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def latencies(values: list[float]) -> str:
    """``p50 / p95`` with min and max, for many keypresses."""
    if not values:
        return "no keypresses"
    return (f"p50 {ms(percentile(values, 0.5))}, p95 {ms(percentile(values, 0.95))}  "
            f"(min {ms(min(values))}, max {ms(max(values))}, {len(values)} keypresses)")


def contenders(old: str | None) -> list[tuple[str, str]]:
    """(name, Python) of each recall install compared: this one, and ``--old`` when given."""
    found = [("new", sys.executable)]
    if old:
        python = str(Path(old).absolute())
        if not Path(python).is_file():
            sys.exit(f"--old {old}: no such Python")
        found.insert(0, ("old", python))
    return found


def alternated(names: list[tuple[str, str]], runs: int) -> Iterator[tuple[int, str, str]]:
    """Each run of every contender in turn (old, new, old, new, ...), so drifting load hits both alike."""
    for run in range(runs):
        for name, python in names:
            yield run, name, python


def goal(value: float, limit: float) -> str:
    return f"goal <= {ms(limit)}: {'met' if value <= limit else 'NOT met'}"
