"""Text and JSON for `recall status`."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, tzinfo

from recall.study.status import Status
from recall.ui.when import when

#: each card in exactly one of the first five: they add up to the last
COLUMNS = ("new", "learning", "due", "later", "suspended", "total")


def status_lines(status: Status, now: datetime, tz: tzinfo) -> list[str]:
    if not status.lessons:
        return ["No cards yet: add lessons to decks/ and run `recall build`."]
    rows = [*status.lessons, status.total]
    columns = [c for c in COLUMNS if c != "suspended" or status.total.suspended]
    heads = {"later": "not due", "total": "cards"}
    widths = {c: max(len(heads.get(c, c)), *(len(str(getattr(l, c))) for l in rows)) for c in columns}
    first = max(len("lesson"), *(len(l.id) for l in rows))

    def line(name: str, values: list[str]) -> str:
        return "  ".join([f"{name:<{first}}", *(f"{v:>{widths[c]}}" for c, v in zip(columns, values))]).rstrip()

    head = line("lesson", [heads.get(c, c) for c in columns])
    rule = "-" * len(head)
    lines = [head, rule, *(line(l.id, [str(getattr(l, c)) for c in columns]) for l in status.lessons), rule,
             line("total", [str(getattr(status.total, c)) for c in columns]), ""]
    lines.append(f"New cards you can start today: {status.new_today}.")
    due_now = status.total.due_now
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
