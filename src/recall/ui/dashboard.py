"""Text and JSON for `recall status`."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, tzinfo

from recall.study.status import Status
from recall.ui.when import when


def status_lines(status: Status, now: datetime, tz: tzinfo) -> list[str]:
    if not status.lessons:
        return ["No cards yet: add lessons to decks/ and run `recall build`."]
    width = max(len(l.id) for l in [*status.lessons, status.total])
    head = f"{'lesson':<{width}}  {'due':>5}  {'learning':>8}  {'new':>5}  {'cards':>6}"
    lines = [head, "-" * len(head)]
    for l in [*status.lessons, status.total]:
        if l.id == "total":
            lines.append("-" * len(head))
        lines.append(f"{l.id:<{width}}  {l.due:>5}  {l.learning:>8}  {l.new:>5}  {l.total:>6}")
    lines.append("")
    lines.append(f"New cards you can start today: {status.new_today}.")
    due_now = status.total.due
    if due_now:
        lines.append(f"{due_now} card{'s are' if due_now != 1 else ' is'} due now: run `recall review`.")
    elif status.next_due:
        lines.append(f"Nothing due now; next card due {when(status.next_due, now, tz)}.")
    return lines


def status_json(status: Status) -> str:
    return json.dumps({
        "lessons": [asdict(l) for l in status.lessons],
        "total": {k: v for k, v in asdict(status.total).items() if k not in ("id", "title")},
        "new_today": status.new_today,
        "next_due": status.next_due.isoformat() if status.next_due else None,
    }, indent=2)
