"""Text for `recall build`, `recall check` and `recall cards`.

Problems quote lesson text and listings show it, so every line goes through ``visible``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from recall.build import BuildReport
from recall.model import Problem
from recall.ui.safe import visible

if TYPE_CHECKING:
    from recall.build.analyse import Analysed


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


#: past this many changed lessons, those without problems are counted, not listed one by one
LIST_AT_MOST = 30


def build_lines(report: BuildReport) -> list[str]:
    """One line per changed lesson (past ``LIST_AT_MOST`` of them, only those with problems), its
    problems under it, then the totals."""
    lines = []
    totals = [0, 0, 0, 0]
    shown = [e for e in report.lessons if e.changed or e.problems or not e.lesson]
    quiet = len(shown) > LIST_AT_MOST
    for entry in sorted(shown, key=lambda e: (e.file or "", e.lesson)):
        if entry.lesson:
            where = f" ({entry.file})" if entry.file else " (file gone)"
            reworded = f", {entry.reworded} reworded" if entry.reworded else ""
            if not (quiet and not entry.problems):
                lines.append(f"{entry.lesson}{where}: {entry.added} added, {entry.updated} updated{reworded}, "
                             f"{entry.retired} retired")
            totals[0] += entry.added
            totals[1] += entry.updated
            totals[2] += entry.retired
            totals[3] += entry.reworded
        else:
            lines.append(f"{entry.file}: not built")
        lines.extend(f"  {p}" for p in sorted(entry.problems, key=_order))
    lines.extend(str(p) for p in sorted(report.skipped, key=_order))
    built = sum(1 for e in shown if e.lesson)
    unchanged = report.unchanged + len(report.lessons) - len(shown)
    if not shown:
        lines.append(f"No changes ({plural(unchanged, 'lesson')} unchanged).")
    else:
        reworded = f", {totals[3]} reworded" if totals[3] else ""
        summary = (f"{plural(built, 'lesson')} changed: {totals[0]} added, {totals[1]} updated{reworded}, "
                   f"{totals[2]} retired; {unchanged} unchanged.")
        if report.failed:
            summary += f" {plural(len({p.file for p in report.failed}), 'file')} failed."
        if quiet:
            summary += " (Lessons with nothing to fix are counted here, not listed.)"
        lines.append(summary)
    return [visible(line) for line in lines]


def check_lines(results: list[Analysed]) -> tuple[list[str], int, int]:
    problems = sorted((p for r in results for p in r.problems), key=_order)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    lines = [visible(str(p)) for p in problems]
    lines.append(f"{plural(len(results), 'file')} checked: {plural(errors, 'error')}, "
                 f"{plural(warnings, 'warning')}.")
    return lines, errors, warnings


def _order(p: Problem):
    return (p.file, p.line, p.message)


def cards_json(cards: list[dict]) -> str:
    """One JSON array, one card per line (the C encoder: indent= would fall back to Python)."""
    if not cards:
        return "[]"
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    return "[\n" + ",\n".join(map(dumps, cards)) + "\n]"


#: what ``cards_lines`` shows of a card
LISTED = ("id", "lesson", "source", "form", "prompt", "status")


def cards_lines(cards: list[dict], width: int = 100) -> list[str]:
    lines = []
    for card in cards:
        prompt = visible(" ".join(card["prompt"].split()))
        room = max(20, width - 44)
        if len(prompt) > room:
            prompt = prompt[: room - 1] + "…"
        status = "" if card["status"] == "active" else f" [{card['status']}]"
        lesson = card["lesson"] if len(card["lesson"]) <= 16 else card["lesson"][:15] + "…"
        lines.append(f"{card['id']}  {lesson:<16}  {card['source'] + '/' + card['form']:<15}"
                     f" {prompt}{status}")
    lines.append(f"{plural(len(cards), 'card')}.")
    return lines
