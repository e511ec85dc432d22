"""The lines `recall review` ends with: what was done, and the real reason nothing more is shown."""

from __future__ import annotations

from datetime import datetime, tzinfo

from recall.study.session import Summary
from recall.ui.when import when

MORE_NEW = 10  # how many more new cards the suggested --new allows
MORE_REVIEWS = 50


def _cards(n: int) -> str:
    return f"{n} card{'' if n == 1 else 's'}"


def summary_lines(summary: Summary, now: datetime, tz: tzinfo) -> list[str]:
    again = "recall review" + (f" --lesson {summary.lesson}" if summary.lesson else "")
    going_on = (again + (f" --new {summary.new_given}" if summary.new_given is not None else "")
                + (f" --limit {summary.reviews_given}" if summary.reviews_given is not None else ""))
    lines = []
    if summary.reviewed:
        minutes, seconds = divmod(round(summary.time_ms / 1000), 60)
        accuracy = f"{summary.accuracy:.0%} correct" if summary.accuracy is not None else "no graded answers"
        lines.append(f"Reviewed {_cards(summary.reviewed)}: {accuracy}, {minutes}m {seconds:02d}s.")
    if summary.left:  # stopped before the end
        if summary.reviewed:
            lines.append(f"Reviews due by the end of tomorrow: {summary.due_tomorrow}.")
            lines.append(f"{_cards(summary.left)} still waiting today: `{going_on}` carries on.")
        else:
            lines.append(f"No cards answered; {_cards(summary.left)} waiting today: `{going_on}` to start.")
        return lines
    if not summary.has_cards:
        where = f"lesson {summary.lesson} has" if summary.lesson else "decks/ has"
        return [f"No cards to study yet: {where} none. Add lessons or cards to decks/ (see `recall add --help`)."]
    reasons = _limits(summary, again)
    if summary.reviewed:
        lines.append(f"Reviews due by the end of tomorrow: {summary.due_tomorrow}.")
        lines.extend(reasons)
    elif reasons:
        lines.append("Nothing is due right now: " + reasons[0][0].lower() + reasons[0][1:])
        lines.extend(reasons[1:])
    else:
        lines.append("Nothing is due right now.")
    if summary.learning_later and summary.next_learning is not None:
        n = summary.learning_later
        lines.append(f"{_cards(n)} in learning come{'s' if n == 1 else ''} back "
                     f"{when(summary.next_learning, now, tz)}: run `{again}` again then.")
    elif summary.next_due is not None and not summary.more_reviews:  # held back by the limit, it may not come
        of = f" of {summary.lesson}" if summary.lesson else ""
        lines.append(f"Next card{of} due {when(summary.next_due, now, tz)}.")
    return lines


def _limits(summary: Summary, again: str) -> list[str]:
    """The daily limits that held cards back, with the flag that lifts each."""
    out = []
    if summary.more_new:
        out.append(_limit("new card", summary.new_started, summary.new_limit, f"{again} --new", MORE_NEW))
    if summary.more_reviews:
        out.append(_limit("review", summary.reviews_done, summary.review_limit, f"{again} --limit", MORE_REVIEWS))
    return out


def _limit(what: str, done: int, limit: int, command: str, more: int) -> str:
    if done == 0:
        return f"No {what}s today (the limit is {limit}); `{command} {more}` for {more}."
    counted = f"{done} {what}{'s are' if done != 1 else ' is'} done"
    held = f" (the limit is {limit})" if limit != done else ""
    return f"Today's {counted}{held}; `{command} {done + more}` for {more} more."
