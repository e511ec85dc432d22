"""`recall stats` in a terminal (80 columns, colour when there is a terminal) and as JSON."""

from __future__ import annotations

import json
from datetime import timedelta

from rich.console import Console
from rich.table import Table
from rich.text import Text

from recall.study.stats import (
    FORECAST_DAYS,
    HEATMAP_DAYS,
    LEECH_LAPSES,
    MASTERED_DAYS,
    RETENTION_DAYS,
    LessonStats,
    Stats,
)
from recall.ui.safe import visible

SHADES = " ░▒▓█"
GREENS = ["grey23", "dark_green", "green4", "green3", "bright_green"]
BARS = " ▁▂▃▄▅▆▇█"
#: a collection of more lessons than this lists only the SOME_LESSON_ROWS studied most lately
MAX_LESSON_ROWS = 40
SOME_LESSON_ROWS = 30


def heatmap(stats: Stats) -> Text:
    """Reviews per day over the last year: a week per column, Monday on top."""
    first = stats.today - timedelta(days=HEATMAP_DAYS - 1)
    first -= timedelta(days=first.weekday())
    weeks = (stats.today - first).days // 7 + 1
    top = max(stats.reviews_per_day.values(), default=0)
    out = Text()
    months = [" "] * weeks
    for w in range(weeks):
        day = first + timedelta(weeks=w)
        if day.day <= 7:
            label = day.strftime("%b")
            if w + len(label) <= weeks and all(c == " " for c in months[w:w + len(label)]):
                months[w:w + len(label)] = list(label)
    out.append("    " + "".join(months) + "\n", style="dim")
    for weekday, name in enumerate(["Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun"]):
        out.append(f"{name} ", style="dim")
        for w in range(weeks):
            day = first + timedelta(weeks=w, days=weekday)
            if day > stats.today:
                out.append(" ")
                continue
            n = stats.reviews_per_day.get(day, 0)
            level = 0 if not n else min(4, 1 + (3 * n) // max(top, 1))
            out.append(SHADES[level] if n else "·", style=GREENS[level])
        out.append("\n")
    out.append(f"    less {''.join(SHADES[1:])} more · {_count(sum(stats.reviews_per_day.values()), 'review')} in the "
               "last year",
               style="dim")
    return out


def forecast(stats: Stats, height: int = 6) -> Text:
    """Cards due on each of the next 30 days, as columns."""
    top = max(stats.forecast, default=0)
    out = Text()
    for row in range(height, 0, -1):
        out.append(f"{top if row == height else '':>5} ", style="dim")
        for n in stats.forecast:
            filled = n * height / top if top else 0
            eighths = max(0, min(8, round((filled - (row - 1)) * 8)))
            out.append(BARS[eighths] * 2, style="cyan")
        out.append("\n")
    out.append("      today" + " " * (2 * FORECAST_DAYS - 16) + f"+{FORECAST_DAYS - 1}d", style="dim")
    return out


def print_stats(stats: Stats, console: Console) -> None:
    if not stats.lessons:
        console.print("No cards yet: add lessons to decks/ and run `recall build`.")
        return
    console.print(Text("Reviews per day", style="bold"))
    console.print(heatmap(stats))
    console.print()
    console.print(Text(f"Due in the next {FORECAST_DAYS} days ({_count(sum(stats.forecast), 'card')})", style="bold"))
    console.print(forecast(stats))
    console.print()
    console.print(f"[bold]True retention[/] (last {RETENTION_DAYS} days): {_retention(stats)}")
    console.print(f"[bold]Streak:[/] {stats.streak} day{'s' if stats.streak != 1 else ''}   "
                  f"[bold]Time spent:[/] {_duration(stats.time_ms_30d)} in the last {RETENTION_DAYS} days, "
                  f"{_duration(stats.time_ms_total)} in all")
    table = Table(title=None, box=None, pad_edge=False, show_edge=False)
    table.add_column("lesson", overflow="fold", max_width=34)
    table.add_column("cards", justify="right")
    table.add_column(f"mastered (≥{MASTERED_DAYS}d)", justify="right")
    table.add_column("retention", justify="right")
    shown = _lessons_shown(stats)
    for lesson in shown:
        share = lesson.mastered / lesson.cards if lesson.cards else 0
        table.add_row(lesson.id, str(lesson.cards), f"{lesson.mastered} ({share:.0%})",
                      f"{lesson.retention:.0%}" if lesson.retention is not None else "–")
    console.print()
    console.print(table)
    if len(shown) < len(stats.lessons):
        more = len(stats.lessons) - len(shown)
        console.print(f"… and {more:,} more lessons (`--lesson ID` shows one, `--json` all).", markup=False)
    console.print()
    if stats.leeches:
        console.print(f"[bold]Leeches[/] (forgotten {LEECH_LAPSES} times or more; suspend them in review, "
                      "or rewrite them):")
        for card_id, prompt, lapses in stats.leeches[:20]:
            console.print(Text(f"  {card_id}  {lapses}×  ") + Text(visible(" ".join(prompt.split()))[:50]))
    else:
        console.print("[bold]Leeches:[/] none")


def _lessons_shown(stats: Stats) -> list[LessonStats]:
    """Every lesson of a small collection; of a large one, those studied most in the last 30 days."""
    if len(stats.lessons) <= MAX_LESSON_ROWS:
        return list(stats.lessons)
    busiest = sorted(range(len(stats.lessons)), key=lambda n: -stats.lessons[n].reviews_30d)[:SOME_LESSON_ROWS]
    return [stats.lessons[n] for n in sorted(busiest)]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _retention(stats: Stats) -> str:
    if stats.retention is not None:
        return f"{stats.retention:.0%} of {stats.retention_reviews} reviews"
    if not stats.answers_30d:
        return "no answers in that time."
    answers = f"{stats.answers_30d} answers were" if stats.answers_30d != 1 else "one answer was"
    return (f"none yet. It counts answers to cards past their learning steps; your {answers} "
            "to new cards and cards still in learning.")


def _duration(ms: int) -> str:
    minutes = round(ms / 60000)
    return f"{minutes // 60}h {minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def stats_json(stats: Stats) -> str:
    return json.dumps({
        "today": stats.today.isoformat(),
        "reviews_per_day": {d.isoformat(): n for d, n in sorted(stats.reviews_per_day.items())},
        "forecast": stats.forecast,
        "retention": stats.retention,
        "retention_reviews": stats.retention_reviews,
        "streak": stats.streak,
        "time_ms_total": stats.time_ms_total,
        "time_ms_30d": stats.time_ms_30d,
        "lessons": [{"id": l.id, "title": l.title, "cards": l.cards, "mastered": l.mastered,
                     "retention": l.retention, "reviews_30d": l.reviews_30d} for l in stats.lessons],
        "leeches": [{"id": c, "prompt": p, "lapses": n} for c, p, n in stats.leeches],
    }, indent=2)
