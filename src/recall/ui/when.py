"""Friendly times: "in 10 minutes (14:32)", "tomorrow at 09:00", "on Mon 3 Mar"."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo


def when(moment: datetime, now: datetime, tz: tzinfo) -> str:
    local, today = moment.astimezone(tz), now.astimezone(tz)
    delta = moment - now
    if delta <= timedelta(0):
        return "now"
    if delta < timedelta(hours=1):
        minutes = max(1, round(delta.total_seconds() / 60))
        return f"in {minutes} minute{'s' if minutes != 1 else ''} ({local:%H:%M})"
    if local.date() == today.date():
        return f"today at {local:%H:%M}"
    if local.date() == today.date() + timedelta(days=1):
        return f"tomorrow at {local:%H:%M}"
    return f"on {local:%a %d %b %Y} at {local:%H:%M}"
